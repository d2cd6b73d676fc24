import RolloutCore

/// What a live source delivers on each tick: new data and the current time in its terms.
public struct FeedUpdate: Sendable {
    public var observations: [Observation]
    public var signals: [Signal]
    /// "Now" as the source sees it (the demo's simulated clock, or the wall clock).
    public var now: Instant
    public var message: String?
    /// What is wrong with the live source right now; nil when it is fine.
    public var problem: String?
    /// What the prober has sent so far, when there is one.
    public var probe: String?
    public init(observations: [Observation] = [], signals: [Signal] = [], now: Instant, message: String? = nil, problem: String? = nil,
                probe: String? = nil) {
        self.observations = observations
        self.signals = signals
        self.now = now
        self.message = message
        self.problem = problem
        self.probe = probe
    }
}
