/// One ReplicaSet's pods in the current correlator state.
struct ReplicaSetGroup {
    var name: String
    var uids: [String] = []
    var latestCreated: Instant
    var firstSeen: Instant
    var revision: Int?
    var live = 0
    /// When the last pod was seen gone.
    var lastGone: Instant?
    /// When the first pod started to leave (deletion requested, else seen gone).
    var firstLeave: Instant?
    var allGone: Bool { live == 0 }
    var rank: ReplicaSetRank { ReplicaSetRank(revision: revision, latestCreated: latestCreated, name: name) }
}

/// What one pruning removes (see `Retention`): whole ReplicaSets, each with a summary of the
/// rollout it was the old side of; whole workloads; and replaced pods.
struct PrunePlan {
    struct Item {
        var kind: RolloutSummary.Kind
        /// "namespace/workload".
        var key: String
        var old: ReplicaSetGroup
        var new: ReplicaSetGroup?
        var next: ReplicaSetGroup?
        var uids: [String]
    }

    var items: [Item] = []
    /// The uids of every pod that goes.
    var pods = Set<String>()
    /// "namespace/name" of every ReplicaSet that goes.
    var replicaSets = Set<String>()

    init(_ current: Correlator, policy: Retention, horizon: Instant) {
        for (key, groups) in ObservationStore.replicaSetGroups(current) {
            let lastGone = groups.compactMap(\.lastGone).max()
            let workloadGone = groups.allSatisfy(\.allGone) && lastGone.map { $0 <= horizon } ?? false
            let cut = workloadGone ? groups.count - 1 : groups.count - (policy.keepRollouts + 1)
            var kept: [ReplicaSetGroup] = []
            for (j, g) in groups.enumerated() {
                if j < cut && g.allGone {
                    items.append(Item(kind: .rollout, key: key, old: g, new: groups[j + 1], next: j + 2 < groups.count ? groups[j + 2] : nil, uids: g.uids))
                } else if workloadGone {
                    items.append(Item(kind: .removed, key: key, old: g, uids: g.uids))
                } else {
                    kept.append(g)
                    continue
                }
                pods.formUnion(g.uids)
                replicaSets.insert(key.namespacePart + "/" + g.name)
            }
            for g in kept where g.live > 0 {
                let replaced = g.uids.filter { uid in current.pods[uid]!.goneAt.map { $0 <= horizon } ?? false }
                guard !replaced.isEmpty else { continue }
                items.append(Item(kind: .replaced, key: key, old: g, uids: replaced))
                pods.formUnion(replaced)
            }
        }
    }
}

extension ObservationStore {
    /// Prunes if the store grew enough since the last time (see `Retention.checkEvery`).
    mutating func pruneIfDue() {
        guard let policy = retention else { return }
        let size = observations.count + signals.count
        guard size >= nextPrune, !observations.isEmpty else { return }
        prune()
        let after = observations.count + signals.count
        nextPrune = after + max(policy.checkEvery, after / 4)
    }

    /// Summarises and removes what `retention` says is past keeping; returns the pods pruned.
    @discardableResult
    public mutating func prune() -> Int {
        guard let policy = retention, let now = end else { return 0 }
        let current = correlator(upTo: observations.count)
        let horizon = now - policy.forgetAfter

        let plan = PrunePlan(current, policy: policy, horizon: horizon)

        // Summaries, before anything is removed: pod findings from the model as it is now
        // (each pod counted once), rollout-level ones from the model as it was then.
        var summaries: [RolloutSummary] = []
        var dropSignals: [String: Int] = [:]
        if !plan.pods.isEmpty {
            let full = current.model(signals: signals)
            var timelines: [String: PodTimeline] = [:]
            for r in full.rollouts { for p in r.pods { timelines[p.uid] = p } }
            for item in plan.items {
                summaries.append(summarise(item.kind, key: item.key, old: item.old, new: item.new, next: item.next,
                                           uids: item.uids, timelines: timelines, now: now))
            }
            for uid in plan.pods { for s in timelines[uid]?.signals ?? [] { dropSignals[ObservationStore.signalKey(s), default: 0] += 1 } }
            for s in full.unattributedSignals where s.time < horizon { dropSignals[ObservationStore.signalKey(s), default: 0] += 1 }
        }

        let removedEntries = removeTraces(of: plan.pods, sets: plan.replicaSets, current: current, horizon: horizon, dropSignals: dropSignals)
        if !summaries.isEmpty {
            history.add(summaries, limit: policy.maxSummaries)
            history.prunedPods += plan.pods.count
        }
        eventHorizon = max(eventHorizon, horizon)
        if removedEntries > 0 || !summaries.isEmpty { revision += 1 }
        return plan.pods.count
    }

