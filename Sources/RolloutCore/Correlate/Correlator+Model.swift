extension Correlator {
    /// Builds the rollouts as of the last observation, attributing `signals` to pods.
    public func model(signals: [Signal] = [], warnings: [String] = []) -> RolloutModel {
        // Per pod and independent: on both cores for thousands of pods. Tracks are found by
        // dictionary index (one hash per pod, not one per use).
        let tracked = order.compactMap { pods.index(forKey: $0) }
        var timelines = Parallel.map(tracked.count) { i in timeline(pods.values[tracked[i]]) }
        attachEvents(&timelines)
        _ = Parallel.mapEach(&timelines, weight: { _ in 1 }) { i, timeline, _ in
            timeline.termination = termination(pods.values[tracked[i]], events: timeline.events)
        }
        var unattributed = attach(signals, to: &timelines)

        // Group by workload as indices into `timelines`.
        let (groups, groupOrder) = Correlator.groupByWorkload(timelines)
        var rolloutDrops: [String: [Signal]] = [:]
        if unattributed.contains(where: \.noHealthyUpstream) {
            let workloads = groupOrder.map { key in
                WorkloadNames(key: key, namespace: timelines[groups[key]![0]].namespace, workload: timelines[groups[key]![0]].workload,
                              services: Set(groups[key]!.flatMap { timelines[$0].endpoint.map { WorkloadNames.service(ofSlice: $0.slice) } }))
            }
            unattributed = unattributed.filter { s in
                guard s.noHealthyUpstream, let key = WorkloadNames.match(s.service, in: workloads) else { return true }
                rolloutDrops[key, default: []].append(s)
                return false
            }
        }
        // Each workload's timelines moved into an array of its own (not copied: a shared
        // timeline is copied whole when written), so that workloads are drafted on both cores;
        // a workload drafted beside another finds its pods' findings on one.
        var members = groupOrder.map { key in
            groups[key]!.map { i in
                var moved = PodTimeline.placeholder
                swap(&moved, &timelines[i])
                return moved
            }
        }
        var rollouts = Parallel.mapEach(&members, weight: \.count) { g, group, inTwo in
            rollout(Array(group.indices), of: &group, rolloutDrops: rolloutDrops[groupOrder[g]] ?? [], parallel: !inTwo)
        }
        rollouts.sort { ($0.startedAt ?? $0.observedFrom, $0.namespace, $0.workload, $0.kind?.rawValue ?? "")
            < ($1.startedAt ?? $1.observedFrom, $1.namespace, $1.workload, $1.kind?.rawValue ?? "") }
        return RolloutModel(rollouts: rollouts, unattributedSignals: unattributed, asOf: asOf, warnings: warnings)
    }

    func timeline(_ t: PodTrack) -> PodTimeline {
        let p = t.pod
        var tl = PodTimeline(
            name: p.name, uid: p.uid, namespace: p.namespace, workload: p.workload, replicaSet: p.replicaSet,
            templateHash: p.templateHash, node: p.nodeName, ip: t.ips.last, createdAt: p.createdAt ?? t.firstSeen,
            scheduledAt: t.scheduledAt, initializedAt: t.initializedAt, readyAt: t.readyAt, unreadyAt: t.unreadyAt,
            firstSeenAt: t.firstSeen, lastSeenAt: t.lastSeen, goneAt: t.goneAt, status: status(t), phase: p.phase)
        tl.kind = p.kind
        tl.ordinal = p.ordinal
        tl.templateGeneration = p.templateGeneration
        tl.initContainers = t.inits.values
        if let c = p.condition("PodReadyToStartContainers"), c.isTrue { tl.sandboxReadyAt = c.lastTransitionTime }
        let specs = t.specContainers.isEmpty ? p.containers : t.specContainers
        var names = specs.map(\.name)
        for s in p.containerStatuses where !names.contains(s.name) { names.append(s.name) }
        tl.containers = names.map { name in
            let spec = specs.first { $0.name == name }
            let f = t.final[name]
            return ContainerTimeline(
                name: name, preStop: spec?.preStop ?? .none, preStopSleepSeconds: spec?.preStopSleepSeconds,
                preStopCommand: spec?.preStopCommand, startedAt: t.started[name], restarts: t.restarts[name] ?? 0,
                finishedAt: f?.finishedAt, exitCode: f?.exitCode, reason: f?.reason, message: f?.message)
        }
        tl.endpoint = t.endpoint
        tl.readyIntervals = t.readyIntervals
        return tl
    }

    /// kubectl's STATUS column for the last observation.
    func status(_ t: PodTrack) -> String {
        let p = t.pod
        if t.goneAt != nil { return "Deleted" }
        if p.deletionTimestamp != nil {
            if p.phase == "Succeeded" || p.phase == "Failed" { return p.phase! }
            return "Terminating"
        }
        if let reason = p.reason, !reason.isEmpty { return reason }
        let regularInits = p.initContainerStatuses.filter { t.inits[$0.name]?.sidecar != true }
        for (i, s) in regularInits.enumerated() {
            if let t = s.state.terminated, t.exitCode == 0 { continue }
            if let w = s.state.waitingReason, w != "PodInitializing" { return "Init:" + w }
            if let t = s.state.terminated { return "Init:" + (t.reason ?? "Error") }
            return "Init:\(i)/\(regularInits.count)"
        }
        for s in p.containerStatuses {
            if let w = s.state.waitingReason { return w }
        }
        if !p.containerStatuses.isEmpty, p.containerStatuses.allSatisfy({ $0.state.terminated != nil }) {
            return p.containerStatuses.compactMap { $0.state.terminated?.reason }.first ?? "Completed"
        }
        return p.phase ?? "Unknown"
    }

    /// Termination analysis: exact when the end was seen, bounds when it was not.
    func termination(_ t: PodTrack, events: [KubeEvent]) -> Termination? {
        // Without a request seen, the kubelet's final delete says only that it ended by then:
        // the request is taken from the Killing event when there is one, and no duration is given.
        let killing = events.filter { $0.reason == "Killing" }.compactMap(\.at).min()
        let uncertain = t.requestedAt == nil
        guard let requested = t.requestedAt ?? killing.flatMap({ k in t.finalDeleteAt.map { min(k, $0) } }) ?? t.finalDeleteAt else { return nil }
        let grace = t.grace ?? t.pod.terminationGracePeriodSeconds ?? 30
        let specs = t.specContainers.isEmpty ? t.pod.containers : t.specContainers
        var regular = specs.map(\.name)
        for s in t.pod.containerStatuses where !regular.contains(s.name) { regular.append(s.name) }
        let sidecars = t.inits.values.filter(\.sidecar).map(\.name)
        let endObserved = !regular.isEmpty && regular.allSatisfy { t.final[$0]?.finishedAt != nil }

        var term = Termination(
            requestedAt: requested, gracePeriodSeconds: grace,
            preStop: specs.map(\.preStop).max() ?? .none,
            preStopSleepSeconds: specs.compactMap(\.preStopSleepSeconds).max(),
            exitCodes: (regular + sidecars).compactMap { name in t.final[name]?.exitCode.map { (name, $0) } })
        term.killingAt = events.filter { $0.reason == "Killing" && ($0.at.map { $0 >= requested - 2 } ?? false) }
            .compactMap(\.at).min()
        term.failedPreStop = events.first { $0.reason == "FailedPreStopHook" }

        if endObserved {
            let finish = (regular + sidecars).compactMap { t.final[$0]?.finishedAt }.max()!
            term.finishedAt = finish
            if !uncertain || killing != nil { term.seconds = max(0, finish - requested) }
        } else if !uncertain {
            // A bound needs a real observation time: an estimated one is only a lower bound.
            if let gone = t.goneAt, !t.goneEstimated { term.secondsAtMost = max(0, gone - requested) }
            if let running = t.lastSeenRunningAt, running > requested { term.secondsAtLeast = running - requested }
        }

        let killed = (regular + sidecars).contains { t.final[$0].map { Correlator.isSIGKILL($0, requested: requested) } ?? false }
        term.exceededGrace = Correlator.exceededGrace(term, killed: killed)
        return term
    }

    /// Exit 137 (or signal 9) after the deletion request; an OOM kill is not the kubelet's.
    static func isSIGKILL(_ f: TerminatedState, requested: Instant) -> Bool {
        let sigkill = f.exitCode == 137 || f.signal == 9
        return sigkill && f.reason != "OOMKilled" && (f.finishedAt.map { $0 >= requested - 1 } ?? true)
    }

    /// Whether the shutdown reached the grace period: yes after a SIGKILL; else by its length,
    /// or by a bound that decides it; nil when the bounds do not.
    static func exceededGrace(_ term: Termination, killed: Bool) -> Bool? {
        let grace = Double(term.gracePeriodSeconds)
        if killed { return true }
        if let seconds = term.seconds { return seconds >= grace }
        if let least = term.secondsAtLeast, least >= grace { return true }
        if let most = term.secondsAtMost, most < grace { return false }
        return nil
    }

    /// Gives each pod the events that regard it (by uid, else by name within its lifetime).
    func attachEvents(_ timelines: inout [PodTimeline]) {
        guard !events.isEmpty else { return }
        var byUID: [String: Int] = [:]
        var byName: [String: [Int]] = [:]
        for (i, t) in timelines.enumerated() {
            byUID[t.uid] = i
            byName[t.namespace + "/" + t.name, default: []].append(i)
        }
        for e in events where e.regarding.kind == nil || e.regarding.kind == "Pod" {
            var index: Int?
            if let uid = e.regarding.uid, let i = byUID[uid] {
                index = i
            } else if let name = e.regarding.name, let candidates = byName[e.namespace + "/" + name] {
                index = candidates.last { (timelines[$0].createdAt ?? timelines[$0].firstSeenAt) <= (e.at ?? .init(seconds: .infinity)) }
                    ?? candidates.first
            }
            if let index { timelines[index].events.append(e) }
        }
        for i in timelines.indices {
            timelines[i].events.sort { ($0.at ?? Instant(seconds: 0)) < ($1.at ?? Instant(seconds: 0)) }
        }
    }
}

