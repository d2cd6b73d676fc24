import RolloutCore

extension Panes {
    /// Every key, grouped; Esc or ? closes it.
    public static let helpLines: [(key: String, text: String)] = [
        ("q", "quit"), ("? / Esc", "this help / close overlays"),
        ("↑ ↓  j k", "select pod / scroll pane"), ("PgUp PgDn", "page"), ("Home End", "first / last pod"),
        ("Enter", "enlarge the detail pane"), ("Tab", "focus the next pane"),
        ("← →  h l", "pan time"), ("+ -", "zoom in / out"), ("0", "fit the whole rollout"),
        ("/", "filter pods by name"), ("s", "cycle sort order"),
        ("f", "findings list"), ("w", "workloads (namespace dashboard)"),
        ("space", "play/pause (live: hold)"), ("[ ]", "slower / faster replay"),
        ("n N", "next / previous change"), (", .", "cursor one column back/on"), ("g G", "start / end (live: follow)"),
    ]

    static func centered(_ buf: ScreenBuffer, width: Int, height: Int) -> Rect {
        let w = min(width, buf.width - 2), h = min(height, buf.height - 2)
        return Rect(x: (buf.width - w) / 2, y: (buf.height - h) / 2, width: w, height: h)
    }

    static func help(_ buf: inout ScreenBuffer, mode: Mode, glyphs g: Glyphs) {
        let keys = helpLines.map { l -> (String, String) in
            guard g.cursor == "|" else { return l }
            return (l.key.replacingOccurrences(of: "↑ ↓", with: "Up Dn").replacingOccurrences(of: "← →", with: "Lt Rt"), l.text)
        }
        // A no-break space keeps each glyph with its label when the legend wraps.
        let legend = Segment.Phase.allCases.map { "\(g.phase[$0] ?? "?")\u{00A0}\($0.rawValue)" }.joined(separator: "  ")
        // One column when it fits the height, else two side by side.
        let twoColumns = keys.count + 6 > buf.height - 2
        let perColumn = twoColumns ? (keys.count + 1) / 2 : keys.count
        let columnWidth = twoColumns ? 38 : 62
        let width = min(buf.width - 2, twoColumns ? columnWidth * 2 + 3 : columnWidth + 4)
        let legendLines = TextLayout.wrap(legend, width: width - 4)
        let r = centered(buf, width: width, height: perColumn + legendLines.count + 4)
        buf.fill(r)
        box(&buf, r, title: "Keys  (Esc closes)", focused: true, glyphs: g)
        let textWidth = twoColumns ? (r.width - 5) / 2 : r.width - 4
        for (i, (key, text)) in keys.enumerated() {
            let column = i / perColumn, row = i % perColumn
            guard row < r.height - legendLines.count - 4 else { continue }
            let x = r.x + 2 + column * (textWidth + 1)
            line(&buf, x, r.y + 1 + row, [Run(TextLayout.pad(key, 10), .key), Run(text)], width: textWidth)
        }
        for (i, l) in legendLines.enumerated() {
            line(&buf, r.x + 2, r.maxY - 2 - legendLines.count + i, [Run(l, .dim)], width: r.width - 4)
        }
        line(&buf, r.x + 2, r.maxY - 2, [Run(mode == .replay ? "REPLAY: the screen shows the state at the cursor." : "LIVE: the cursor follows now.", .dim)], width: r.width - 4)
    }

