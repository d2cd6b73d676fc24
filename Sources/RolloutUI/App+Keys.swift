import RolloutCore

extension App {
    /// Applies one key: the command `KeyCommand.table` gives it here, if any. The footer's note
    /// lasts until the next key.
    public mutating func handle(_ key: Key) {
        refresh()
        state.message = nil
        KeyCommand.command(for: key, in: state)?.action(&self, key)
        refresh()
    }

    // MARK: Selection and scrolling

    /// Moves the selection (timeline) or scrolls the focused pane.
    mutating func scroll(by delta: Int) {
        switch state.focus {
        case .timeline: select(state.selected + delta)
        case .detail: state.detailScroll = max(0, state.detailScroll + delta)
        case .log: state.logScroll = max(0, state.logScroll - delta)
        }
    }

    mutating func select(_ index: Int) {
        let count = view.pods.count
        state.selected = count == 0 ? 0 : min(max(0, index), count - 1)
        state.detailScroll = 0
    }

    mutating func scrollFindings(by delta: Int) {
        state.findingsScroll = max(0, state.findingsScroll + delta)
    }

    // MARK: Time window and cursor

    mutating func pan(by fraction: Double) {
        let w = viewWindow()
        state.viewStart = w.start + w.span * fraction
        state.viewSpan = w.span
    }

    mutating func zoom(by factor: Double) {
        let w = viewWindow()
        let span = min(max(w.span * factor, 10), 7 * 86400)
        // Keep the cursor where it is on screen when it is visible, else the centre.
        let anchor = state.cursor >= w.start && state.cursor <= w.start + w.span ? state.cursor : w.start + w.span / 2
        let ratio = (anchor - w.start) / w.span
        state.viewStart = anchor - span * ratio
        state.viewSpan = span
    }

    mutating func jump(to t: Instant?) {
        guard let t else { return }
        state.cursor = t
        state.follow = false
        if state.mode == .live, let end = store.end, t >= end { state.follow = true }
        keepCursorVisible()
    }

    /// Moves the cursor by one timeline column.
    mutating func step(by columns: Int) {
        let w = viewWindow()
        let stepSeconds = max(1, w.span / 60)
        var t = state.cursor + stepSeconds * Double(columns)
        t = min(max(t, dataStart), dataEnd)
        jump(to: t)
    }

    /// Replay: plays from the start when at the end, else plays or pauses where it is.
    mutating func togglePlaying() {
        if !state.playing, let end = store.end, state.cursor >= end { state.cursor = rolloutStart() }
        state.playing.toggle()
    }

    mutating func changeSpeed(_ direction: Int) {
        let speeds = AppState.speeds
        let i = speeds.firstIndex { $0 >= state.speed } ?? 2
        state.speed = speeds[min(max(0, i + direction), speeds.count - 1)]
        state.message = "speed x\(JSONWriter.formatNumber(state.speed))"
    }

    /// Live: holds the cursor where it is, or lets it follow now again.
    mutating func toggleFollowing() {
        state.follow.toggle()
        state.message = state.follow ? "following live" : "paused: the cursor stays at \(state.cursor.clock)"
    }

    mutating func followLive() {
        state.follow = true
        state.message = "following live"
    }

    // MARK: Lists and the filter

    mutating func cycleSort() {
        let all = SortOrder.allCases
        state.sort = all[(all.firstIndex(of: state.sort)! + 1) % all.count]
        state.message = "sorted by \(state.sort.rawValue)"
    }

    mutating func moveWorkloadCursor(by delta: Int) {
        state.workloadCursor = min(max(0, view.workloadOrder.count - 1), max(0, state.workloadCursor + delta))
    }

    /// Opens the workload under the dashboard's cursor, fitted, its first pod selected.
    mutating func openSelectedWorkload() {
        let order = view.workloadOrder
        if state.workloadCursor < order.count { state.rolloutIndex = order[state.workloadCursor] }
        state.selected = 0
        state.scroll = 0
        state.viewStart = nil
        state.viewSpan = nil
        state.overlay = .none
    }

    mutating func applyFilter() {
        state.filter = state.filterDraft
        state.overlay = state.filterFromDashboard ? .workloads : .none
        state.workloadCursor = 0
        state.selected = 0
        state.scroll = 0
    }

    mutating func typeInFilter(_ c: Character) {
        // Pod names are DNS labels: keep the draft printable and short.
        if state.filterDraft.count < 63, c.unicodeScalars.allSatisfy({ !Sanitizer.isUnsafe($0) }) { state.filterDraft.append(c) }
    }
}
