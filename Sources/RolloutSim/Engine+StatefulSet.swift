import Foundation
import RolloutCore

/// The StatefulSet as its controller keeps it: the spec's template, generation and the status
/// (`computeReplicaStatus`); revisions are indexes into `Engine.replicaSets` (its
/// ControllerRevisions).
struct StatefulSetState {
    var uid: String
    var createdAt: Double
    var generation: Int
    var observedGeneration: Int
    var resourceVersion = 0
    /// The template in the spec.
    var templateRS = 0
    var currentRevision = 0
    var updateRevision = 0
    var replicas = 0, ready = 0, current = 0, updated = 0, available = 0

    init(uid: String, createdAt: Double, generation: Int) {
        self.uid = uid
        self.createdAt = createdAt
        self.generation = generation
        observedGeneration = generation
    }
}

/// The StatefulSet controller (pkg/controller/statefulset/stateful_set_control.go), as of 1.35:
///
/// - Every sync walks the ordinals up from 0. A missing pod is created: at the current
///   revision below the partition, at the update revision from it (and always at the update
///   revision under OnDelete). With `OrderedReady` the walk stops at a pod it just created, at
///   one that is terminating, and at one that is not Running and Ready; with `Parallel` it goes
///   on.
/// - Then the rolling update: from the highest ordinal down to the partition, the first pod
///   not at the update revision is deleted (one pod at a time), and the walk stops at any pod
///   that is not healthy. With `maxUnavailable` (beta, on by default since 1.35), as many pods
///   are deleted at once as it allows, less those already unavailable.
/// - A deleted pod is recreated under the same name only once it is gone from the API (its
///   replacement has a new uid); its PersistentVolumeClaim pins it to its node.
/// - Status: `currentRevision` becomes `updateRevision` once every pod is updated and ready.
///   A rollback (`kubectl rollout undo`) makes the old template the update revision again and
///   gives its ControllerRevision the next number; with `OrderedReady` a pod of the broken
///   revision that never became Ready still blocks the walk (kubernetes#67250) until it is
///   deleted by hand.
extension Engine {
    var statefulOptions: SimWorkload.StatefulSet {
        if case .statefulSet(let o) = sc.workload { return o }
        return SimWorkload.StatefulSet()
    }

    /// The StatefulSet before the rollout: every pod at revision 0, ready.
    func setUpStatefulSet() {
        replicaSets[0].exists = true
        let n = sc.replicas
        (statefulSet!.replicas, statefulSet!.ready, statefulSet!.current, statefulSet!.updated, statefulSet!.available) = (n, n, n, n, n)
        statefulSet!.resourceVersion = nextRevision()
        lastObservedGeneration = statefulSet!.observedGeneration
    }

    /// `kubectl apply` of the new template: the spec changes; the controller makes its
    /// ControllerRevision on the next sync.
    func applyStatefulSet() {
        record(.controllerRevision(watchType: "ADDED", object: controllerRevisionObject(0).json))
        statefulSet!.generation += 1
        statefulSet!.templateRS = 1
        writeWorkload()
        scheduleWorkloadSync()
    }

    /// `kubectl rollout undo statefulset/NAME`: the previous template again.
    func rollbackStatefulSet() {
        statefulSet!.generation += 1
        statefulSet!.templateRS = 0
        writeWorkload()
        scheduleWorkloadSync()
    }

    func scheduleWorkloadSync() {
        guard !workloadSyncPending, statefulSet != nil || daemonSet != nil else { return }
        workloadSyncPending = true
        after(j(0.005, 0.02), statefulSet != nil ? .statefulSetSync : .daemonSetSync)
    }

    /// Creates the template's ControllerRevision, or gives an existing one the next number
    /// (a rollback), as `getStatefulSetRevisions` and the DaemonSet's `constructHistory` do.
    func syncRevision(_ rs: Int) {
        let highest = replicaSets.filter(\.exists).map(\.revision).max() ?? 0
        if !replicaSets[rs].exists {
            replicaSets[rs].exists = true
            replicaSets[rs].createdAt = now
            replicaSets[rs].revision = max(replicaSets[rs].revision, highest + 1)
            replicaSets[rs].resourceVersion = nextRevision()
            record(.controllerRevision(watchType: "ADDED", object: controllerRevisionObject(rs).json))
        } else if replicaSets[rs].revision < highest {
            replicaSets[rs].revision = highest + 1
            replicaSets[rs].resourceVersion = nextRevision()
            record(.controllerRevision(watchType: "MODIFIED", object: controllerRevisionObject(rs).json))
        }
    }

    /// The pod that holds `ordinal` now (not yet removed from the API), if any.
    func statefulPod(_ ordinal: Int) -> Int? {
        pods.indices.last { pods[$0].ordinal == ordinal && !pods[$0].deleted }
    }

    /// Running and Ready, and not being deleted.
    func isHealthy(_ i: Int) -> Bool {
        pods[i].phase == "Running" && pods[i].isReady && pods[i].deletionTimestamp == nil
    }

