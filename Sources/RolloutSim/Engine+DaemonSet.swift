import Foundation
import RolloutCore

/// The DaemonSet as its controller keeps it: the template, generation and status; revisions
/// are indexes into `Engine.replicaSets` (its ControllerRevisions).
struct DaemonSetState {
    var uid: String
    var createdAt: Double
    var generation: Int
    var observedGeneration: Int
    var resourceVersion = 0
    /// The generation at which the first template was applied: pods of revision `rs` carry
    /// `pod-template-generation` = this + rs.
    var baseGeneration: Int
    var templateRS = 0
    var desired = 0, current = 0, ready = 0, updated = 0, available = 0

    init(uid: String, createdAt: Double, generation: Int) {
        self.uid = uid
        self.createdAt = createdAt
        self.generation = generation
        observedGeneration = generation
        baseGeneration = generation
    }

    func templateGeneration(_ rs: Int) -> Int { baseGeneration + rs }
}

/// The DaemonSet controller (pkg/controller/daemon), as of 1.35:
///
/// - `manage`: a node with no pod of the set gets one (node affinity to it; the scheduler
///   binds it there). A pod being deleted still counts as the node's until it is gone from
///   the API, so without surge the replacement is created only after its predecessor is gone.
/// - `rollingUpdate` without maxSurge: old pods are deleted while fewer than maxUnavailable
///   nodes are unavailable (no available pod, or a pod being replaced); with maxSurge, a new
///   pod is created beside an available old one (at most maxSurge at once) and the old pod is
///   deleted as soon as the new one is available. Nodes are taken in map order (random).
/// - It waits for its own creations and deletions to be observed before the next rolling
///   step (expectations).
/// - Status counts the oldest pod on each node: ready, available, updated (its
///   `controller-revision-hash` is the newest revision's).
extension Engine {
    var daemonOptions: SimWorkload.DaemonSet {
        if case .daemonSet(let o) = sc.workload { return o }
        return SimWorkload.DaemonSet()
    }

    /// maxSurge and maxUnavailable resolved against the nodes, rounded up
    /// (`util.SurgeCount`, `util.UnavailableCount`); 1 unavailable when both are 0.
    var daemonFenceposts: (surge: Int, unavailable: Int) {
        let n = nodes.count
        let surge = sc.maxSurge.scaled(total: n, roundUp: true) ?? 0
        var unavailable = sc.maxUnavailable.scaled(total: n, roundUp: true) ?? 0
        if surge == 0 && unavailable == 0 { unavailable = 1 }
        return (surge, unavailable)
    }

    func setUpDaemonSet() {
        replicaSets[0].exists = true
        let n = nodes.count
        (daemonSet!.desired, daemonSet!.current, daemonSet!.ready, daemonSet!.updated, daemonSet!.available) = (n, n, n, n, n)
        daemonSet!.resourceVersion = nextRevision()
        lastObservedGeneration = daemonSet!.observedGeneration
    }

    func applyDaemonSet() {
        record(.controllerRevision(watchType: "ADDED", object: controllerRevisionObject(0).json))
        daemonSet!.generation += 1
        daemonSet!.templateRS = 1
        writeWorkload()
        scheduleWorkloadSync()
    }

    /// The pods on node `n` not yet removed from the API, oldest first.
    func daemonPods(on n: Int) -> [Int] {
        pods.indices.filter { pods[$0].pinnedNode == n && !pods[$0].deleted }
    }

    /// `findUpdatedPodsOnNode`: the node's new and old pod, pods being deleted aside; nil when
    /// it has more than one of either.
    func updatedPods(on n: Int, update: Int) -> (new: Int?, old: Int?)? {
        var new: Int?, old: Int?
        for i in daemonPods(on: n) where pods[i].deletionTimestamp == nil {
            if pods[i].rs == update {
                if new != nil { return nil }
                new = i
            } else {
                if old != nil { return nil }
                old = i
            }
        }
        return (new, old)
    }

    func isAvailable(_ i: Int) -> Bool { pods[i].isReady && pods[i].deletionTimestamp == nil }

