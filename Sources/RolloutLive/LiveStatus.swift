import Foundation
import RolloutCore

/// How the live source is doing, for the screen.
public struct LiveStatus: Sendable, Equatable {
    /// When data last arrived successfully.
    public var lastGoodData: Instant?
    /// kubectl's own error line, while the last attempt failed.
    public var problem: String?
    /// Seconds until the next attempt, while backing off.
    public var retryIn: Double?

    public init(lastGoodData: Instant? = nil, problem: String? = nil, retryIn: Double? = nil) {
        self.lastGoodData = lastGoodData
        self.problem = problem
        self.retryIn = retryIn
    }

    /// One line saying what is wrong with the live source, for the screen or stderr; nil while
    /// nothing is.
    public func problemLine(now: Instant) -> String? {
        guard let problem else { return nil }
        // Age and retry first: kubectl's line is long and a narrow screen cuts its end.
        var facts = [lastGoodData.map { "last good data \(formatDuration(max(0, now - $0))) ago" } ?? "no data yet"]
        if let retryIn { facts.append("retry in \(formatDuration(retryIn))") }
        return "[\(facts.joined(separator: ", "))] kubectl: " + problem
    }
}
