/// Something worth telling the user, with its severity.
public struct Finding: Sendable, Equatable {
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        case info, warning, error
        var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .error: 2
            }
        }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// What was found. The raw values are a contract: the JSON report's `kind`, the README's
    /// table and docs/report-json.md name them. Cases are in the README table's order.
    public enum Kind: String, Sendable, CaseIterable, CustomStringConvertible {
        case graceExceeded = "grace-exceeded"
        case noPreStop = "no-prestop"
        case preStopFailed = "prestop-failed"
        case droppedConnections = "dropped-connections"
        case noHealthyUpstream = "no-healthy-upstream"
        case endpointServingAfterExit = "endpoint-serving-after-exit"
        case initFailed = "init-failed"
        case rolloutStalled = "rollout-stalled"
        case availabilityDip = "availability-dip"
        case nodeWithoutReadyPod = "node-without-ready-pod"
        case rolloutHeld = "rollout-held"
        case terminationUnobserved = "termination-unobserved"
        case rolloutAborted = "rollout-aborted"

        /// The contract name, also in string interpolation.
        public var description: String { rawValue }

        /// How serious a finding of this kind is. Only `init-failed` varies: an init container
        /// that failed and then succeeded delayed its pod but did not stop it (a warning).
        public var severity: Severity {
            switch self {
            case .graceExceeded, .preStopFailed, .droppedConnections, .noHealthyUpstream, .endpointServingAfterExit, .initFailed,
                 .rolloutStalled, .rolloutAborted: .error
            case .noPreStop, .availabilityDip, .nodeWithoutReadyPod: .warning
            case .terminationUnobserved, .rolloutHeld: .info
            }
        }

        /// True for kinds about one pod; the others are about the rollout as a whole.
        public var isAboutAPod: Bool {
            switch self {
            case .graceExceeded, .noPreStop, .preStopFailed, .droppedConnections, .endpointServingAfterExit,
                 .initFailed, .terminationUnobserved: true
            case .noHealthyUpstream, .rolloutStalled, .availabilityDip, .nodeWithoutReadyPod, .rolloutHeld, .rolloutAborted: false
            }
        }

        /// The README's "severity" column.
        public var severityText: String {
            switch self {
            case .initFailed: "error / warning"
            default: severity.rawValue
            }
        }

        /// The README's "means" column: one line on what a finding of this kind says.
        public var meaning: String {
            switch self {
            case .graceExceeded: "shutdown reached the grace period; SIGKILL (exit 137) cut connections"
            case .noPreStop: "SIGTERM arrived while endpoints were still being removed"
            case .preStopFailed: "the kubelet reported `FailedPreStopHook`"
            case .droppedConnections: "signals show failed requests to the pod"
            case .noHealthyUpstream: "the proxy had no ready endpoint of the workload and failed requests itself"
            case .endpointServingAfterExit: "an EndpointSlice still routed to the pod after its containers exited"
            case .initFailed: "an init container failed (stuck, or recovered after retries)"
            case .rolloutStalled: "no progress: new pods failing, or past progressDeadlineSeconds (10 min for kinds without one)"
            case .availabilityDip: "ready pods fell below replicas minus maxUnavailable"
            case .nodeWithoutReadyPod: "a DaemonSet left a node without a ready pod while it replaced it, and for how long"
            case .rolloutHeld: "a StatefulSet's partition or an OnDelete strategy keeps old pods, or an Argo Rollout waits at a pause or for promotion, by design: not a stall"
            case .rolloutAborted: "an Argo Rollout was aborted (a failed analysis, or by hand): traffic is back on the stable ReplicaSet"
            case .terminationUnobserved: "the end of a shutdown was not seen; only bounds are known"
            }
        }
    }

    public var kind: Kind
    public var severity: Severity
    /// The pod it is about; nil for a finding about the rollout (`Kind.isAboutAPod`).
    public var pod: String?
    /// That pod's uid: a StatefulSet's pods of one name are several incarnations.
    public var uid: String?
    public var at: Instant?
    public var message: String

    public init(kind: Kind, severity: Severity, pod: String?, at: Instant?, message: String) {
        self.kind = kind
        self.severity = severity
        self.pod = pod
        self.at = at
        self.message = message
    }

    /// A finding with its kind's severity.
    public init(_ kind: Kind, pod: String?, at: Instant?, message: String) {
        self.init(kind: kind, severity: kind.severity, pod: pod, at: at, message: message)
    }
}
