/// One observed state of a pod: the fields the correlator reads, as values.
///
/// Its fields (25, most of them strings and arrays) live behind one reference: a pod is
/// copied into its list, its track and the track's merges, and each copy costs one retain; a
/// write to a shared pod copies the fields first (copy on write).
public struct Pod: Sendable, Equatable {
    struct Fields: Equatable {
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

    /// Holds the fields. Mutated only through `unique()`, after a uniqueness check, so no two
    /// pods ever write the same box: that is what makes it safe to send.
    final class Box: @unchecked Sendable {
        @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    private mutating func unique() -> Box {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
        return box
    }

    /// Builds a pod from a decoded object; nil when it has neither uid nor name.
    public init?(_ o: KubeObject) {
        guard let fields = Fields(o) else { return nil }
        box = Box(fields)
    }

    public static func == (a: Pod, b: Pod) -> Bool { a.box === b.box || a.box.fields == b.box.fields }

    public var uid: String {
        get { box.fields.uid }
        _modify { yield &unique().fields.uid }
    }
    public var name: String {
        get { box.fields.name }
        _modify { yield &unique().fields.name }
    }
    public var namespace: String {
        get { box.fields.namespace }
        _modify { yield &unique().fields.namespace }
    }
    /// The workload the pod belongs to (ReplicaSet name minus template hash).
    public var workload: String {
        get { box.fields.workload }
        _modify { yield &unique().fields.workload }
    }
    /// The ReplicaSet (or controller revision) the pod came from.
    public var replicaSet: String {
        get { box.fields.replicaSet }
        _modify { yield &unique().fields.replicaSet }
    }
    public var templateHash: String {
        get { box.fields.templateHash }
        _modify { yield &unique().fields.templateHash }
    }
    /// What kind of workload owns it; nil for other owners and for pods that say nothing.
    public var kind: WorkloadKind? {
        get { box.fields.kind }
        _modify { yield &unique().fields.kind }
    }
    /// A StatefulSet pod's ordinal: `apps.kubernetes.io/pod-index` (1.28+), else the number
    /// its name ends with.
    public var ordinal: Int? {
        get { box.fields.ordinal }
        _modify { yield &unique().fields.ordinal }
    }
    /// A DaemonSet pod's `pod-template-generation`: the DaemonSet's generation when it was made.
    public var templateGeneration: Int? {
        get { box.fields.templateGeneration }
        _modify { yield &unique().fields.templateGeneration }
    }
    public var nodeName: String? {
        get { box.fields.nodeName }
        _modify { yield &unique().fields.nodeName }
    }
    public var podIP: String? {
        get { box.fields.podIP }
        _modify { yield &unique().fields.podIP }
    }
    public var createdAt: Instant? {
        get { box.fields.createdAt }
        _modify { yield &unique().fields.createdAt }
    }
    public var deletionTimestamp: Instant? {
        get { box.fields.deletionTimestamp }
        _modify { yield &unique().fields.deletionTimestamp }
    }
    public var deletionGracePeriodSeconds: Int? {
        get { box.fields.deletionGracePeriodSeconds }
        _modify { yield &unique().fields.deletionGracePeriodSeconds }
    }
    public var terminationGracePeriodSeconds: Int? {
        get { box.fields.terminationGracePeriodSeconds }
        _modify { yield &unique().fields.terminationGracePeriodSeconds }
    }
    public var containers: [ContainerSpec] {
        get { box.fields.containers }
        _modify { yield &unique().fields.containers }
    }
    public var initContainers: [ContainerSpec] {
        get { box.fields.initContainers }
        _modify { yield &unique().fields.initContainers }
    }
    public var phase: String? {
        get { box.fields.phase }
        _modify { yield &unique().fields.phase }
    }
    public var reason: String? {
        get { box.fields.reason }
        _modify { yield &unique().fields.reason }
    }
    public var startTime: Instant? {
        get { box.fields.startTime }
        _modify { yield &unique().fields.startTime }
    }
    public var conditions: [Condition] {
        get { box.fields.conditions }
        _modify { yield &unique().fields.conditions }
    }
    public var initContainerStatuses: [ContainerStatus] {
        get { box.fields.initContainerStatuses }
        _modify { yield &unique().fields.initContainerStatuses }
    }
    public var containerStatuses: [ContainerStatus] {
        get { box.fields.containerStatuses }
        _modify { yield &unique().fields.containerStatuses }
    }
    /// The object's resourceVersion: changes whenever the object does.
    public var resourceVersion: String? {
        get { box.fields.resourceVersion }
        _modify { yield &unique().fields.resourceVersion }
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
