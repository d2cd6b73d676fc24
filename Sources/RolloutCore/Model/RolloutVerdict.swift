/// A rollout's outcome in one line, the first thing a postmortem reader looks for: did it
/// finish, how long did it take, and what went wrong. Computed from the read model's
/// progress and findings, so every surface that states it states the same.
public struct RolloutVerdict: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        /// Every new pod ready and every old pod gone.
        case complete
        /// Still replacing pods at the last observation.
        case inProgress = "in progress"
        /// Not progressing (`rollout-stalled`): new pods failing, or past the deadline.
        case stalled
        /// One revision only: nothing was being replaced.
        case steady
    }

    public var outcome: Outcome
    /// The most serious finding, if any.
    public var worst: Finding.Severity?
    /// "complete in 1m09s; 3 errors (grace-exceeded x3)", "stalled; 1 error (rollout-stalled)".
    public var text: String

    public init(_ r: Rollout) {
        let stalled = r.findings.contains { $0.kind == .rolloutStalled }
        outcome = switch r.progress.state {
        case .complete: .complete
        case .rolling: stalled ? .stalled : .inProgress
        case .steady: stalled ? .stalled : .steady
        }
        worst = r.findings.map(\.severity).max()
        var head = outcome.rawValue
        if outcome == .complete, let s = r.seconds { head += " in " + formatDuration(s) }
        if outcome == .inProgress { head += " as of \(r.observedUntil.clock) UTC" }
        let serious = r.findings.filter { $0.severity != .info }
        guard !serious.isEmpty else {
            text = head + (r.findings.isEmpty ? "; no findings" : "; nothing above info")
            return
        }
        var kinds: [(Finding.Kind, Int)] = []
        for f in serious {
            if let i = kinds.firstIndex(where: { $0.0 == f.kind }) { kinds[i].1 += 1 } else { kinds.append((f.kind, 1)) }
        }
        let errors = serious.filter { $0.severity == .error }.count, warnings = serious.count - errors
        let counts = [errors > 0 ? TextLayout.count(errors, "error") : nil, warnings > 0 ? TextLayout.count(warnings, "warning") : nil]
        text = head + "; " + counts.compactMap { $0 }.joined(separator: ", ")
            + " (" + kinds.map { "\($0.0.rawValue) x\($0.1)" }.joined(separator: ", ") + ")"
    }
}

extension Rollout {
    /// The outcome in one line (`RolloutVerdict`).
    public var verdict: RolloutVerdict { RolloutVerdict(self) }
}
