import RolloutCore

extension Panes {
    /// A rectangle of at most `width` x `height` in the middle of the screen.
    static func centered(_ buf: ScreenBuffer, width: Int, height: Int) -> Rect {
        centered(Size(width: buf.width, height: buf.height), width: width, height: height)
    }

    static func centered(_ size: Size, width: Int, height: Int) -> Rect {
        let w = min(width, size.width - 2), h = min(height, size.height - 2)
        return Rect(x: (size.width - w) / 2, y: (size.height - h) / 2, width: w, height: h)
    }

    // MARK: Help

    /// The main screen's keys in `mode`, from `KeyCommand.table`; the phase glyphs; what the
    /// cursor means. One column when it fits the height, else two side by side.
    static func help(_ buf: inout ScreenBuffer, mode: Mode, glyphs g: Glyphs) {
        let keys = KeyCommand.mainScreen(mode).map { (key: $0.label(g), text: $0.help) }
        let keyWidth = (keys.map(\.key.count).max() ?? 0) + 1
        // A no-break space keeps each glyph with its label when the legend wraps; drawn, it is
        // a plain space (no-break space is not ASCII).
        let legend = Segment.Phase.legendOrder.map { "\(g.phase($0))\u{00A0}\($0.legendName.replacingOccurrences(of: " ", with: "\u{00A0}"))" }.joined(separator: "  ")
        let twoColumns = keys.count + 6 > buf.height - 2
        let perColumn = twoColumns ? (keys.count + 1) / 2 : keys.count
        let columnWidth = twoColumns ? 38 : 62
        let width = min(buf.width - 2, twoColumns ? columnWidth * 2 + 3 : columnWidth + 4)
        let legendLines = TextLayout.wrap(legend, width: width - 4).map { $0.replacingOccurrences(of: "\u{00A0}", with: " ") }
        let r = centered(buf, width: width, height: perColumn + legendLines.count + 4)
        buf.fill(r)
        box(&buf, r, title: "Keys  (Esc closes)", focused: true, glyphs: g)
        let textWidth = twoColumns ? (r.width - 5) / 2 : r.width - 4
        for (i, (key, text)) in keys.enumerated() {
            let column = i / perColumn, row = i % perColumn
            guard row < r.height - legendLines.count - 4 else { continue }
            let x = r.x + 2 + column * (textWidth + 1)
            line(&buf, x, r.y + 1 + row, [Run(TextLayout.pad(key, keyWidth), .key), Run(text)], width: textWidth)
        }
        for (i, l) in legendLines.enumerated() {
            line(&buf, r.x + 2, r.maxY - 2 - legendLines.count + i, [Run(l, .dim)], width: r.width - 4)
        }
        let note = mode == .replay ? "REPLAY: the screen shows the state at the cursor." : "LIVE: the cursor follows now."
        line(&buf, r.x + 2, r.maxY - 2, [Run(note, .dim)], width: r.width - 4)
    }

    // MARK: Findings

    /// Where the findings list goes on a screen of `size`.
    static func findingsRect(_ size: Size) -> Rect { centered(size, width: size.width - 6, height: size.height - 4) }

    /// The findings list's lines inside a box `width` cells wide: a heading per finding, its
    /// message wrapped below.
    static func findingsContent(_ rollout: Rollout?, cursor: Instant, width: Int) -> [[Run]] {
        var lines: [[Run]] = []
        for f in rollout?.findings ?? [] {
            lines.append([Run(f.severity.rawValue.uppercased(), Style(f.severity)), Run(" " + f.kind.rawValue, .bold),
                          Run(f.pod.map { " \($0)" } ?? "", .normal), Run(f.at.map { " at \($0.clock)" } ?? "", .dim)])
            for w in TextLayout.wrap(Sanitizer.clean(f.message), width: width - 4) { lines.append([Run("  " + w)]) }
        }
        return lines.isEmpty ? [[Run("No findings at \(cursor.clock).", .ok)]] : lines
    }