extension Correlator {
    /// The pods of each workload, as indices, keyed by namespace, kind and name, in order of
    /// first appearance: two namespaces' `web` are two workloads (`watch -A`), and so are a
    /// Deployment and a StatefulSet of one name in one namespace. Pods whose owner says
    /// nothing of its kind join the one kind their workload's other pods name.
    static func groupByWorkload(_ timelines: [PodTimeline]) -> (groups: [String: [Int]], order: [String]) {
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        // namespace/name -> the kinds seen for it, in order.
        var kinds: [String: [String]] = [:]
        for (i, t) in timelines.enumerated() {
            let name = t.namespace + "/" + t.workload
            let kind = t.kind?.rawValue ?? ""
            let key = kind + "|" + name
            if groups[key] == nil {
                order.append(key)
                kinds[name, default: []].append(kind)
            }
            groups[key, default: []].append(i)
        }
        // Kindless pods join their workload's only kind; with several kinds they stay apart.
        for (name, seen) in kinds where seen.count == 2 && seen.contains("") {
            let kind = seen.first { !$0.isEmpty }!
            let loose = "|" + name, into = kind + "|" + name
            groups[into] = (groups[into]! + groups[loose]!).sorted()
            groups[loose] = nil
            // The workload keeps the place of its first pod.
            let a = order.firstIndex(of: loose)!, b = order.firstIndex(of: into)!
            order[min(a, b)] = into
            order.remove(at: max(a, b))
        }
        return (groups, order)
    }
}
