/// Which side of a rollout a pod is on.
public enum Role: String, Sendable { case old, new }

/// Everything known about one pod's life, reconstructed from the observations.
public struct PodTimeline: Sendable {
    public var name: String
    public var uid: String
    public var namespace: String
    public var workload: String
    public var replicaSet: String
    public var templateHash: String
    public var role: Role = .new
    /// The kind of workload that owns the pod (nil: other owners, or nothing said).
    public var kind: WorkloadKind?
    /// A StatefulSet pod's ordinal.
    public var ordinal: Int?
    /// A DaemonSet pod's `pod-template-generation`.
    public var templateGeneration: Int?
    public var node: String?
    public var ip: String?
    public var createdAt: Instant?
    public var scheduledAt: Instant?
    /// When the pod sandbox was ready (PodReadyToStartContainers): init containers start then.
    public var sandboxReadyAt: Instant?
    public var initializedAt: Instant?
    public var readyAt: Instant?
    /// When readiness was lost after `readyAt` (probe failure or termination), if seen.
    public var unreadyAt: Instant?
    /// Every ready span seen (readiness can be lost and come back).
    public var readyIntervals: [(from: Instant, to: Instant?)] = []
    public var initContainers: [InitContainerTimeline] = []
    public var containers: [ContainerTimeline] = []
    public var termination: Termination?
    /// First observation, last observation, and when it was seen gone (DELETED or absent).
    public var firstSeenAt: Instant
    public var lastSeenAt: Instant
    public var goneAt: Instant?
    /// What kubectl's STATUS column would say at the last observation.
    public var status: String
    public var phase: String?
    public var events: [KubeEvent] = []
    public var endpoint: [EndpointObservation] = []
    public var signals: [Signal] = []
    public var droppedConnections: Int { signals.filter(\.dropped).count }
    /// Finding kinds that name this pod.
    public var findings: [Finding.Kind] = []

    /// The end of the pod's life as far as it is known.
    public var endAt: Instant? { termination?.finishedAt ?? goneAt }

    /// An empty timeline, to swap with one that is moved elsewhere.
    static let placeholder = PodTimeline(
        name: "", uid: "", namespace: "", workload: "", replicaSet: "", templateHash: "",
        firstSeenAt: Instant(seconds: 0), lastSeenAt: Instant(seconds: 0), status: "")
}

public struct InitContainerTimeline: Sendable, Equatable {
    public var name: String
    public var sidecar: Bool
    /// The latest attempt: start, finish (nil while running or waiting), exit code, reason.
    public var startedAt: Instant?
    public var finishedAt: Instant?
    public var exitCode: Int?
    public var reason: String?
    public var restarts: Int
    /// The first start ever observed (earlier attempts included).
    public var firstStartedAt: Instant?
    /// `CrashLoopBackOff`, `PodInitializing`... when waiting at the last observation.
    public var waitingReason: String?
    public var running: Bool
    /// The latest attempt's termination message, when it wrote one (untrusted text).
    public var message: String? = nil
    public var seconds: Double? {
        guard let s = startedAt, let f = finishedAt else { return nil }
        return f - s
    }
    /// Failed attempts: restarts of a non-sidecar, plus a failing latest attempt.
    public var failed: Bool { !sidecar && ((exitCode ?? 0) != 0 || waitingReason == "CrashLoopBackOff") }
}

public struct ContainerTimeline: Sendable, Equatable {
    public var name: String
    public var preStop: PreStopKind
    public var preStopSleepSeconds: Int?
    public var preStopCommand: String?
    public var startedAt: Instant?
    public var restarts: Int
    /// The final state after deletion, when it was observed.
    public var finishedAt: Instant?
    public var exitCode: Int?
    public var reason: String?
    /// Its termination message, when it wrote one (untrusted text).
    public var message: String? = nil
}

/// The termination analysis of a pod whose deletion was requested.
public struct Termination: Sendable, Equatable {
    public var requestedAt: Instant
    public var gracePeriodSeconds: Int
    public var preStop: PreStopKind
    public var preStopSleepSeconds: Int?
    public var killingAt: Instant?
    /// When the last container finished, only when that was observed.
    public var finishedAt: Instant?
    public var seconds: Double?
    /// Bounds when the end was not observed: last seen running, first seen gone.
    public var secondsAtMost: Double?
    public var secondsAtLeast: Double?
    public var exitCodes: [(container: String, code: Int)]
    public var exceededGrace: Bool?
    public var failedPreStop: KubeEvent?

    public static func == (a: Termination, b: Termination) -> Bool {
        a.requestedAt == b.requestedAt && a.gracePeriodSeconds == b.gracePeriodSeconds && a.preStop == b.preStop
            && a.killingAt == b.killingAt && a.finishedAt == b.finishedAt && a.seconds == b.seconds
            && a.secondsAtMost == b.secondsAtMost && a.secondsAtLeast == b.secondsAtLeast
            && a.exitCodes.map(\.container) == b.exitCodes.map(\.container)
            && a.exitCodes.map(\.code) == b.exitCodes.map(\.code) && a.exceededGrace == b.exceededGrace
    }

    /// True when a container was killed with SIGKILL (exit 137) after the request.
    public var killed: Bool { exitCodes.contains { $0.code == 137 } }
}

/// An EndpointSlice's view of a pod at one observation.
public struct EndpointObservation: Sendable, Equatable {
    public var time: Instant
    public var slice: String
    /// False when the slice no longer lists the pod.
    public var present: Bool
    public var ready: Bool?
    public var serving: Bool?
    public var terminating: Bool?
    /// Serving traffic: `serving`, or `ready` where `serving` is not reported.
    public var routable: Bool { present && (serving ?? ready ?? false) }
}
