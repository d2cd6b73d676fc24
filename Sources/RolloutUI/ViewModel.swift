import RolloutCore

/// What the panes show at the cursor: the store's model there and what the header, timeline,
/// detail, log and overlays take from it. `App.refresh` builds it once per change (new data, a
/// cursor move past an observation, another filter, order or workload), never while drawing;
/// the cursor alone moving between observations reuses it.
public struct ViewModel: Sendable {
    /// What a view is built from. The observations and signals up to the cursor and the store's
    /// revision (pruning rewrites the data) identify the model.
    struct Inputs: Equatable, Sendable {
        var observations: Int
        var signals: Int
        var revision: Int
        var rolloutIndex: Int
        var filter: String
        var sort: SortOrder

        init(store: ObservationStore, state: AppState) {
            observations = store.count(at: state.cursor)
            signals = store.signalCount(at: state.cursor)
            revision = store.revision
            rolloutIndex = state.rolloutIndex
            filter = state.filter
            sort = state.sort
        }

        func sameModel(as other: Inputs) -> Bool {
            (observations, signals, revision) == (other.observations, other.signals, other.revision)
        }
    }

    private(set) var inputs: Inputs
    public let model: RolloutModel
    /// The rollout on screen: the state's index, kept within the model's rollouts.
    public let rollout: Rollout?
    /// The rollout's pods as shown: filtered by name, sorted, old pods above new ones; for a
    /// StatefulSet one per pod name (its latest incarnation), for a DaemonSet by node.
    public let pods: [PodTimeline]
    /// Per entry of `pods`: the earlier incarnations drawn on its row (a StatefulSet pod's
    /// predecessors under the same name), oldest first; empty otherwise.
    public let earlier: [[PodTimeline]]
    /// Per entry of `pods`: the row's label (the pod's name; a DaemonSet's node and name).
    public let labels: [String]
    /// The timeline's rows: a header for each ReplicaSet role, then its pods; for a StatefulSet
    /// or DaemonSet a caption, then its rows (`Lanes`).
    public let rows: [TimelineRow]
    /// Rollout indexes in dashboard order: mid-rollout first, then by namespace and name.
    public let workloadOrder: [Int]
    /// Rollouts of the workload on screen that a long session summarised (pruned).
    public let earlierRollouts: Int
    /// Events, dropped connections and findings of the rollout, oldest first: all of them; the
    /// log shows those up to the cursor (`log(upTo:)`).
    let log: [LogEntry]

    /// The view of `state` over `store`, reusing `previous`'s model when it is the same one,
    /// else building the model from scratch.
    init(store: ObservationStore, state: AppState, reusing previous: ViewModel? = nil) {
        var scratch: IncrementalModel?
        self.init(store: store, state: state, reusing: previous, models: &scratch)
    }

    /// The same, with the model from `models`, which keeps what did not change since its last
    /// model (`App` keeps one for its whole life): nil builds it from scratch.
    init(store: ObservationStore, state: AppState, reusing previous: ViewModel? = nil, models: inout IncrementalModel?) {
        var inputs = Inputs(store: store, state: state)
        let model = previous.flatMap { $0.inputs.sameModel(as: inputs) ? $0.model : nil }
            ?? (models != nil ? models!.model(of: store, at: state.cursor) : store.model(at: state.cursor))
        self.model = model
        if !model.rollouts.isEmpty { inputs.rolloutIndex = ViewModel.clamp(state.rolloutIndex, model) }
        self.inputs = inputs
        rollout = model.rollouts.isEmpty ? nil : model.rollouts[inputs.rolloutIndex]
        let shown = rollout.map { ViewModel.arrange($0, filter: state.filter, sort: state.sort) } ?? ([], [], [])
        (pods, earlier, labels) = shown
        if let rollout, Lanes.arranges(rollout.kind) {
            rows = [.caption(Lanes.caption(rollout))] + pods.indices.map { .pod($0) }
        } else {
            rows = ViewModel.rows(pods)
        }
        workloadOrder = ViewModel.workloadOrder(model.rollouts, filter: state.filter)
        if let rollout, !model.history.isEmpty {
            earlierRollouts = model.history.summaries(namespace: rollout.namespace, workload: rollout.workload)
                .filter { $0.kind == .rollout }.count
        } else {
            earlierRollouts = 0
        }
        log = ViewModel.logEntries(rollout, rolloutLevel: rollout == nil ? [] : model.unattributedSignals.filter { $0.source == .probe })
    }

    /// True while `state` over `store` would give this same view.
    func isCurrent(store: ObservationStore, state: AppState) -> Bool {
        var now = Inputs(store: store, state: state)
        guard now.sameModel(as: inputs) else { return false }
        if !model.rollouts.isEmpty { now.rolloutIndex = ViewModel.clamp(state.rolloutIndex, model) }
        return now == inputs
    }

