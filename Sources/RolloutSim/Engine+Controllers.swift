import Foundation

extension Engine {
    // MARK: The cluster before the rollout

    /// The old revision's pods, created two days before the start, running and Ready: the old
    /// ReplicaSet's, a StatefulSet's ordinals 0...n-1, or one DaemonSet pod on each node.
    func setUpHistory() {
        for (n, node) in sc.nodes.enumerated() {
            let prefix = node.podCIDR.split(separator: "/").first.map { String($0.dropLast(1)) } ?? "10.244.\(n + 1)."
            // Addresses held by other workloads on the node (DNS, metrics, ...).
            var others: Set<Int> = []
            for _ in 0..<(1 + ids.int(3)) { others.insert(2 + ids.int(12)) }
            var lastReserved = 1
            if case .nextAfterLast(let octet) = sc.ipAllocation { lastReserved = octet }
            let oldImages = [sc.oldImage] + sc.initContainers.map { $0.oldImage ?? $0.image }
            nodes.append(NodeState(spec: node, prefix: prefix, images: Set(oldImages), lastReserved: lastReserved,
                                   reservedForOthers: others))
        }
        let base = t0 - 2 * 86400 + 8057
        revision = 30900
        for k in 0..<sc.desiredPods {
            let created = base + Double(k) * 12 + ids.uniform(0, 0.5)
            let p: PodState
            switch sc.kind {
            case .deployment, .rollout: p = makePod(rs: 0, created: created)
            case .statefulSet: p = makePod(rs: 0, created: created, ordinal: k, node: k % nodes.count)
            case .daemonSet: p = makePod(rs: 0, created: created, node: k)
            }
            pods.append(p)
            let i = pods.count - 1
            pods[i].node = k % nodes.count
            pods[i].scheduledAt = created + 0.02
            pods[i].startTime = created + 0.2
            pods[i].conditions["PodScheduled"] = Cond(status: true, time: created + 0.02)
            let sandbox = created + 1.6
            let saved = now
            now = sandbox
            pods[i].ip = allocateIP(node: pods[i].node!, pod: i)
            now = saved
            pods[i].ipAt = sandbox
            pods[i].sandboxUp = true
            pods[i].conditions["PodReadyToStartContainers"] = Cond(status: true, time: sandbox)
            var t = sandbox + 0.4
            for c in pods[i].inits.indices {
                let id = containerID()
                pods[i].inits[c].containerID = id
                if pods[i].inits[c].sidecar {
                    pods[i].inits[c].state = .running(startedAt: t)
                    pods[i].inits[c].processStart = t
                    pods[i].inits[c].processAlive = true
                    pods[i].inits[c].started = true
                    pods[i].inits[c].ready = true
                    pods[i].initRuns[c] = [RunTruth(start: t, runningShown: t)]
                    t += 0.6
                } else {
                    let finish = t + sc.initContainers[c].seconds + 1.1
                    pods[i].inits[c].state = .terminated(SimPod.Terminated(exitCode: 0, reason: "Completed", startedAt: t,
                                                              finishedAt: finish, containerID: id))
                    pods[i].inits[c].ready = true
                    pods[i].initRuns[c] = [RunTruth(start: t, runningShown: t, finish: finish, exitCode: 0, endShown: finish)]
                    t = finish + 0.5
                }
            }
            pods[i].conditions["Initialized"] = Cond(status: true, time: t)
            pods[i].initializedAt = t
            let start = t + 1.2
            pods[i].main.containerID = containerID()
            pods[i].main.state = .running(startedAt: start)
            pods[i].main.processStart = start
            pods[i].main.processAlive = true
            pods[i].main.started = true
            pods[i].main.ready = true
            let ready = start + sc.readinessDelaySeconds + 0.8
            pods[i].conditions["Ready"] = Cond(status: true, time: ready)
            pods[i].conditions["ContainersReady"] = Cond(status: true, time: ready)
            pods[i].servingFrom = ready
            pods[i].readyAt = ready
            pods[i].phase = "Running"
            pods[i].statusWrittenAt = ready
            revision += 37
            pods[i].resourceVersion = nextRevision()
            lastPodTrigger[i] = ready.rounded(.down)
            // Readiness probes keep running; the next one after the start.
            at(aligned(t0 + ids.uniform(0, Double(sc.probePeriodSeconds))), .probe(i))
        }
        revision = 48050
        replicaSets[0].resourceVersion = nextRevision()
        replicaSets[0].statusReplicas = sc.replicas
        replicaSets[0].statusReady = sc.replicas
        replicaSets[0].statusAvailable = sc.replicas
        deployment.replicas = sc.replicas
        deployment.updated = sc.replicas
        deployment.ready = sc.replicas
        deployment.available = sc.replicas
        deployment.complete = true
        deployment.progressingCond.message = "ReplicaSet \"\(sc.oldReplicaSet)\" has successfully progressed."
        deployment.resourceVersion = nextRevision()
        sliceEndpoints = pods.indices.map { i in
            SliceEndpoint(pod: i, ip: pods[i].ip!, node: nodes[pods[i].node!].spec.name, ready: true, serving: true,
                          terminating: false)
        }
        sliceTrigger = pods.compactMap(\.readyAt).max()?.rounded(.down)
        sliceGeneration = 11
        sliceRV = nextRevision()
        ingress = sliceEndpoints.map { IngressTarget(pod: $0.pod, ip: $0.ip) }
        switch sc.kind {
        case .deployment: break
        case .rollout: setUpArgoRollout()
        case .statefulSet: setUpStatefulSet()
        case .daemonSet: setUpDaemonSet()
        }
        revision = 48100
    }