    /// Each workload's ReplicaSets, oldest first, as `Correlator.rollout` orders them (`ReplicaSetRank`).
    static func replicaSetGroups(_ c: Correlator) -> [(key: String, groups: [ReplicaSetGroup])] {
        var byWorkload: [String: [String: ReplicaSetGroup]] = [:]
        var order: [String] = []
        for uid in c.order {
            guard let t = c.pods[uid] else { continue }
            let p = t.pod
            let key = p.namespace + "/" + p.workload
            if byWorkload[key] == nil { order.append(key) }
            let created = p.createdAt ?? t.firstSeen
            var g = byWorkload[key]?[p.replicaSet] ?? ReplicaSetGroup(
                name: p.replicaSet, latestCreated: created, firstSeen: t.firstSeen,
                revision: c.workloads["ReplicaSet/" + p.namespace + "/" + p.replicaSet]?.revision)
            g.uids.append(uid)
            g.latestCreated = max(g.latestCreated, created)
            g.firstSeen = min(g.firstSeen, t.firstSeen)
            if let gone = t.goneAt { g.lastGone = max(g.lastGone, gone) } else { g.live += 1 }
            g.firstLeave = min(g.firstLeave, t.requestedAt ?? t.finalDeleteAt ?? t.goneAt)
            byWorkload[key, default: [:]][p.replicaSet] = g
        }
        return order.map { key in
            return (key, byWorkload[key]!.values.sorted { ReplicaSetRank.precedes($0.rank, $1.rank) })
        }
    }

    /// One summary line. For a rollout, the model is rebuilt from the two ReplicaSets' pods as
    /// they were just before the rollout stopped being the latest (the next ReplicaSet appeared
    /// or the new pods started to leave), but not before the old pods were all gone.
    mutating func summarise(_ kind: RolloutSummary.Kind, key: String, old: ReplicaSetGroup, new: ReplicaSetGroup?,
                            next: ReplicaSetGroup?, uids: [String], timelines: [String: PodTimeline], now: Instant) -> RolloutSummary {
        let ns = key.namespacePart
        let workload = String(key.dropFirst(ns.count + 1))
        var rollout: Rollout?
        if kind == .rollout, let new {
            let until = [next?.firstSeen, new.firstLeave].compactMap { $0 }.min()
            let n: Int
            if let until, old.lastGone.map({ until > $0 }) ?? true {
                n = count(before: until)
            } else {
                n = count(at: old.lastGone ?? now)
            }
            var sub = correlator(upTo: n)
            sub.keepOnly(Set(old.uids + new.uids))
            let at = sub.asOf ?? now
            rollout = sub.model(signals: Array(signals.prefix(signalCount(at: at)))).rollouts.first
        }
        let pods = uids.compactMap { timelines[$0] }
        // Init failures belong to the rollout that created the pod, the rest to the one that
        // removed it; a ReplicaSet's creation is counted once (`creationCounted`).
        let oldSet = ns + "/" + old.name
        let oldCreationCounted = creationCounted.contains(oldSet)
        var findings: [Finding] = []
        for p in pods {
            findings += Findings.podFindings(p).filter { $0.kind != .initFailed || !oldCreationCounted }
        }
        if kind != .replaced { creationCounted.remove(oldSet) }
        var newCount = 0
        if kind == .rollout, let new {
            let newPods = new.uids.compactMap { timelines[$0] }
            newCount = newPods.count
            let newSet = ns + "/" + new.name
            if !creationCounted.contains(newSet) {
                for p in newPods { findings += Findings.initFailed(p) }
                creationCounted.insert(newSet)
            }
        }
        findings += rollout?.findings.filter { $0.pod == nil } ?? []
        let firstSeen = pods.map(\.firstSeenAt).min() ?? now
        let lastGone = pods.compactMap(\.goneAt).max() ?? now
        return RolloutSummary(
            kind: kind, namespace: ns, workload: workload, fromReplicaSet: old.name,
            toReplicaSet: kind == .rollout ? new?.name : nil,
            startedAt: rollout?.startedAt, finishedAt: rollout?.finishedAt,
            from: rollout?.startedAt ?? firstSeen, until: rollout?.finishedAt.map { max($0, lastGone) } ?? lastGone,
            oldPods: pods.count, newPods: newCount, desiredReplicas: rollout?.desiredReplicas,
            findings: FindingCount.of(findings), worstTermination: TerminationSummary.worst(pods),
            droppedConnections: pods.reduce(0) { $0 + $1.droppedConnections })
    }

