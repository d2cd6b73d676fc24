/// What a workload object tells about a rollout: a Deployment or ReplicaSet (desired size,
/// strategy, revision), a StatefulSet or DaemonSet (strategy, the revisions its status names,
/// the counts `kubectl rollout status` reads), an Argo Rollout (its strategy and status) or
/// a ControllerRevision (one revision's number and hash).
public struct WorkloadInfo: Sendable, Equatable {
    public var kind: String
    public var name: String
    public var namespace: String
    public var replicas: Int?
    public var maxSurge: String?
    public var maxUnavailable: String?
    public var progressDeadlineSeconds: Int?
    /// A ReplicaSet's `deployment.kubernetes.io/revision`, a ControllerRevision's `revision`.
    public var revision: Int?
    public var createdAt: Instant?
    /// `metadata.generation` and `status.observedGeneration`: the status describes the spec
    /// only once they are equal.
    public var generation: Int?
    public var observedGeneration: Int?
    /// `RollingUpdate` or `OnDelete` (StatefulSet, DaemonSet).
    public var updateStrategy: String?
    /// A StatefulSet's `rollingUpdate.partition` (the API server defaults it to 0).
    public var partition: Int?
    /// A StatefulSet's `OrderedReady` or `Parallel`.
    public var podManagementPolicy: String?
    /// A StatefulSet's status: the ControllerRevision names of the current pods and of the
    /// template, and the counts `kubectl rollout status` compares.
    public var currentRevision: String?
    public var updateRevision: String?
    public var readyReplicas: Int?
    public var updatedReplicas: Int?
    public var currentReplicas: Int?
    /// A DaemonSet's status.
    public var desiredNumberScheduled: Int?
    public var updatedNumberScheduled: Int?
    public var numberAvailable: Int?
    /// A ControllerRevision's owner (its StatefulSet or DaemonSet) and the hash pods carry.
    public var owner: String?
    public var templateHash: String?
    /// An Argo Rollout's strategy, steps and status.
    public var argo: ArgoRollout?

    public init?(_ o: KubeObject) {
        guard let kind = o.kind, let name = o.metadata.name else { return nil }
        self.kind = kind
        self.name = name
        namespace = o.metadata.namespace ?? ""
        replicas = o.replicas
        maxSurge = o.maxSurge
        maxUnavailable = o.maxUnavailable
        progressDeadlineSeconds = o.progressDeadlineSeconds
        revision = kind == "ControllerRevision" ? o.revision
            : (o.metadata.annotations["deployment.kubernetes.io/revision"] ?? o.metadata.annotations["rollout.argoproj.io/revision"]).flatMap { Int($0) }
        createdAt = o.metadata.creationTimestamp
        generation = o.metadata.generation
        observedGeneration = o.observedGeneration
        updateStrategy = o.updateStrategy
        partition = o.partition
        podManagementPolicy = o.podManagementPolicy
        currentRevision = o.currentRevision
        updateRevision = o.updateRevision
        readyReplicas = o.readyReplicas
        updatedReplicas = o.updatedReplicas
        currentReplicas = o.currentReplicas
        desiredNumberScheduled = o.desiredNumberScheduled
        updatedNumberScheduled = o.updatedNumberScheduled
        numberAvailable = o.numberAvailable
        let controller = o.metadata.ownerReferences.first(where: { $0.controller }) ?? o.metadata.ownerReferences.first
        owner = controller?.name
        templateHash = o.metadata.labels["controller.kubernetes.io/hash"] ?? o.metadata.labels["controller-revision-hash"]
            ?? o.metadata.labels["rollouts-pod-template-hash"]
        if kind == "Rollout" { argo = o.argo ?? ArgoRollout() }
        if kind == "ControllerRevision", templateHash == nil, let owner, name.hasPrefix(owner + "-") {
            templateHash = String(name.dropFirst(owner.count + 1))
        }
    }

    /// The workload's kind, when it is one rollscope follows.
    public var workloadKind: WorkloadKind? { WorkloadKind(rawValue: kind) }

    /// `OnDelete`: the controller replaces no pod by itself.
    public var isOnDelete: Bool { updateStrategy == "OnDelete" }

    /// Resolves an IntOrString like `25%` or `1` against `replicas`; `roundUp` as Kubernetes does for maxSurge.
    public static func resolve(_ value: String?, replicas: Int, roundUp: Bool, default def: String) -> Int {
        let v = value ?? def
        var result = 0
        if v.hasSuffix("%") {
            if let pct = Double(v.dropLast()), pct.isFinite, (0...100).contains(pct) {
                let raw = Double(replicas) * pct / 100
                result = Int(roundUp ? raw.rounded(.up) : raw.rounded(.down))
            }
        } else {
            result = Int(v) ?? 0
        }
        return min(max(result, 0), max(replicas, 0))
    }
}