    static func findings(_ buf: inout ScreenBuffer, rollout: Rollout?, state s: AppState, glyphs g: Glyphs) {
        let r = findingsRect(Size(width: buf.width, height: buf.height))
        buf.fill(r)
        box(&buf, r, title: "Findings (\(rollout?.findings.count ?? 0))  Esc closes", focused: true, glyphs: g)
        let inner = r.inset(1)
        let lines = findingsContent(rollout, cursor: s.cursor, width: inner.width)
        let scroll = min(s.findingsScroll, max(0, lines.count - inner.height))
        for (i, runs) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            line(&buf, inner.x + 1, inner.y + i, runs, width: inner.width - 2)
        }
    }

    // MARK: Workloads

    /// The namespace dashboard: every workload, those mid-rollout first; Enter opens one.
    /// Below the list, the newest summaries of rollouts a long session pruned (`history`).
    /// Workloads of several namespaces (`watch -A`) come grouped, each namespace under a line
    /// of its own (`ViewModel.workloadOrder` puts them in that order). `total`: the workloads
    /// before the filter took some away.
    static func workloads(_ buf: inout ScreenBuffer, rollouts: [Rollout], total: Int? = nil, history: RolloutHistory = RolloutHistory(),
                          state s: AppState, glyphs g: Glyphs) {
        let lines = dashboardLines(rollouts)
        let namespaces = lines.count - rollouts.count
        let historyRows = history.isEmpty ? 0 : 2 + min(history.summaries.count, 8)
        let r = centered(buf, width: min(buf.width - 4, 100), height: min(buf.height - 4, lines.count + 4 + historyRows))
        buf.fill(r)
        var count = "\(rollouts.count)"
        if let total, total != rollouts.count { count += " of \(total)" }
        if namespaces > 0 { count += " in " + TextLayout.count(namespaces, "namespace") }
        if !s.filter.isEmpty { count += ", filter " + s.filter }
        let keys = namespaces > 0 || !s.filter.isEmpty ? "Enter opens, / filters, Esc closes" : "Enter opens, Esc closes"
        box(&buf, r, title: "Workloads (\(count))  \(keys)", focused: true, glyphs: g)
        var inner = r.inset(1)
        line(&buf, inner.x + 1, inner.y, [Run(TextLayout.pad("WORKLOAD", 34) + "STATE        NEW READY  OLD  FINDINGS", .dim)], width: inner.width - 2)
        if historyRows > 0 {
            // The workloads keep at least three rows; history gets the rest, newest first.
            let rows = max(0, min(historyRows, inner.height - 1 - min(max(1, lines.count), 3)))
            if rows >= 2 {
                inner.height -= rows
                workloadHistory(&buf, Rect(x: inner.x, y: inner.maxY, width: inner.width, height: rows), history, glyphs: g)
            }
        }
        let visible = max(1, inner.height - 1)
        let cursorLine = lines.firstIndex { $0 == .workload(s.workloadCursor) } ?? 0
        let first = max(0, cursorLine - visible + 1)
        for (i, entry) in lines.enumerated().dropFirst(first).prefix(visible) {
            let runs: [Run]
            switch entry {
            case .workload(let w): runs = workloadRow(rollouts[w], selected: w == s.workloadCursor, glyphs: g)
            case .namespace(let ns, let workloads, let rolling):
                var text = "\(String(repeating: g.horizontal, count: 2)) \(ns)  \(TextLayout.count(workloads, "workload"))"
                if rolling > 0 { text += ", \(rolling) rolling" }
                runs = [Run(text, rolling > 0 ? .title : .dim)]
            }
            line(&buf, inner.x + 1, inner.y + 1 + i - first, runs, width: inner.width - 2)
        }
        if rollouts.isEmpty {
            line(&buf, inner.x + 1, inner.y + 1, [Run(s.filter.isEmpty ? "no pods yet" : "no workload matches the filter", .dim)], width: inner.width - 2)
        }
    }

    /// A line of the dashboard: a namespace's heading (its name, workloads, how many roll)
    /// or a workload (its index among the rollouts shown).
    enum DashboardLine: Equatable {
        case namespace(String, Int, Int)
        case workload(Int)
    }

    /// The dashboard's lines: the workloads alone when they are all of one namespace, else a
    /// heading before each namespace's run of workloads.
    static func dashboardLines(_ rollouts: [Rollout]) -> [DashboardLine] {
        guard let first = rollouts.first, rollouts.contains(where: { $0.namespace != first.namespace }) else {
            return rollouts.indices.map { .workload($0) }
        }
        var out: [DashboardLine] = []
        var i = 0
        while i < rollouts.count {
            let ns = rollouts[i].namespace
            var j = i
            while j < rollouts.count && rollouts[j].namespace == ns { j += 1 }
            out.append(.namespace(ns, j - i, rollouts[i..<j].filter(\.progress.isRolling).count))
            out += (i..<j).map { .workload($0) }
            i = j
        }
        return out
    }

    /// "shop/web   rolling   2/3   1   1 error".
    static func workloadRow(_ rollout: Rollout, selected: Bool, glyphs g: Glyphs) -> [Run] {
        let p = rollout.progress
        let stateText = switch p.state { case .rolling: "rolling"; case .steady: "steady"; case .complete: "rolled" }
        let errors = rollout.findings.filter { $0.severity == .error }.count
        // A StatefulSet, DaemonSet or Argo Rollout is marked with kubectl's short name.
        let kind = rollout.kind.map { $0 == .deployment ? "" : " (\($0.shortName))" } ?? ""
        let name = TextLayout.pad(TextLayout.fit("\(rollout.namespace)/\(rollout.workload)\(kind)", 33, ellipsis: g.ellipsis), 34)
        return [Run(name, selected ? .selection : .bold),
                Run(TextLayout.pad(stateText, 13), p.isRolling ? .warning : .ok),
                Run(TextLayout.pad("\(p.newReady)/\(p.desired)", 11)),
                Run(TextLayout.pad("\(p.oldServing)", 5)),
                Run(errors > 0 ? TextLayout.count(errors, "error") : "-", errors > 0 ? .error : .dim)]
    }

    static func workloadHistory(_ buf: inout ScreenBuffer, _ r: Rect, _ history: RolloutHistory, glyphs g: Glyphs) {
        var title = "EARLIER: \(TextLayout.count(history.rolloutCount, "rollout")) summarised, \(history.prunedPods) pods pruned"
        let errors = history.findings.filter { $0.severity == .error }.reduce(0) { $0 + $1.count }
        if errors > 0 { title += ", \(TextLayout.count(errors, "error"))" }
        line(&buf, r.x + 1, r.y, [Run(String(repeating: g.horizontal, count: 2) + " " + title, .dim)], width: r.width - 2)
        for (i, summary) in history.summaries.reversed().prefix(r.height - 1).enumerated() {
            let style: Style = summary.count(.error) > 0 ? .error : summary.count(.warning) > 0 ? .warning : .normal
            line(&buf, r.x + 1, r.y + 1 + i, [Run(summary.line, style)], width: r.width - 2)
        }
    }

    // MARK: Filter

    /// The bottom line while typing a filter: the prompt, the draft and a cursor.
    static func filterPrompt(_ buf: inout ScreenBuffer, draft: String, workloads: Bool = false) {
        let y = buf.height - 1
        buf.fill(Rect(x: 0, y: y, width: buf.width, height: 1))
        let end = line(&buf, 1, y, [Run(workloads ? "filter workloads (namespace/name): " : "filter pods: ", .key), Run(draft, .searchMatch)], width: buf.width - 2)
        buf.put(end, y, "_", .cursor)
    }
}