    /// Removes the pruned pods' observations, endpoints, events and signals, and what no
    /// retained pod needs that is older than `horizon`; rebuilds the checkpoints. Returns how
    /// many observations and signals were removed or rewritten.
    mutating func removeTraces(of pruned: Set<String>, sets prunedSets: Set<String>, current: Correlator,
                               horizon: Instant, dropSignals: [String: Int]) -> Int {
        var retainedUIDs = Set<String>()
        var retainedNames = Set<String>()
        var retainedIPs = Set<String>()
        var retainedSets = Set<String>()
        for (uid, t) in current.pods where !pruned.contains(uid) {
            retainedUIDs.insert(uid)
            retainedNames.insert(t.pod.namespace + "/" + t.pod.name)
            retainedIPs.formUnion(t.ips)
            retainedSets.insert(t.pod.namespace + "/" + t.pod.replicaSet)
        }
        func keep(_ ep: SliceEndpoint, namespace: String) -> Bool {
            if let uid = ep.targetRef?.uid {
                if retainedUIDs.contains(uid) { return true }
                if pruned.contains(uid) { return false }
            }
            if let name = ep.targetRef?.name, retainedNames.contains(namespace + "/" + name) { return true }
            return ep.addresses.contains { retainedIPs.contains($0) }
        }
        func keep(_ e: KubeEvent, observed: Instant) -> Bool {
            if let uid = e.regarding.uid {
                if retainedUIDs.contains(uid) { return true }
                if pruned.contains(uid) { return false }
            }
            if e.regarding.kind == nil || e.regarding.kind == "Pod", let name = e.regarding.name,
               retainedNames.contains(e.namespace + "/" + name) { return true }
            return (e.lastAt ?? e.at ?? observed) >= horizon
        }

        var kept: [Observation] = []
        kept.reserveCapacity(observations.count)
        var changed = 0
        // The last kept state per slice or list scope, as "had members": an empty one after an
        // empty one changes nothing. The last kept workload info per object, to drop repeats.
        var sliceHadMembers: [String: Bool] = [:]
        var listHadMembers: [String: Bool] = [:]
        var lastInfo: [String: WorkloadInfo] = [:]
        for var o in observations {
            switch o.payload {
            case .pod(let p, _):
                if pruned.contains(p.uid) { changed += 1; continue }
            case .podList(let list, let scope):
                let filtered = pruned.isEmpty ? list : list.filter { !pruned.contains($0.uid) }
                if filtered.isEmpty && !(listHadMembers[scope] ?? false) { changed += 1; continue }
                listHadMembers[scope] = !filtered.isEmpty
                if filtered.count != list.count { o.payload = .podList(filtered, scope: scope); changed += 1 }
            case .event(let e):
                if !keep(e, observed: o.time) { changed += 1; continue }
            case .slice(var s, let action):
                let key = s.namespace + "/" + s.name
                let before = s.endpoints.count
                s.endpoints = s.endpoints.filter { keep($0, namespace: s.namespace) }
                let members = action != .deleted && !s.endpoints.isEmpty
                if !members && !(sliceHadMembers[key] ?? false) { changed += 1; continue }
                sliceHadMembers[key] = members
                if s.endpoints.count != before { o.payload = .slice(s, action); changed += 1 }
            case .workload(let info):
                let key = info.kind + "/" + info.namespace + "/" + info.name
                let set = info.namespace + "/" + info.name
                if info.kind == "ReplicaSet", prunedSets.contains(set)
                    || (!retainedSets.contains(set) && (info.createdAt ?? o.time) < horizon) {
                    changed += 1
                    continue
                }
                if lastInfo[key] == info { changed += 1; continue }
                lastInfo[key] = info
            }
            kept.append(o)
        }
        if changed > 0 {
            observations = kept
            checkpoints = [(0, Correlator())]
            rebuildTip()
        }
        if !dropSignals.isEmpty {
            var left = dropSignals
            let before = signals.count
            signals.removeAll { s in
                let key = ObservationStore.signalKey(s)
                guard let n = left[key], n > 0 else { return false }
                left[key] = n - 1
                return true
            }
            changed += before - signals.count
        }
        return changed
    }

    static func signalKey(_ s: Signal) -> String { "\(s.origin)\u{1}\(s.time.seconds)\u{1}\(s.summary)" }
}

extension String {
    /// "namespace" of a "namespace/workload" key.
    var namespacePart: String { String(prefix { $0 != "/" }) }
}