    /// The rollout index in use: the state's, within the model's rollouts; nil when there are none.
    var rolloutIndex: Int? { rollout == nil ? nil : inputs.rolloutIndex }

    static func clamp(_ index: Int, _ model: RolloutModel) -> Int { min(max(0, index), model.rollouts.count - 1) }

    /// The pod at `index` among `pods`, if there is one.
    public func pod(_ index: Int) -> PodTimeline? { pods.indices.contains(index) ? pods[index] : nil }

    /// The earlier incarnations on the row of the pod at `index`.
    public func earlier(_ index: Int) -> [PodTimeline] { earlier.indices.contains(index) ? earlier[index] : [] }

    /// The row showing the pod at `index` among `pods`.
    func row(ofPod index: Int) -> Int? { rows.firstIndex { $0 == .pod(index) } }

    /// The log entries at or before `t`.
    func log(upTo t: Instant) -> ArraySlice<LogEntry> { ViewModel.entries(log, upTo: t) }

    /// The entries at or before `t` of a log in time order: a prefix, found by bisection.
    static func entries(_ log: [LogEntry], upTo t: Instant) -> ArraySlice<LogEntry> {
        var lo = 0, hi = log.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if log[mid].time <= t { lo = mid + 1 } else { hi = mid }
        }
        return log[..<lo]
    }

    // MARK: Building

    /// The rows' pods, earlier incarnations and labels: one row a pod (`arrange(_:filter:sort:)`),
    /// or for a StatefulSet or DaemonSet its `Lanes`, in lane order unless another order is
    /// chosen.
    static func arrange(_ rollout: Rollout, filter: String, sort: SortOrder) -> ([PodTimeline], [[PodTimeline]], [String]) {
        guard Lanes.arranges(rollout.kind) else {
            let pods = arrange(rollout.pods, filter: filter, sort: sort)
            return (pods, pods.map { _ in [] }, pods.map(\.name))
        }
        let all = rollout.pods.filter { matches($0, filter) }
        var lanes = Lanes.rows(all, kind: rollout.kind)
        switch sort {
        case .rollout: break
        case .name: lanes.sort { all[$0.current].name < all[$1.current].name }
        case .status: lanes.sort { (all[$0.current].status, $0.label) < (all[$1.current].status, $1.label) }
        case .termination:
            func requested(_ l: Lanes.Lane) -> Instant {
                l.pods.compactMap { all[$0].termination?.requestedAt }.min() ?? Instant(seconds: .infinity)
            }
            lanes.sort { requested($0) != requested($1) ? requested($0) < requested($1) : $0.label < $1.label }
        }
        return (lanes.map { all[$0.current] }, lanes.map { $0.pods.dropLast().map { all[$0] } }, lanes.map(\.label))
    }

    static func arrange(_ pods: [PodTimeline], filter: String, sort: SortOrder) -> [PodTimeline] {
        let shown = filter.isEmpty ? pods : pods.filter { matches($0, filter) }
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

    static func rows(_ pods: [PodTimeline]) -> [TimelineRow] {
        var out: [TimelineRow] = []
        out.reserveCapacity(pods.count + 2)
        var last: Role?
        for (i, p) in pods.enumerated() {
            if p.role != last {
                out.append(.group(p.role, p.replicaSet, pods.filter { $0.role == p.role }.count))
                last = p.role
            }
            out.append(.pod(i))
        }
        return out
    }

    /// Whether the filter (`/`) keeps a pod: part of its name, or of `namespace/name`, in any
    /// case (`shop` and `shop/web` keep the pods of namespace shop and of its web).
    static func matches(_ p: PodTimeline, _ filter: String) -> Bool {
        guard !filter.isEmpty else { return true }
        // The name is part of `namespace/name`: one search covers both.
        return contains(p.namespace, p.name, folded: Array(filter.lowercased().utf8))
    }

    /// Whether the filter keeps a workload on the dashboard: part of `namespace/workload`, or
    /// one of its pods.
    static func matches(_ r: Rollout, _ filter: String) -> Bool {
        guard !filter.isEmpty else { return true }
        let needle = Array(filter.lowercased().utf8)
        return contains(r.namespace, r.workload, folded: needle) || r.pods.contains { contains($0.namespace, $0.name, folded: needle) }
    }

    /// Whether `namespace/name`, lowercased, holds `needle` (lowercased UTF-8). ASCII text (every
    /// Kubernetes name) is compared byte by byte in a buffer on the stack, folding A-Z, with no
    /// string made: the filter runs over every pod at each key typed. Other text is lowercased
    /// as Swift does.
    static func contains(_ namespace: String, _ name: String, folded needle: [UInt8]) -> Bool {
        let count = namespace.utf8.count + 1 + name.utf8.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { hay in
            var n = 0
            for c in namespace.utf8 { hay[n] = c; n += 1 }
            hay[n] = UInt8(ascii: "/"); n += 1
            for c in name.utf8 { hay[n] = c; n += 1 }
            guard hay.allSatisfy({ $0 < 0x80 }) else {
                return (namespace + "/" + name).lowercased().contains(String(decoding: needle, as: UTF8.self))
            }
            guard needle.count <= count else { return false }
            if needle.isEmpty { return true }
            for start in 0...(count - needle.count) {
                var k = 0
                while k < needle.count {
                    var c = hay[start + k]
                    if c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") { c += 32 }
                    if c != needle[k] { break }
                    k += 1
                }
                if k == needle.count { return true }
            }
            return false
        }
    }

    /// The dashboard's order, grouped by namespace: namespaces with a rollout in progress
    /// first, then the others, each by name; in a namespace its rolling workloads first, then
    /// by name and kind. Only the workloads the filter keeps.
    static func workloadOrder(_ rollouts: [Rollout], filter: String = "") -> [Int] {
        var rollingNamespaces = Set<String>()
        for r in rollouts where r.progress.isRolling { rollingNamespaces.insert(r.namespace) }
        return rollouts.indices.filter { matches(rollouts[$0], filter) }.sorted { a, b in
            let ra = rollouts[a], rb = rollouts[b]
            if ra.namespace != rb.namespace {
                let na = rollingNamespaces.contains(ra.namespace), nb = rollingNamespaces.contains(rb.namespace)
                return na != nb ? na : ra.namespace < rb.namespace
            }
            let ma = ra.progress.isRolling, mb = rb.progress.isRolling
            if ma != mb { return ma }
            return (ra.workload, ra.kind?.rawValue ?? "") < (rb.workload, rb.kind?.rawValue ?? "")
        }
    }

    /// Events, dropped connections (the prober's failures and slow answers too) and findings of
    /// the rollout, oldest first (in that order within one instant). `rolloutLevel`: the
    /// prober's signals that no pod claimed (no answer, no header, or a header naming no pod
    /// watched), shown on whichever rollout is on screen: the prober has one URL, the front
    /// door of what is watched.
    static func logEntries(_ rollout: Rollout?, rolloutLevel: [Signal] = []) -> [LogEntry] {
        guard let rollout else { return [] }
        var out: [LogEntry] = []
        for p in rollout.pods {
            for e in p.events {
                guard let at = e.at else { continue }
                out.append(LogEntry(time: at, pod: p.name, runs: [Run(e.reason, e.type == "Warning" ? .warning : .event), Run(" " + e.message)]))
            }
            for s in p.signals where s.dropped || s.source == .probe {
                out.append(LogEntry(time: s.time, pod: p.name, runs: signalRuns(s)))
            }
        }
        for s in rolloutLevel {
            out.append(LogEntry(time: s.time, pod: nil, runs: signalRuns(s)))
        }
        // Requests the proxy failed itself, having no endpoint: one entry per stretch.
        let sources = Array(Set(rollout.rolloutDrops.map(Panes.sourceName))).sorted()
        for span in rollout.noEndpointSpans {
            out.append(LogEntry(time: span.from, pod: nil, runs: [
                Run("no endpoint", .signal),
                Run(" \(span.requests) failed by the proxy in \(formatDuration(span.seconds))"),
                Run(" " + sources.joined(separator: ", "), .dim)]))
        }
        for f in rollout.findings {
            out.append(LogEntry(time: f.at ?? rollout.observedUntil, pod: f.pod, runs: [Run(f.kind.rawValue, Style(f.severity)), Run(" " + f.message)]))
        }
        return out.enumerated().sorted { a, b in
            a.element.time != b.element.time ? a.element.time < b.element.time : a.offset < b.offset
        }.map(\.element)
    }
}

extension ViewModel {
    /// `dropped GET /api 502` from a log; `probe 5xx GET / 503 in 3 ms` from the prober.
    static func signalRuns(_ s: Signal) -> [Run] {
        switch s.source {
        case .log: [Run("dropped", .signal), Run(" " + s.summary), Run(" " + Panes.sourceName(s), .dim)]
        case .probe: [Run("probe \(s.kind)", s.dropped ? .signal : .warning), Run(" " + s.summary)]
        }
    }
}

/// A row of the timeline: a ReplicaSet's header (role, name, pod count), a caption (how a
/// StatefulSet's or DaemonSet's rows are laid out, and its revisions) or a pod (its index
/// among the view's pods).
public enum TimelineRow: Sendable, Equatable {
    case group(Role, String, Int)
    case caption(String)
    case pod(Int)
}

/// One line of the log: when, which pod (nil: the rollout), and what.
public struct LogEntry: Sendable, Equatable {
    public var time: Instant
    public var pod: String?
    public var runs: [Run]
}
