/// Folds observations into per-pod state; `model(signals:)` turns that state into rollouts.
///
/// Pure and deterministic: time comes only from the observations. Feed observations in time
/// order (`InputLoader` sorts them); a live source can keep applying as changes arrive.
public struct Correlator: Sendable {
    var pods: [String: PodTrack] = [:]
    /// Insertion order of uids, for stable output.
    var order: [String] = []
    var events: [KubeEvent] = []
    /// Event key (uid, else a composite) to its index in `events`.
    var eventIndex: [String: Int] = [:]
    var workloads: [String: WorkloadInfo] = [:]
    /// Per slice (namespace/name): the endpoints last seen, to notice pods that left it.
    var sliceMembers: [String: Set<String>] = [:]
    /// Pod list scopes: the uids each scope listed last time.
    var scopeMembers: [String: Set<String>] = [:]
    public private(set) var asOf: Instant?
    public private(set) var count = 0

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
            var present = Set<String>(minimumCapacity: list.count)
            var workloadsPresent = Set<String>()
            pods.reserveCapacity(pods.count + list.count)
            for pod in list {
                present.insert(pod.uid)
                workloadsPresent.insert(pod.namespace + "/" + pod.workload)
            }
            if list.count >= 1000 && present.count == list.count {
                // Thousands of distinct pods: each track is updated on its own, on both cores.
                let updated = Parallel.map(list.count) { i -> PodTrack in
                    var track = pods[list[i].uid] ?? PodTrack(pod: list[i], firstSeen: obs.time)
                    track.update(list[i], at: obs.time, deleted: false, estimated: obs.estimated)
                    return track
                }
                for (i, pod) in list.enumerated() {
                    if pods.updateValue(updated[i], forKey: pod.uid) == nil { order.append(pod.uid) }
                }
            } else {
                for pod in list { see(pod, at: obs.time, action: .listed, estimated: obs.estimated) }
            }
            // Pods listed before in this scope, or of a workload this list covers, are gone.
            let before = scopeMembers[scope] ?? []
            for uid in order where !present.contains(uid) {
                guard var track = pods[uid], track.goneAt == nil, track.lastSeen < obs.time else { continue }
                if before.contains(uid) || workloadsPresent.contains(track.pod.namespace + "/" + track.pod.workload) {
                    track.goneAt = obs.time
                    track.goneEstimated = obs.estimated
                    pods[uid] = track
                }
            }
            scopeMembers[scope] = present
        case .event(let event):
            let key = event.uid ?? "\(event.regarding.uid ?? event.regarding.name ?? "")|\(event.reason)|\(event.at?.seconds ?? 0)|\(event.message)"
            if let i = eventIndex[key] {
                // A repeated event (count, lastTimestamp) replaces the older copy.
                events[i] = event
            } else {
                eventIndex[key] = events.count
                events.append(event)
            }
        case .slice(let slice, let action):
            seeSlice(slice, at: obs.time, deleted: action == .deleted)
        case .workload(let info):
            workloads[info.kind + "/" + info.namespace + "/" + info.name] = info
        }
    }

    mutating func see(_ pod: Pod, at time: Instant, action: WatchAction, estimated: Bool) {
        // One hash lookup, and the track updated in place.
        if let i = pods.index(forKey: pod.uid) {
            pods.values[i].update(pod, at: time, deleted: action == .deleted, estimated: estimated)
        } else {
            var track = PodTrack(pod: pod, firstSeen: time)
            track.update(pod, at: time, deleted: action == .deleted, estimated: estimated)
            pods[pod.uid] = track
            order.append(pod.uid)
        }
    }

    mutating func seeSlice(_ slice: EndpointSliceState, at time: Instant, deleted: Bool) {
        let key = slice.namespace + "/" + slice.name
        var listed = Set<String>()
        for ep in deleted ? [] : slice.endpoints {
            guard let uid = podUID(for: ep, namespace: slice.namespace, at: time) else { continue }
            listed.insert(uid)
            pods[uid]?.endpoint.append(EndpointObservation(
                time: time, slice: slice.name, present: true,
                ready: ep.ready, serving: ep.serving, terminating: ep.terminating))
        }
        for uid in (sliceMembers[key] ?? []).subtracting(listed) {
            pods[uid]?.endpoint.append(EndpointObservation(time: time, slice: slice.name, present: false))
        }
        sliceMembers[key] = listed
    }

    /// The pod an endpoint points at: by targetRef uid, then name, then IP within its lifetime.
    func podUID(for ep: SliceEndpoint, namespace: String, at time: Instant) -> String? {
        if let uid = ep.targetRef?.uid, pods[uid] != nil { return uid }
        if let name = ep.targetRef?.name {
            let matches = order.filter { pods[$0]!.pod.name == name && pods[$0]!.pod.namespace == namespace }
            if let last = matches.last { return last }
        }
        for address in ep.addresses {
            let candidates = order.filter { pods[$0]!.ips.contains(address) }
            if let uid = candidates.last(where: { (pods[$0]!.pod.createdAt ?? pods[$0]!.firstSeen) <= time }) ?? candidates.first {
                return uid
            }
        }
        return nil
    }
}

