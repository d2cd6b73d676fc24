import RolloutCore

extension App {
    /// Draws the whole screen for `width` x `height` cells. Changes nothing: the view, the layout
    /// and the scroll positions come from the state, which `refresh` keeps within bounds for the
    /// terminal's size; drawn at another size, each pane shows the nearest valid window.
    public func render(width: Int, height: Int, glyphs: Glyphs = .unicode) -> ScreenBuffer {
        var buf = ScreenBuffer(width: width, height: height)
        let view = currentView
        let layout = Layout(state: state, size: Size(width: width, height: height), timelineRows: view.rows.count)
        guard layout.fits else {
            Panes.tooSmall(&buf)
            return buf
        }
        Panes.header(&buf, layout.header, state: state, rollout: view.rollout, workloads: view.model.rollouts.count,
                     earlier: view.earlierRollouts, glyphs: glyphs)
        let scroll = layout.timelineScroll(state.scroll, selectedRow: view.row(ofPod: state.selected) ?? 0, rows: view.rows.count)
        Panes.timeline(&buf, layout.timeline, state: state, rollout: view.rollout, pods: view.pods, rows: view.rows, scroll: scroll,
                       window: viewWindow(rollout: view.rollout), glyphs: glyphs)
        if let detail = layout.detail {
            Panes.detail(&buf, detail, state: state, pod: view.pod(state.selected), glyphs: glyphs)
        }
        if let log = layout.log {
            Panes.log(&buf, log, state: state, entries: view.log(upTo: state.cursor), glyphs: glyphs)
        }
        Panes.footer(&buf, layout.footer, state: state, glyphs: glyphs)

        switch state.overlay {
        case .help: Panes.help(&buf, mode: state.mode, glyphs: glyphs)
        case .findings: Panes.findings(&buf, rollout: view.rollout, state: state, glyphs: glyphs)
        case .filter: Panes.filterPrompt(&buf, draft: state.filterDraft)
        case .workloads:
            Panes.workloads(&buf, rollouts: view.workloadOrder.map { view.model.rollouts[$0] }, history: view.model.history, state: state, glyphs: glyphs)
        case .none: break
        }
        return buf
    }
}
