/// Folds observations into per-pod state; `model(signals:)` turns that state into rollouts.
///
/// Pure and deterministic: time comes only from the observations. Feed observations in time
/// order (`InputLoader` sorts them); a live source can keep applying as changes arrive.
public struct Correlator: Sendable {
    private(set) var pods: [String: PodTrack] = [:]
    /// Insertion order of uids, for stable output.
    private(set) var order: [String] = []
    var events: [KubeEvent] = []
    /// Event key (uid, else a composite) to its index in `events`.
    var eventIndex: [String: Int] = [:]
    var workloads: [String: WorkloadInfo] = [:]
    /// Per slice (namespace/name): the endpoints last seen, to notice pods that left it.
    var sliceMembers: [String: Set<String>] = [:]
    /// Pod list scopes: the uids each scope listed last time.
    var scopeMembers: [String: Set<String>] = [:]
    /// Pods by name and IP, for endpoints: built when the first EndpointSlice arrives (a
    /// report of pods alone never needs it), kept up to date from then on.
    private(set) var lookup: PodLookup?
    public private(set) var asOf: Instant?
    public private(set) var count = 0
    /// What changed, for `IncrementalModel` (`ChangeLog`): each track's `changedAt`, and when
    /// the events and each namespace's workload objects last changed (as `count`s).
    var eventsChangedAt = 0
    var workloadsChangedAt: [String: Int] = [:]
    /// The uids touched since `IncrementalModel` last read them; nil (the default) keeps none.
    var touched: Set<String>?

    public init() {}

    public mutating func apply(_ observations: [Observation]) {
        for o in observations { apply(o) }
    }

    public mutating func apply(_ obs: Observation) {
        count += 1
        asOf = max(asOf, obs.time)
        switch obs.payload {
        case .pod(let pod, let action):
            see(pod, at: obs.time, action: action, estimated: obs.estimated)
        case .podList(let list, let scope):
            applyList(list, scope: scope, at: obs.time, estimated: obs.estimated)
        case .event(let event):
            applyEvent(event)
        case .slice(let slice, let action):
            seeSlice(slice, at: obs.time, deleted: action == .deleted)
        case .workload(let info):
            workloads[info.kind + "/" + info.namespace + "/" + info.name] = info
            workloadsChangedAt[info.namespace] = count
        }
    }

    /// A complete list: every pod in it seen, and pods it no longer holds gone.
    mutating func applyList(_ list: [Pod], scope: String, at time: Instant, estimated: Bool) {
        var present = Set<String>(minimumCapacity: list.count)
        var workloadsPresent = Set<WorkloadName>()
        pods.reserveCapacity(pods.count + list.count)
        for pod in list {
            present.insert(pod.uid)
            workloadsPresent.insert(WorkloadName(namespace: pod.namespace, workload: pod.workload))
        }
        if list.count >= 1000 && present.count == list.count {
            // Thousands of distinct pods: each track is updated on its own, on both cores.
            var updated = Parallel.map(list.count) { i -> PodTrack? in
                var track = pods[list[i].uid] ?? PodTrack(pod: list[i], firstSeen: time)
                track.update(list[i], at: time, deleted: false, estimated: estimated)
                track.changedAt = count
                return track
            }
            for (i, pod) in list.enumerated() {
                // Moved out (`take`): the results are freed empty, the track stays unshared.
                let before = pods.updateValue(updated[i].take()!, forKey: pod.uid)
                if before == nil { order.append(pod.uid) }
                if lookup != nil { reindex(pod.uid, before: before.map(PodLookup.Entry.init), after: pods[pod.uid]!) }
                touched?.insert(pod.uid)
            }
        } else {
            for pod in list { see(pod, at: time, action: .listed, estimated: estimated) }
        }
        // Pods listed before in this scope, or of a workload this list covers, are gone.
        let before = scopeMembers[scope] ?? []
        for uid in order where !present.contains(uid) {
            guard var track = pods[uid], track.goneAt == nil, track.lastSeen < time else { continue }
            if before.contains(uid) || workloadsPresent.contains(WorkloadName(namespace: track.pod.namespace, workload: track.pod.workload)) {
                track.goneAt = time
                track.goneEstimated = estimated
                track.changedAt = count
                pods[uid] = track
                touched?.insert(uid)
            }
        }
        scopeMembers[scope] = present
    }