    /// The first instant at or after `t` with a fraction between 0.2 and 0.4: probe ticks.
    ///
    /// Keeping every step of the rollout early in its second keeps the whole-second
    /// timestamps of a chain (ready, delete, Killing, exit) exact: a 6 s shutdown shows as 6 s.
    func aligned(_ t: Double) -> Double {
        (t - 0.2).rounded(.up) + 0.2 + timing.uniform(0, 0.2)
    }

    func containerID() -> String { "containerd://" + ids.hex(64) }

    /// The revision a new pod gets: the Deployment's new ReplicaSet, the StatefulSet's or
    /// DaemonSet's update revision.
    var updateRevision: Int { statefulSet?.updateRevision ?? 1 }

    /// A pod of revision `rs` as its controller creates it: `<replicaset>-<suffix>` for a
    /// Deployment, `<statefulset>-<ordinal>`, `<daemonset>-<suffix>` pinned to `node`.
    func makePod(rs: Int, created: Double, ordinal: Int? = nil, node: Int? = nil) -> PodState {
        var name: String
        let prefix = sc.kind == .deployment || sc.kind == .rollout ? replicaSets[rs].name : sc.deployment
        if let ordinal {
            name = sc.deployment + "-\(ordinal)"
        } else if pods.count < sc.podNames.count {
            name = prefix + "-" + sc.podNames[pods.count]
        } else {
            repeat { name = prefix + "-" + ids.nameSuffix() } while podNames.contains(name)
        }
        podNames.insert(name)
        let inits = sc.initContainers.map { c in
            ContainerRun(name: c.name, image: rs == 0 ? (c.oldImage ?? c.image) : c.image, isInit: true,
                         sidecar: c.sidecar, state: .waiting(reason: "PodInitializing", message: nil))
        }
        let main = ContainerRun(name: sc.containerName, image: rs == 0 ? sc.oldImage : sc.newImage, isInit: false, sidecar: false,
                                state: .waiting(reason: inits.isEmpty ? "ContainerCreating" : "PodInitializing", message: nil))
        var pod = PodState(name: name, uid: ids.uuid(), rs: rs, volumeName: "kube-api-access-" + ids.nameSuffix(),
                           createdAt: created, inits: inits, main: main, initRuns: inits.map { _ in [] })
        pod.ordinal = ordinal
        pod.pinnedNode = node
        pod.templateGeneration = daemonSet?.templateGeneration(rs) ?? 0
        return pod
    }

    // MARK: Deployment controller (pkg/controller/deployment/rolling.go)

    func scheduleDeploymentSync() {
        guard !deploymentSyncPending else { return }
        deploymentSyncPending = true
        after(j(0.005, 0.02), .deploymentSync)
    }

