/// One workload's rollout from its pods' timelines, step by step: kind, revisions and roles,
/// pod order, start, availability, desired replicas and strategy, finish, progress, findings.
/// Where kinds differ, each step switches over `WorkloadKind` (pods of no known kind follow
/// the Deployment's rules).
extension Correlator {
    /// The rollout of the pods at `members`, which are moved out of `timelines`, with the
    /// requests a proxy could send to none of its pods (`rolloutDrops`).
    /// `parallel`: whether its pods' findings may be found on both cores.
    func rollout(_ members: [Int], of timelines: inout [PodTimeline], rolloutDrops: [Signal] = [], parallel: Bool = true) -> Rollout {
        finished(draft(members, of: &timelines, rolloutDrops: rolloutDrops, parallel: parallel))
    }

    /// A rollout before what depends on when it was last observed (`asOf`): its pods ordered
    /// with their roles, their own findings, and the kinds of those on each pod (the rollout's
    /// own findings name no pod). `IncrementalModel` keeps drafts of workloads whose pods did
    /// not change and only finish them again (`finished`) as time goes on.
    struct RolloutDraft: Sendable {
        var rollout: Rollout
        var pods: [PodTimeline]
        var object: WorkloadInfo?
        var podFindings: [Finding]
    }

    /// The rollout of a draft as of `asOf`: when it was observed until, the findings (the
    /// draft's pod findings and the rollout's own), kubectl's verdict, the pods' finding kinds.
    func finished(_ d: RolloutDraft) -> Rollout {
        var r = d.rollout
        r.observedUntil = asOf ?? d.pods.map(\.lastSeenAt).max()!
        r.findings = Findings.evaluate(r, pods: d.pods, podFindings: d.podFindings, deployment: d.object, asOf: r.observedUntil)
        if let object = d.object, let verdict = KubectlVerdict.of(object, argo: r.argo) { r.kubectl = verdict.explained(r, pods: d.pods) }
        r.pods = d.pods
        return r
    }

    func draft(_ members: [Int], of timelines: inout [PodTimeline], rolloutDrops: [Signal] = [], parallel: Bool = true) -> RolloutDraft {
        let namespace = timelines[members[0]].namespace
        let workload = timelines[members[0]].workload
        let kind = self.kind(of: members, in: timelines, namespace: namespace, workload: workload)
        let object = self.object(kind: kind, namespace: namespace, workload: workload)
        let revisions = self.revisions(of: members, in: timelines, kind: kind, object: object, namespace: namespace, workload: workload)
        var pods = Correlator.moveOrdered(members, from: &timelines, isNew: revisions.isNew)
        let observedUntil = asOf ?? pods.map(\.lastSeenAt).max()!
        var r = Rollout(workload: workload, namespace: namespace, replicaSets: revisions.summaries, pods: [],
                        observedFrom: pods.map(\.firstSeenAt).min()!, observedUntil: observedUntil)
        r.kind = kind
        if kind == .statefulSet || kind == .daemonSet, let object {
            r.updateStrategy = object.updateStrategy
            r.partition = kind == .statefulSet ? object.partition ?? (object.isOnDelete ? nil : 0) : nil
            r.podManagementPolicy = object.podManagementPolicy
        }
        if kind == .rollout, let object, let a = object.argo {
            r.argo = argoState(object, argo: a, pods: pods, namespace: namespace, workload: workload)
        }
        r.startedAt = Correlator.start(pods, kind: kind)
        r.availability = availability(pods)
        r.desiredReplicas = Correlator.desiredReplicas(pods, kind: kind, object: object, startedAt: r.startedAt,
                                                       availability: r.availability)
        if let desired = r.desiredReplicas {
            (r.maxSurge, r.maxUnavailable) = Correlator.fenceposts(kind: kind, object: object, desired: desired)
        }
        r.finishedAt = r.argo.map { Correlator.argoFinish(pods, desired: r.desiredReplicas, argo: $0) }
            ?? Correlator.finish(pods, desired: r.desiredReplicas, held: r.heldUIDs(in: pods))
        r.progress = RolloutProgress(pods: pods, desiredReplicas: r.desiredReplicas, startedAt: r.startedAt, finishedAt: r.finishedAt,
                                     held: r.heldUIDs(in: pods))
        r.rolloutDrops = rolloutDrops
        let podFindings = Findings.podFindings(of: pods, parallel: parallel)
        var sorted = podFindings
        Findings.sort(&sorted)
        Correlator.noteFindingKinds(sorted, in: &pods)
        return RolloutDraft(rollout: r, pods: pods, object: object, podFindings: podFindings)
    }