    /// Keeps one copy of each event; a repeated one (count, lastTimestamp) replaces the older.
    mutating func applyEvent(_ event: KubeEvent) {
        let key = event.uid ?? "\(event.regarding.uid ?? event.regarding.name ?? "")|\(event.reason)|\(event.at?.seconds ?? 0)|\(event.message)"
        if let i = eventIndex[key] {
            events[i] = event
        } else {
            eventIndex[key] = events.count
            events.append(event)
        }
        eventsChangedAt = count
    }

    mutating func see(_ pod: Pod, at time: Instant, action: WatchAction, estimated: Bool) {
        // One hash lookup, and the track updated in place.
        if let i = pods.index(forKey: pod.uid) {
            let before = lookup != nil ? PodLookup.Entry(pods.values[i]) : nil
            pods.values[i].update(pod, at: time, deleted: action == .deleted, estimated: estimated)
            pods.values[i].changedAt = count
            if let before { reindex(pod.uid, before: before, after: pods.values[i]) }
        } else {
            var track = PodTrack(pod: pod, firstSeen: time)
            track.update(pod, at: time, deleted: action == .deleted, estimated: estimated)
            track.changedAt = count
            pods[pod.uid] = track
            order.append(pod.uid)
            if lookup != nil { reindex(pod.uid, before: nil, after: track) }
        }
        touched?.insert(pod.uid)
    }

    mutating func seeSlice(_ slice: EndpointSliceState, at time: Instant, deleted: Bool) {
        if lookup == nil { buildLookup() }
        let key = slice.namespace + "/" + slice.name
        var listed = Set<String>()
        for ep in deleted ? [] : slice.endpoints {
            guard let uid = podUID(for: ep, namespace: slice.namespace, at: time) else { continue }
            listed.insert(uid)
            pods[uid]?.endpoint.append(EndpointObservation(
                time: time, slice: slice.name, present: true,
                ready: ep.ready, serving: ep.serving, terminating: ep.terminating))
            touch(uid)
        }
        for uid in (sliceMembers[key] ?? []).subtracting(listed) {
            pods[uid]?.endpoint.append(EndpointObservation(time: time, slice: slice.name, present: false))
            touch(uid)
        }
        sliceMembers[key] = listed
    }

    /// The pod an endpoint points at: by targetRef uid, then name (the latest pod of that
    /// name), then IP (the latest pod that held it and existed by then, else the first).
    func podUID(for ep: SliceEndpoint, namespace: String, at time: Instant) -> String? {
        if let uid = ep.targetRef?.uid, pods[uid] != nil { return uid }
        let lookup = self.lookup ?? PodLookup(order: order, pods: pods)
        if let name = ep.targetRef?.name, let last = lookup.byName[PodLookup.Name(namespace: namespace, name: name)]?.last {
            return order[last]
        }
        for address in ep.addresses {
            guard let positions = lookup.byIP[address], !positions.isEmpty else { continue }
            let existing = positions.last { (pods[order[$0]]!.pod.createdAt ?? pods[order[$0]]!.firstSeen) <= time }
            return order[existing ?? positions[0]]
        }
        return nil
    }

    /// Notes that the track of `uid` (if any) changed with the current observation.
    private mutating func touch(_ uid: String) {
        guard let i = pods.index(forKey: uid) else { return }
        pods.values[i].changedAt = count
        touched?.insert(uid)
    }

    /// Only the pods `members` names (the rest forgotten), as if only they had been observed.
    mutating func keepOnly(_ members: Set<String>) {
        pods = pods.filter { members.contains($0.key) }
        order = order.filter { members.contains($0) }
        if lookup != nil { buildLookup() }
    }

    private mutating func buildLookup() {
        lookup = PodLookup(order: order, pods: pods)
    }

    /// Follows a track's name and new IPs into `lookup` (a name only changes in broken input).
    private mutating func reindex(_ uid: String, before: PodLookup.Entry?, after: PodTrack) {
        guard lookup != nil else { return }
        let oldName = before?.name
        let newName = PodLookup.Name(namespace: after.pod.namespace, name: after.pod.name)
        let oldIPs = before?.ips ?? 0
        guard oldName != newName || after.ips.count != oldIPs else { return }
        // The uid's place in `order`: a new pod was just appended.
        let position = before == nil ? order.count - 1 : lookup!.positions[uid]!
        if before == nil { lookup!.positions[uid] = position }
        if oldName != newName {
            if let oldName { lookup!.remove(position, name: oldName) }
            lookup!.add(position, name: newName)
        }
        for ip in after.ips.dropFirst(oldIPs) { lookup!.add(position, ip: ip) }
    }
}

/// A namespace and a workload name, hashed as they are (no joined string to build).
struct WorkloadName: Hashable {
    var namespace: String
    var workload: String
}
