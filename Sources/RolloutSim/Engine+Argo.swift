import Foundation
import RolloutCore

/// The Rollout as Argo's controller keeps it: steps, pause, abort, the hashes its status names.
/// Revisions are indexes into `Engine.replicaSets` (0 the stable ReplicaSet, 1 the new one).
struct ArgoRolloutState {
    var uid: String
    var createdAt: Double
    var generation: Int
    var observedGeneration: Int
    var resourceVersion = 0
    var templateRS = 0
    var stepIndex = 0
    var pausedAt: Double?
    var pauseReason: String?
    var analysisStartedAt: Double?
    var promoted = false
    var aborted = false
    var abortedAt: Double?
    var abortMessage: String?
    var stableRS = 0
    var activeRS = 0
    var previewRS: Int?
    var switchedAt: Double?
    var scaledDown = false
    var completed = false
    var healthyAt: Double?
    var replicas = 0, updated = 0, ready = 0, available = 0
    var progressingCond: Cond
    var availableCond: Cond
}

/// Argo Rollouts' controller (rollout/canary.go, rollout/bluegreen.go, rollout/sync.go), as
/// far as a rollout of one new template goes:
///
/// - The new ReplicaSet is created at 0 (canary) or at full size (blue-green, the preview);
///   `NewReplicaSetCreated`, then `ScalingReplicaSet` for every scale.
/// - Canary, without a traffic router: a `setWeight` step scales the canary to
///   ceil(weight x replicas / 100), then, once those are available, the stable ReplicaSet down
///   to the rest; the step completes (`RolloutStepCompleted`, "Rollout step 1/5 completed
///   (setWeight: 20)") when both are there. A `pause` step pauses (`RolloutPaused`, pause
///   condition `CanaryPauseStep`) for its duration or until promoted (`RolloutResumed`). An
///   `analysis` step runs; a failure aborts (`RolloutAborted`, warning): the stable ReplicaSet
///   back to full size and, once available, the canary scaled to 0; the Rollout Degraded. After the last step
///   the canary goes to full size, becomes stable, and the old ReplicaSet is scaled to 0;
///   `RolloutCompleted` once nothing else runs.
/// - Blue-green: once the preview is available its Service selects it (`SwitchService`); with
///   autoPromotionEnabled false the Rollout pauses (`BlueGreenPause`) until promoted; then the
///   active Service is switched (`SwitchService`), the new ReplicaSet becomes stable
///   (Healthy, `RolloutCompleted`) and the old one is scaled to 0 scaleDownDelaySeconds later
///   (30 by default). Only the active ReplicaSet's pods are behind the Service the ingress uses.
extension Engine {
    var argoOptions: SimWorkload.ArgoRollout {
        if case .argoRollout(let o) = sc.workload { return o }
        return SimWorkload.ArgoRollout(strategy: .canary(steps: []))
    }

    var argoSteps: [SimWorkload.ArgoRollout.Step] {
        if case .canary(let steps) = argoOptions.strategy { return steps }
        return []
    }

    var isBlueGreen: Bool {
        if case .blueGreen = argoOptions.strategy { return true }
        return false
    }

    var argoScaleDownDelay: Int {
        if case .blueGreen(_, let d) = argoOptions.strategy { return d ?? 30 }
        return 30
    }

    /// The stable ReplicaSet before the rollout, at full size.
    func setUpArgoRollout() {
        let n = sc.replicas
        argo!.replicas = n
        argo!.updated = n
        argo!.ready = n
        argo!.available = n
        argo!.completed = true
        argo!.resourceVersion = nextRevision()
        replicaSets[0].resourceVersion = nextRevision()
        record(.replicaSet(watchType: "ADDED", object: argoReplicaSetJSON(0)), at: now)
    }

    /// `kubectl apply` of the new template.
    func applyArgoRollout() {
        argo!.generation += 1
        argo!.templateRS = 1
        argo!.completed = false
        argo!.stepIndex = 0
        writeRollout()
        argoEvent("RolloutUpdated", "Rollout updated to revision \(sc.revision)")
        if let t = argoOptions.promoteAfterSeconds { at(t0 + t, .promote) }
        after(j(0.02, 0.05), .deploymentSync)
        deploymentSyncPending = true
    }

    /// `kubectl argo rollouts promote NAME`: a pause ends.
    func promoteArgoRollout() {
        argo!.promoted = true
        scheduleDeploymentSync()
    }

