/// One workload's rollout: its ReplicaSets, pods, progress and findings.
public struct Rollout: Sendable {
    public var workload: String
    public var namespace: String
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
