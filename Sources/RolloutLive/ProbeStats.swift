import RolloutCore

/// What the prober has done so far, for the screen: a prober that sees no failure must be
/// seen to be sending.
public struct ProbeStats: Sendable, Equatable {
    public var sent = 0
    /// Answers below 500 in time.
    public var answered = 0
    public var slow = 0
    /// Requests that failed, by kind (`ProbeKind.isFailure`).
    public var failed = 0
    /// Ticks that sent nothing because `maxInFlight` requests were still waiting.
    public var skipped = 0
    /// The failure that came last, for the line.
    public var lastFailure: String?

    public init() {}

    /// `probe 10/s: 1,204 sent, 7 failed, 2 slow`.
    public func line(rate: Double) -> String {
        var parts = ["\(sent) sent", "\(failed) failed", "\(slow) slow"]
        if skipped > 0 { parts.append("\(skipped) not sent (too many waiting)") }
        return "probe \(JSONWriter.formatNumber(rate))/s: " + parts.joined(separator: ", ")
    }
}
