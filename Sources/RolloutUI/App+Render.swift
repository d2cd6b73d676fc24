import RolloutCore

extension App {
    /// Draws the whole screen for `width` x `height` cells. Changes nothing: the view, the layout
    /// and the positions come from the state, which `refresh` keeps within bounds for the
    /// terminal's size. Drawn at another size, or after `state` was changed directly, the
    /// selection and each pane's scroll show the nearest valid position.
    public func render(width: Int, height: Int, glyphs: Glyphs = .unicode) -> ScreenBuffer {
        var buf = ScreenBuffer(width: width, height: height)
        let view = currentView
        let layout = Layout(state: state, size: Size(width: width, height: height), timelineRows: view.rows.count)
        guard layout.fits else {
            Panes.tooSmall(&buf)
            return buf
        }
        var state = self.state
        if !view.pods.isEmpty { state.selected = min(max(0, state.selected), view.pods.count - 1) }
        state.scroll = layout.timelineScroll(state.scroll, selectedRow: view.row(ofPod: state.selected) ?? 0, rows: view.rows.count)
        Panes.header(&buf, layout.header, state: state, rollout: view.rollout, workloads: view.model.rollouts.count,
                     earlier: view.earlierRollouts, glyphs: glyphs)
        Panes.timeline(&buf, layout.timeline, state: state, rollout: view.rollout, pods: view.pods, rows: view.rows, scroll: state.scroll,
                       window: viewWindow(rollout: view.rollout), glyphs: glyphs, earlier: view.earlier, labels: view.labels)
        if let detail = layout.detail {
            Panes.detail(&buf, detail, state: state, pod: view.pod(state.selected), glyphs: glyphs, earlier: view.earlier(state.selected))
        }
        if let log = layout.log {
            Panes.log(&buf, log, state: state, entries: view.log(upTo: state.cursor), glyphs: glyphs)
        }
        Panes.footer(&buf, layout.footer, state: state, glyphs: glyphs)

        switch state.overlay {
        case .help: Panes.help(&buf, mode: state.mode, glyphs: glyphs)
        case .findings: Panes.findings(&buf, rollout: view.rollout, state: state, glyphs: glyphs)
        case .filter:
            // From the dashboard, the dashboard stays behind the prompt.
            if state.filterFromDashboard {
                Panes.workloads(&buf, rollouts: view.workloadOrder.map { view.model.rollouts[$0] }, total: view.model.rollouts.count,
                                history: view.model.history, state: state, glyphs: glyphs)
            }
            Panes.filterPrompt(&buf, draft: state.filterDraft, workloads: state.filterFromDashboard)
        case .workloads:
            Panes.workloads(&buf, rollouts: view.workloadOrder.map { view.model.rollouts[$0] }, total: view.model.rollouts.count,
                            history: view.model.history, state: state, glyphs: glyphs)
        case .none: break
        }
        return buf
    }
}
