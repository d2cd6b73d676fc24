extension Rollout {
    /// The span every timeline of this rollout shows (the text chart and the SVG): from a
    /// little before the rollout started, so old pods show as ready rather than from their
    /// creation days ago, to the last observation or the last phase's end.
    public var chartWindow: (from: Instant, to: Instant) {
        let until = observedUntil
        let spans = pods.map { $0.segments(until: until) }
        let from = ([startedAt].compactMap { $0 } + spans.flatMap { $0.map(\.from) }).min() ?? observedFrom
        let lead = max(30, ((finishedAt ?? until) - (startedAt ?? from)) * 0.1)
        let windowStart = max(from, (startedAt ?? from) - lead)
        let windowEnd = max(until, spans.flatMap { $0.map(\.to) }.max() ?? until)
        return (windowStart, windowEnd)
    }
}