    func daemonSetSync() {
        workloadSyncPending = false
        let update = daemonSet!.templateRS
        syncRevision(update)
        daemonSet!.observedGeneration = daemonSet!.generation
        defer { refreshDaemonSetStatus() }
        let (surge, maxUnavailable) = daemonFenceposts
        var create: [Int] = []
        var delete: [Int] = []
        // manage
        for n in nodes.indices {
            let here = daemonPods(on: n)
            if here.isEmpty { create.append(n); continue }
            let running = here.filter { pods[$0].deletionTimestamp == nil }
            if surge == 0 {
                delete += running.dropFirst()
                continue
            }
            if running.isEmpty { create.append(n); continue }
            guard running.count > 1 else { continue }
            let newest = running.first { pods[$0].rs == update }
            let oldest = running.first { pods[$0].rs != update }
            if let new = newest, let old = oldest, !pods[old].isReady || isAvailable(new) { delete.append(old) }
        }
        if create.isEmpty && delete.isEmpty && !daemonOptions.onDelete {
            // rollingUpdate, once the controller's own changes have been observed.
            let order = shuffledNodes()
            if surge == 0 {
                var unavailable = 0
                var allowed: [Int] = [], candidates: [Int] = []
                for n in order {
                    guard let (new, old) = updatedPods(on: n, update: update) else { unavailable += 1; continue }
                    switch (new, old) {
                    case (nil, nil), (.some, .some): unavailable += 1
                    case (let new?, nil): if !isAvailable(new) { unavailable += 1 }
                    case (nil, let old?):
                        if !isAvailable(old) { allowed.append(old) } else if unavailable < maxUnavailable { candidates.append(old) }
                    }
                }
                let remaining = min(max(0, maxUnavailable - unavailable), candidates.count)
                delete += allowed + candidates.prefix(remaining)
            } else {
                var surging = 0
                var allowed: [Int] = [], candidates: [Int] = []
                for n in order {
                    guard let (new, old) = updatedPods(on: n, update: update) else { surging += 1; continue }
                    guard let old else { continue }
                    if let new {
                        if !isAvailable(new) { surging += 1 } else { delete.append(old) }
                    } else if !isAvailable(old) {
                        allowed.append(n)
                    } else if surging < surge {
                        candidates.append(n)
                    }
                }
                let remaining = min(max(0, surge - surging), candidates.count)
                create += allowed + candidates.prefix(remaining)
            }
        }
        for n in create { createDaemonPod(on: n, rs: update) }
        for i in delete { requestDeletion(i) }
    }

    /// The nodes in a random order, as Go's map iteration gives them (Fisher-Yates on the ids
    /// stream, the same on every platform).
    func shuffledNodes() -> [Int] {
        var order = Array(nodes.indices)
        for k in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(k, ids.int(k + 1)) }
        return order
    }

    func createDaemonPod(on n: Int, rs: Int) {
        pods.append(makePod(rs: rs, created: now, node: n))
        let i = pods.count - 1
        writePod(i, "ADDED", byKubelet: false)
        daemonSetEvent("SuccessfulCreate", "Created pod: \(pods[i].name)")
        after(j(0.01, 0.04), .bind(i))
    }

    /// `updateDaemonSetStatus`: per node, its oldest pod (being deleted or not).
    func refreshDaemonSetStatus() {
        var ds = daemonSet!
        var current = 0, ready = 0, updated = 0
        for n in nodes.indices {
            guard let oldest = daemonPods(on: n).first else { continue }
            current += 1
            if pods[oldest].isReady { ready += 1 }
            if pods[oldest].rs == ds.templateRS { updated += 1 }
        }
        let status = (nodes.count, current, ready, updated, ready)
        let before = (ds.desired, ds.current, ds.ready, ds.updated, ds.available)
        guard status != before || ds.observedGeneration != lastObservedGeneration else { return }
        (ds.desired, ds.current, ds.ready, ds.updated, ds.available) = status
        daemonSet = ds
        writeWorkload()
        checkCompletion()
    }

    /// Done as the DaemonSet controller means it: every node runs exactly one pod, at the
    /// newest revision and available, and nothing is being deleted.
    func daemonSetComplete() -> Bool {
        let update = daemonSet!.templateRS
        return nodes.indices.allSatisfy { n in
            let here = daemonPods(on: n)
            return here.count == 1 && pods[here[0]].rs == update && isAvailable(here[0])
        }
    }

    func daemonSetObject() -> SimDaemonSet {
        let ds = daemonSet!
        var d = SimDaemonSet(
            metadata: workloadMetadata(uid: ds.uid, resourceVersion: ds.resourceVersion, generation: ds.generation,
                                       createdAt: ds.createdAt, templateRS: ds.templateRS,
                                       extra: ["deprecated.daemonset.template.generation": String(ds.generation)]),
            selector: ["app": sc.deployment], template: podSpec(rs: ds.templateRS, pod: nil),
            updateStrategy: daemonOptions.onDelete ? "OnDelete" : "RollingUpdate",
            maxUnavailable: sc.maxUnavailable, maxSurge: sc.maxSurge)
        d.observedGeneration = ds.observedGeneration
        d.desiredNumberScheduled = ds.desired
        d.currentNumberScheduled = ds.current
        d.numberReady = ds.ready
        d.updatedNumberScheduled = ds.updated
        d.numberAvailable = ds.available
        return d
    }

    func daemonSetEvent(_ reason: String, _ message: String) {
        let ds = daemonSet!
        emitEvent(regarding: .init(kind: "DaemonSet", namespace: sc.namespace, name: sc.deployment, uid: ds.uid,
                                   apiVersion: "apps/v1", resourceVersion: String(ds.resourceVersion)),
                  key: ds.uid, reason: reason, message: message, type: "Normal", component: "daemonset-controller",
                  host: nil)
    }
}