    func argoScale(_ rs: Int, to count: Int) {
        let from = replicaSets[rs].spec
        guard from != count else { return }
        replicaSets[rs].spec = count
        replicaSets[rs].resourceVersion = nextRevision()
        record(.replicaSet(watchType: "MODIFIED", object: argoReplicaSetJSON(rs)))
        argoEvent("ScalingReplicaSet", "Scaled \(count > from ? "up" : "down") ReplicaSet \(replicaSets[rs].name) (revision \(replicaSets[rs].revision)) from \(from) to \(count)")
        scheduleRSSync(rs)
    }

    func argoSync() {
        deploymentSyncPending = false
        let n = sc.replicas
        if !replicaSets[1].exists {
            replicaSets[1].exists = true
            replicaSets[1].createdAt = now
            replicaSets[1].spec = 0
            replicaSets[1].resourceVersion = nextRevision()
            record(.replicaSet(watchType: "ADDED", object: argoReplicaSetJSON(1)))
            argoEvent("NewReplicaSetCreated", "Created ReplicaSet \(replicaSets[1].name) (revision \(sc.revision))")
            argo!.progressingCond = Cond(status: true, time: now, reason: "NewReplicaSetCreated",
                                         message: "Created new replica set \"\(replicaSets[1].name)\"")
            argoScale(1, to: isBlueGreen ? n : 0)
        }
        if isBlueGreen { blueGreenSync() } else { canarySync() }
        argoStatus()
    }

    func canarySync() {
        let n = sc.replicas
        let steps = argoSteps
        if argo!.aborted {
            // Back to stable: its ReplicaSet up first, the canary away once it is available.
            argoScale(0, to: n)
            if replicaSets[0].statusAvailable >= n { argoScale(1, to: 0) }
            return
        }
        while argo!.stepIndex < steps.count {
            let i = argo!.stepIndex
            let label: String
            switch steps[i] {
            case .setWeight(let w):
                let canary = (w * n + 99) / 100
                let stable = n - canary
                argoScale(1, to: canary)
                guard replicaSets[1].statusAvailable >= canary else { return }
                argoScale(0, to: stable)
                guard replicaSets[0].statusReplicas <= stable else { return }
                label = "setWeight: \(w)"
            case .pause(let seconds):
                if argo!.pausedAt == nil {
                    argo!.pausedAt = now
                    argo!.pauseReason = "CanaryPauseStep"
                    argo!.promoted = false
                    argoEvent("RolloutPaused", "Rollout is paused (CanaryPauseStep)")
                    if let seconds { at(now + Double(seconds), .deploymentSync) }
                    return
                }
                let due = seconds.map { now >= argo!.pausedAt! + Double($0) - 1e-9 } ?? false
                guard due || argo!.promoted else { return }
                argo!.pausedAt = nil
                argo!.pauseReason = nil
                argo!.promoted = false
                argoEvent("RolloutResumed", "Rollout is resumed")
                label = seconds.map { "pause: \($0)s" } ?? "pause"
            case .analysis(let template, let seconds, let passes):
                if argo!.analysisStartedAt == nil {
                    argo!.analysisStartedAt = now
                    at(now + seconds, .deploymentSync)
                    return
                }
                guard now >= argo!.analysisStartedAt! + seconds - 1e-9 else { return }
                argo!.analysisStartedAt = nil
                guard passes else {
                    argo!.aborted = true
                    argo!.abortedAt = now
                    let metric = "metric \"\(template)\" assessed Failed due to failed (3) > failureLimit (2)"
                    argo!.abortMessage = metric
                    argoEvent("AnalysisRunFailed", "Step Analysis Run '\(sc.newReplicaSet)-\(sc.revision)-\(i)' Status New: 'Failed' Previous: 'Running'", type: "Warning")
                    argoEvent("RolloutAborted", "Rollout aborted update to revision \(sc.revision): \(metric)", type: "Warning")
                    argo!.progressingCond = Cond(status: false, time: now, reason: "RolloutAborted", message: metric)
                    argoScale(0, to: n)
                    return
                }
                label = "analysis"
            }
            argo!.stepIndex += 1
            argoEvent("RolloutStepCompleted", "Rollout step \(argo!.stepIndex)/\(steps.count) completed (\(label))")
            writeRollout()
        }
        // Every step done: the canary to full size, stable once available, the old scaled away.
        argoScale(1, to: n)
        guard replicaSets[1].statusAvailable >= n else { return }
        if argo!.stableRS != 1 {
            argo!.stableRS = 1
            writeRollout()
        }
        argoScale(0, to: 0)
    }