    func statefulSetSync() {
        workloadSyncPending = false
        let options = statefulOptions
        let update = statefulSet!.templateRS
        syncRevision(update)
        statefulSet!.updateRevision = update
        statefulSet!.observedGeneration = statefulSet!.generation
        defer { refreshStatefulSetStatus() }
        let monotonic = options.podManagementPolicy == .orderedReady
        var replicas: [Int?] = (0..<sc.replicas).map(statefulPod)
        for ordinal in 0..<sc.replicas {
            guard let i = replicas[ordinal] else {
                replicas[ordinal] = createStatefulPod(ordinal)
                if monotonic { return }
                continue
            }
            if pods[i].deletionTimestamp != nil || !isHealthy(i) {
                if monotonic { return }
            }
        }
        if options.onDelete { return }
        let partition = options.partition
        guard partition < sc.replicas else { return }
        if let limit = options.maxUnavailable {
            // updateStatefulSetAfterInvariantEstablished with maxUnavailable.
            let allowed = max(1, limit.scaled(total: sc.replicas, roundUp: true) ?? 1)
            let unavailable = replicas.filter { $0.map { !isHealthy($0) } ?? true }.count
            guard unavailable < allowed else { return }
            var deleted = 0
            for target in stride(from: sc.replicas - 1, through: partition, by: -1) where deleted < allowed - unavailable {
                guard let i = replicas[target] else { continue }
                if pods[i].rs != update && pods[i].deletionTimestamp == nil {
                    requestDeletion(i)
                    deleted += 1
                }
            }
            return
        }
        for target in stride(from: sc.replicas - 1, through: partition, by: -1) {
            guard let i = replicas[target] else { return }
            if pods[i].rs != update && pods[i].deletionTimestamp == nil {
                requestDeletion(i)
                return
            }
            if !isHealthy(i) { return }
        }
    }

    /// `newVersionedStatefulSetPod`: below the partition (RollingUpdate) the current revision,
    /// else the update revision; on its predecessor's node.
    func createStatefulPod(_ ordinal: Int) -> Int {
        let options = statefulOptions
        let set = statefulSet!
        let rs = !options.onDelete && ordinal < options.partition ? set.currentRevision : set.updateRevision
        let node = pods.last { $0.ordinal == ordinal }?.node
        pods.append(makePod(rs: rs, created: now, ordinal: ordinal, node: node))
        let i = pods.count - 1
        writePod(i, "ADDED", byKubelet: false)
        statefulSetEvent("SuccessfulCreate", "create Pod \(pods[i].name) in StatefulSet \(sc.deployment) successful")
        after(j(0.01, 0.04), .bind(i))
        return i
    }

    /// `computeReplicaStatus` and `completeRollingUpdate`; written when it changed.
    func refreshStatefulSetStatus() {
        var set = statefulSet!
        let live = pods.filter { !$0.deleted }
        let replicas = live.count
        let ready = live.filter { $0.phase == "Running" && $0.isReady }.count
        let stable = live.filter { $0.deletionTimestamp == nil }
        var current = stable.filter { $0.rs == set.currentRevision }.count
        let updated = stable.filter { $0.rs == set.updateRevision }.count
        var currentRevision = set.currentRevision
        if !statefulOptions.onDelete && updated == replicas && ready == replicas {
            current = updated
            currentRevision = set.updateRevision
        }
        let status = (replicas, ready, current, updated, ready, currentRevision)
        let before = (set.replicas, set.ready, set.current, set.updated, set.available, set.currentRevision)
        guard status != before || set.observedGeneration != lastObservedGeneration else { return }
        (set.replicas, set.ready, set.current, set.updated, set.available, set.currentRevision) = status
        statefulSet = set
        writeWorkload()
        checkCompletion()
    }

    /// Done as the StatefulSet controller means it: every ordinal from the partition up (all of
    /// them under OnDelete) is at the update revision and Running and Ready, no pod is being
    /// deleted, and the set wants nothing more.
    func statefulSetComplete() -> Bool {
        let options = statefulOptions
        let set = statefulSet!
        let from = options.onDelete ? 0 : min(options.partition, sc.replicas)
        for ordinal in 0..<sc.replicas {
            guard let i = statefulPod(ordinal), isHealthy(i) else { return false }
            if ordinal >= from && pods[i].rs != set.updateRevision { return false }
        }
        return true
    }

    // MARK: Objects

    func writeWorkload() {
        let rv = nextRevision()
        if statefulSet != nil {
            statefulSet!.resourceVersion = rv
            lastObservedGeneration = statefulSet!.observedGeneration
            record(.workload(object: statefulSetObject().json))
        } else if daemonSet != nil {
            daemonSet!.resourceVersion = rv
            lastObservedGeneration = daemonSet!.observedGeneration
            record(.workload(object: daemonSetObject().json))
        }
    }

    /// The workload's metadata: its labels, the annotations `kubectl apply` (and, for a
    /// DaemonSet, the API server) keep.
    func workloadMetadata(uid: String, resourceVersion: Int, generation: Int, createdAt: Double, templateRS: Int,
                          extra: [String: String] = [:]) -> SimObjectMeta {
        var meta = SimObjectMeta(name: sc.deployment, namespace: sc.namespace, uid: uid,
                                 resourceVersion: String(resourceVersion), generation: generation,
                                 creationTimestamp: createdAt, labels: ["app": sc.deployment], annotations: extra)
        meta.annotations["kubectl.kubernetes.io/last-applied-configuration"] = lastAppliedWorkload(rs: templateRS)
        return meta
    }