/// The mutable record of one pod across observations.
struct PodTrack: Sendable {
    var pod: Pod
    var firstSeen: Instant
    var lastSeen: Instant
    var ips: [String] = []
    var scheduledAt: Instant?
    var initializedAt: Instant?
    var readyAt: Instant?
    var unreadyAt: Instant?
    var inits: [String: InitContainerTimeline] = [:]
    var initOrder: [String] = []
    var started: [String: Instant] = [:]
    var restarts: [String: Int] = [:]
    /// Final states of containers seen once deletion was requested (or the pod deleted).
    var final: [String: TerminatedState] = [:]
    var requestedAt: Instant?
    var grace: Int?
    var goneAt: Instant?
    /// True when `goneAt` comes from an estimated time (a lower bound): then it bounds nothing.
    var goneEstimated = false
    /// The kubelet's final delete (grace 0) or a force delete: not when deletion was requested.
    var finalDeleteAt: Instant?
    /// Ready spans from the Ready condition's transitions; readiness can come back.
    var readyIntervals: [(from: Instant, to: Instant?)] = []
    var deletedObserved = false
    /// The last observation, after the deletion request, in which a container still ran.
    var lastSeenRunningAt: Instant?
    var endpoint: [EndpointObservation] = []
    var specContainers: [ContainerSpec] = []
    var specInits: [ContainerSpec] = []

    init(pod: Pod, firstSeen: Instant) {
        self.pod = pod
        self.firstSeen = firstSeen
        self.lastSeen = firstSeen
    }

