/// The mutable record of one pod across observations.
///
/// Its state is kept in a `CopyOnWrite`: a correlator keeps thousands of tracks in a dictionary
/// that is copied into checkpoints and that a List fills at once.
struct PodTrack: Sendable {
    struct State: Sendable {
        var pod: Pod
        var firstSeen: Instant
        var lastSeen: Instant
        var ips: [String] = []
        var scheduledAt: Instant?
        var initializedAt: Instant?
        var readyAt: Instant?
        var unreadyAt: Instant?
        var inits = ByName<InitContainerTimeline>()
        var started = ByName<Instant>()
        var restarts = ByName<Int>()
        /// Final states of containers seen once deletion was requested (or the pod deleted).
        var final = ByName<TerminatedState>()
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
        /// The correlator's `count` when this track last changed: with the store's revision, it
        /// identifies the track's state (`IncrementalModel` reuses the timeline made from it).
        var changedAt = 0
    }

    private var storage: CopyOnWrite<State>

    init(pod: Pod, firstSeen: Instant) {
        storage = CopyOnWrite(State(pod: pod, firstSeen: firstSeen, lastSeen: firstSeen))
    }

    mutating func update(_ p: Pod, at time: Instant, deleted: Bool, estimated: Bool) {
        storage.value.update(p, at: time, deleted: deleted, estimated: estimated)
    }

    var pod: Pod {
        get { storage.value.pod }
        _modify { yield &storage.value.pod }
    }
    var firstSeen: Instant {
        get { storage.value.firstSeen }
        _modify { yield &storage.value.firstSeen }
    }
    var lastSeen: Instant {
        get { storage.value.lastSeen }
        _modify { yield &storage.value.lastSeen }
    }
    var ips: [String] {
        get { storage.value.ips }
        _modify { yield &storage.value.ips }
    }
    var scheduledAt: Instant? {
        get { storage.value.scheduledAt }
        _modify { yield &storage.value.scheduledAt }
    }
    var initializedAt: Instant? {
        get { storage.value.initializedAt }
        _modify { yield &storage.value.initializedAt }
    }
    var readyAt: Instant? {
        get { storage.value.readyAt }
        _modify { yield &storage.value.readyAt }
    }
    var unreadyAt: Instant? {
        get { storage.value.unreadyAt }
        _modify { yield &storage.value.unreadyAt }
    }
    var inits: ByName<InitContainerTimeline> {
        get { storage.value.inits }
        _modify { yield &storage.value.inits }
    }
    var started: ByName<Instant> {
        get { storage.value.started }
        _modify { yield &storage.value.started }
    }
    var restarts: ByName<Int> {
        get { storage.value.restarts }
        _modify { yield &storage.value.restarts }
    }
    /// Final states of containers seen once deletion was requested (or the pod deleted).
    var final: ByName<TerminatedState> {
        get { storage.value.final }
        _modify { yield &storage.value.final }
    }
    var requestedAt: Instant? {
        get { storage.value.requestedAt }
        _modify { yield &storage.value.requestedAt }
    }
    var grace: Int? {
        get { storage.value.grace }
        _modify { yield &storage.value.grace }
    }
    var goneAt: Instant? {
        get { storage.value.goneAt }
        _modify { yield &storage.value.goneAt }
    }
    /// True when `goneAt` comes from an estimated time (a lower bound): then it bounds nothing.
    var goneEstimated: Bool {
        get { storage.value.goneEstimated }
        _modify { yield &storage.value.goneEstimated }
    }
    /// The kubelet's final delete (grace 0) or a force delete: not when deletion was requested.
    var finalDeleteAt: Instant? {
        get { storage.value.finalDeleteAt }
        _modify { yield &storage.value.finalDeleteAt }
    }
    /// Ready spans from the Ready condition's transitions; readiness can come back.
    var readyIntervals: [(from: Instant, to: Instant?)] {
        get { storage.value.readyIntervals }
        _modify { yield &storage.value.readyIntervals }
    }
    var deletedObserved: Bool {
        get { storage.value.deletedObserved }
        _modify { yield &storage.value.deletedObserved }
    }
    /// The last observation, after the deletion request, in which a container still ran.
    var lastSeenRunningAt: Instant? {
        get { storage.value.lastSeenRunningAt }
        _modify { yield &storage.value.lastSeenRunningAt }
    }
    var endpoint: [EndpointObservation] {
        get { storage.value.endpoint }
        _modify { yield &storage.value.endpoint }
    }
    var specContainers: [ContainerSpec] {
        get { storage.value.specContainers }
        _modify { yield &storage.value.specContainers }
    }
    var specInits: [ContainerSpec] {
        get { storage.value.specInits }
        _modify { yield &storage.value.specInits }
    }
    /// The correlator's `count` when this track last changed: with the store's revision, it
    /// identifies the track's state (`IncrementalModel` reuses the timeline made from it).
    var changedAt: Int {
        get { storage.value.changedAt }
        _modify { yield &storage.value.changedAt }
    }
}

