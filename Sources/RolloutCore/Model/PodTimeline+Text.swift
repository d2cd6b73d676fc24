/// What every report's pod table says about a pod, in a few characters per column: time in
/// its init containers, creation to ready, and its shutdown against the grace period. Part
/// of the read model, so the text and Markdown reports (and the UI) cannot word it apart.
extension PodTimeline {
    /// Time in the regular init containers, from the first start to Initialized:
    /// `12s`, `1m05s r2` (two restarts), `FAILx3` (failing, not initialized), `...` (not done
    /// yet), `sidecar` (only sidecars), `-` (none).
    public var initText: String {
        let regular = initContainers.filter { !$0.sidecar }
        guard !regular.isEmpty else { return initContainers.isEmpty ? "-" : "sidecar" }
        if let failing = regular.first(where: { $0.failed && initializedAt == nil }) {
            return "FAILx\(max(1, failing.restarts))"
        }
        guard let first = regular.compactMap({ $0.firstStartedAt ?? $0.startedAt }).min(), let done = initializedAt else {
            return "..."
        }
        let restarts = regular.map(\.restarts).reduce(0, +)
        return formatDuration(max(0, done - first)) + (restarts > 0 ? " r\(restarts)" : "")
    }

    /// Creation to ready: `14s`; `...` while it may still become ready, `-` when it never
    /// will (deleted first), `?` when the times contradict each other.
    public var readyText: String {
        guard let ready = readyAt else { return termination == nil && goneAt == nil ? "..." : "-" }
        guard let created = createdAt, created <= ready else { return "?" }
        return formatDuration(ready - created)
    }

    /// Deletion request to the last container's exit, over the grace period: `33s/30s KILLED`
    /// (SIGKILL), `31s/30s OVER`, `12s/30s`; bounds when the end was not seen: `8s-20s/30s`,
    /// `<=20s/30s`, `>=40s/30s OVER`; `running/30s` still stopping; `gone` deleted without a
    /// request seen; `-` not being deleted.
    public var terminationText: String {
        guard let t = termination else { return goneAt != nil ? "gone" : "-" }
        let g = "\(t.gracePeriodSeconds)s"
        if let s = t.seconds {
            var text = "\(formatDuration(s))/\(g)"
            if t.killed { text += " KILLED" } else if t.exceededGrace == true { text += " OVER" }
            return text
        }
        if let most = t.secondsAtMost {
            let low = t.secondsAtLeast.map { formatDuration($0) + "-" } ?? "<="
            var text = low + formatDuration(most) + "/" + g
            if t.exceededGrace == true { text += " OVER" }
            return text
        }
        if let least = t.secondsAtLeast { return ">=\(formatDuration(least))/\(g)" + (t.exceededGrace == true ? " OVER" : "") }
        return "running/\(g)"
    }
}
