/// What `kubectl rollout status` would print about a StatefulSet or DaemonSet, read from the
/// workload's status as it was last seen (kubectl's `StatefulSetStatusViewer` and
/// `DaemonSetStatusViewer`, staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go),
/// and where rollscope's own verdict differs, with why.
///
/// kubectl reads counters, not pods. For a StatefulSet with `RollingUpdate` the API server
/// defaults `partition` to 0, so kubectl takes its partition branch and declares success once
/// `updatedReplicas >= replicas - partition` and every replica is ready; it never compares
/// `currentRevision` with `updateRevision`. It refuses `OnDelete` outright (kubernetes#64500).
/// Neither viewer has a deadline: a stuck rollout waits forever (kubernetes/kubectl#738).
public struct KubectlVerdict: Sendable, Equatable {
    /// kubectl's line, without its final newline (or its error, after `error: `).
    public var message: String
    /// kubectl would exit 0 now.
    public var done: Bool
    /// kubectl refuses the rollout (an `OnDelete` strategy).
    public var refused: Bool
    /// Why rollscope says otherwise; nil when both agree.
    public var differs: String?

    public init(message: String, done: Bool, refused: Bool = false, differs: String? = nil) {
        self.message = message
        self.done = done
        self.refused = refused
        self.differs = differs
    }

    /// kubectl's verdict on `w` as last seen, nil for kinds it does not cover here. For an
    /// Argo Rollout, what `kubectl argo rollouts status` prints (`argo`, the Rollout's state).
    public static func of(_ w: WorkloadInfo, argo: ArgoState? = nil) -> KubectlVerdict? {
        switch w.workloadKind {
        case .statefulSet?: statefulSet(w)
        case .daemonSet?: daemonSet(w)
        case .rollout?: argo.map(rollout)
        case .deployment?, nil: nil
        }
    }

    /// `kubectl argo rollouts status NAME` (pkg/kubectl-argo-rollouts/cmd/status): the phase
    /// the plugin derives (`GetRolloutPhase`), with its message unless Healthy or Degraded; it
    /// stops watching at Healthy (exit 0) or Degraded (exit 1, "The rollout is in a degraded
    /// state with message: ..."), and waits through Progressing and Paused, without deadline.
    static func rollout(_ a: ArgoState) -> KubectlVerdict {
        KubectlVerdict(message: a.pluginLine, done: a.phase == "Healthy" || a.phase == "Degraded")
    }

    static func statefulSet(_ w: WorkloadInfo) -> KubectlVerdict {
        if w.isOnDelete {
            return KubectlVerdict(message: "error: rollout status is only available for RollingUpdate strategy type", done: true,
                                  refused: true)
        }
        let generation = w.generation ?? 0, observed = w.observedGeneration ?? 0
        if observed == 0 || generation > observed {
            return KubectlVerdict(message: "Waiting for statefulset spec update to be observed...", done: false)
        }
        let replicas = w.replicas ?? 1
        let ready = w.readyReplicas ?? 0, updated = w.updatedReplicas ?? 0
        if ready < replicas {
            return KubectlVerdict(message: "Waiting for \(replicas - ready) pods to be ready...", done: false)
        }
        // The API server defaults rollingUpdate.partition to 0: the partition branch.
        let partition = w.partition ?? 0
        if updated < replicas - partition {
            return KubectlVerdict(message: "Waiting for partitioned roll out to finish: \(updated) out of \(replicas - partition) new pods have been updated...",
                                  done: false)
        }
        return KubectlVerdict(message: "partitioned roll out complete: \(updated) new pods have been updated...", done: true)
    }

