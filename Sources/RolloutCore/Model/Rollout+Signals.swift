/// A stretch of time in which the proxy had no endpoint of a workload to send requests to.
public struct NoEndpointSpan: Sendable, Equatable {
    /// When the first of its requests arrived and the last was answered.
    public var from: Instant
    public var until: Instant
    public var requests: Int
    public var seconds: Double { max(0, until - from) }
}

extension Rollout {
    /// Rollout-level drops further apart than this are separate stretches.
    static let noEndpointGap = 5.0

    /// The rollout-level drops as stretches of time ("every endpoint of web was gone for 8 s"),
    /// in time order: what the findings, the reports and the UI say about them.
    public var noEndpointSpans: [NoEndpointSpan] {
        var spans: [NoEndpointSpan] = []
        for s in rolloutDrops.sorted(by: { ($0.requestStart ?? $0.time) < ($1.requestStart ?? $1.time) }) {
            let start = s.requestStart ?? s.time
            if var last = spans.last, start - last.until <= Rollout.noEndpointGap {
                last.until = max(last.until, s.time)
                last.requests += 1
                spans[spans.count - 1] = last
            } else {
                spans.append(NoEndpointSpan(from: start, until: max(start, s.time), requests: 1))
            }
        }
        return spans
    }
}