    /// maxSurge and maxUnavailable against `desired`, as the kind's controller resolves them:
    /// a Deployment's default 25 % each (surge rounded up, unavailable down); a StatefulSet
    /// surges never and takes one pod at a time unless `maxUnavailable` says more (rounded
    /// up); a DaemonSet's maxSurge 0 and maxUnavailable 1 by default, both rounded up; an Argo
    /// canary's like a Deployment's, a blue-green one surges a whole stack and takes none away.
    static func fenceposts(kind: WorkloadKind?, object: WorkloadInfo?, desired: Int) -> (surge: Int, unavailable: Int) {
        switch kind {
        case .deployment?, nil:
            return (WorkloadInfo.resolve(object?.maxSurge, replicas: desired, roundUp: true, default: "25%"),
                    WorkloadInfo.resolve(object?.maxUnavailable, replicas: desired, roundUp: false, default: "25%"))
        case .statefulSet?:
            return (0, max(1, WorkloadInfo.resolve(object?.maxUnavailable, replicas: desired, roundUp: true, default: "1")))
        case .rollout?:
            // Blue-green brings up a whole preview stack beside the active one.
            if object?.argo?.strategy == .blueGreen { return (desired, 0) }
            return (WorkloadInfo.resolve(object?.maxSurge, replicas: desired, roundUp: true, default: "25%"),
                    WorkloadInfo.resolve(object?.maxUnavailable, replicas: desired, roundUp: false, default: "25%"))
        case .daemonSet?:
            let surge = WorkloadInfo.resolve(object?.maxSurge, replicas: desired, roundUp: true, default: "0")
            let unavailable = WorkloadInfo.resolve(object?.maxUnavailable, replicas: desired, roundUp: true, default: "1")
            return (surge, surge == 0 && unavailable == 0 ? 1 : unavailable)
        }
    }

    /// The workload's ReplicaSets, oldest first (`ReplicaSetRank`); the last one is `new`.
    func replicaSets(of members: [Int], in timelines: [PodTimeline], namespace: String) -> [ReplicaSetSummary] {
        var sets: [String: (hash: String, latest: Instant, count: Int)] = [:]
        for i in members {
            let p = timelines[i]
            let created = p.createdAt ?? p.firstSeenAt
            if let e = sets[p.replicaSet] {
                sets[p.replicaSet] = (e.hash, max(e.latest, created), e.count + 1)
            } else {
                sets[p.replicaSet] = (p.templateHash, created, 1)
            }
        }
        func rank(_ name: String) -> ReplicaSetRank {
            ReplicaSetRank(revision: workloads["ReplicaSet/" + namespace + "/" + name]?.revision, latestCreated: sets[name]!.latest, name: name)
        }
        let order = sets.keys.sorted { ReplicaSetRank.precedes(rank($0), rank($1)) }
        return order.map { name in
            ReplicaSetSummary(name: name, templateHash: sets[name]!.hash, role: name == order.last! ? .new : .old, pods: sets[name]!.count)
        }
    }

    /// The pods at `members`, old first, then new; each group by creation, then name. Sorted
    /// as small keys, then moved out of `timelines` (each belongs to one rollout).
    static func moveOrdered(_ members: [Int], from timelines: inout [PodTimeline], isNew: (PodTimeline) -> Bool) -> [PodTimeline] {
        let keys = members.map { i in
            let p = timelines[i]
            return (old: !isNew(p), created: p.createdAt ?? p.firstSeenAt, index: i)
        }.sorted { a, b in
            if a.old != b.old { return a.old }
            if a.created != b.created { return a.created < b.created }
            let na = timelines[a.index].name, nb = timelines[b.index].name
            return na != nb ? na < nb : a.index < b.index
        }
        var pods: [PodTimeline] = []
        pods.reserveCapacity(keys.count)
        for k in keys {
            var moved = PodTimeline.placeholder
            swap(&moved, &timelines[k.index])
            let role: Role = k.old ? .old : .new
            if moved.role != role { moved.role = role }
            pods.append(moved)
        }
        return pods
    }