    func statefulSetObject() -> SimStatefulSet {
        let set = statefulSet!
        let options = statefulOptions
        var s = SimStatefulSet(
            metadata: workloadMetadata(uid: set.uid, resourceVersion: set.resourceVersion, generation: set.generation,
                                       createdAt: set.createdAt, templateRS: set.templateRS),
            replicas: sc.replicas, selector: ["app": sc.deployment], template: podSpec(rs: set.templateRS, pod: nil),
            serviceName: sc.deployment, podManagementPolicy: options.podManagementPolicy.rawValue,
            updateStrategy: options.onDelete ? "OnDelete" : "RollingUpdate", partition: options.partition,
            maxUnavailable: options.maxUnavailable)
        s.observedGeneration = set.observedGeneration
        s.statusReplicas = set.replicas
        s.readyReplicas = set.ready
        s.currentReplicas = set.current
        s.updatedReplicas = set.updated
        s.availableReplicas = set.available
        s.currentRevision = replicaSets[set.currentRevision].name
        s.updateRevision = replicaSets[set.updateRevision].name
        return s
    }

    /// The ControllerRevision of revision `rs`, owned by the StatefulSet or DaemonSet.
    func controllerRevisionObject(_ rs: Int) -> SimControllerRevision {
        let r = replicaSets[rs]
        let (kind, uid) = statefulSet.map { ("StatefulSet", $0.uid) } ?? ("DaemonSet", daemonSet!.uid)
        // The StatefulSet's revisions carry `controller.kubernetes.io/hash` (history.NewControllerRevision),
        // the DaemonSet's `controller-revision-hash` (its snapshot), each beside the template's labels.
        let hashLabel = statefulSet != nil ? "controller.kubernetes.io/hash" : "controller-revision-hash"
        var meta = SimObjectMeta(name: r.name, namespace: sc.namespace, uid: r.uid, resourceVersion: String(r.resourceVersion),
                                 creationTimestamp: r.createdAt,
                                 labels: ["app": sc.deployment, hashLabel: r.hash],
                                 owner: .init(apiVersion: "apps/v1", kind: kind, name: sc.deployment, uid: uid))
        if let ds = daemonSet { meta.annotations["deprecated.daemonset.template.generation"] = String(ds.templateGeneration(rs)) }
        let template: JSONValue = ["metadata": ["creationTimestamp": .null, "labels": ["app": .string(sc.deployment)]],
                                   "spec": podSpec(rs: rs, pod: nil)]
        return SimControllerRevision(metadata: meta, template: template, revision: r.revision)
    }

    /// The manifest `kubectl apply` sent for the StatefulSet or DaemonSet, as it keeps it in
    /// the annotation.
    func lastAppliedWorkload(rs: Int) -> String {
        let c = sc.initContainers
        var spec: [JSONValue.Member] = []
        if sc.kind == .statefulSet { spec.append(.init("replicas", .int(sc.replicas))) }
        spec.append(.init("selector", ["matchLabels": ["app": .string(sc.deployment)]]))
        if sc.kind == .statefulSet { spec.append(.init("serviceName", .string(sc.deployment))) }
        spec.append(.init("template", ["metadata": ["labels": ["app": .string(sc.deployment)]], "spec": .members([
            ("initContainers", c.isEmpty ? nil : .array(c.map { .members([
                ("name", .string($0.name)), ("image", .string(rs == 0 ? ($0.oldImage ?? $0.image) : $0.image)),
                ("restartPolicy", $0.sidecar ? "Always" : nil)]) })),
            ("containers", [["name": .string(sc.containerName), "image": .string(rs == 0 ? sc.oldImage : sc.newImage),
                             "ports": [["name": "http", "containerPort": 8080]]]]),
            ("terminationGracePeriodSeconds", .int(sc.terminationGracePeriodSeconds)),
        ])]))
        let applied: JSONValue = [
            "apiVersion": "apps/v1", "kind": .string(sc.kind.rawValue),
            "metadata": ["annotations": [:], "labels": ["app": .string(sc.deployment)], "name": .string(sc.deployment),
                         "namespace": .string(sc.namespace)],
            "spec": .object(spec),
        ]
        var w = JSONWriter.kubectl(pretty: false)
        applied.write(to: &w, sortedKeys: true)
        return w.output + "\n"
    }

    func statefulSetEvent(_ reason: String, _ message: String) {
        let set = statefulSet!
        emitEvent(regarding: .init(kind: "StatefulSet", namespace: sc.namespace, name: sc.deployment, uid: set.uid,
                                   apiVersion: "apps/v1", resourceVersion: String(set.resourceVersion)),
                  key: set.uid, reason: reason, message: message, type: "Normal", component: "statefulset-controller",
                  host: nil)
    }
}
