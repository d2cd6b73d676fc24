/// What the header, the workloads view, every report and `record` say about how far a rollout
/// has come. Computed once, when the correlator builds the rollout, so no two surfaces can
/// count differently.
public struct RolloutProgress: Sendable, Equatable {
    public enum State: String, Sendable {
        /// One revision only: nothing is being replaced (a fresh workload, or pods alone).
        case steady
        /// Old pods are still up or going away, or new pods are not all ready.
        case rolling
        /// Every new pod ready, as many as desired, and every old pod gone.
        case complete
    }

    public var state: State
    /// New pods that are up (not being deleted, not gone) and have become ready.
    public var newReady: Int
    /// Desired new pods: the workload's replicas (less the old pods a StatefulSet's partition
    /// holds), else the new pods that are up.
    public var desired: Int
    /// Old pods that are up and not being deleted: they still take traffic.
    public var oldServing: Int
    /// Pods of either revision whose deletion was requested and whose end was not yet seen.
    public var terminating: Int
    /// Old pods of a StatefulSet below its partition: up, and at the old revision by design
    /// (counted in `oldServing` too).
    public var held: Int

    public var isRolling: Bool { state == .rolling }
    public var isComplete: Bool { state == .complete }

    public init(state: State, newReady: Int, desired: Int, oldServing: Int, terminating: Int, held: Int = 0) {
        self.state = state
        self.newReady = newReady
        self.desired = desired
        self.oldServing = oldServing
        self.terminating = terminating
        self.held = held
    }

    /// Counts `pods` as they are at the end of the observations; `held` are the uids of old
    /// pods a StatefulSet's partition keeps.
    init(pods: [PodTimeline], desiredReplicas: Int?, startedAt: Instant?, finishedAt: Instant?, held: Set<String> = []) {
        var newUp = 0, newReady = 0, oldServing = 0, terminating = 0, hasOld = false
        for p in pods {
            let up = p.termination == nil && p.goneAt == nil
            if p.termination != nil && p.endAt == nil { terminating += 1 }
            switch p.role {
            case .old:
                hasOld = true
                if up { oldServing += 1 }
            case .new:
                guard up else { continue }
                newUp += 1
                if p.readyAt != nil { newReady += 1 }
            }
        }
        let state: State = !hasOld ? .steady : (startedAt != nil && finishedAt != nil) ? .complete : .rolling
        let desired = desiredReplicas.map { max(0, $0 - held.count) } ?? newUp
        self.init(state: state, newReady: newReady, desired: desired, oldServing: oldServing, terminating: terminating,
                  held: held.count)
    }
}
