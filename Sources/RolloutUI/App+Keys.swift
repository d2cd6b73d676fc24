import RolloutCore

extension App {
    /// Applies one key. Every key the help overlay lists is handled here.
    public mutating func handle(_ key: Key) {
        state.message = nil
        switch state.overlay {
        case .filter: return handleFilter(key)
        case .help:
            if key == .escape || key == .char("?") || key == .char("q") { state.overlay = .none }
            return
        case .workloads:
            let count = model().rollouts.count
            switch key {
            case .escape, .char("w"), .char("q"): state.overlay = .none
            case .up, .char("k"): state.workloadCursor = max(0, state.workloadCursor - 1)
            case .down, .char("j"): state.workloadCursor = min(max(0, count - 1), state.workloadCursor + 1)
            case .enter:
                let order = workloadOrder()
                if state.workloadCursor < order.count { state.rolloutIndex = order[state.workloadCursor] }
                state.selected = 0
                state.scroll = 0
                state.viewStart = nil
                state.viewSpan = nil
                state.overlay = .none
            default: break
            }
            return
        case .findings:
            switch key {
            case .escape, .char("f"), .char("q"): state.overlay = .none
            case .up, .char("k"): state.findingsScroll = max(0, state.findingsScroll - 1)
            case .down, .char("j"): state.findingsScroll += 1
            case .pageUp: state.findingsScroll = max(0, state.findingsScroll - 10)
            case .pageDown: state.findingsScroll += 10
            default: break
            }
            return
        case .none: break
        }

        switch key {
        case .char("q"): state.quit = true
        case .char("?"): state.overlay = .help
        case .char("f"): state.overlay = .findings; state.findingsScroll = 0
        case .char("/"): state.overlay = .filter; state.filterDraft = state.filter
        case .escape:
            if state.detailExpanded { state.detailExpanded = false } else if !state.filter.isEmpty { state.filter = "" }
        case .tab: state.focus = Focus(rawValue: (state.focus.rawValue + 1) % Focus.allCases.count)!
        case .backTab: state.focus = Focus(rawValue: (state.focus.rawValue + Focus.allCases.count - 1) % Focus.allCases.count)!
        case .enter: state.detailExpanded.toggle()
        case .up, .char("k"): scroll(by: -1)
        case .down, .char("j"): scroll(by: 1)
        case .pageUp: scroll(by: -max(1, pageSize - 1))
        case .pageDown: scroll(by: max(1, pageSize - 1))
        case .home: select(0)
        case .end: select(Int.max)
        case .left, .char("h"): pan(by: -0.125)
        case .right, .char("l"): pan(by: 0.125)
        case .char("+"), .char("="): zoom(by: 0.5)
        case .char("-"), .char("_"): zoom(by: 2)
        case .char("0"): state.viewStart = nil; state.viewSpan = nil
        case .char("s"):
            let all = SortOrder.allCases
            state.sort = all[(all.firstIndex(of: state.sort)! + 1) % all.count]
            state.message = "sorted by \(state.sort.rawValue)"
        case .char("w"): state.overlay = .workloads; state.workloadCursor = 0
        case .char(" "):
            if state.mode == .replay {
                if !state.playing, let end = store.end, state.cursor >= end { state.cursor = rolloutStart() }
                state.playing.toggle()
            } else {
                state.follow.toggle()
                state.message = state.follow ? "following live" : "paused: the cursor stays at \(state.cursor.clock)"
            }
        case .char("["): changeSpeed(-1)
        case .char("]"): changeSpeed(1)
        case .char("n"): jump(to: store.nextChange(after: state.cursor))
        case .char("N"): jump(to: store.previousChange(before: state.cursor))
        case .char("g"): jump(to: rolloutStart())
        case .char("G"):
            if state.mode == .live { state.follow = true; state.message = "following live" } else { jump(to: store.end) }
        case .char(","): step(by: -1)
        case .char("."): step(by: 1)
        default: break
        }
    }

    mutating func handleFilter(_ key: Key) {
        switch key {
        case .escape: state.overlay = .none
        case .enter:
            state.filter = state.filterDraft
            state.overlay = .none
            state.selected = 0
            state.scroll = 0
        case .backspace: if !state.filterDraft.isEmpty { state.filterDraft.removeLast() }
        case .char(let c):
            // Pod names are DNS labels: keep the draft printable and short.
            if state.filterDraft.count < 63, c.unicodeScalars.allSatisfy({ !Sanitizer.isUnsafe($0) }) { state.filterDraft.append(c) }
        default: break
        }
    }

    /// Rollout indexes in dashboard order: mid-rollout first, then by namespace and name.
    public mutating func workloadOrder() -> [Int] {
        let rollouts = model().rollouts
        return rollouts.indices.sorted { a, b in
            let ra = rollouts[a], rb = rollouts[b]
            let ma = ra.progress.isRolling, mb = rb.progress.isRolling
            if ma != mb { return ma }
            return (ra.namespace, ra.workload) < (rb.namespace, rb.workload)
        }
    }

    mutating func scroll(by delta: Int) {
        switch state.focus {
        case .timeline: select(state.selected + delta)
        case .detail: state.detailScroll = max(0, state.detailScroll + delta)
        case .log: state.logScroll = max(0, state.logScroll - delta)
        }
    }

    mutating func select(_ index: Int) {
        let count = visiblePods().count
        state.selected = count == 0 ? 0 : min(max(0, index), count - 1)
        state.detailScroll = 0
    }

    /// The time window the timeline shows now: the user's, or the whole rollout.
    public mutating func viewWindow() -> (start: Instant, span: Double) {
        if let s = state.viewStart, let span = state.viewSpan { return (s, span) }
        let r = rollout()
        let end = max(dataEnd, state.cursor)
        var start = dataStart
        if let r, let began = r.startedAt {
            let lead = max(30, ((r.finishedAt ?? end) - began) * 0.1)
            start = max(start, began - lead)
        }
        // A little room after the end, so the cursor there has a column of its own. Live, the
        // window starts at two minutes, so the cursor walks across it instead of squeezing it.
        let span = max(state.mode == .live ? 120 : 10, end - start)
        return (start, span * 1.04)
    }

    /// Where `g` goes: the start of the fitted view (just before the rollout), not the first
    /// observation, which for old pods can be their creation days earlier.
    mutating func rolloutStart() -> Instant {
        let saved = (state.viewStart, state.viewSpan)
        state.viewStart = nil
        state.viewSpan = nil
        let start = viewWindow().start
        (state.viewStart, state.viewSpan) = saved
        return start
    }

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

    mutating func changeSpeed(_ direction: Int) {
        let speeds = AppState.speeds
        let i = speeds.firstIndex { $0 >= state.speed } ?? 2
        state.speed = speeds[min(max(0, i + direction), speeds.count - 1)]
        state.message = "speed ×\(JSONWriter.formatNumber(state.speed))"
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
}
