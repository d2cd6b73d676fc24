/// One observed state of a pod: the fields the correlator reads, as values.
public struct Pod: Sendable, Equatable {
    public var uid: String
    public var name: String
    public var namespace: String
    /// The workload the pod belongs to (ReplicaSet name minus template hash).
    public var workload: String
    /// The ReplicaSet (or controller revision) the pod came from.
    public var replicaSet: String
    public var templateHash: String
    /// What kind of workload owns it; nil for other owners and for pods that say nothing.
    public var kind: WorkloadKind?
    /// A StatefulSet pod's ordinal: `apps.kubernetes.io/pod-index` (1.28+), else the number
    /// its name ends with.
    public var ordinal: Int?
    /// A DaemonSet pod's `pod-template-generation`: the DaemonSet's generation when it was made.
    public var templateGeneration: Int?
    public var nodeName: String?
    public var podIP: String?
    public var createdAt: Instant?
    public var deletionTimestamp: Instant?
    public var deletionGracePeriodSeconds: Int?
    public var terminationGracePeriodSeconds: Int?
    public var containers: [ContainerSpec] = []
    public var initContainers: [ContainerSpec] = []
    public var phase: String?
    public var reason: String?
    public var startTime: Instant?
    public var conditions: [Condition] = []
    public var initContainerStatuses: [ContainerStatus] = []
    public var containerStatuses: [ContainerStatus] = []

    /// The object's resourceVersion: changes whenever the object does.
    public var resourceVersion: String?

    /// Identifies this state of the pod: the resourceVersion, else the fields rollscope reads.
    public var fingerprint: String {
        resourceVersion ?? "\(phase ?? "")|\(deletionTimestamp?.seconds ?? 0)|\(conditions.map { "\($0.type)\($0.status ?? "")" })|\(containerStatuses.map { "\($0.restartCount)\($0.state)" })|\(initContainerStatuses.map { "\($0.restartCount)\($0.state)" })"
    }

    /// Builds a pod from a decoded object; nil when it has neither uid nor name.
    public init?(_ o: KubeObject) {
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
        func fix(_ t: inout TerminatedState?, _ container: String) {
            guard let s = t?.startedAt, let f = t?.finishedAt, f < s else { return }
            count += 1
            if first == nil {
                first = "container \(Sanitizer.clean(String(container.prefix(60)))) of pod \(Sanitizer.clean(String(name.prefix(80)))) finished at \(f.rfc3339) before it started at \(s.rfc3339)"
            }
            t?.startedAt = nil
            t?.finishedAt = nil
        }
        for i in containerStatuses.indices {
            fix(&containerStatuses[i].state.terminated, containerStatuses[i].name)
            fix(&containerStatuses[i].lastState.terminated, containerStatuses[i].name)
        }
        for i in initContainerStatuses.indices {
            fix(&initContainerStatuses[i].state.terminated, initContainerStatuses[i].name)
            fix(&initContainerStatuses[i].lastState.terminated, initContainerStatuses[i].name)
        }
        return (count, first)
    }
}
