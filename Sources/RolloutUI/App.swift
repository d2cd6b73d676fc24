import RolloutCore

/// The UI's controller: the data (`store`), the view state, and the view of the model at the
/// cursor. Keys, data and time go in (`handle`, `receive`/`apply`, `setNow`/`advance`), each
/// followed by `refresh`, which rebuilds the view when its inputs changed and keeps selection
/// and scrolling within it; `render` then draws without changing anything. No terminal, no clock.
public struct App: Sendable {
    public var store: ObservationStore
    public var state: AppState
    /// The terminal's size: the layout, the page size and the scroll limits follow it. 80x24
    /// until the run loop says otherwise.
    public private(set) var size = Size(width: 80, height: 24)
    /// The glyphs the terminal shows (they change how the detail's lines wrap).
    public var glyphs: Glyphs = .unicode
    /// The view `refresh` built; current after every change made through `App`'s methods.
    public private(set) var view: ViewModel
    /// The models `refresh` asked for, kept so that the next one recomputes only what changed
    /// (`IncrementalModel`).
    var models: IncrementalModel? = IncrementalModel()

    public init(store: ObservationStore, mode: Mode, source: String) {
        self.store = store
        let end = store.end ?? Instant(seconds: 0)
        state = AppState(mode: mode, source: source, cursor: end)
        view = ViewModel(store: store, state: state, models: &models)
        refresh()
    }

    // MARK: The view

    /// The view for the current state: the one `refresh` built, or, when `state` or `store` was
    /// changed directly since, a new one (built, not kept).
    public var currentView: ViewModel {
        view.isCurrent(store: store, state: state) ? view : ViewModel(store: store, state: state, reusing: view)
    }

    /// The layout at the terminal's size.
    public var layout: Layout { Layout(state: state, size: size, timelineRows: currentView.rows.count) }

    /// The model at the cursor.
    public func model() -> RolloutModel { currentView.model }

    /// The rollout on screen, if any.
    public func rollout() -> Rollout? { currentView.rollout }

    /// The pods shown, filtered and sorted.
    public func visiblePods() -> [PodTimeline] { currentView.pods }

    public func selectedPod() -> PodTimeline? { currentView.pod(state.selected) }

    /// Rollout indexes in dashboard order: mid-rollout first, then by namespace and name.
    public func workloadOrder() -> [Int] { currentView.workloadOrder }

    /// Rebuilds the view if what it shows changed, then keeps the workload, the selection and
    /// every scroll position within what there is to show at the terminal's size.
    public mutating func refresh() {
        if !view.isCurrent(store: store, state: state) { view = ViewModel(store: store, state: state, reusing: view, models: &models) }
        if let index = view.rolloutIndex { state.rolloutIndex = index }
        if !view.pods.isEmpty { state.selected = min(max(0, state.selected), view.pods.count - 1) }
        let layout = Layout(state: state, size: size, timelineRows: view.rows.count)
        guard layout.fits else { return }
        state.scroll = layout.timelineScroll(state.scroll, selectedRow: view.row(ofPod: state.selected) ?? 0, rows: view.rows.count)
        // The other scroll positions stop at their last line, so the opposite key moves at once.
        // A pane not on screen keeps its position.
        if state.detailScroll > 0, let detail = layout.detail?.inset(1) {
            let lines = Panes.detailContent(view.pod(state.selected), cursor: state.cursor, width: detail.width, glyphs: glyphs,
                                            earlier: view.earlier(state.selected)).count
            state.detailScroll = min(state.detailScroll, max(0, lines - detail.height))
        }
        if state.logScroll > 0, let log = layout.log?.inset(1) {
            state.logScroll = min(state.logScroll, max(0, view.log(upTo: state.cursor).count - log.height))
        }
        if state.findingsScroll > 0, state.overlay == .findings {
            let box = Panes.findingsRect(size)
            let lines = Panes.findingsContent(view.rollout, cursor: state.cursor, width: box.inset(1).width).count
            state.findingsScroll = min(state.findingsScroll, max(0, lines - box.inset(1).height))
        }
    }

    /// The terminal changed size.
    public mutating func resize(to size: Size) {
        self.size = size
        refresh()
    }

    // MARK: Time

    /// Live: new observations and signals arrived.
    public mutating func receive(_ observations: [Observation], signals: [Signal] = []) {
        store.append(observations)
        store.append(signals: signals)
        refresh()
    }

    /// Live: the current time; the cursor follows it unless the user moved away.
    public mutating func setNow(_ now: Instant) {
        if state.follow { state.cursor = now }
        refresh()
    }

    /// Live: what the source delivered on one tick. True when the screen must be redrawn: new
    /// data, a message, or a problem that came or went (a following cursor alone does not).
    @discardableResult
    public mutating func apply(_ update: FeedUpdate) -> Bool {
        var changed = false
        if !update.observations.isEmpty || !update.signals.isEmpty {
            store.append(update.observations)
            store.append(signals: update.signals)
            changed = true
        }
        if state.follow { state.cursor = update.now }
        if let message = update.message {
            state.message = message
            changed = true
        }
        if state.liveProblem != update.problem {
            state.liveProblem = update.problem
            changed = true
        }
        if state.probe != update.probe {
            state.probe = update.probe
            changed = true
        }
        refresh()
        return changed
    }

    /// Replay: `seconds` of wall time passed; a playing cursor moves by them times the speed.
    public mutating func advance(seconds: Double) {
        guard state.mode == .replay, state.playing, let end = store.end else { return }
        state.cursor = min(state.cursor + seconds * state.speed, end)
        if state.cursor >= end { state.playing = false }
        keepCursorVisible()
        refresh()
    }

    var dataStart: Instant { store.start ?? state.cursor }
    var dataEnd: Instant { state.mode == .live ? max(store.end ?? state.cursor, state.cursor) : (store.end ?? state.cursor) }

    /// The time window the timeline shows now: the user's, or the whole rollout.
    public func viewWindow() -> (start: Instant, span: Double) { viewWindow(rollout: currentView.rollout) }

    func viewWindow(rollout: Rollout?) -> (start: Instant, span: Double) {
        if let s = state.viewStart, let span = state.viewSpan { return (s, span) }
        return fittedWindow(rollout: rollout)
    }

    /// The window that fits the whole rollout, with a lead before it.
    func fittedWindow(rollout: Rollout?) -> (start: Instant, span: Double) {
        let end = max(dataEnd, state.cursor)
        var start = dataStart
        if let r = rollout, let began = r.startedAt {
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
    public func rolloutStart() -> Instant { fittedWindow(rollout: currentView.rollout).start }

    /// Moves the view so the cursor stays inside it (when zoomed in).
    mutating func keepCursorVisible() {
        guard let span = state.viewSpan, let start = state.viewStart else { return }
        if state.cursor < start || state.cursor > start + span {
            state.viewStart = state.cursor - span * 0.8
        }
    }
}
