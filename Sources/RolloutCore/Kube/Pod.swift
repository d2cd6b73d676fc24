/// One observed state of a pod: the fields the correlator reads, as values.
///
/// Its fields (24, most of them strings and arrays) are kept in a `CopyOnWrite`: a pod is
/// copied into its list, its track and the track's merges.
public struct Pod: Sendable, Equatable {
    struct Fields: Equatable, Sendable {
        var uid: String
        var name: String
        var namespace: String
        var workload: String
        var replicaSet: String
        var templateHash: String
        var kind: WorkloadKind?
        var ordinal: Int?
        var templateGeneration: Int?
        var nodeName: String?
        var podIP: String?
        var createdAt: Instant?
        var deletionTimestamp: Instant?
        var deletionGracePeriodSeconds: Int?
        var terminationGracePeriodSeconds: Int?
        var containers: [ContainerSpec] = []
        var initContainers: [ContainerSpec] = []
        var phase: String?
        var reason: String?
        var startTime: Instant?
        var conditions: [Condition] = []
        var initContainerStatuses: [ContainerStatus] = []
        var containerStatuses: [ContainerStatus] = []
        var resourceVersion: String?

        /// The fields of a decoded object; nil when it has neither uid nor name.
        init?(_ o: KubeObject) {
            let m = o.metadata
            guard let name = m.name ?? m.uid else { return nil }
            self.name = name
            self.uid = m.uid ?? ("name:" + (m.namespace ?? "") + "/" + name)
            self.namespace = m.namespace ?? ""
            self.resourceVersion = m.resourceVersion
            let owner = m.ownerReferences.first(where: { $0.controller }) ?? m.ownerReferences.first
            (workload, replicaSet, templateHash) = Pod.workloadIdentity(name: name, labels: m.labels, owner: owner, generateName: m.generateName)
            kind = Pod.kind(labels: m.labels, owner: owner)
            if kind == .statefulSet {
                ordinal = m.labels["apps.kubernetes.io/pod-index"].flatMap { Int($0) } ?? Pod.ordinal(name: name, workload: workload)
            }
            if kind == .daemonSet { templateGeneration = m.labels["pod-template-generation"].flatMap { Int($0) } }
            nodeName = o.nodeName
            podIP = o.podIP.flatMap { $0.isEmpty ? nil : $0 }
            createdAt = m.creationTimestamp
            deletionTimestamp = m.deletionTimestamp
            deletionGracePeriodSeconds = m.deletionGracePeriodSeconds
            terminationGracePeriodSeconds = o.terminationGracePeriodSeconds
            containers = o.containers ?? []
            initContainers = o.initContainers ?? []
            phase = o.phase
            reason = o.statusReason
            startTime = o.startTime
            conditions = o.conditions ?? []
            initContainerStatuses = o.initContainerStatuses ?? []
            containerStatuses = o.containerStatuses ?? []
        }
    }

    private var storage: CopyOnWrite<Fields>

    /// Builds a pod from a decoded object; nil when it has neither uid nor name.
    public init?(_ o: KubeObject) {
        guard let fields = Fields(o) else { return nil }
        storage = CopyOnWrite(fields)
    }

    public static func == (a: Pod, b: Pod) -> Bool { a.storage.isShared(with: b.storage) || a.storage.value == b.storage.value }

