import RolloutCore

extension Panes {
    /// The timeline: a ruler with the cursor, then `rows` (ReplicaSet headers and `pods`) from
    /// row `scroll` on, each pod's phases as glyphs.
    static func timeline(_ buf: inout ScreenBuffer, _ r: Rect, state s: AppState, rollout: Rollout?, pods: [PodTimeline],
                         rows: [TimelineRow], scroll: Int, window: (start: Instant, span: Double), glyphs g: Glyphs,
                         earlier: [[PodTimeline]] = [], labels: [String] = []) {
        buf.fill(r)
        box(&buf, r, title: "Timeline", focused: s.focus == .timeline, glyphs: g)
        let inner = r.inset(1)
        guard inner.height >= 3, inner.width >= 20 else { return }
        guard rollout != nil else {
            line(&buf, inner.x + 1, inner.y + 1, [Run("No pods at \(s.cursor.clock).", .dim)], width: inner.width - 2)
            return
        }
        let longest = (labels.isEmpty ? pods.map(\.name) : labels).map(\.count).max() ?? 12
        let nameWidth = min(max(14, longest + 2), 32, inner.width / 3)
        let chartX = inner.x + nameWidth + 1
        let chart = TimelineChart(start: window.start, step: window.span / Double(max(1, inner.maxX - chartX)), columns: max(1, inner.maxX - chartX))
        ruler(&buf, Rect(x: inner.x, y: inner.y, width: inner.width, height: 2), chart: chart, chartX: chartX, nameWidth: nameWidth,
              cursor: s.cursor, glyphs: g)
        let cursorColumn = chart.column(of: s.cursor)
        let visible = inner.height - 2
        for (offset, row) in rows.dropFirst(scroll).prefix(visible).enumerated() {
            let y = inner.y + 2 + offset
            switch row {
            case .group(let role, let rs, let count):
                line(&buf, inner.x, y, [Run(role == .old ? "old " : "new ", role == .old ? .dim : .bold),
                                        Run("\(rs) (\(count))", .dim)], width: nameWidth + chart.columns)
            case .caption(let text):
                line(&buf, inner.x, y, [Run(Sanitizer.clean(text), .dim)], width: nameWidth + chart.columns)
            case .pod(let i):
                podRow(&buf, x: inner.x, y: y, pod: pods[i], selected: i == s.selected, focused: s.focus == .timeline,
                       nameWidth: nameWidth, chart: chart, cursor: s.cursor, cursorColumn: cursorColumn, glyphs: g,
                       earlier: i < earlier.count ? earlier[i] : [], label: i < labels.count ? labels[i] : nil)
            }
        }
        // Scroll hints on the border.
        if scroll > 0 { buf.put(r.maxX - 4, r.y, g.moreAbove, .dim) }
        if rows.count - scroll > visible { buf.put(r.maxX - 4, r.maxY - 1, g.moreBelow, .dim) }
    }

    /// Time labels every 10 to 16 columns, a tick line below them with the cursor, and the
    /// time one column stands for, left of the ticks.
    static func ruler(_ buf: inout ScreenBuffer, _ r: Rect, chart: TimelineChart, chartX: Int, nameWidth: Int, cursor: Instant, glyphs g: Glyphs) {
        let columns = chart.columns
        let every = max(10, min(16, columns / 5))
        var c = 0
        while c < columns {
            let t = chart.start + chart.step * Double(c)
            let label = chart.step * Double(every) < 60 ? t.clock : String(t.clock.prefix(5))
            if c + label.count <= columns { buf.text(chartX + c, r.y, label, .ruler) }
            c += every
        }
        for x in 0..<columns { buf.put(chartX + x, r.y + 1, x % every == 0 ? g.tick : g.horizontal, .ruler) }
        buf.text(r.x, r.y + 1, TextLayout.fit("\(formatDuration(chart.step))/col", nameWidth, ellipsis: g.ellipsis), .dim)
        if let cc = chart.column(of: cursor) { buf.put(chartX + cc, r.y + 1, g.cursor, .cursor) }
    }

    /// One pod: selection mark, name (or `label`), its phases up to the cursor after those of
    /// its `earlier` incarnations on the same row (the gap between them blank), dropped
    /// connections, the cursor.
    static func podRow(_ buf: inout ScreenBuffer, x: Int, y: Int, pod: PodTimeline, selected: Bool, focused: Bool, nameWidth: Int,
                       chart: TimelineChart, cursor: Instant, cursorColumn: Int?, glyphs g: Glyphs,
                       earlier: [PodTimeline] = [], label: String? = nil) {
        buf.put(x, y, selected ? g.selected : " ", selected ? .selection : .normal)
        let nameStyle: Style = selected ? (focused ? .selection : .bold) : .normal
        let name = TextLayout.fit(Sanitizer.clean(label ?? pod.name), nameWidth - 1, ellipsis: g.ellipsis)
        buf.text(x + 1, y, TextLayout.pad(name, nameWidth - 1), nameStyle)
        let chartX = x + nameWidth + 1
        let incarnations = earlier + [pod]
        let phases = chart.phases(incarnations.flatMap { $0.segments(until: cursor) })
        for (column, phase) in phases.enumerated() {
            guard let phase else { continue }
            buf.put(chartX + column, y, g.phase(phase), Style(phase))
        }
        // Dropped connections as marks on the row; a SIGKILL in the same column wins.
        for sig in incarnations.flatMap(\.signals) where sig.dropped {
            if let column = chart.column(of: sig.time), phases[column] != .killed { buf.put(chartX + column, y, g.signal, .signal) }
        }
        if let cc = cursorColumn { buf.put(chartX + cc, y, g.cursor, .cursor) }
    }
}
