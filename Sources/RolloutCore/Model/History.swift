/// What is left of rollouts whose pods a long-running session pruned (see `Retention`): one
/// compact line per rollout, so nothing disappears from the screen or the report unannounced.
public struct RolloutHistory: Sendable, Equatable {
    /// Oldest first, at most `Retention.maxSummaries`.
    public var summaries: [RolloutSummary] = []
    /// Summaries beyond the cap, folded into one tally.
    public var folded = HistoryTally()
    /// Pods pruned from the session so far (in summaries and in the folded tally).
    public var prunedPods = 0

    public init() {}

    public var isEmpty: Bool { summaries.isEmpty && folded.summaries == 0 }

    /// Rollouts summarised, folded ones included.
    public var rolloutCount: Int { summaries.filter { $0.kind == .rollout }.count + folded.rollouts }

    /// The summaries of one workload, oldest first.
    public func summaries(namespace: String, workload: String) -> [RolloutSummary] {
        summaries.filter { $0.namespace == namespace && $0.workload == workload }
    }

    /// Findings of every summary (folded ones included), by kind and severity.
    public var findings: [FindingCount] {
        FindingCount.merge(summaries.flatMap(\.findings) + folded.findings)
    }

    /// Keeps at most `limit` summaries; the oldest are folded into `folded`.
    mutating func add(_ new: [RolloutSummary], limit: Int) {
        summaries += new
        summaries.sort { ($0.from, $0.namespace, $0.workload) < ($1.from, $1.namespace, $1.workload) }
        let excess = summaries.count - max(0, limit)
        guard excess > 0 else { return }
        for s in summaries.prefix(excess) { folded.fold(s) }
        summaries.removeFirst(excess)
    }
}

/// One pruned rollout (or pruned pods) in a line: counts, findings, worst termination, span.
public struct RolloutSummary: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A rollout from `fromReplicaSet` to `toReplicaSet`, pruned with the old ReplicaSet.
        case rollout
        /// The workload has no pods left (deleted, or a finished Job): its last ReplicaSet.
        case removed
        /// Pods of a running ReplicaSet gone longer than `forgetAfter` (scaled down, evicted,
        /// replaced after a crash).
        case replaced
    }

    public var kind: Kind
    public var namespace: String
    public var workload: String
    /// The ReplicaSet whose pods were pruned (the old side of a rollout).
    public var fromReplicaSet: String?
    /// The ReplicaSet rolled to (nil for `removed` and `replaced`).
    public var toReplicaSet: String?
    /// As the rollout's model said while it was the workload's latest rollout.
    public var startedAt: Instant?
    public var finishedAt: Instant?
    /// The span it covers: the rollout's start (else the first pod seen) to its end (else the
    /// last pruned pod gone).
    public var from: Instant
    public var until: Instant
    /// Pods pruned with this summary (old side), and the new side's pods at the time.
    public var oldPods: Int
    public var newPods: Int
    public var desiredReplicas: Int?
    /// Each pod's findings are counted once: its init failures with the rollout that created
    /// it, the rest with the rollout that removed it. Rollout-level ones as that rollout had them.
    public var findings: [FindingCount]
    public var worstTermination: TerminationSummary?
    public var droppedConnections: Int

    public var seconds: Double? {
        guard let s = startedAt, let f = finishedAt else { return nil }
        return f - s
    }

    public func count(_ severity: Finding.Severity) -> Int {
        findings.filter { $0.severity == severity }.reduce(0) { $0 + $1.count }
    }
}

/// How many findings of one kind and severity.
public struct FindingCount: Sendable, Equatable {
    public var kind: Finding.Kind
    public var severity: Finding.Severity
    public var count: Int

    public init(kind: Finding.Kind, severity: Finding.Severity, count: Int) {
        self.kind = kind
        self.severity = severity
        self.count = count
    }

    /// Sums counts of the same kind and severity; most severe first, then by kind.
    static func merge(_ counts: [FindingCount]) -> [FindingCount] {
        var out: [FindingCount] = []
        for c in counts {
            if let i = out.firstIndex(where: { $0.kind == c.kind && $0.severity == c.severity }) {
                out[i].count += c.count
            } else {
                out.append(c)
            }
        }
        return out.sorted { $0.severity != $1.severity ? $0.severity > $1.severity : $0.kind.rawValue < $1.kind.rawValue }
    }

    static func of(_ findings: [Finding]) -> [FindingCount] {
        merge(findings.map { FindingCount(kind: $0.kind, severity: $0.severity, count: 1) })
    }
}

