/// The model at a point of a store, kept from one call to the next so that only what changed is
/// computed again: the UI asks for it whenever new observations arrive or the cursor crosses
/// one, and in a namespace of thousands of pods a change touches a few.
///
/// - Its own correlator follows the cursor forward in place (observations applied as they
///   come, no copy of every track); a jump back, or far ahead, starts from the store's
///   checkpoint.
/// - A pod's timeline is made again only when its track changed (`PodTrack.changedAt`, with the
///   store's `revision`, identifies a track's state), its events or its signals did.
/// - A workload's rollout is drafted again only when one of its pods, its membership, its
///   namespace's workload objects or its share of "no healthy upstream" changed; otherwise only
///   what depends on the time of the last observation (`asOf`) is redone (`Correlator.finished`).
///
/// What it returns is what `ObservationStore.model(at:)` returns, byte for byte in the report
/// (`IncrementalModelTests` replays simulated rollouts both ways). Pure, like the rest of the
/// core: a value, no clock, no shared state.
public struct IncrementalModel: Sendable {
    /// One pod: its timeline from the track (`base`), then with its events, termination and
    /// signals (`full`, what its rollout takes).
    struct PodEntry: Sendable {
        var changedAt: Int
        var base: PodTimeline
        var full: PodTimeline
        var group: String
    }

    /// One workload's pods and its rollout, kept while they do not change.
    struct Group: Sendable {
        var namespace: String
        /// Pod uids in the correlator's order.
        var members: [String] = []
        var dirty = true
        var draft: Correlator.RolloutDraft?
        var drops: [Signal] = []
        var workloadsAt = 0
        var asOf: Instant?
        var rollout: Rollout?
        /// Counts the rollout's changes: equal versions, equal rollouts (`version(ofRollout:)`).
        var version = 0
    }

    private var revision = -1
    private var position = 0
    private var correlator: Correlator?
    private var pods: [String: PodEntry] = [:]
    private var groups: [String: Group] = [:]
    private var groupOrder: [String] = []
    /// How many of the correlator's `order` are in `groups`.
    private var grouped = 0
    /// Pods by namespace/name (uids in order), for events that name their pod.
    private var byName: [String: [String]] = [:]
    private var eventsAt = -1
    /// Pods that have events, and pods that have signals: the ones to clear when they go.
    private var withEvents: Set<String> = []
    private var withSignals: Set<String> = []
    private var signalsAttached = 0
    private var unattributed: [Signal] = []
    private var built: (position: Int, signals: Int)?
    private var last: RolloutModel?
    private var nextVersion = 0

    /// How much the last call recomputed: pods whose timelines were made, rollouts drafted and
    /// rollouts only finished again (for tests and the benchmark).
    public private(set) var lastWork = (timelines: 0, drafted: 0, refinished: 0)

    public init() {}

    /// The world as it was at `t`: what `store.model(at: t)` gives.
    public mutating func model(of store: ObservationStore, at t: Instant) -> RolloutModel {
        model(of: store, upTo: store.count(at: t), signals: store.signalCount(at: t))
    }

    /// The world after every observation and signal: what `store.model()` gives.
    public mutating func model(of store: ObservationStore) -> RolloutModel {
        model(of: store, upTo: store.observations.count, signals: store.signals.count)
    }

    /// The rollout of `namespace`/`workload` changes whenever this number does (since this
    /// value was made); nil when there is no such rollout.
    public func version(ofRollout namespace: String, _ workload: String) -> Int? {
        groups[namespace + "/" + workload]?.version
    }

    /// The model after the first `n` observations and `s` signals of `store`.
    public mutating func model(of store: ObservationStore, upTo n: Int, signals s: Int) -> RolloutModel {
        if store.revision != revision { self = IncrementalModel(); revision = store.revision }
        lastWork = (0, 0, 0)
        if let built, built == (n, s), var m = last {
            m.warnings = store.warnings
            m.history = store.history
            m.signalSources = store.signalSources
            return m
        }
        var changed: [String]
        if correlator != nil, n >= position, n - position <= store.checkpointEvery {
            // Taken out while it changes, so that its tracks are not copied (it is the only reference).
            var c = correlator.take()!
            c.touched = []
            for o in store.observations[position..<n] { c.apply(o) }
            changed = Array(c.touched!)
            c.touched = nil
            correlator = c
        } else {
            let c = store.correlator(upTo: n)
            changed = c.order.filter { uid in pods[uid]?.changedAt != c.pods[uid]?.changedAt }
            let present = Set(c.order)
            let gone = pods.keys.filter { !present.contains($0) }
            if !gone.isEmpty || c.order.count < grouped {
                // Pods left (a jump back): forget them, and group again.
                for uid in gone { pods[uid] = nil }
                grouped = Int.max
            }
            correlator = c
        }
        position = n
        let model = build(changed: changed, signals: Array(store.signals.prefix(s)), store: store)
        built = (n, s)
        last = model
        return model
    }