    public var uid: String {
        get { storage.value.uid }
        _modify { yield &storage.value.uid }
    }
    public var name: String {
        get { storage.value.name }
        _modify { yield &storage.value.name }
    }
    public var namespace: String {
        get { storage.value.namespace }
        _modify { yield &storage.value.namespace }
    }
    /// The workload the pod belongs to (ReplicaSet name minus template hash).
    public var workload: String {
        get { storage.value.workload }
        _modify { yield &storage.value.workload }
    }
    /// The ReplicaSet (or controller revision) the pod came from.
    public var replicaSet: String {
        get { storage.value.replicaSet }
        _modify { yield &storage.value.replicaSet }
    }
    public var templateHash: String {
        get { storage.value.templateHash }
        _modify { yield &storage.value.templateHash }
    }
    /// What kind of workload owns it; nil for other owners and for pods that say nothing.
    public var kind: WorkloadKind? {
        get { storage.value.kind }
        _modify { yield &storage.value.kind }
    }
    /// A StatefulSet pod's ordinal: `apps.kubernetes.io/pod-index` (1.28+), else the number
    /// its name ends with.
    public var ordinal: Int? {
        get { storage.value.ordinal }
        _modify { yield &storage.value.ordinal }
    }
    /// A DaemonSet pod's `pod-template-generation`: the DaemonSet's generation when it was made.
    public var templateGeneration: Int? {
        get { storage.value.templateGeneration }
        _modify { yield &storage.value.templateGeneration }
    }
    public var nodeName: String? {
        get { storage.value.nodeName }
        _modify { yield &storage.value.nodeName }
    }
    public var podIP: String? {
        get { storage.value.podIP }
        _modify { yield &storage.value.podIP }
    }
    public var createdAt: Instant? {
        get { storage.value.createdAt }
        _modify { yield &storage.value.createdAt }
    }
    public var deletionTimestamp: Instant? {
        get { storage.value.deletionTimestamp }
        _modify { yield &storage.value.deletionTimestamp }
    }
    public var deletionGracePeriodSeconds: Int? {
        get { storage.value.deletionGracePeriodSeconds }
        _modify { yield &storage.value.deletionGracePeriodSeconds }
    }
    public var terminationGracePeriodSeconds: Int? {
        get { storage.value.terminationGracePeriodSeconds }
        _modify { yield &storage.value.terminationGracePeriodSeconds }
    }
    public var containers: [ContainerSpec] {
        get { storage.value.containers }
        _modify { yield &storage.value.containers }
    }
    public var initContainers: [ContainerSpec] {
        get { storage.value.initContainers }
        _modify { yield &storage.value.initContainers }
    }
    public var phase: String? {
        get { storage.value.phase }
        _modify { yield &storage.value.phase }
    }
    public var reason: String? {
        get { storage.value.reason }
        _modify { yield &storage.value.reason }
    }
    public var startTime: Instant? {
        get { storage.value.startTime }
        _modify { yield &storage.value.startTime }
    }
    public var conditions: [Condition] {
        get { storage.value.conditions }
        _modify { yield &storage.value.conditions }
    }
    public var initContainerStatuses: [ContainerStatus] {
        get { storage.value.initContainerStatuses }
        _modify { yield &storage.value.initContainerStatuses }
    }
    public var containerStatuses: [ContainerStatus] {
        get { storage.value.containerStatuses }
        _modify { yield &storage.value.containerStatuses }
    }
    /// The object's resourceVersion: changes whenever the object does.
    public var resourceVersion: String? {
        get { storage.value.resourceVersion }
        _modify { yield &storage.value.resourceVersion }
    }


    /// Identifies this state of the pod: the resourceVersion, else the fields rollscope reads.
    public var fingerprint: String {
        resourceVersion ?? "\(phase ?? "")|\(deletionTimestamp?.seconds ?? 0)|\(conditions.map { "\($0.type)\($0.status ?? "")" })|\(containerStatuses.map { "\($0.restartCount)\($0.state)" })|\(initContainerStatuses.map { "\($0.restartCount)\($0.state)" })"
    }


    /// Workload, ReplicaSet and template hash, from the controller owner and labels.
    static func workloadIdentity(name: String, labels: [String: String], owner: OwnerRef?, generateName: String?)
        -> (String, String, String) {
        if let owner, let ownerName = owner.name, owner.kind == "ReplicaSet" {
            let hash = labels["pod-template-hash"] ?? labels["rollouts-pod-template-hash"] ?? ownerName.split(separator: "-").last.map(String.init) ?? ""
            var workload = ownerName
            if !hash.isEmpty, ownerName.hasSuffix("-" + hash) {
                workload = String(ownerName.dropLast(hash.count + 1))
            }
            return (workload, ownerName, hash)
        }
        if let owner, let ownerName = owner.name {
            var hash = labels["controller-revision-hash"] ?? ""
            if hash.hasPrefix(ownerName + "-") { hash = String(hash.dropFirst(ownerName.count + 1)) }
            let rs = hash.isEmpty ? ownerName : ownerName + "-" + hash
            return (ownerName, rs, hash)
        }
        let hash = labels["pod-template-hash"] ?? labels["rollouts-pod-template-hash"] ?? ""
        let workload = labels["app.kubernetes.io/name"] ?? labels["app"] ?? generateName.map { String($0.trimmingSuffix("-")) } ?? name
        return (workload, hash.isEmpty ? workload : workload + "-" + hash, hash)
    }