extension PodTrack.State {
    mutating func update(_ p: Pod, at time: Instant, deleted: Bool, estimated: Bool) {
        // A late, older copy must not roll state back; keep the newest object as `pod`.
        if time >= lastSeen || deleted { pod = merged(p) }
        lastSeen = max(lastSeen, time)
        if let ip = p.podIP, !ips.contains(ip) { ips.append(ip) }
        if !p.containers.isEmpty { specContainers = p.containers }
        if !p.initContainers.isEmpty { specInits = p.initContainers }

        takeConditions(p, at: time)
        takeInitContainers(p)
        takeContainers(p)
        takeDeletionRequest(p)
        if requestedAt != nil || finalDeleteAt != nil || deleted { takeFinalStates(p, at: time) }
        if deleted {
            deletedObserved = true
            if goneAt == nil {
                goneAt = time
                goneEstimated = estimated
            }
        }
    }

    /// Scheduled, initialized, and the ready spans (the Ready condition can come and go).
    mutating func takeConditions(_ p: Pod, at time: Instant) {
        if scheduledAt == nil, let c = p.condition("PodScheduled"), c.isTrue { scheduledAt = c.lastTransitionTime }
        if initializedAt == nil, let c = p.condition("Initialized"), c.isTrue { initializedAt = c.lastTransitionTime }
        guard let c = p.condition("Ready") else { return }
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

    /// Each init container's latest attempt; one with `restartPolicy: Always` is a sidecar.
    mutating func takeInitContainers(_ p: Pod) {
        for s in p.initContainerStatuses {
            if inits[s.name] == nil {
                let sidecar = (p.initContainers.first { $0.name == s.name }?.restartPolicy
                    ?? specInits.first { $0.name == s.name }?.restartPolicy) == "Always"
                inits[s.name] = InitContainerTimeline(name: s.name, sidecar: sidecar, restarts: 0, running: false)
            }
            inits.update(s.name) { $0.absorb(s) }
        }
    }

    /// Each container's first start and most restarts.
    mutating func takeContainers(_ p: Pod) {
        for s in p.containerStatuses {
            restarts[s.name] = max(restarts[s.name] ?? 0, s.restartCount)
            if started[s.name] == nil, let t = s.state.runningStartedAt ?? s.state.terminated?.startedAt {
                started[s.name] = t
            }
        }
    }

    /// The earliest request wins. The kubelet's final delete (grace 0 while the spec has a
    /// grace period) rewrites deletionTimestamp to its own, later time: it is not the request.
    mutating func takeDeletionRequest(_ p: Pod) {
        guard let d = p.deletionTimestamp else { return }
        if p.deletionGracePeriodSeconds == 0 && (p.terminationGracePeriodSeconds ?? 30) > 0 {
            finalDeleteAt = min(finalDeleteAt, d)
        } else if let r = p.deletionRequestedAt, requestedAt == nil || r < requestedAt! {
            requestedAt = r
            grace = p.gracePeriod
        }
    }

    /// Once the pod is terminating: the exits that end its shutdown (regular containers and
    /// sidecars), and when a container was last seen still running after the request.
    mutating func takeFinalStates(_ p: Pod, at time: Instant) {
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

    /// Keeps fields a later partial object may lack (spec, IP) from earlier observations.
    func merged(_ p: Pod) -> Pod {
        // Written only where there is something to keep: a pod shares its fields until one is
        // written (copy on write).
        var m = p
        if m.containers.isEmpty && !pod.containers.isEmpty { m.containers = pod.containers }
        if m.initContainers.isEmpty && !pod.initContainers.isEmpty { m.initContainers = pod.initContainers }
        if m.podIP == nil, let ip = pod.podIP { m.podIP = ip }
        if m.nodeName == nil, let node = pod.nodeName { m.nodeName = node }
        if m.createdAt == nil, let created = pod.createdAt { m.createdAt = created }
        if m.terminationGracePeriodSeconds == nil, let grace = pod.terminationGracePeriodSeconds { m.terminationGracePeriodSeconds = grace }
        return m
    }
}