    mutating func update(_ p: Pod, at time: Instant, deleted: Bool, estimated: Bool) {
        // A late, older copy must not roll state back; keep the newest object as `pod`.
        if time >= lastSeen || deleted { pod = merged(p) }
        lastSeen = max(lastSeen, time)
        if let ip = p.podIP, !ips.contains(ip) { ips.append(ip) }
        if !p.containers.isEmpty { specContainers = p.containers }
        if !p.initContainers.isEmpty { specInits = p.initContainers }

        if scheduledAt == nil, let c = p.condition("PodScheduled"), c.isTrue { scheduledAt = c.lastTransitionTime }
        if initializedAt == nil, let c = p.condition("Initialized"), c.isTrue { initializedAt = c.lastTransitionTime }
        if let c = p.condition("Ready") {
            let at = c.lastTransitionTime ?? time
            if c.isTrue {
                if readyAt == nil { readyAt = at }
                if readyIntervals.last.map({ $0.to != nil && at > $0.to! }) ?? true { readyIntervals.append((at, nil)) }
            } else if readyAt != nil {
                if unreadyAt == nil { unreadyAt = at }
                if let last = readyIntervals.last, last.to == nil, at >= last.from {
                    readyIntervals[readyIntervals.count - 1].to = at
                }
            }
        }

        for s in p.initContainerStatuses {
            if inits[s.name] == nil {
                initOrder.append(s.name)
                let sidecar = (p.initContainers.first { $0.name == s.name }?.restartPolicy
                    ?? specInits.first { $0.name == s.name }?.restartPolicy) == "Always"
                inits[s.name] = InitContainerTimeline(name: s.name, sidecar: sidecar, restarts: 0, running: false)
            }
            inits[s.name]!.absorb(s)
        }
        for s in p.containerStatuses {
            restarts[s.name] = max(restarts[s.name] ?? 0, s.restartCount)
            if started[s.name] == nil, let t = s.state.runningStartedAt ?? s.state.terminated?.startedAt {
                started[s.name] = t
            }
        }

        // The earliest request wins. The kubelet's final delete (grace 0 while the spec has a
        // grace period) rewrites deletionTimestamp to its own, later time: it is not the request.
        if let d = p.deletionTimestamp {
            if p.deletionGracePeriodSeconds == 0 && (p.terminationGracePeriodSeconds ?? 30) > 0 {
                finalDeleteAt = min(finalDeleteAt, d)
            } else if let r = p.deletionRequestedAt, requestedAt == nil || r < requestedAt! {
                requestedAt = r
                grace = p.gracePeriod
            }
        }
        let terminating = requestedAt != nil || finalDeleteAt != nil || deleted
        if terminating {
            var anyRunning = false
            let since = requestedAt.map { $0 - 1 }
            for s in p.containerStatuses + p.initContainerStatuses.filter({ inits[$0.name]?.sidecar == true }) {
                if let t = s.state.terminated {
                    // Only a real exit after the request is the shutdown's end: not the kubelet's
                    // ContainerStatusUnknown for containers that never ran, nor an earlier exit.
                    guard t.reason != "ContainerStatusUnknown", let tf = t.finishedAt else { continue }
                    if let since, tf < since { continue }
                    if let prev = final[s.name], let pf = prev.finishedAt, pf > tf { continue }
                    final[s.name] = t
                } else if s.state.running {
                    anyRunning = true
                }
            }
            if anyRunning, requestedAt != nil { lastSeenRunningAt = max(lastSeenRunningAt, time) }
        }
        if deleted {
            deletedObserved = true
            if goneAt == nil {
                goneAt = time
                goneEstimated = estimated
            }
        }
    }

    /// Keeps fields a later partial object may lack (spec, IP) from earlier observations.
    func merged(_ p: Pod) -> Pod {
        var m = p
        if m.containers.isEmpty { m.containers = pod.containers }
        if m.initContainers.isEmpty { m.initContainers = pod.initContainers }
        if m.podIP == nil { m.podIP = pod.podIP }
        if m.nodeName == nil { m.nodeName = pod.nodeName }
        if m.createdAt == nil { m.createdAt = pod.createdAt }
        if m.terminationGracePeriodSeconds == nil { m.terminationGracePeriodSeconds = pod.terminationGracePeriodSeconds }
        return m
    }
}

extension InitContainerTimeline {
    /// Takes in one status: the latest attempt wins, restarts only grow.
    mutating func absorb(_ s: ContainerStatus) {
        restarts = max(restarts, s.restartCount)
        for t in [s.lastState.terminated?.startedAt, s.state.terminated?.startedAt, s.state.runningStartedAt] {
            if let t { firstStartedAt = min(firstStartedAt, t) }
        }
        var attempt: (start: Instant?, finish: Instant?, exit: Int?, reason: String?, running: Bool)?
        // ContainerStatusUnknown: the kubelet's placeholder for a container it never saw end.
        if s.state.terminated?.reason == "ContainerStatusUnknown" || s.lastState.terminated?.reason == "ContainerStatusUnknown" {
            waitingReason = s.state.waitingReason
            return
        }
        if let t = s.state.terminated {
            attempt = (t.startedAt, t.finishedAt, t.exitCode, t.reason, false)
        } else if s.state.running {
            attempt = (s.state.runningStartedAt, nil, nil, nil, true)
        } else if let t = s.lastState.terminated {
            attempt = (t.startedAt, t.finishedAt, t.exitCode, t.reason, false)
        }
        waitingReason = s.state.waitingReason
        guard let attempt else { return }
        // An attempt that started earlier than the one we hold is stale.
        if let current = startedAt, let new = attempt.start, new < current { return }
        startedAt = attempt.start
        finishedAt = attempt.finish
        exitCode = attempt.exit
        reason = attempt.reason
        running = attempt.running
    }
}
