extension Rollout {
    /// The span every timeline of this rollout shows (the text chart and the SVG): from a
    /// little before the rollout started, so old pods show as ready rather than from their
    /// creation days ago, to the last observation or the last phase's end.
    public var chartWindow: (from: Instant, to: Instant) {
        chartWindow(spans: pods.map { $0.segments(until: observedUntil) })
    }

    /// `chartWindow` from each pod's segments until `observedUntil`, made once by a caller that
    /// draws them too.
    func chartWindow(spans: [[Segment]]) -> (from: Instant, to: Instant) {
        let until = observedUntil
        var earliest = startedAt, latest: Instant?
        for span in spans {
            for s in span {
                if earliest.map({ s.from < $0 }) ?? true { earliest = s.from }
                if latest.map({ s.to > $0 }) ?? true { latest = s.to }
            }
        }
        let from = earliest ?? observedFrom
        let lead = max(30, ((finishedAt ?? until) - (startedAt ?? from)) * 0.1)
        let windowStart = max(from, (startedAt ?? from) - lead)
        let windowEnd = max(until, latest ?? until)
        return (windowStart, windowEnd)
    }
}
