/// What a store holds, counted: for the soak test and benchmark, and anyone wondering.
public struct StoreFootprint: Sendable, Equatable, CustomStringConvertible {
    public var observations = 0
    public var signals = 0
    /// Correlator copies kept for cursor jumps.
    public var checkpoints = 0
    /// Pods, events and endpoint entries in the state after the last observation.
    public var pods = 0
    public var events = 0
    public var endpointEntries = 0
    public var summaries = 0

    /// Everything that grows with what was observed.
    public var total: Int { observations + signals + pods + events + endpointEntries + summaries }

    public var description: String {
        "observations=\(observations) signals=\(signals) checkpoints=\(checkpoints) pods=\(pods) events=\(events) endpointEntries=\(endpointEntries) summaries=\(summaries)"
    }
}

extension ObservationStore {
    public var footprint: StoreFootprint {
        let c = correlator(upTo: observations.count)
        return StoreFootprint(
            observations: observations.count, signals: signals.count, checkpoints: checkpoints.count,
            pods: c.pods.count, events: c.events.count, endpointEntries: c.pods.values.reduce(0) { $0 + $1.endpoint.count },
            summaries: history.summaries.count)
    }
}