/// The longest shutdown among a summary's pods.
public struct TerminationSummary: Sendable, Equatable {
    public var pod: String
    /// Exact when the end was observed; else only `secondsAtMost` bounds it.
    public var seconds: Double?
    public var secondsAtMost: Double?
    public var gracePeriodSeconds: Int
    public var killed: Bool
    public var exceededGrace: Bool?

    /// `33s/30s KILLED`, `<=12s/30s`.
    public var text: String {
        let d = seconds.map { formatDuration($0) } ?? secondsAtMost.map { "<=" + formatDuration($0) } ?? "?"
        return "\(d)/\(gracePeriodSeconds)s" + (killed ? " KILLED" : exceededGrace == true ? " OVER" : "")
    }

    /// Picks the worst: grace exceeded first, then the longest (bounded) shutdown.
    static func worst(_ pods: [PodTimeline]) -> TerminationSummary? {
        var best: (key: (Int, Double), summary: TerminationSummary)?
        for p in pods {
            guard let t = p.termination else { continue }
            let length = t.seconds ?? t.secondsAtMost ?? t.secondsAtLeast ?? 0
            let key = (t.exceededGrace == true ? 1 : 0, length)
            if let b = best, b.key >= key { continue }
            best = (key, TerminationSummary(pod: p.name, seconds: t.seconds, secondsAtMost: t.seconds == nil ? t.secondsAtMost : nil,
                                            gracePeriodSeconds: t.gracePeriodSeconds, killed: t.killed, exceededGrace: t.exceededGrace))
        }
        return best?.summary
    }
}

/// Summaries beyond `Retention.maxSummaries`, added up.
public struct HistoryTally: Sendable, Equatable {
    public var summaries = 0
    public var rollouts = 0
    public var pods = 0
    public var findings: [FindingCount] = []
    public var droppedConnections = 0
    public var from: Instant?
    public var until: Instant?

    public init() {}

    mutating func fold(_ s: RolloutSummary) {
        summaries += 1
        if s.kind == .rollout { rollouts += 1 }
        pods += s.oldPods
        findings = FindingCount.merge(findings + s.findings)
        droppedConnections += s.droppedConnections
        from = min(from, s.from)
        until = max(until, s.until)
    }
}

extension RolloutSummary {
    /// One line, most telling first (a narrow screen cuts the end):
    /// `09:12:01 shop/web 7d4b9c8f6d->5f8d7c9b4a 1m09s: 3 errors (grace-exceeded x3), worst 33s/30s KILLED, 3->3 pods`.
    public var line: String {
        let name = (namespace.isEmpty ? "" : namespace + "/") + workload
        var text: String
        switch kind {
        case .rollout:
            text = "\(from.clock) \(name) \(hash(fromReplicaSet))->\(hash(toReplicaSet)) "
                + (seconds.map(formatDuration) ?? (startedAt == nil ? "not started" : "unfinished"))
        case .removed:
            text = "\(from.clock)-\(until.clock) \(name) \(hash(fromReplicaSet)) removed"
        case .replaced:
            text = "\(from.clock)-\(until.clock) \(name) \(hash(fromReplicaSet)) replaced"
        }
        let e = count(.error), w = count(.warning)
        if e + w == 0 {
            text += ": no findings"
        } else {
            var counts: [String] = []
            if e > 0 { counts.append("\(TextLayout.count(e, "error"))") }
            if w > 0 { counts.append("\(TextLayout.count(w, "warning"))") }
            let kinds = findings.filter { $0.severity != .info }.map { $0.count > 1 ? "\($0.kind.rawValue) x\($0.count)" : $0.kind.rawValue }
            text += ": " + counts.joined(separator: ", ") + " (" + kinds.joined(separator: ", ") + ")"
        }
        if let w = worstTermination { text += ", worst " + w.text }
        if droppedConnections > 0 { text += ", \(droppedConnections) dropped" }
        text += kind == .rollout ? ", \(oldPods)->\(newPods) pods" : ", \(TextLayout.count(oldPods, "pod"))"
        return Sanitizer.clean(text)
    }

    /// The template hash of a ReplicaSet name (its last dash-separated part).
    func hash(_ rs: String?) -> String {
        guard let rs else { return "?" }
        if let dash = rs.lastIndex(of: "-"), rs.hasPrefix(workload + "-") { return String(rs[rs.index(after: dash)...]) }
        return rs
    }
}
