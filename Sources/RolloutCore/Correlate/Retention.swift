/// How much a long-running session keeps in full, so a dashboard left running for days stays
/// within bounded memory. Live sessions (`watch`, `record`) use `Retention.live`; replay and
/// report keep everything unless asked (`report --keep-rollouts`).
///
/// A workload's history is its sequence of ReplicaSets (ordered as the correlator orders them:
/// revision, else latest pod creation). The rollout *to* a ReplicaSet has the previous one as
/// its old side. What is pruned, each turning into a `RolloutSummary` line:
///
/// - `rollout`: a ReplicaSet older than the workload's newest `keepRollouts + 1` whose pods are
///   all gone. It is the old side of the rollout to the next ReplicaSet, which is summarised
///   as the model showed it while it was the workload's latest rollout.
/// - `removed`: every ReplicaSet of a workload none of whose pods is left, once the last one
///   has been gone for `forgetAfter` (a deleted Deployment, a finished Job).
/// - `replaced`: pods of a ReplicaSet that still runs pods, gone for `forgetAfter` (scaled
///   down, evicted, replaced after crashing).
///
/// Pruning removes every trace of those pods: their observations, their endpoints in
/// EndpointSlice observations, their events, their signals, and the checkpoints (rebuilt).
/// Events and signals no retained pod claims are dropped once older than `forgetAfter`.
/// Time is the data's: "gone for" is measured against the latest observation, never the clock.
public struct Retention: Sendable, Equatable {
    /// Rollouts per workload that keep full pod timelines, the latest one included.
    public var keepRollouts: Int
    /// Seconds a gone pod is kept when it is not pruned with its rollout.
    public var forgetAfter: Double
    /// Summary lines kept; older ones are folded into one tally.
    public var maxSummaries: Int
    /// Pruning runs when the store has grown by this many entries (observations and signals)
    /// or by a quarter, whichever is more, since it last ran: its cost is spread thin, and a
    /// session that never gets that big (a normal rollout) is never pruned.
    public var checkEvery: Int

    public init(keepRollouts: Int = 5, forgetAfter: Double = 3600, maxSummaries: Int = 1000, checkEvery: Int = 4096) {
        self.keepRollouts = max(1, keepRollouts)
        self.forgetAfter = max(0, forgetAfter)
        self.maxSummaries = max(0, maxSummaries)
        self.checkEvery = max(1, checkEvery)
    }

    /// What `rollscope watch` and `record` use unless told otherwise.
    public static let live = Retention()
}