    /// When the rollout began, by the kind's rule.
    /// - Deployment and Argo Rollout: when the first new pod was created, or an old pod's deletion was requested
    ///   up to a minute before that (a controller may scale down first); nil without new pods.
    /// - StatefulSet and DaemonSet: the controller deletes before it creates (a StatefulSet
    ///   always, a DaemonSet without maxSurge), and the replacement waits until its
    ///   predecessor is gone, however long its shutdown takes: the first deletion of an old pod
    ///   that has a successor (the same name, or on the same node) or is still terminating,
    ///   else the first new pod's creation.
    static func start(_ pods: [PodTimeline], kind: WorkloadKind?) -> Instant? {
        let firstNew = pods.lazy.filter({ $0.role == .new }).map({ $0.createdAt ?? $0.firstSeenAt }).min()
        switch kind {
        case .deployment?, .rollout?, nil:
            guard let firstNew else { return nil }
            var start = firstNew
            for p in pods where p.role == .old {
                if let req = p.termination?.requestedAt, req >= firstNew - 60 { start = min(start, req) }
            }
            return start
        case .statefulSet?, .daemonSet?:
            var start = firstNew
            for p in pods where p.role == .old {
                guard let req = p.termination?.requestedAt else { continue }
                let succeeded = pods.contains { q in
                    q.role == .new && (q.createdAt ?? q.firstSeenAt) >= req - 1 && Correlator.sameSlot(p, q, kind: kind)
                }
                if succeeded || p.endAt == nil { start = min(start, req) }
            }
            return start
        }
    }

    /// Whether `q` takes `p`'s place: the same name for a StatefulSet (the same ordinal), the
    /// same node for a DaemonSet.
    static func sameSlot(_ p: PodTimeline, _ q: PodTimeline, kind: WorkloadKind?) -> Bool {
        switch kind {
        case .statefulSet?: p.name == q.name
        case .daemonSet?: p.node != nil && p.node == q.node
        case .deployment?, .rollout?, nil: false
        }
    }

    /// The workload's replicas (a DaemonSet: `desiredNumberScheduled`, the nodes that should
    /// run a pod); else as many as were ready just before the rollout; else, with no old
    /// pods, the new pods that are not being deleted.
    static func desiredReplicas(_ pods: [PodTimeline], kind: WorkloadKind?, object: WorkloadInfo?, startedAt: Instant?,
                                availability: [(time: Instant, ready: Int)]) -> Int? {
        switch kind {
        case .daemonSet?: if let n = object?.desiredNumberScheduled { return n }
        case .deployment?, .statefulSet?, .rollout?, nil: if let replicas = object?.replicas { return replicas }
        }
        let readyBefore = startedAt.map { s in availability.last { $0.time < s }?.ready ?? 0 } ?? 0
        if readyBefore > 0 { return readyBefore }
        guard !pods.contains(where: { $0.role == .old }) else { return nil }
        return pods.lazy.filter { $0.role == .new && $0.termination == nil }.count
    }

    /// Ready pods over time: each pod counts from readyAt until it lost readiness or deletion began.
    func availability(_ pods: [PodTimeline]) -> [(time: Instant, ready: Int)] {
        var deltas: [(Instant, Int)] = []
        for p in pods {
            let stop = [p.termination?.requestedAt, p.endAt].compactMap { $0 }.min()
            let spans = p.readyIntervals.isEmpty ? (p.readyAt.map { [($0, p.unreadyAt)] } ?? []) : p.readyIntervals
            for (from, to) in spans {
                if let stop, from >= stop { continue }
                deltas.append((from, 1))
                if let end = [to, stop].compactMap({ $0 }).min() { deltas.append((end, -1)) }
            }
        }
        deltas.sort { $0.0 < $1.0 }
        var out: [(time: Instant, ready: Int)] = []
        var count = 0
        var i = 0
        while i < deltas.count {
            let t = deltas[i].0
            while i < deltas.count && deltas[i].0 == t {
                count += deltas[i].1
                i += 1
            }
            if out.last?.ready != count { out.append((t, count)) }
        }
        return out
    }