    static func findings(_ buf: inout ScreenBuffer, rollout: Rollout?, state s: AppState, glyphs g: Glyphs) {
        let r = centered(buf, width: buf.width - 6, height: buf.height - 4)
        buf.fill(r)
        let list = rollout?.findings ?? []
        box(&buf, r, title: "Findings (\(list.count))  Esc closes", focused: true, glyphs: g)
        let inner = r.inset(1)
        var lines: [[Run]] = []
        for f in list {
            let style: Style = f.severity == .error ? .error : f.severity == .warning ? .warning : .info
            lines.append([Run(f.severity.rawValue.uppercased(), style), Run(" \(f.kind)", .bold),
                          Run(f.pod.map { " \($0)" } ?? "", .normal), Run(f.at.map { " at \($0.clock)" } ?? "", .dim)])
            for w in TextLayout.wrap(Sanitizer.clean(f.message), width: inner.width - 4) { lines.append([Run("  " + w)]) }
        }
        if lines.isEmpty { lines = [[Run("No findings at \(s.cursor.clock).", .ok)]] }
        let scroll = min(s.findingsScroll, max(0, lines.count - inner.height))
        for (i, runs) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            line(&buf, inner.x + 1, inner.y + i, runs, width: inner.width - 2)
        }
    }

    /// The namespace dashboard: every workload, those mid-rollout first; Enter opens one.
    /// Below the list, the newest summaries of rollouts a long session pruned (`history`).
    static func workloads(_ buf: inout ScreenBuffer, rollouts: [Rollout], history: RolloutHistory = RolloutHistory(),
                          state s: AppState, glyphs g: Glyphs) {
        let historyRows = history.isEmpty ? 0 : 2 + min(history.summaries.count, 8)
        let r = centered(buf, width: min(buf.width - 4, 100), height: min(buf.height - 4, rollouts.count + 4 + historyRows))
        buf.fill(r)
        box(&buf, r, title: "Workloads (\(rollouts.count))  Enter opens, Esc closes", focused: true, glyphs: g)
        var inner = r.inset(1)
        line(&buf, inner.x + 1, inner.y, [Run(TextLayout.pad("WORKLOAD", 34) + "STATE        NEW READY  OLD  FINDINGS", .dim)], width: inner.width - 2)
        if historyRows > 0 {
            // The workloads keep at least three rows; history gets the rest, newest first.
            let rows = max(0, min(historyRows, inner.height - 1 - min(max(1, rollouts.count), 3)))
            if rows >= 2 {
                inner.height -= rows
                workloadHistory(&buf, Rect(x: inner.x, y: inner.maxY, width: inner.width, height: rows), history, glyphs: g)
            }
        }
        let visible = max(1, inner.height - 1)
        let first = max(0, s.workloadCursor - visible + 1)
        for (i, ro) in rollouts.enumerated().dropFirst(first).prefix(visible) {
            let p = ro.progress
            let rolling = p.isRolling
            let stateText = switch p.state { case .rolling: "rolling"; case .steady: "steady"; case .complete: "rolled" }
            let errors = ro.findings.filter { $0.severity == .error }.count
            let name = TextLayout.pad(fit("\(ro.namespace)/\(ro.workload)", 33, glyphs: g), 34)
            let runs = [Run(name, i == s.workloadCursor ? .selection : .bold),
                        Run(TextLayout.pad(stateText, 13), rolling ? .warning : .ok),
                        Run(TextLayout.pad("\(p.newReady)/\(p.desired)", 11)),
                        Run(TextLayout.pad("\(p.oldServing)", 5)),
                        Run(errors > 0 ? "\(TextLayout.count(errors, "error"))" : "-", errors > 0 ? .error : .dim)]
            line(&buf, inner.x + 1, inner.y + 1 + i - first, runs, width: inner.width - 2)
        }
        if rollouts.isEmpty { line(&buf, inner.x + 1, inner.y + 1, [Run("no pods yet", .dim)], width: inner.width - 2) }
    }

    static func workloadHistory(_ buf: inout ScreenBuffer, _ r: Rect, _ history: RolloutHistory, glyphs g: Glyphs) {
        let n = history.rolloutCount
        var title = "EARLIER: \(TextLayout.count(n, "rollout")) summarised, \(history.prunedPods) pods pruned"
        let errors = history.findings.filter { $0.severity == .error }.reduce(0) { $0 + $1.count }
        if errors > 0 { title += ", \(TextLayout.count(errors, "error"))" }
        line(&buf, r.x + 1, r.y, [Run(String(repeating: g.horizontal, count: 2) + " " + title, .dim)], width: r.width - 2)
        for (i, summary) in history.summaries.reversed().prefix(r.height - 1).enumerated() {
            let style: Style = summary.count(.error) > 0 ? .error : summary.count(.warning) > 0 ? .warning : .normal
            line(&buf, r.x + 1, r.y + 1 + i, [Run(summary.line, style)], width: r.width - 2)
        }
    }

    static func filterPrompt(_ buf: inout ScreenBuffer, draft: String) {
        let y = buf.height - 1
        buf.fill(Rect(x: 0, y: y, width: buf.width, height: 1))
        let end = line(&buf, 1, y, [Run("filter pods: ", .key), Run(draft, .searchMatch)], width: buf.width - 2)
        buf.put(end, y, "_", .cursor)
    }

    /// Breaks a line of runs at spaces so it fits `width`; continuation lines are indented.
    static func wrapRuns(_ runs: [Run], width: Int, indent: Int) -> [[Run]] {
        guard width > indent + 10 else { return [runs] }
        var lines: [[Run]] = []
        var current: [Run] = []
        var used = 0
        func flush() {
            lines.append(current)
            current = [Run(String(repeating: " ", count: indent))]
            used = indent
        }
        for run in runs {
            // Split each run into words, keeping their leading spaces.
            var words: [String] = []
            var word = ""
            for ch in Sanitizer.clean(run.text) {
                if ch == " " && !word.isEmpty && word != String(repeating: " ", count: word.count) {
                    words.append(word)
                    word = ""
                }
                word.append(ch)
            }
            if !word.isEmpty { words.append(word) }
            for w in words {
                var piece = w
                if used + piece.count > width && used > indent {
                    flush()
                    piece = String(piece.drop { $0 == " " })
                }
                while piece.count > width - used {
                    current.append(Run(String(piece.prefix(width - used)), run.style))
                    piece = String(piece.dropFirst(width - used))
                    flush()
                }
                if !piece.isEmpty {
                    current.append(Run(piece, run.style))
                    used += piece.count
                }
            }
        }
        if used > (lines.isEmpty ? 0 : indent) || lines.isEmpty { lines.append(current) }
        return lines
    }
}