    func blueGreenSync() {
        let n = sc.replicas
        guard replicaSets[1].statusAvailable >= n else { return }
        if argo!.previewRS != 1 {
            argo!.previewRS = 1
            argoEvent("SwitchService", "Switched selector for service '\(sc.deployment)-preview' from '' to '\(replicaSets[1].hash)'")
            writeRollout()
        }
        if argo!.switchedAt == nil {
            if case .blueGreen(let auto, _) = argoOptions.strategy, !auto, !argo!.promoted {
                if argo!.pausedAt == nil {
                    argo!.pausedAt = now
                    argo!.pauseReason = "BlueGreenPause"
                    argoEvent("RolloutPaused", "Rollout is paused (BlueGreenPause)")
                }
                return
            }
            if argo!.pausedAt != nil {
                argo!.pausedAt = nil
                argo!.pauseReason = nil
                argoEvent("RolloutResumed", "Rollout is resumed")
            }
            argo!.activeRS = 1
            argo!.stableRS = 1
            argo!.switchedAt = now
            argoEvent("SwitchService", "Switched selector for service '\(sc.deployment)' from '\(replicaSets[0].hash)' to '\(replicaSets[1].hash)'")
            writeRollout()
            scheduleEndpointSync()
            at(now + Double(argoScaleDownDelay), .deploymentSync)
            return
        }
        if !argo!.scaledDown, now >= argo!.switchedAt! + Double(argoScaleDownDelay) - 1e-9 {
            argo!.scaledDown = true
            argoScale(0, to: 0)
        }
    }

    /// The Rollout's status from its ReplicaSets; written when it changed. `RolloutCompleted`
    /// when the new ReplicaSet is stable and everything is updated and available.
    func argoStatus() {
        let live = replicaSets.filter(\.exists)
        let replicas = live.map(\.statusReplicas).reduce(0, +)
        let updated = replicaSets[1].exists ? replicaSets[1].statusReplicas : 0
        let ready = live.map(\.statusReady).reduce(0, +)
        let available = live.map(\.statusAvailable).reduce(0, +)
        var changed = argo!.observedGeneration != argo!.generation
            || (replicas, updated, ready, available) != (argo!.replicas, argo!.updated, argo!.ready, argo!.available)
        argo!.observedGeneration = argo!.generation
        (argo!.replicas, argo!.updated, argo!.ready, argo!.available) = (replicas, updated, ready, available)
        let healthy = argo!.stableRS == 1 && updated == sc.replicas && replicaSets[1].statusAvailable == sc.replicas
            && (isBlueGreen || replicas == updated)
        if healthy && !argo!.completed {
            argo!.completed = true
            argo!.healthyAt = now
            argo!.progressingCond = Cond(status: true, time: now, reason: "NewReplicaSetAvailable",
                                         message: "ReplicaSet \"\(replicaSets[1].name)\" has successfully progressed.")
            argoEvent("RolloutCompleted", "Rollout completed update to revision \(sc.revision) (\(replicaSets[1].hash)): Rollout is healthy")
            changed = true
        }
        if changed { writeRollout() }
        checkCompletion()
    }

    /// The Rollout is done by Argo's rule and the pods it replaced are gone.
    func argoComplete() -> Bool {
        guard argo!.completed else { return false }
        return pods.allSatisfy { $0.rs != 0 || $0.deleted }
    }

    /// Whether pod `i` is behind the Service the ingress sends to: every pod of a canary (no
    /// traffic router), only the active ReplicaSet's of a blue-green rollout.
    func inActiveService(_ i: Int) -> Bool {
        sc.kind != .rollout || !isBlueGreen || pods[i].rs == argo!.activeRS
    }

    /// The controller's own record of the run, for the ground truth.
    func argoTruth() -> SimOutput.ArgoTruth {
        let a = argo!
        let phase = argoRolloutObject().phase
        return SimOutput.ArgoTruth(stepIndex: a.stepIndex, steps: argoSteps.count, phase: phase,
                                   abortedAt: a.abortedAt.map(Instant.init(seconds:)), switchedAt: a.switchedAt.map(Instant.init(seconds:)),
                                   healthyAt: a.healthyAt.map(Instant.init(seconds:)), stableHash: replicaSets[a.stableRS].hash,
                                   currentHash: replicaSets[a.templateRS].hash)
    }

    // MARK: Objects

    func writeRollout() {
        argo!.resourceVersion = nextRevision()
        record(.workload(object: argoRolloutObject().json))
    }

