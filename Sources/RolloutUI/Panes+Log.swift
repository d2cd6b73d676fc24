import RolloutCore

extension Panes {
    /// The log: `entries` (those up to the cursor) newest at the bottom, each with its time and
    /// pod; scrolled back by `logScroll`.
    static func log(_ buf: inout ScreenBuffer, _ r: Rect, state s: AppState, entries: ArraySlice<LogEntry>, glyphs g: Glyphs) {
        buf.fill(r)
        box(&buf, r, title: "Log (\(entries.count))", focused: s.focus == .log, glyphs: g)
        let inner = r.inset(1)
        guard inner.height > 0, inner.width > 10 else { return }
        if entries.isEmpty {
            line(&buf, inner.x + 1, inner.y, [Run("nothing yet", .dim)], width: inner.width - 1)
            return
        }
        let podWidth = min(22, max(8, inner.width / 4))
        let scroll = min(s.logScroll, max(0, entries.count - inner.height))
        let end = entries.endIndex - scroll
        for (i, e) in entries[max(entries.startIndex, end - inner.height)..<end].enumerated() {
            let pod = TextLayout.fit(Sanitizer.clean(e.pod ?? "rollout"), podWidth, ellipsis: g.ellipsis)
            let runs = [Run(e.time.clock + " ", .dim), Run(TextLayout.pad(pod, podWidth) + " ", .bold)] + e.runs
            line(&buf, inner.x + 1, inner.y + i, runs, width: inner.width - 1)
        }
    }
}