    func deploymentSync() {
        deploymentSyncPending = false
        let desired = sc.replicas
        let (surge, _) = sc.resolveFenceposts()
        if !replicaSets[1].exists {
            // getNewReplicaSet: create the new ReplicaSet already scaled (NewRSNewReplicas).
            let total = replicaSets[0].spec
            let maxTotal = desired + surge
            let count = total >= maxTotal ? 0 : min(maxTotal - total, desired)
            replicaSets[1].exists = true
            replicaSets[1].createdAt = now
            replicaSets[1].spec = count
            replicaSets[1].resourceVersion = nextRevision()
            if count > 0 {
                deploymentEvent("ScalingReplicaSet", "Scaled up replica set \(replicaSets[1].name) from 0 to \(count)")
            }
            deployment.progressingCond = Cond(status: true, time: deployment.progressingCond.status ? deployment.progressingCond.time : now,
                                              reason: "NewReplicaSetCreated",
                                              message: "Created new replica set \"\(replicaSets[1].name)\"")
            deployment.progressingUpdate = now
            scheduleRSSync(1)
        }
        if !reconcileNewReplicaSet() {
            _ = reconcileOldReplicaSets()
        }
        syncRolloutStatus()
    }

    func scale(_ rs: Int, to count: Int) {
        let from = replicaSets[rs].spec
        guard from != count else { return }
        replicaSets[rs].spec = count
        replicaSets[rs].resourceVersion = nextRevision()
        deploymentEvent("ScalingReplicaSet",
                        "Scaled \(count > from ? "up" : "down") replica set \(replicaSets[rs].name) from \(from) to \(count)")
        scheduleRSSync(rs)
    }

    /// reconcileNewReplicaSet with NewRSNewReplicas for RollingUpdate.
    func reconcileNewReplicaSet() -> Bool {
        let desired = sc.replicas
        let new = replicaSets[1]
        if new.spec == desired { return false }
        if new.spec > desired {
            scale(1, to: desired)
            return true
        }
        let total = replicaSets.filter(\.exists).map(\.spec).reduce(0, +)
        let maxTotal = desired + sc.resolvedMaxSurge
        if total >= maxTotal { return false }
        let up = min(maxTotal - total, desired - new.spec)
        scale(1, to: new.spec + up)
        return true
    }

    /// reconcileOldReplicaSets: clean up unhealthy old replicas first, then scale down while
    /// at least `replicas - maxUnavailable` pods stay available.
    func reconcileOldReplicaSets() -> Bool {
        let desired = sc.replicas
        let old = replicaSets[0], new = replicaSets[1]
        if old.spec == 0 { return false }
        let allPods = old.spec + new.spec
        let minAvailable = desired - sc.resolvedMaxUnavailable
        let newUnavailable = new.spec - new.statusAvailable
        let maxScaledDown = allPods - minAvailable - newUnavailable
        if maxScaledDown <= 0 { return false }
        var total = 0
        // cleanupUnhealthyReplicas
        if old.spec > old.statusAvailable {
            let count = min(maxScaledDown, old.spec - old.statusAvailable)
            if count > 0 {
                scale(0, to: old.spec - count)
                total += count
            }
        }
        // scaleDownOldReplicaSetsForRollingUpdate
        let available = replicaSets[0].statusAvailable + replicaSets[1].statusAvailable
        if available > minAvailable {
            let count = min(replicaSets[0].spec, available - minAvailable)
            if count > 0 {
                scale(0, to: replicaSets[0].spec - count)
                total += count
            }
        }
        return total > 0
    }

