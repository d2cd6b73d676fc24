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
    /// What only StatefulSets, DaemonSets and ControllerRevisions carry, made when the first of
    /// it is read: most objects are pods, which stay as small as they were.
    public var controllerFields: ControllerFields?

    // Pod status.
    public var phase: String?
    public var conditions: [Condition]?
    public var podIP: String?
    public var startTime: Instant?
    public var initContainerStatuses: [ContainerStatus]?
    public var containerStatuses: [ContainerStatus]?
    public var statusReason: String?
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
    /// The container's termination message (`/dev/termination-log`, or the end of its log
    /// with `FallbackToLogsOnError`): often the panic a postmortem is after.
    public var message: String?
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

/// The spec and status fields of a StatefulSet, DaemonSet or Argo Rollout, and a
/// ControllerRevision's number.
public final class ControllerFields {
    /// `spec.updateStrategy.type` (`RollingUpdate`, `OnDelete`) and a StatefulSet's
    /// `rollingUpdate.partition`.
    public var updateStrategy: String?
    public var partition: Int?
    /// A StatefulSet's `spec.podManagementPolicy`: `OrderedReady` or `Parallel`.
    public var podManagementPolicy: String?
    /// A ControllerRevision's `revision`.
    public var revision: Int?
    public var observedGeneration: Int?
    public var readyReplicas: Int?
    public var updatedReplicas: Int?
    public var currentReplicas: Int?
    public var currentRevision: String?
    public var updateRevision: String?
    public var desiredNumberScheduled: Int?
    public var updatedNumberScheduled: Int?
    public var numberAvailable: Int?
    /// An Argo Rollout's strategy and status.
    public var argo: ArgoRollout?

    public init() {}
}

extension KubeObject {
    /// The controller fields, made on first use.
    var controller: ControllerFields {
        if let c = controllerFields { return c }
        let c = ControllerFields()
        controllerFields = c
        return c
    }

    public var updateStrategy: String? { get { controllerFields?.updateStrategy } set { controller.updateStrategy = newValue } }
    public var partition: Int? { get { controllerFields?.partition } set { controller.partition = newValue } }
    public var podManagementPolicy: String? { get { controllerFields?.podManagementPolicy } set { controller.podManagementPolicy = newValue } }
    public var revision: Int? { get { controllerFields?.revision } set { controller.revision = newValue } }
    public var observedGeneration: Int? { get { controllerFields?.observedGeneration } set { controller.observedGeneration = newValue } }
    public var readyReplicas: Int? { get { controllerFields?.readyReplicas } set { controller.readyReplicas = newValue } }
    public var updatedReplicas: Int? { get { controllerFields?.updatedReplicas } set { controller.updatedReplicas = newValue } }
    public var currentReplicas: Int? { get { controllerFields?.currentReplicas } set { controller.currentReplicas = newValue } }
    public var currentRevision: String? { get { controllerFields?.currentRevision } set { controller.currentRevision = newValue } }
    public var updateRevision: String? { get { controllerFields?.updateRevision } set { controller.updateRevision = newValue } }
    public var desiredNumberScheduled: Int? {
        get { controllerFields?.desiredNumberScheduled } set { controller.desiredNumberScheduled = newValue }
    }
    public var updatedNumberScheduled: Int? {
        get { controllerFields?.updatedNumberScheduled } set { controller.updatedNumberScheduled = newValue }
    }
    public var numberAvailable: Int? { get { controllerFields?.numberAvailable } set { controller.numberAvailable = newValue } }
    public var argo: ArgoRollout? { controllerFields?.argo }
}