    /// The kind from the controller owner; without one, from the labels each controller puts
    /// on its pods (`pod-template-hash` for a ReplicaSet's, `statefulset.kubernetes.io/pod-name`
    /// for a StatefulSet's, `pod-template-generation` for a DaemonSet's). An Argo Rollout's
    /// pods are owned by ReplicaSets like a Deployment's: `rollouts-pod-template-hash` tells.
    static func kind(labels: [String: String], owner: OwnerRef?) -> WorkloadKind? {
        if labels["rollouts-pod-template-hash"] != nil { return .rollout }
        if let owner { return WorkloadKind(ownerKind: owner.kind) }
        if labels["pod-template-hash"] != nil { return .deployment }
        if labels["statefulset.kubernetes.io/pod-name"] != nil { return .statefulSet }
        if labels["pod-template-generation"] != nil { return .daemonSet }
        return nil
    }

    /// The `N` of `<workload>-N`.
    static func ordinal(name: String, workload: String) -> Int? {
        guard name.hasPrefix(workload + "-") else { return nil }
        let digits = name.dropFirst(workload.count + 1)
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    public func condition(_ type: String) -> Condition? { conditions.first { $0.type == type } }

    /// Seconds the kubelet will wait after the deletion request.
    public var gracePeriod: Int { deletionGracePeriodSeconds ?? terminationGracePeriodSeconds ?? 30 }

    /// When deletion was requested: deletionTimestamp minus the grace period it was given.
    public var deletionRequestedAt: Instant? {
        guard let d = deletionTimestamp else { return nil }
        return d - Double(deletionGracePeriodSeconds ?? terminationGracePeriodSeconds ?? 30)
    }

    /// The latest time written anywhere in the object (a lower bound for when it was seen).
    public var latestTimestamp: Instant? {
        var t: Instant? = nil
        func see(_ x: Instant?) { if let x, t == nil || x > t! { t = x } }
        see(createdAt)
        see(deletionRequestedAt)
        see(startTime)
        for c in conditions { see(c.lastTransitionTime) }
        for s in initContainerStatuses + containerStatuses {
            see(s.state.runningStartedAt)
            see(s.state.terminated?.startedAt)
            see(s.state.terminated?.finishedAt)
            see(s.lastState.terminated?.finishedAt)
        }
        return t
    }
}

extension StringProtocol {
    func trimmingSuffix(_ suffix: String) -> SubSequence {
        hasSuffix(suffix) ? self.dropLast(suffix.count) : self[...]
    }
}

extension Pod {
    /// Clears container times that contradict each other (finished before it started): neither
    /// can be trusted. Returns how many were cleared and a description of the first.
    mutating func dropImpossibleTimes() -> (count: Int, first: String?) {
        var count = 0
        var first: String?
        let pod = name
        func fix(_ t: inout TerminatedState?, _ container: String) {
            guard let s = t?.startedAt, let f = t?.finishedAt, f < s else { return }
            count += 1
            if first == nil {
                first = "container \(Sanitizer.clean(String(container.prefix(60)))) of pod \(Sanitizer.clean(String(pod.prefix(80)))) finished at \(f.rfc3339) before it started at \(s.rfc3339)"
            }
            t?.startedAt = nil
            t?.finishedAt = nil
        }
        for i in containerStatuses.indices {
            let container = containerStatuses[i].name
            fix(&containerStatuses[i].state.terminated, container)
            fix(&containerStatuses[i].lastState.terminated, container)
        }
        for i in initContainerStatuses.indices {
            let container = initContainerStatuses[i].name
            fix(&initContainerStatuses[i].state.terminated, container)
            fix(&initContainerStatuses[i].lastState.terminated, container)
        }
        return (count, first)
    }
}