    static func daemonSet(_ w: WorkloadInfo) -> KubectlVerdict {
        if w.isOnDelete {
            return KubectlVerdict(message: "error: rollout status is only available for RollingUpdate strategy type", done: true,
                                  refused: true)
        }
        guard (w.generation ?? 0) <= (w.observedGeneration ?? 0) else {
            return KubectlVerdict(message: "Waiting for daemon set spec update to be observed...", done: false)
        }
        let desired = w.desiredNumberScheduled ?? 0, updated = w.updatedNumberScheduled ?? 0, available = w.numberAvailable ?? 0
        if updated < desired {
            return KubectlVerdict(message: "Waiting for daemon set \"\(w.name)\" rollout to finish: \(updated) out of \(desired) new pods have been updated...",
                                  done: false)
        }
        if available < desired {
            return KubectlVerdict(message: "Waiting for daemon set \"\(w.name)\" rollout to finish: \(available) of \(desired) updated pods are available...",
                                  done: false)
        }
        return KubectlVerdict(message: "daemon set \"\(w.name)\" successfully rolled out", done: true)
    }
}

extension KubectlVerdict {
    /// This verdict with why rollscope's own differs, in the rollout's numbers; `differs`
    /// stays nil when both say the same.
    func explained(_ r: Rollout, pods: [PodTimeline]) -> KubectlVerdict {
        if r.kind == .rollout { return explainedArgo(r, pods: pods) }
        var v = self
        let kind = r.kind?.rawValue ?? "workload"
        let stalled = r.findings.contains { $0.kind == .rolloutStalled }
        let complete = r.finishedAt != nil
        let held = r.heldUIDs(in: pods)
        let oldUp = pods.filter { $0.role == .old && $0.termination == nil && $0.goneAt == nil && !held.contains($0.uid) }.count
        let terminating = r.progress.terminating
        if refused {
            v.differs = "kubectl refuses OnDelete rollouts (kubernetes#64500): the controller replaces a pod only once it is "
                + "deleted, and rollscope follows the pods instead"
                + (oldUp > 0 ? ": \(TextLayout.count(oldUp, "old pod")) still to delete" : "")
        } else if done && !complete {
            var why: [String] = []
            if oldUp > 0 { why.append("\(TextLayout.count(oldUp, "old pod")) still serving") }
            if terminating > 0 { why.append("\(terminating) still terminating") }
            if why.isEmpty { why.append("the new pods are not all ready yet") }
            var text = "kubectl counts replicas, not pods: it reports success while " + why.joined(separator: " and ")
            if r.kind == .statefulSet {
                text += "; with the partition the API server defaults to 0 it never compares currentRevision with updateRevision"
            }
            v.differs = text
        } else if !done && complete {
            v.differs = "the \(kind)'s status kubectl reads was last seen behind its pods, which are all replaced and ready"
        } else if !done && stalled {
            v.differs = "kubectl would wait forever: \(kind)s have no progress deadline (kubernetes/kubectl#738), and this "
                + "rollout is stalled"
        }
        return v
    }

    /// Where rollscope's verdict on an Argo Rollout differs from the plugin's: Argo counts
    /// replicas in the Rollout's status, rollscope follows the pods.
    func explainedArgo(_ r: Rollout, pods: [PodTimeline]) -> KubectlVerdict {
        var v = self
        guard let a = r.argo else { return v }
        let complete = r.finishedAt != nil
        let stalled = r.findings.contains { $0.kind == .rolloutStalled }
        if a.phase == "Healthy" && !complete {
            let newUp = pods.filter { $0.role == .new && $0.termination == nil && $0.goneAt == nil }
            let notReady = newUp.filter { $0.readyAt == nil }.count
            if notReady > 0 {
                v.differs = "Argo reads the Rollout's counters: it says Healthy while \(TextLayout.count(notReady, "new pod")) \(notReady == 1 ? "is" : "are") not ready"
            } else if r.progress.terminating > 0 || r.progress.oldServing > 0 {
                let n = r.progress.terminating + r.progress.oldServing
                v.differs = "Argo counts replicas, not pods: it says Healthy while \(TextLayout.count(n, "old pod")) \(n == 1 ? "is" : "are") still up or terminating"
            }
        } else if a.phase != "Healthy" && a.phase != "Degraded" && complete {
            v.differs = "the Rollout's status the plugin reads was last seen behind its pods, which are all replaced and ready"
        } else if a.phase == "Progressing" && stalled {
            v.differs = "kubectl argo rollouts status would wait: the Rollout is not Degraded yet (progressDeadlineSeconds), but this rollout is stalled"
        }
        return v
    }
}
