import RolloutCore

extension App {
    public static let minWidth = 60
    public static let minHeight = 15

    /// Draws the whole screen for `width` x `height` cells.
    public mutating func render(width: Int, height: Int, glyphs: Glyphs = .unicode) -> ScreenBuffer {
        var buf = ScreenBuffer(width: width, height: height)
        guard width >= App.minWidth, height >= App.minHeight else {
            Panes.tooSmall(&buf, glyphs: glyphs)
            return buf
        }
        let r = rollout()
        let pods = visiblePods()
        if !pods.isEmpty { state.selected = min(max(0, state.selected), pods.count - 1) }
        let selected = pods.isEmpty ? nil : pods[state.selected]
        let window = viewWindow()

        // Header (2), footer (1); the rest split between timeline, detail and log.
        Panes.header(&buf, Rect(x: 0, y: 0, width: width, height: 2), app: self, rollout: r, glyphs: glyphs)
        let body = Rect(x: 0, y: 2, width: width, height: height - 3)
        timelineRows = Panes.rows(pods).count
        let rects = layout(body)
        // Keep the selected row on screen: the timeline's list shows `pageSize` rows.
        pageSize = max(1, rects.timeline.height - 4)
        let rows = Panes.rows(pods)
        let selectedRow = rows.firstIndex { if case .pod(let i) = $0 { return i == state.selected } else { return false } } ?? 0
        if selectedRow < state.scroll { state.scroll = max(0, selectedRow - 1) }
        if selectedRow >= state.scroll + pageSize { state.scroll = selectedRow - pageSize + 1 }
        state.scroll = max(0, min(state.scroll, max(0, rows.count - pageSize)))
        Panes.timeline(&buf, rects.timeline, state: state, rollout: r, pods: pods, window: window, glyphs: glyphs)
        if !rects.detail.isEmpty {
            Panes.detail(&buf, rects.detail, state: state, pod: selected, rollout: r, glyphs: glyphs)
        }
        if let log = rects.log {
            Panes.log(&buf, log, state: state, rollout: r, model: model(), glyphs: glyphs)
        }
        Panes.footer(&buf, Rect(x: 0, y: height - 1, width: width, height: 1), state: state)

        switch state.overlay {
        case .help: Panes.help(&buf, mode: state.mode, glyphs: glyphs)
        case .findings: Panes.findings(&buf, rollout: r, state: state, glyphs: glyphs)
        case .filter: Panes.filterPrompt(&buf, draft: state.filterDraft)
        case .workloads:
            let m = model()
            Panes.workloads(&buf, rollouts: workloadOrder().map { m.rollouts[$0] }, history: m.history, state: state, glyphs: glyphs)
        case .none: break
        }
        return buf
    }

    /// Splits the body: timeline on top; detail and log below, side by side when wide.
    func layout(_ body: Rect) -> (timeline: Rect, detail: Rect, log: Rect?) {
        let wide = body.width >= 110
        let lowerShare = state.detailExpanded ? 0.6 : (wide ? 0.4 : 0.45)
        var lower = Int((Double(body.height) * lowerShare).rounded())
        // The timeline needs its rows plus ruler and border; spare rows go to detail and log.
        let needed = timelineRows + 4
        lower = max(lower, body.height - needed)
        lower = min(max(lower, 6), body.height - 5)
        let timeline = Rect(x: body.x, y: body.y, width: body.width, height: body.height - lower)
        let bottom = Rect(x: body.x, y: timeline.maxY, width: body.width, height: lower)
        if wide {
            let detailWidth = state.detailExpanded ? bottom.width * 2 / 3 : bottom.width / 2
            return (timeline, Rect(x: bottom.x, y: bottom.y, width: detailWidth, height: bottom.height),
                    Rect(x: bottom.x + detailWidth, y: bottom.y, width: bottom.width - detailWidth, height: bottom.height))
        }
        // Narrow: one lower pane, the log when it has the focus, else the detail.
        return state.focus == .log ? (timeline, Rect(x: 0, y: 0, width: 0, height: 0), bottom) : (timeline, bottom, nil)
    }
}