    /// syncRolloutStatus: counts from the ReplicaSets' status, Available and Progressing.
    func syncRolloutStatus() {
        let desired = sc.replicas
        let live = replicaSets.filter(\.exists)
        let replicas = live.map(\.statusReplicas).reduce(0, +)
        let updated = replicaSets[1].exists ? replicaSets[1].statusReplicas : 0
        let ready = live.map(\.statusReady).reduce(0, +)
        let available = live.map(\.statusAvailable).reduce(0, +)
        let progressing = updated > deployment.updated || (replicas - updated) < (deployment.replicas - deployment.updated)
            || ready > deployment.ready || available > deployment.available
        var changed = deployment.observedGeneration != deployment.generation
            || (replicas, updated, ready, available) != (deployment.replicas, deployment.updated, deployment.ready, deployment.available)
        deployment.observedGeneration = deployment.generation
        (deployment.replicas, deployment.updated, deployment.ready, deployment.available) = (replicas, updated, ready, available)

        let minAvailable = desired - sc.resolvedMaxUnavailable
        let isAvailable = available >= minAvailable
        if isAvailable != deployment.availableCond.status {
            deployment.availableCond = isAvailable
                ? Cond(status: true, time: now, reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability.")
                : Cond(status: false, time: now, reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability.")
            changed = true
        }
        let newName = replicaSets[1].name
        let complete = updated == desired && replicas == desired && available == desired
        var cond = deployment.progressingCond
        if complete {
            if cond.reason != "NewReplicaSetAvailable" {
                cond = Cond(status: true, time: cond.status ? cond.time : now, reason: "NewReplicaSetAvailable",
                            message: "ReplicaSet \"\(newName)\" has successfully progressed.")
                deployment.progressingUpdate = now
            }
        } else if progressing {
            cond = Cond(status: true, time: cond.status ? cond.time : now, reason: "ReplicaSetUpdated",
                        message: "ReplicaSet \"\(newName)\" is progressing.")
            deployment.progressingUpdate = now
            changed = true
            at(now + Double(sc.progressDeadlineSeconds) + 0.5, .deploymentSync)
        } else if cond.status, now - deployment.progressingUpdate > Double(sc.progressDeadlineSeconds) {
            cond = Cond(status: false, time: now, reason: "ProgressDeadlineExceeded",
                        message: "ReplicaSet \"\(newName)\" has timed out progressing.")
            deployment.progressingUpdate = now
        }
        if cond.reason != deployment.progressingCond.reason || cond.status != deployment.progressingCond.status
            || cond.message != deployment.progressingCond.message {
            changed = true
        }
        deployment.progressingCond = cond
        deployment.complete = complete
        if changed { writeDeployment() }
        checkCompletion()
    }

    // MARK: ReplicaSet controller

    func scheduleRSSync(_ rs: Int) {
        guard replicaSets[rs].exists, !rsSyncPending.contains(rs) else { return }
        rsSyncPending.insert(rs)
        after(j(0.005, 0.02), .replicaSetSync(rs))
    }

    func replicaSetSync(_ rs: Int) {
        rsSyncPending.remove(rs)
        guard replicaSets[rs].exists else { return }
        let active = pods.indices.filter { pods[$0].rs == rs && pods[$0].isActive }
        let diff = active.count - replicaSets[rs].spec
        if diff < 0 {
            for _ in 0..<(-diff) { createPod(rs: rs) }
        } else if diff > 0 {
            for victim in rankForDeletion(active).prefix(diff) { requestDeletion(victim) }
        }
        updateReplicaSetStatus(rs)
    }

    func updateReplicaSetStatus(_ rs: Int) {
        let active = pods.filter { $0.rs == rs && $0.isActive }
        let replicas = active.count
        let ready = active.filter(\.isReady).count
        let r = replicaSets[rs]
        guard (replicas, ready, ready) != (r.statusReplicas, r.statusReady, r.statusAvailable) else { return }
        replicaSets[rs].statusReplicas = replicas
        replicaSets[rs].statusReady = ready
        replicaSets[rs].statusAvailable = ready
        replicaSets[rs].resourceVersion = nextRevision()
        scheduleDeploymentSync()
    }

    func createPod(rs: Int) {
        pods.append(makePod(rs: rs, created: now))
        let i = pods.count - 1
        writePod(i, "ADDED", byKubelet: false)
        replicaSetEvent(rs, "SuccessfulCreate", "Created pod: \(pods[i].name)")
        after(j(0.01, 0.04), .bind(i))
    }

    /// `getPodsToDelete`: the order ActivePodsWithRanks gives (unassigned, pending, not ready,
    /// doubled up on a node, recently ready, restarted, newer first).
    func rankForDeletion(_ candidates: [Int]) -> [Int] {
        func phaseRank(_ p: PodState) -> Int { p.phase == "Pending" ? 0 : p.phase == "Running" ? 2 : 1 }
        func colocated(_ i: Int) -> Int {
            guard let node = pods[i].node else { return 0 }
            return pods.filter { $0.isActive && $0.node == node }.count
        }
        func bucket(_ t: Double?) -> Int {
            guard let t else { return -1 }
            return Int(log2(max(1, (now - t) * 1e9)))
        }
        let ranked = candidates.map { ($0, colocated($0)) }
        return ranked.sorted { a, b in
            let p = pods[a.0], q = pods[b.0]
            if (p.node == nil) != (q.node == nil) { return p.node == nil }
            if phaseRank(p) != phaseRank(q) { return phaseRank(p) < phaseRank(q) }
            if p.isReady != q.isReady { return !p.isReady }
            if a.1 != b.1 { return a.1 > b.1 }
            if p.isReady && q.isReady, bucket(p.readyAt) != bucket(q.readyAt) { return bucket(p.readyAt) < bucket(q.readyAt) }
            let rp = p.inits.map(\.restartCount).reduce(p.main.restartCount, +)
            let rq = q.inits.map(\.restartCount).reduce(q.main.restartCount, +)
            if rp != rq { return rp > rq }
            if bucket(p.createdAt) != bucket(q.createdAt) { return bucket(p.createdAt) < bucket(q.createdAt) }
            return a.0 > b.0
        }.map(\.0)
    }

    /// A DELETE with the default grace period: the API server sets deletionTimestamp to now +
    /// grace (an unscheduled pod is removed at once). The controller that asked says so in an
    /// Event; a user's `kubectl delete pod` leaves none.
    func requestDeletion(_ i: Int, byController: Bool = true) {
        guard pods[i].deletionTimestamp == nil, !pods[i].deleted else { return }
        let grace = sc.terminationGracePeriodSeconds
        if byController {
            switch sc.kind {
            case .deployment, .rollout: replicaSetEvent(pods[i].rs, "SuccessfulDelete", "Deleted pod: \(pods[i].name)")
            case .statefulSet: statefulSetEvent("SuccessfulDelete", "delete Pod \(pods[i].name) in StatefulSet \(sc.deployment) successful")
            case .daemonSet: daemonSetEvent("SuccessfulDelete", "Deleted pod: \(pods[i].name)")
            }
        }
        pods[i].deletionRequestedAt = now
        if pods[i].node == nil {
            pods[i].deletionTimestamp = now
            pods[i].deletionGrace = 0
            pods[i].generation += 1
            pods[i].deleted = true
            pods[i].deletedAt = now
            writePod(i, "DELETED", byKubelet: false)
            podChanged(i)
            return
        }
        pods[i].deletionTimestamp = now + Double(grace)
        pods[i].deletionGrace = grace
        pods[i].generation += 1
        writePod(i, byKubelet: false)
        podChanged(i)
        after(j(0.05, 0.2), .kubeletKill(i))
    }

    /// Something about pod `i` changed that its controller and the Service's endpoints depend on.
    func podChanged(_ i: Int) {
        switch sc.kind {
        case .deployment, .rollout: scheduleRSSync(pods[i].rs)
        case .statefulSet, .daemonSet: scheduleWorkloadSync()
        }
        scheduleEndpointSync()
    }

    /// `kubectl delete pod NAME`: the latest pod of that name, if it is still there.
    func deleteByHand(_ name: String) {
        guard let i = pods.lastIndex(where: { $0.name == name && !$0.deleted }) else { return }
        requestDeletion(i, byController: false)
    }

    // MARK: Scheduler

    /// Binds to the node with the fewest pods of the app (topology spread counts no
    /// terminating pods), then the fewest pods at all; ties are random. A pod pinned to a node
    /// (a DaemonSet pod's node affinity, a StatefulSet pod's local volume) goes there.
    func bind(_ i: Int) {
        guard !pods[i].deleted, pods[i].deletionTimestamp == nil, pods[i].node == nil else { return }
        if let node = pods[i].pinnedNode {
            place(i, on: node)
            return
        }
        func score(_ n: Int) -> (Int, Int) {
            let here = pods.filter { $0.node == n && !$0.deleted }
            return (here.filter { $0.deletionTimestamp == nil && !$0.terminal }.count, here.count)
        }
        let best = nodes.indices.map(score).min { $0 < $1 }!
        let candidates = nodes.indices.filter { score($0) == best }
        place(i, on: candidates[ids.int(candidates.count)])
    }

    func place(_ i: Int, on node: Int) {
        pods[i].node = node
        pods[i].scheduledAt = now
        pods[i].conditions["PodScheduled"] = Cond(status: true, time: now)
        writePod(i, byKubelet: false)
        schedulerEvent(i, "Successfully assigned \(sc.namespace)/\(pods[i].name) to \(nodes[node].spec.name)")
        after(j(0.08, 0.25), .kubeletAdmit(i))
    }
}