    private mutating func build(changed: [String], signals: [Signal], store: ObservationStore) -> RolloutModel {
        let c = correlator!
        // Timelines of the pods whose tracks changed.
        var dirty = Set<String>()
        var regroup = grouped > c.order.count
        var reassign = c.eventsChangedAt != eventsAt
        // Per pod and independent: on both cores when thousands changed (a first model, a List).
        let bases = Parallel.map(changed.count) { i in c.pods[changed[i]].map { (c.timeline($0), $0.changedAt) } }
        pods.reserveCapacity(c.pods.count)
        for (uid, made) in zip(changed, bases) {
            guard let (base, changedAt) = made else { continue }
            let group = base.namespace + "/" + base.workload
            if let old = pods[uid] {
                if old.group != group { regroup = true }
                if old.base.name != base.name || old.base.createdAt != base.createdAt { reassign = true; regroup = true }
                pods[uid] = PodEntry(changedAt: changedAt, base: base, full: old.full, group: group)
            } else {
                pods[uid] = PodEntry(changedAt: changedAt, base: base, full: base, group: group)
                reassign = true
            }
            dirty.insert(uid)
        }
        lastWork.timelines = dirty.count

        // Workloads: new pods join their group at the end, as the correlator orders them.
        if regroup {
            var fresh: [String: [String]] = [:]
            var order: [String] = []
            byName = [:]
            for uid in c.order {
                guard let p = pods[uid] else { continue }
                if fresh[p.group] == nil { order.append(p.group) }
                fresh[p.group, default: []].append(uid)
                byName[p.base.namespace + "/" + p.base.name, default: []].append(uid)
            }
            var kept: [String: Group] = [:]
            for key in order {
                var g = groups[key] ?? Group(namespace: pods[fresh[key]![0]]!.base.namespace)
                if g.members != fresh[key]! { g.members = fresh[key]!; g.dirty = true }
                kept[key] = g
            }
            groups = kept
            groupOrder = order
        } else {
            for uid in c.order[grouped...] {
                guard let p = pods[uid] else { continue }
                if groups[p.group] == nil {
                    groups[p.group] = Group(namespace: p.base.namespace)
                    groupOrder.append(p.group)
                }
                groups[p.group]!.members.append(uid)
                groups[p.group]!.dirty = true
                byName[p.base.namespace + "/" + p.base.name, default: []].append(uid)
            }
        }
        grouped = c.order.count

        // Events: given to pods again when they or the pods changed (`Correlator.attachEvents`).
        var eventsOf: [String: [KubeEvent]]?
        if reassign {
            var assigned: [String: [KubeEvent]] = [:]
            for e in c.events where e.regarding.kind == nil || e.regarding.kind == "Pod" {
                var owner: String?
                if let uid = e.regarding.uid, pods[uid] != nil {
                    owner = uid
                } else if let name = e.regarding.name, let candidates = byName[e.namespace + "/" + name] {
                    owner = candidates.last { (pods[$0]!.base.createdAt ?? pods[$0]!.base.firstSeenAt) <= (e.at ?? .init(seconds: .infinity)) }
                        ?? candidates.first
                }
                if let owner { assigned[owner, default: []].append(e) }
            }
            for uid in assigned.keys {
                assigned[uid]!.sort { ($0.at ?? Instant(seconds: 0)) < ($1.at ?? Instant(seconds: 0)) }
            }
            for uid in withEvents.union(assigned.keys) where pods[uid] != nil {
                if pods[uid]!.full.events != assigned[uid] ?? [] { dirty.insert(uid) }
            }
            withEvents = Set(assigned.keys)
            eventsOf = assigned
            eventsAt = c.eventsChangedAt
        }

        // Each changed pod's events and termination.
        let remade = dirty.compactMap { pods[$0] }
        let fulls = Parallel.map(remade.count) { i -> PodTimeline in
            let p = remade[i], uid = p.base.uid
            var full = p.base
            full.events = eventsOf.map { $0[uid] ?? [] } ?? p.full.events
            full.termination = c.pods[uid].flatMap { c.termination($0, events: full.events) }
            full.signals = p.full.signals
            return full
        }
        for (p, full) in zip(remade, fulls) { pods[p.base.uid]!.full = full }

        // Signals: each to its pod by the address book of every pod, when there are any.
        var drops: [String: [Signal]] = [:]
        if !signals.isEmpty && (signals.count != signalsAttached || !dirty.isEmpty || regroup) {
            var timelines = c.order.compactMap { uid -> PodTimeline? in
                guard var t = pods[uid]?.full else { return nil }
                t.signals = []
                return t
            }
            var left = c.attach(signals, to: &timelines)
            var now: Set<String> = []
            for t in timelines {
                if !t.signals.isEmpty { now.insert(t.uid) }
                guard !t.signals.isEmpty || withSignals.contains(t.uid), pods[t.uid]!.full.signals != t.signals else { continue }
                pods[t.uid]!.full.signals = t.signals
                dirty.insert(t.uid)
            }
            withSignals = now
            if left.contains(where: \.noHealthyUpstream) {
                var index: [String: Int] = [:]
                for (i, t) in timelines.enumerated() { index[t.uid] = i }
                let workloads = groupOrder.map { key in
                    let first = timelines[index[groups[key]!.members[0]]!]
                    return WorkloadNames(key: key, namespace: first.namespace, workload: first.workload,
                                         services: Set(groups[key]!.members.flatMap { timelines[index[$0]!].endpoint.map { WorkloadNames.service(ofSlice: $0.slice) } }))
                }
                left = left.filter { s in
                    guard s.noHealthyUpstream, let key = WorkloadNames.match(s.service, in: workloads) else { return true }
                    drops[key, default: []].append(s)
                    return false
                }
            }
            unattributed = left
            signalsAttached = signals.count
        } else if signals.isEmpty {
            for uid in withSignals where pods[uid] != nil {
                pods[uid]!.full.signals = []
                dirty.insert(uid)
            }
            withSignals = []
            unattributed = []
            signalsAttached = 0
        } else {
            for key in groupOrder where !(groups[key]!.drops.isEmpty) { drops[key] = groups[key]!.drops }
        }
        for uid in dirty { if let g = pods[uid]?.group { groups[g]?.dirty = true } }

        // Rollouts: drafted again when their pods changed, finished again when time moved on.
        for key in groupOrder {
            var g = groups[key]!
            let workloadsAt = c.workloadsChangedAt[g.namespace] ?? 0
            let groupDrops = drops[key] ?? []
            if g.dirty || g.draft == nil || g.workloadsAt != workloadsAt || g.drops != groupDrops {
                var local = g.members.map { pods[$0]!.full }
                g.draft = c.draft(Array(local.indices), of: &local, rolloutDrops: groupDrops)
                g.rollout = c.finished(g.draft!)
                g.workloadsAt = workloadsAt
                g.drops = groupDrops
                g.asOf = c.asOf
                g.dirty = false
                nextVersion += 1
                g.version = nextVersion
                lastWork.drafted += 1
            } else if g.asOf != c.asOf {
                g.rollout = c.finished(g.draft!)
                g.asOf = c.asOf
                nextVersion += 1
                g.version = nextVersion
                lastWork.refinished += 1
            }
            groups[key] = g
        }
        var rollouts = groupOrder.map { groups[$0]!.rollout! }
        rollouts.sort { ($0.startedAt ?? $0.observedFrom, $0.namespace, $0.workload) < ($1.startedAt ?? $1.observedFrom, $1.namespace, $1.workload) }
        var m = RolloutModel(rollouts: rollouts, unattributedSignals: unattributed, asOf: c.asOf, warnings: store.warnings)
        m.history = store.history
        m.signalSources = store.signalSources
        return m
    }
}