    func argoRolloutObject() -> SimArgoRollout {
        let a = argo!
        var meta = SimObjectMeta(name: sc.deployment, namespace: sc.namespace, uid: a.uid, resourceVersion: String(a.resourceVersion),
                                 generation: a.generation, creationTimestamp: a.createdAt, labels: ["app": sc.deployment],
                                 annotations: ["rollout.argoproj.io/revision": String(a.templateRS == 1 ? sc.revision : sc.revision - 1)])
        meta.annotations["kubectl.kubernetes.io/last-applied-configuration"] = nil
        let strategy: SimArgoRollout.Strategy = switch argoOptions.strategy {
        case .canary(let steps):
            .canary(steps: steps, maxSurge: sc.maxSurge, maxUnavailable: sc.maxUnavailable)
        case .blueGreen(let auto, let delay):
            .blueGreen(activeService: sc.deployment, previewService: sc.deployment + "-preview", autoPromotionEnabled: auto,
                       scaleDownDelaySeconds: delay)
        }
        var r = SimArgoRollout(metadata: meta, replicas: sc.replicas, selector: ["app": sc.deployment],
                               template: podSpec(rs: a.templateRS, pod: nil), strategy: strategy,
                               progressDeadlineSeconds: sc.progressDeadlineSeconds)
        r.observedGeneration = a.observedGeneration
        r.statusReplicas = a.replicas
        r.updatedReplicas = a.updated
        r.readyReplicas = a.ready
        r.availableReplicas = a.available
        r.currentPodHash = replicaSets[a.templateRS].hash
        r.stableRS = replicaSets[a.stableRS].hash
        r.currentStepIndex = isBlueGreen ? nil : (a.templateRS == 1 ? a.stepIndex : argoSteps.count)
        r.abort = a.aborted
        r.abortedAt = a.abortedAt
        if let at = a.pausedAt, let reason = a.pauseReason { r.pauseConditions = [(reason, at)] }
        r.controllerPause = a.pausedAt != nil
        if isBlueGreen {
            r.activeSelector = replicaSets[a.activeRS].hash
            r.previewSelector = a.previewRS.map { replicaSets[$0].hash }
        }
        let (phase, message): (String, String) = if a.aborted {
            ("Degraded", "RolloutAborted: " + (a.abortMessage ?? ""))
        } else if let reason = a.pauseReason {
            ("Paused", reason)
        } else if a.completed {
            ("Healthy", "")
        } else if a.updated < sc.replicas {
            ("Progressing", "more replicas need to be updated")
        } else if a.available < a.updated {
            ("Progressing", "updated replicas are still becoming available")
        } else if isBlueGreen {
            ("Progressing", "active service cutover pending")
        } else if a.replicas > a.updated {
            ("Progressing", "old replicas are pending termination")
        } else {
            ("Progressing", "waiting for all steps to complete")
        }
        r.phase = phase
        r.message = message
        r.conditions = [
            .init(type: "Available", status: a.availableCond.status, lastUpdateTime: a.availableCond.time,
                  lastTransitionTime: a.availableCond.time, reason: a.availableCond.reason, message: a.availableCond.message),
            .init(type: "Progressing", status: a.progressingCond.status, lastUpdateTime: a.progressingCond.time,
                  lastTransitionTime: a.progressingCond.time, reason: a.progressingCond.reason, message: a.progressingCond.message),
        ]
        return r
    }

    /// ReplicaSet `rs` of the Rollout, as the API server holds it.
    func argoReplicaSetJSON(_ rs: Int) -> JSONValue {
        let r = replicaSets[rs]
        let labels: [String: String] = ["app": sc.deployment, "rollouts-pod-template-hash": r.hash]
        let meta = SimObjectMeta(name: r.name, namespace: sc.namespace, uid: r.uid, resourceVersion: String(r.resourceVersion),
                                 generation: 1, creationTimestamp: r.createdAt, labels: labels,
                                 annotations: ["rollout.argoproj.io/desired-replicas": String(sc.replicas),
                                               "rollout.argoproj.io/revision": String(r.revision)],
                                 owner: .init(apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name: sc.deployment, uid: argo!.uid))
        let sorted: JSONValue = .object(labels.keys.sorted().map { .init($0, .string(labels[$0]!)) })
        return [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": meta.json,
            "spec": [
                "replicas": .int(r.spec),
                "selector": ["matchLabels": sorted],
                "template": ["metadata": ["creationTimestamp": .null, "labels": sorted], "spec": podSpec(rs: rs, pod: nil)],
            ],
            "status": .members([
                ("replicas", .int(r.statusReplicas)),
                ("readyReplicas", r.statusReady > 0 ? .int(r.statusReady) : nil),
                ("availableReplicas", r.statusAvailable > 0 ? .int(r.statusAvailable) : nil),
                ("observedGeneration", 1),
            ]),
        ]
    }

    func argoEvent(_ reason: String, _ message: String, type: String = "Normal") {
        let a = argo!
        emitEvent(regarding: .init(kind: "Rollout", namespace: sc.namespace, name: sc.deployment, uid: a.uid,
                                   apiVersion: "argoproj.io/v1alpha1", resourceVersion: String(a.resourceVersion)),
                  key: a.uid, reason: reason, message: message, type: type, component: "rollouts-controller", host: nil)
    }
}
