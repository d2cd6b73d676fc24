/// Which kind a workload is and which of its revisions is new, each kind by its own rule.
extension Correlator {
    /// The revisions of a rollout, oldest first, and the names whose pods are new.
    struct Revisions {
        var summaries: [ReplicaSetSummary]
        var new: Set<String>
        /// DaemonSet pods made at this `pod-template-generation` are new whatever their hash
        /// (`IsPodUpdated`: hash or generation).
        var newGeneration: Int?

        func isNew(_ p: PodTimeline) -> Bool {
            new.contains(p.replicaSet) || (newGeneration != nil && p.templateGeneration == newGeneration)
        }
    }

    /// The kind of the workload the pods at `members` belong to: their controller owner's,
    /// else that of a workload object of that name (a Deployment first, as before kinds were
    /// told apart), else nil.
    func kind(of members: [Int], in timelines: [PodTimeline], namespace: String, workload: String) -> WorkloadKind? {
        for i in members { if let k = timelines[i].kind { return k } }
        for k in WorkloadKind.allCases where workloads[k.rawValue + "/" + namespace + "/" + workload] != nil { return k }
        return nil
    }

    /// The workload object the rollout's rules read: the Deployment of that name for a
    /// Deployment or pods of no known kind, else the StatefulSet or DaemonSet.
    func object(kind: WorkloadKind?, namespace: String, workload: String) -> WorkloadInfo? {
        workloads[(kind ?? .deployment).rawValue + "/" + namespace + "/" + workload]
    }

    /// The revisions by the kind's rule:
    /// - Deployment (and pods of no known kind): `ReplicaSetRank`, the last one new.
    /// - StatefulSet: the one `status.updateRevision` names is new (listed with no pods before
    ///   its first pod exists); the others are old, the partition's held pods among them.
    /// - DaemonSet: the newest ControllerRevision of the set (highest `revision`) is new, and
    ///   so is every pod whose `pod-template-generation` is the set's generation.
    /// - Argo Rollout: the ReplicaSet of `status.currentPodHash` is new (the canary, or the
    ///   blue-green preview), listed before its first pod exists; the stable one and any
    ///   others are old.
    /// Without the workload object or its ControllerRevisions, the newest by pod creation.
    func revisions(of members: [Int], in timelines: [PodTimeline], kind: WorkloadKind?, object: WorkloadInfo?,
                   namespace: String, workload: String) -> Revisions {
        switch kind {
        case .deployment?, nil:
            let sets = replicaSets(of: members, in: timelines, namespace: namespace)
            return Revisions(summaries: sets, new: [sets.last!.name])
        case .rollout?:
            return argoReplicaSets(of: members, in: timelines, namespace: namespace, workload: workload,
                                   current: object?.argo?.currentPodHash)
        case .statefulSet?:
            return controllerRevisions(of: members, in: timelines, namespace: namespace, workload: workload,
                                       update: object?.updateRevision, generation: nil)
        case .daemonSet?:
            let newest = workloads.values.filter { $0.kind == "ControllerRevision" && $0.namespace == namespace && $0.owner == workload }
                .max { ($0.revision ?? 0, $0.name) < ($1.revision ?? 0, $1.name) }
            var generation: Int?
            if let g = object?.generation, members.contains(where: { timelines[$0].templateGeneration == g }) { generation = g }
            return controllerRevisions(of: members, in: timelines, namespace: namespace, workload: workload,
                                       update: newest?.name, generation: generation)
        }
    }

    /// StatefulSet and DaemonSet revisions: `update` (when known) is new, listed even before a
    /// pod of it exists; pods of `generation` are new too; else the newest by
    /// ControllerRevision number, then by pod creation.
    func controllerRevisions(of members: [Int], in timelines: [PodTimeline], namespace: String, workload: String,
                             update: String?, generation: Int?) -> Revisions {
        var sets: [String: (hash: String, latest: Instant, count: Int)] = [:]
        var newByGeneration: Set<String> = []
        for i in members {
            let p = timelines[i]
            let created = p.createdAt ?? p.firstSeenAt
            if let e = sets[p.replicaSet] {
                sets[p.replicaSet] = (e.hash, max(e.latest, created), e.count + 1)
            } else {
                sets[p.replicaSet] = (p.templateHash, created, 1)
            }
            if let generation, p.templateGeneration == generation { newByGeneration.insert(p.replicaSet) }
        }
        if let update, sets[update] == nil {
            let hash = update.hasPrefix(workload + "-") ? String(update.dropFirst(workload.count + 1)) : update
            sets[update] = (hash, Instant(seconds: .infinity), 0)
        }
        func rank(_ name: String) -> ReplicaSetRank {
            var latest = sets[name]!.latest
            if name == update { latest = Instant(seconds: .infinity) }
            return ReplicaSetRank(revision: workloads["ControllerRevision/" + namespace + "/" + name]?.revision,
                                  latestCreated: latest, name: name)
        }
        var order = sets.keys.sorted { ReplicaSetRank.precedes(rank($0), rank($1)) }
        var new: Set<String> = newByGeneration
        if let update { new.insert(update) } else if new.isEmpty { new.insert(order.last!) }
        // The new revisions last, each group in rank order.
        order = order.filter { !new.contains($0) } + order.filter { new.contains($0) }
        let summaries = order.map { name in
            ReplicaSetSummary(name: name, templateHash: sets[name]!.hash, role: new.contains(name) ? .new : .old, pods: sets[name]!.count)
        }
        return Revisions(summaries: summaries, new: new, newGeneration: generation)
    }

    /// An Argo Rollout's ReplicaSets, ranked as a Deployment's (the `rollout.argoproj.io/revision`
    /// annotation, else pod creation): the one whose hash is `current` is new, else the last.
    func argoReplicaSets(of members: [Int], in timelines: [PodTimeline], namespace: String, workload: String,
                         current: String?) -> Revisions {
        var sets = replicaSets(of: members, in: timelines, namespace: namespace)
        guard let current, !current.isEmpty else { return Revisions(summaries: sets, new: [sets.last!.name]) }
        let name = sets.first(where: { $0.templateHash == current })?.name ?? workload + "-" + current
        if !sets.contains(where: { $0.name == name }) {
            sets.append(ReplicaSetSummary(name: name, templateHash: current, role: .new, pods: 0))
        }
        sets = sets.filter { $0.name != name }.map { var s = $0; s.role = .old; return s } + sets.filter { $0.name == name }
        sets[sets.count - 1].role = .new
        return Revisions(summaries: sets, new: [name])
    }
}
