/// The fields rollscope uses from any Kubernetes object it reads, decoded in one pass.
///
/// kubectl prints keys in sorted order, so `kind` arrives after `items` and `involvedObject`:
/// the decoder cannot know the kind up front. It fills the union of the fields of Pods,
/// Events (both APIs), EndpointSlices, Deployments, ReplicaSets, StatefulSets, DaemonSets,
/// ControllerRevisions, Lists and watch envelopes,
/// and `Classified` decides what the object is afterwards.
public final class KubeObject {
    public var kind: String?
    public var metadata = ObjectMeta()

    // Watch envelope (`type` doubles as an Event's Normal/Warning).
    public var type: String?
    public var object: KubeObject?
    // Lists.
    public var items: [KubeObject]?

    // Pod spec.
    public var containers: [ContainerSpec]?
    public var initContainers: [ContainerSpec]?
    public var nodeName: String?
    public var terminationGracePeriodSeconds: Int?
    // Workload spec (Deployment, ReplicaSet, StatefulSet, DaemonSet).
    public var replicas: Int?
    public var maxSurge: String?
    public var maxUnavailable: String?
    public var progressDeadlineSeconds: Int?
    /// StatefulSet and DaemonSet `spec.updateStrategy`: `RollingUpdate` or `OnDelete`, and
    /// a StatefulSet's `rollingUpdate.partition`.
    public var updateStrategy: String?
    public var partition: Int?
    /// StatefulSet `spec.podManagementPolicy`: `OrderedReady` or `Parallel`.
    public var podManagementPolicy: String?
    /// A ControllerRevision's `revision`.
    public var revision: Int?

    // Pod status.
    public var phase: String?
    public var conditions: [Condition]?
    public var podIP: String?
    public var startTime: Instant?
    public var initContainerStatuses: [ContainerStatus]?
    public var containerStatuses: [ContainerStatus]?
    public var statusReason: String?
    // Workload status (StatefulSet, DaemonSet).
    public var observedGeneration: Int?
    public var readyReplicas: Int?
    public var updatedReplicas: Int?
    public var currentReplicas: Int?
    public var currentRevision: String?
    public var updateRevision: String?
    public var desiredNumberScheduled: Int?
    public var updatedNumberScheduled: Int?
    public var numberAvailable: Int?
    // A `Status` object (watch ERROR); its `status` is a string.
    public var statusString: String?
    public var code: Int?

    // Events, core/v1 and events.k8s.io/v1.
    public var involvedObject: ObjectRef?
    public var reason: String?
    public var message: String?
    public var firstTimestamp: Instant?
    public var lastTimestamp: Instant?
    public var eventTime: Instant?
    public var count: Int?
    public var seriesCount: Int?
    public var seriesLastObserved: Instant?

    // EndpointSlice.
    public var addressType: String?
    public var endpoints: [SliceEndpoint]?

    public init() {}
}

public struct ObjectMeta: Sendable {
    public var name: String?
    public var generateName: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    /// Bumped by the API server on every spec change of a workload (a DaemonSet's pods carry
    /// it as `pod-template-generation`).
    public var generation: Int?
    public var creationTimestamp: Instant?
    public var deletionTimestamp: Instant?
    public var deletionGracePeriodSeconds: Int?
    public var labels: [String: String] = [:]
    /// Only the annotations rollscope reads (revision, endpoint change time).
    public var annotations: [String: String] = [:]
    public var ownerReferences: [OwnerRef] = []
    public init() {}
}

public struct OwnerRef: Sendable, Equatable {
    public var kind: String?
    public var name: String?
    public var controller: Bool = false
}

public struct ObjectRef: Sendable, Equatable {
    public var kind: String?
    public var name: String?
    public var namespace: String?
    public var uid: String?
}

/// How a container's preStop hook is declared.
public enum PreStopKind: String, Sendable, Equatable, Comparable {
    case exec, httpGet, sleep, tcpSocket, none

    var rank: Int {
        switch self {
        case .none: 0
        case .tcpSocket: 1
        case .httpGet: 2
        case .sleep: 3
        case .exec: 4
        }
    }
    public static func < (a: PreStopKind, b: PreStopKind) -> Bool { a.rank < b.rank }
}

public struct ContainerSpec: Sendable, Equatable {
    public var name: String = ""
    public var preStop: PreStopKind = .none
    /// `lifecycle.preStop.sleep.seconds`, when the hook declares its own length.
    public var preStopSleepSeconds: Int?
    /// The command of an exec hook, joined with spaces (for messages).
    public var preStopCommand: String?
    /// `Always` on an init container makes it a sidecar.
    public var restartPolicy: String?
}

public struct TerminatedState: Sendable, Equatable {
    public var exitCode: Int?
    public var signal: Int?
    public var reason: String?
    public var startedAt: Instant?
    public var finishedAt: Instant?
}

public struct ContainerState: Sendable, Equatable {
    public var waitingReason: String?
    public var running: Bool = false
    public var runningStartedAt: Instant?
    public var terminated: TerminatedState?
    public var isEmpty: Bool { waitingReason == nil && !running && terminated == nil }
}

public struct ContainerStatus: Sendable, Equatable {
    public var name: String = ""
    public var restartCount: Int = 0
    public var state = ContainerState()
    public var lastState = ContainerState()
}

public struct Condition: Sendable, Equatable {
    public var type: String = ""
    public var status: String?
    public var lastTransitionTime: Instant?
    public var isTrue: Bool { status == "True" }
}

public struct SliceEndpoint: Sendable, Equatable {
    public var addresses: [String] = []
    public var ready: Bool?
    public var serving: Bool?
    public var terminating: Bool?
    public var targetRef: ObjectRef?
}
