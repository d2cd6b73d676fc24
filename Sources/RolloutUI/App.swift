import RolloutCore

/// The UI's controller: the data (`store`), the view state, and the model at the cursor.
/// Keys and time go in; a `ScreenBuffer` comes out. No terminal, no clock.
public struct App: Sendable {
    public var store: ObservationStore
    public var state: AppState
    /// The model at `state.cursor`. It depends only on the observations and signals up to the
    /// cursor, so it is rebuilt only when those counts change, not on every tick of a live clock.
    var cache: (observations: Int, signals: Int, model: RolloutModel)?
    /// Rows the timeline showed in the last frame (for PgUp/PgDn and scrolling).
    public internal(set) var pageSize = 10
    /// Rows the timeline list has (group headers and pods), for the layout.
    var timelineRows = 0

    public init(store: ObservationStore, mode: Mode, source: String) {
        self.store = store
        let end = store.end ?? Instant(seconds: 0)
        state = AppState(mode: mode, source: source, cursor: end)
    }

    // MARK: Data

    public mutating func model() -> RolloutModel {
        let observations = store.count(at: state.cursor)
        let signals = store.signalCount(at: state.cursor)
        if let c = cache, c.observations == observations, c.signals == signals { return c.model }
        let m = store.model(at: state.cursor)
        cache = (observations, signals, m)
        return m
    }

    /// The rollout on screen, if any.
    public mutating func rollout() -> Rollout? {
        let m = model()
        guard !m.rollouts.isEmpty else { return nil }
        state.rolloutIndex = min(max(0, state.rolloutIndex), m.rollouts.count - 1)
        return m.rollouts[state.rolloutIndex]
    }

    /// The pods shown, filtered and sorted.
    public mutating func visiblePods() -> [PodTimeline] {
        guard let r = rollout() else { return [] }
        return App.arrange(r.pods, filter: state.filter, sort: state.sort)
    }

    static func arrange(_ pods: [PodTimeline], filter: String, sort: SortOrder) -> [PodTimeline] {
        let needle = filter.lowercased()
        let shown = needle.isEmpty ? pods : pods.filter { $0.name.lowercased().contains(needle) }
        // Old pods stay above new ones whatever the order inside each group.
        let groups = [shown.filter { $0.role == .old }, shown.filter { $0.role == .new }]
        return groups.flatMap { group -> [PodTimeline] in
            switch sort {
            case .rollout: return group
            case .name: return group.sorted { $0.name < $1.name }
            case .status: return group.sorted { ($0.status, $0.name) < ($1.status, $1.name) }
            case .termination:
                return group.sorted { a, b in
                    let ta = a.termination?.requestedAt ?? Instant(seconds: .infinity)
                    let tb = b.termination?.requestedAt ?? Instant(seconds: .infinity)
                    return ta != tb ? ta < tb : a.name < b.name
                }
            }
        }
    }

    public mutating func selectedPod() -> PodTimeline? {
        let pods = visiblePods()
        guard !pods.isEmpty else { return nil }
        state.selected = min(max(0, state.selected), pods.count - 1)
        return pods[state.selected]
    }

    // MARK: Time

    /// Live: new observations and signals arrived.
    public mutating func receive(_ observations: [Observation], signals: [Signal] = []) {
        let revision = store.revision
        store.append(observations)
        store.append(signals: signals)
        // Pruning rewrote the data: the cached model's counts no longer identify it.
        if store.revision != revision { cache = nil }
    }

    /// Live: the current time; the cursor follows it unless the user moved away.
    public mutating func setNow(_ now: Instant) {
        if state.follow { state.cursor = now }
    }

    /// Replay: `seconds` of wall time passed; a playing cursor moves by them times the speed.
    public mutating func advance(seconds: Double) {
        guard state.mode == .replay, state.playing, let end = store.end else { return }
        state.cursor = min(state.cursor + seconds * state.speed, end)
        if state.cursor >= end { state.playing = false }
        keepCursorVisible()
    }

    var dataStart: Instant { store.start ?? state.cursor }
    var dataEnd: Instant { state.mode == .live ? max(store.end ?? state.cursor, state.cursor) : (store.end ?? state.cursor) }

    /// Moves the view so the cursor stays inside it (when zoomed in).
    mutating func keepCursorVisible() {
        guard let span = state.viewSpan, let start = state.viewStart else { return }
        if state.cursor < start || state.cursor > start + span {
            state.viewStart = state.cursor - span * 0.8
        }
    }
}