    /// When every new pod is ready (as many as desired, less the old pods a StatefulSet's
    /// partition holds) and every other old pod is gone.
    static func finish(_ pods: [PodTimeline], desired: Int?, held: Set<String> = []) -> Instant? {
        let live = pods.lazy.filter { $0.role == .new && $0.termination == nil }
        guard !live.isEmpty, live.allSatisfy({ $0.readyAt != nil }) else { return nil }
        if let desired, live.count + held.count < desired { return nil }
        var end = live.compactMap(\.readyAt).max()!
        for p in pods where p.role == .old && !held.contains(p.uid) {
            guard p.termination != nil || p.goneAt != nil else { return nil }
            guard let gone = p.endAt else { return nil }
            end = max(end, gone)
        }
        return end
    }

    /// An Argo Rollout's finish by its controller's rule (Healthy: the stable ReplicaSet is the
    /// current one, every replica updated and available):
    /// - blue-green: at the switch of the active Service, once the new pods are ready; the
    ///   old pods stay up for scaleDownDelaySeconds after it by design, then drain;
    /// - canary: every step done (stable = current), every new pod ready and every old pod gone.
    static func argoFinish(_ pods: [PodTimeline], desired: Int?, argo: ArgoState) -> Instant? {
        guard argo.fullyPromoted, !argo.abort else { return nil }
        guard argo.strategy == .blueGreen else { return finish(pods, desired: desired) }
        guard argo.activeHash == argo.currentHash else { return nil }
        let live = pods.lazy.filter { $0.role == .new && $0.termination == nil }
        guard !live.isEmpty, live.allSatisfy({ $0.readyAt != nil }) else { return nil }
        if let desired, live.count < desired { return nil }
        let ready = live.compactMap(\.readyAt).max()!
        return max(ready, argo.switchedAt ?? ready)
    }

    /// The Argo state of a Rollout, with the time of a blue-green switch: the last
    /// `SwitchService` event of the Rollout that names the current hash, else the first old
    /// pod's deletion request less scaleDownDelaySeconds (Argo scales the old ReplicaSet down
    /// that long after the switch).
    func argoState(_ object: WorkloadInfo, argo a: ArgoRollout, pods: [PodTimeline], namespace: String, workload: String) -> ArgoState {
        var state = ArgoState(object, argo: a)
        guard state.strategy == .blueGreen, let current = state.currentHash, state.activeHash == current else { return state }
        let switched = events.lazy.filter {
            $0.reason == "SwitchService" && $0.regarding.kind == "Rollout" && $0.regarding.name == workload && $0.namespace == namespace
                && $0.message.contains(current)
        }.compactMap(\.at).max()
        if let switched {
            state.switchedAt = switched
        } else if let firstNew = pods.lazy.filter({ $0.role == .new }).map({ $0.createdAt ?? $0.firstSeenAt }).min(),
                  let firstDrain = pods.lazy.filter({ $0.role == .old }).compactMap({ $0.termination?.requestedAt }).filter({ $0 >= firstNew }).min() {
            state.switchedAt = firstDrain - Double(state.scaleDownDelaySeconds)
            state.switchEstimated = true
        }
        return state
    }

    /// Gives each pod the kinds of the findings that name it, each once, most severe first: by
    /// uid, since a StatefulSet's pods of one name are several incarnations.
    static func noteFindingKinds(_ findings: [Finding], in pods: inout [PodTimeline]) {
        let kindsByPod = Dictionary(grouping: findings.filter { $0.pod != nil }, by: { $0.uid ?? $0.pod! })
        for i in pods.indices {
            guard let found = kindsByPod[pods[i].uid] ?? kindsByPod[pods[i].name] else { continue }
            var seen: [Finding.Kind] = []
            for f in found where !seen.contains(f.kind) { seen.append(f.kind) }
            // Written only when it differs: a timeline shared with `IncrementalModel`'s cache is
            // copied whole when written.
            if pods[i].findings != seen { pods[i].findings = seen }
        }
    }
}

/// What orders a workload's ReplicaSets, oldest first: the Deployment's revision annotation
/// when both have one, else the latest pod creation (after a rollback the restored ReplicaSet
/// is the newest), else the name. The correlator and retention order them alike.
struct ReplicaSetRank {
    var revision: Int?
    var latestCreated: Instant
    var name: String

    static func precedes(_ a: ReplicaSetRank, _ b: ReplicaSetRank) -> Bool {
        if let ra = a.revision, let rb = b.revision, ra != rb { return ra < rb }
        return a.latestCreated != b.latestCreated ? a.latestCreated < b.latestCreated : a.name < b.name
    }
}
