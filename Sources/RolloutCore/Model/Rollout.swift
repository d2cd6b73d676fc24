/// One workload's rollout: its ReplicaSets, pods, progress and findings.
public struct Rollout: Sendable {
    public var workload: String
    public var namespace: String
    /// The kind of workload: from the pods' controller, else a workload object of that name,
    /// else the labels; nil when nothing says (the Deployment's rules apply then).
    public var kind: WorkloadKind?
    /// A StatefulSet's or DaemonSet's `updateStrategy.type` (`RollingUpdate`, `OnDelete`),
    /// a StatefulSet's partition and pod management policy, when its object was seen.
    public var updateStrategy: String?
    public var partition: Int?
    public var podManagementPolicy: String?
    /// An Argo Rollout's strategy, step, phase and ReplicaSet hashes, when its object was seen.
    public var argo: ArgoState?
    /// What `kubectl rollout status` (`kubectl argo rollouts status` for a Rollout) would say, from the StatefulSet's or DaemonSet's status as
    /// last seen, and where rollscope's verdict differs.
    public var kubectl: KubectlVerdict?
    public var startedAt: Instant?
    public var finishedAt: Instant?
    public var seconds: Double? {
        guard let s = startedAt, let f = finishedAt else { return nil }
        return f - s
    }
    public var replicaSets: [ReplicaSetSummary]
    /// Old pods first, then new; each group by creation time.
    public var pods: [PodTimeline]
    public var findings: [Finding] = []
    /// How far it has come, as every surface shows it (set by the correlator).
    public var progress = RolloutProgress(state: .steady, newReady: 0, desired: 0, oldServing: 0, terminating: 0)
    /// Desired replicas (from the Deployment, or the count ready before the rollout).
    public var desiredReplicas: Int?
    public var maxSurge: Int?
    public var maxUnavailable: Int?
    /// Requests the proxy could send to no pod of the workload ("no healthy upstream": Envoy
    /// `UH`, an ALB 503 without a target), in time order.
    public var rolloutDrops: [Signal] = []
    /// Ready pods over time, as steps: the count holds from each instant to the next.
    public var availability: [(time: Instant, ready: Int)] = []
    /// The span of the observations of this workload.
    public var observedFrom: Instant
    public var observedUntil: Instant

    /// Old pods of a StatefulSet below its partition, still up: they stay at the old revision
    /// by design.
    public var heldPods: [PodTimeline] {
        let held = heldUIDs(in: pods)
        return pods.filter { held.contains($0.uid) }
    }

    /// The uids of `pods` a StatefulSet's partition holds at the old revision (as `heldPods`).
    func heldUIDs(in pods: [PodTimeline]) -> Set<String> {
        guard kind == .statefulSet, updateStrategy != "OnDelete", let partition, partition > 0 else { return [] }
        return Set(pods.lazy.filter { $0.role == .old && ($0.ordinal ?? .max) < partition && $0.termination == nil && $0.goneAt == nil }.map(\.uid))
    }

    public var newPods: LazyFilterSequence<[PodTimeline]> { pods.lazy.filter { $0.role == .new } }
    public var oldPods: LazyFilterSequence<[PodTimeline]> { pods.lazy.filter { $0.role == .old } }
}

public struct ReplicaSetSummary: Sendable, Equatable {
    public var name: String
    public var templateHash: String
    public var role: Role
    public var pods: Int
}

/// The result of correlating all inputs: rollouts plus what could not be attributed.
public struct RolloutModel: Sendable {
    public var rollouts: [Rollout]
    public var unattributedSignals: [Signal]
    /// The time of the last observation: the model describes the world as of then.
    public var asOf: Instant?
    public var warnings: [String]
    /// Summaries of rollouts a long-running session pruned (empty unless it did).
    public var history = RolloutHistory()
    /// The signal files (commands, recordings) read, and what each held.
    public var signalSources: [SignalSource] = []
}
