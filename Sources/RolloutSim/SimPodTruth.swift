import RolloutCore

/// What the simulator knows for certain about one pod: the ground truth tests, fixtures and the
/// demo compare rollscope's reconstruction with. Times are exact (the API shows them cut to whole
/// seconds); `...ShownAt` is when the kubelet reported a fact, which a poll sees only from then.
public struct SimPodTruth: Sendable, Equatable {
    /// One run of an init container.
    public struct InitRun: Sendable, Equatable {
        public var startedAt: Instant
        /// When the kubelet reported it running (nil: it ended before that).
        public var runningShownAt: Instant?
        public var finishedAt: Instant?
        public var exitCode: Int?
        /// When the kubelet reported its end.
        public var endShownAt: Instant?
    }

    /// An init container and every run of it, the latest last.
    public struct InitContainer: Sendable, Equatable {
        public var name: String
        /// `restartPolicy: Always`: a native sidecar.
        public var sidecar: Bool
        public var runs: [InitRun]
    }

    public var name: String
    public var uid: String
    /// `old` or `new`.
    public var role: String
    /// The revision: a ReplicaSet, or a StatefulSet's or DaemonSet's ControllerRevision.
    public var replicaSet: String
    public var templateHash: String
    /// A StatefulSet pod's ordinal.
    public var ordinal: Int?
    /// The application container's name.
    public var container: String
    public var node: String?
    public var ip: String?
    public var createdAt: Instant
    public var scheduledAt: Instant?
    /// The sandbox came up with the pod's IP.
    public var ipAssignedAt: Instant?
    public var initContainers: [InitContainer]
    /// Every init container done (sidecars started): the Initialized condition turned True.
    public var initializedAt: Instant?
    /// The readiness probe first passed: the Ready condition turned True.
    public var readyAt: Instant?
    /// The DELETE that started the termination.
    public var deletionRequestedAt: Instant?
    public var gracePeriodSeconds: Int
    /// `exec`, `sleep`, `httpGet` or `none`, as the report names it.
    public var preStop: String
    /// The kubelet's `Killing` event, just before the preStop hook.
    public var killingAt: Instant?
    /// When the stop signal reached the application (after the preStop hook).
    public var stopSignalAt: Instant?
    /// When the application container ended, and how.
    public var finishedAt: Instant?
    public var exitCode: Int?
    public var sigkilled: Bool
    /// The last container of the pod (the app or a sidecar) ended.
    public var lastContainerFinishedAt: Instant?
    /// The kubelet reported the final status (phase Succeeded or Failed).
    public var terminalShownAt: Instant?
    /// The object was removed (DELETED).
    public var deletedAt: Instant?
    /// Requests that failed at this pod (every failed upstream of a retried request counts).
    public var drops: Int
    /// Init container runs that failed.
    public var initFailures: Int
}
