/// The findings about a rollout as a whole, one function per kind. They name the pod that
/// explains them in the message, but are not attributed to it.
extension Findings {
    /// No progress (no pod became ready, no deletion was requested) for the Deployment's
    /// progressDeadlineSeconds, or a new pod failing now: the controller will not finish alone.
    /// StatefulSets and DaemonSets have no deadline at all (kubectl rollout status waits
    /// forever, kubernetes/kubectl#738): rollscope calls 10 minutes without progress stalled,
    /// and says which pod the controller waits for.
    static func rolloutStalled(_ r: Rollout, pods: [PodTimeline], deployment: WorkloadInfo?, asOf: Instant) -> Finding? {
        switch r.kind {
        case .deployment?, nil: deploymentStalled(r, pods: pods, deployment: deployment, asOf: asOf)
        case .rollout?: argoStalled(r, pods: pods, rollout: deployment, asOf: asOf)
        case .statefulSet?, .daemonSet?: controllerStalled(r, pods: pods, asOf: asOf)
        }
    }

    static func deploymentStalled(_ r: Rollout, pods: [PodTimeline], deployment: WorkloadInfo?, asOf: Instant) -> Finding? {
        // One pass over the pods, without copying them: fields read in place (a whole
        // PodTimeline copied per pod is most of the cost, and this runs on every new
        // observation for every workload in progress, `IncrementalModel`).
        var liveNew = 0, readyNew = 0, oldLeft = 0, hasOld = false
        var firstStuck: Int?
        for i in pods.indices {
            if pods[i].role == .old {
                hasOld = true
                if pods[i].termination == nil && pods[i].goneAt == nil { oldLeft += 1 }
            } else if pods[i].termination == nil {
                liveNew += 1
                if pods[i].readyAt != nil { readyNew += 1 }
                if firstStuck == nil, pods[i].initContainers.contains(where: { $0.failed }) || pods[i].isCrashLooping
                    || pods[i].status.hasPrefix("Init:Error") {
                    firstStuck = i
                }
            }
        }
        let desired = r.desiredReplicas ?? liveNew
        guard r.finishedAt == nil, let start = r.startedAt, hasOld || readyNew < desired else { return nil }
        var progress = start
        for i in pods.indices {
            if let t = pods[i].readyAt { progress = max(progress, t) }
            if let t = pods[i].termination?.requestedAt { progress = max(progress, t) }
        }
        let deadline = deployment?.progressDeadlineSeconds ?? defaultProgressDeadline
        let idle = asOf - progress
        guard firstStuck != nil || idle >= Double(deadline) else { return nil }
        let name = Sanitizer.clean(r.workload)
        var text = "the rollout of \(name) has made no progress for \(formatDuration(idle)): \(readyNew) of \(desired) new pods ready"
        if oldLeft > 0 { text += ", \(oldLeft) old still serving" }
        if let i = firstStuck {
            let p = pods[i]
            let undo = r.kind == .rollout ? "kubectl argo rollouts undo \(name)" : "kubectl rollout undo deployment/\(name)"
            text += "; \(Sanitizer.clean(p.name)) is \(Sanitizer.clean(p.status)). Fix the failing container, or roll back with \(undo)."
        } else {
            text += " (progressDeadlineSeconds \(deadline)). Check the new pods' events and readiness probes."
        }
        // A rollout-level finding: the stuck pod is named in the message, not attributed.
        return Finding(.rolloutStalled, pod: nil, at: progress, message: text)
    }

    /// Whether `p` is failing now: an init container failing, a crash loop, an init error.
    static func isFailing(_ p: PodTimeline) -> Bool {
        p.initContainers.contains(where: { $0.failed }) || p.isCrashLooping || p.status.hasPrefix("Init:Error")
    }

    /// A StatefulSet or DaemonSet that stopped: the pod its controller waits for is failing, or
    /// nothing moved for 10 minutes. An OrderedReady StatefulSet waits at the lowest ordinal
    /// that is not Ready, whatever its revision: after a rollback a pod of the broken revision
    /// still blocks it until deleted by hand (kubernetes#67250). A DaemonSet updates no other
    /// node while maxUnavailable nodes are unavailable.
    static func controllerStalled(_ r: Rollout, pods: [PodTimeline], asOf: Instant) -> Finding? {
        let held = r.heldUIDs(in: pods)
        var readyNew = 0, oldLeft = 0
        for p in pods where p.termination == nil && p.goneAt == nil {
            if p.role == .new { if p.readyAt != nil { readyNew += 1 } } else if !held.contains(p.uid) { oldLeft += 1 }
        }
        let desired = r.progress.desired
        guard r.finishedAt == nil, let start = r.startedAt, oldLeft > 0 || readyNew < desired else { return nil }
        // The pod the controller waits for: up and not ready, the lowest ordinal first.
        let waiting = pods.indices.filter { i in
            let p = pods[i]
            return p.termination == nil && p.goneAt == nil && (p.readyAt == nil || p.isCrashLooping)
        }.min { (pods[$0].ordinal ?? .max, pods[$0].createdAt ?? pods[$0].firstSeenAt) < (pods[$1].ordinal ?? .max, pods[$1].createdAt ?? pods[$1].firstSeenAt) }
        let stuck = waiting.flatMap { isFailing(pods[$0]) ? $0 : nil }
        var progress = start
        for p in pods {
            if let t = p.readyAt { progress = max(progress, t) }
            if let t = p.termination?.requestedAt { progress = max(progress, t) }
        }
        let idle = asOf - progress
        guard stuck != nil || idle >= Double(defaultProgressDeadline) else { return nil }
        let kind = r.kind ?? .statefulSet
        let name = Sanitizer.clean(r.workload)
        let ns = r.namespace.isEmpty ? "" : " -n \(Sanitizer.clean(r.namespace))"
        var text = "the rollout of \(name) has made no progress for \(formatDuration(idle)): \(readyNew) of \(desired) new pods ready"
        if oldLeft > 0 { text += ", \(oldLeft) old still serving" }
        guard let i = stuck ?? waiting else {
            text += "; \(kind.rawValue)s have no progressDeadlineSeconds, so kubectl rollout status would wait forever. Check the pods' events."
            return Finding(.rolloutStalled, pod: nil, at: progress, message: text)
        }
        let p = pods[i]
        let pod = Sanitizer.clean(p.name)
        let status = Sanitizer.clean(p.status)
        let undo = "kubectl rollout undo \(kind.resource)/\(name)"
        switch kind {
        case .statefulSet, .deployment, .rollout:
            let ordered = r.podManagementPolicy != "Parallel"
            let waits = ordered ? "the StatefulSet controller (OrderedReady) waits for it to become Ready before it touches any other ordinal"
                : "the StatefulSet controller replaces one ordinal at a time and waits for it to become Ready"
            if p.role == .old {
                let revision = Sanitizer.clean(p.replicaSet)
                let target = Sanitizer.clean(r.replicaSets.last { $0.role == .new }?.name ?? "the update revision")
                text += "; \(pod) still runs revision \(revision), which the rollout is leaving, and is \(status): \(waits), even after a rollback (kubernetes#67250), with no deadline. Delete it (kubectl delete pod \(pod)\(ns)) and it is recreated at \(target)."
            } else {
                text += "; \(pod) is \(status): \(waits), with no deadline. Fix the failing container, or roll back with \(undo) and then delete \(pod) (kubectl delete pod \(pod)\(ns)): after a rollback the controller still waits for a pod of the broken revision to become Ready (kubernetes#67250)."
            }
        case .daemonSet:
            let node = Sanitizer.clean(p.node ?? "its node")
            text += "; it stopped on \(node): \(pod) is \(status), and with maxUnavailable \(r.maxUnavailable ?? 1) the DaemonSet controller updates no other node until it is available, with no deadline. Fix the failing container, or roll back with \(undo)."
        }
        return Finding(.rolloutStalled, pod: nil, at: progress, message: text)
    }

    /// A DaemonSet replaces a node's pod by deleting it first unless maxSurge lets the new pod
    /// start beside it: from the old pod's deletion request (a terminating pod takes no new
    /// traffic) until the new pod is Ready, the node has no ready pod, and whatever runs on
    /// that node and needs it (logs, networking, node-local traffic) goes without. One
    /// finding per node, with its longest gap during the rollout.
    static func nodeWithoutReadyPod(_ r: Rollout, pods: [PodTimeline], asOf: Instant) -> [Finding] {
        guard r.kind == .daemonSet, let start = r.startedAt else { return [] }
        let end = r.finishedAt ?? asOf
        var byNode: [String: [Int]] = [:]
        for (i, p) in pods.enumerated() { if let node = p.node { byNode[node, default: []].append(i) } }
        var out: [Finding] = []
        for node in byNode.keys.sorted() {
            let here = byNode[node]!
            // Ready spans of the node's pods, as availability counts them.
            var spans: [(from: Instant, to: Instant)] = []
            for i in here {
                let p = pods[i]
                let stop = [p.termination?.requestedAt, p.endAt].compactMap { $0 }.min()
                let ready = p.readyIntervals.isEmpty ? (p.readyAt.map { [($0, p.unreadyAt)] } ?? []) : p.readyIntervals
                for (from, to) in ready {
                    let until = [to, stop].compactMap { $0 }.min() ?? Instant(seconds: .infinity)
                    if until > from { spans.append((from, until)) }
                }
            }
            spans.sort { $0.from < $1.from }
            var gaps: [(from: Instant, to: Instant)] = []
            var covered = start
            for s in spans where s.to > covered {
                if s.from > covered, s.from > start { gaps.append((covered, min(s.from, end))) }
                covered = max(covered, s.to)
                if covered >= end { break }
            }
            if covered < end { gaps.append((covered, end)) }
            gaps = gaps.filter { $0.to - $0.from >= 1 && $0.from < end }
            guard let worst = gaps.max(by: { $0.to - $0.from < $1.to - $1.from }) else { continue }
            let total = gaps.reduce(0) { $0 + ($1.to - $1.from) }
            let open = worst.to == end && r.finishedAt == nil
            let nodeName = Sanitizer.clean(node), workload = Sanitizer.clean(r.workload)
            var text = open
                ? "\(nodeName) has had no ready \(workload) pod since \(worst.from.clock) (\(secs(worst.to - worst.from)) as of \(worst.to.clock))"
                : "\(nodeName) had no ready \(workload) pod for \(secs(worst.to - worst.from)) (\(worst.from.clock) to \(worst.to.clock))"
            if gaps.count > 1 { text += ", \(gaps.count) times and \(secs(total)) in all" }
            let stopped = here.filter { pods[$0].role == .old && pods[$0].termination.map { $0.requestedAt <= worst.from + 1 } ?? false }
                .last.map { Sanitizer.clean(pods[$0].name) }
            let replacement = here.filter { pods[$0].role == .new }.first.map { Sanitizer.clean(pods[$0].name) }
            if let stopped, let replacement {
                text += ": \(stopped) stopped taking traffic at its deletion request and \(replacement) was \(open ? "not ready yet" : "ready only at \(worst.to.clock)")"
            }
            text += ". Without maxSurge a DaemonSet deletes a node's pod before it creates the new one: set maxSurge 1 and maxUnavailable 0 so each node keeps a ready pod while it is replaced."
            out.append(Finding(.nodeWithoutReadyPod, pod: nil, at: worst.from, message: text))
        }
        return out
    }

    /// Old pods kept by design: a StatefulSet's ordinals below its partition, or any pod of an
    /// OnDelete StatefulSet or DaemonSet, which its controller replaces only once deleted.
    /// Not a stall, and said so with how to go on.
    static func rolloutHeld(_ r: Rollout, pods: [PodTimeline]) -> Finding? {
        if r.kind == .rollout { return argoHeld(r) }
        guard r.kind == .statefulSet || r.kind == .daemonSet else { return nil }
        let kind = r.kind!
        let name = Sanitizer.clean(r.workload)
        let ns = r.namespace.isEmpty ? "" : " -n \(Sanitizer.clean(r.namespace))"
        let olds = pods.filter { $0.role == .old && $0.termination == nil && $0.goneAt == nil }
        func list(_ ps: [PodTimeline]) -> String {
            let names = ps.prefix(4).map { Sanitizer.clean($0.name) }.joined(separator: ", ")
            return ps.count > 4 ? names + " and \(ps.count - 4) more" : names
        }
        if r.updateStrategy == "OnDelete" {
            guard let first = olds.first else { return nil }
            let revision = Sanitizer.clean(first.replicaSet)
            let text = "updateStrategy OnDelete: the \(kind.rawValue) controller replaces no pod by itself, so \(TextLayout.count(olds.count, "pod")) (\(list(olds))) still run revision \(revision) until deleted; this is not a stall. Delete them one at a time (kubectl delete pod \(Sanitizer.clean(first.name))\(ns)), or switch to RollingUpdate."
            return Finding(.rolloutHeld, pod: nil, at: r.startedAt, message: text)
        }
        let heldUIDs = r.heldUIDs(in: pods)
        let held = pods.filter { heldUIDs.contains($0.uid) }
        guard kind == .statefulSet, let partition = r.partition, let first = held.first else { return nil }
        let text = "partition \(partition) keeps \(list(held)) (ordinals below \(partition)) at revision \(Sanitizer.clean(first.replicaSet)) by design: this is not a stall. Lower the partition (kubectl patch statefulset \(name)\(ns) -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}') to roll them too."
        return Finding(.rolloutHeld, pod: nil, at: r.startedAt ?? r.observedFrom, message: text)
    }

    /// Ready pods must not fall below desired - maxUnavailable while rolling: the worst dip.
    static func availabilityDip(_ r: Rollout, asOf: Instant) -> Finding? {
        guard let desired = r.desiredReplicas, desired > 0, let start = r.startedAt else { return nil }
        let floor = desired - (r.maxUnavailable ?? 0)
        let end = r.finishedAt ?? asOf
        var worst: (time: Instant, ready: Int, until: Instant)?
        let steps = r.availability
        for (i, step) in steps.enumerated() {
            let until = i + 1 < steps.count ? steps[i + 1].time : end
            guard until > start, step.time <= end, step.ready < floor else { continue }
            if worst == nil || step.ready < worst!.ready { worst = (max(step.time, start), step.ready, until) }
        }
        guard let w = worst else { return nil }
        let text = "ready pods of \(Sanitizer.clean(r.workload)) fell to \(w.ready) of \(desired) at \(w.time.clock) for \(secs(max(0, w.until - w.time))) (maxUnavailable \(r.maxUnavailable ?? 0) allows no fewer than \(floor)). Pods were removed before their replacements were ready: check readiness probes, minReadySeconds and maxUnavailable."
        return Finding(.availabilityDip, pod: nil, at: w.time, message: text)
    }

    /// The proxy answered requests itself because no endpoint of the workload was ready
    /// (Envoy `UH`, an ALB 503 without a target): every pod was gone or unready at once, so
    /// clients got errors no pod can be blamed for. The longest stretch is named.
    static func noHealthyUpstream(_ r: Rollout) -> Finding? {
        let spans = r.noEndpointSpans
        guard let first = spans.first, let longest = spans.max(by: { $0.seconds < $1.seconds }) else { return nil }
        let name = Sanitizer.clean(r.workload)
        let answers = Array(Set(r.rolloutDrops.map { Sanitizer.clean(String($0.kind.prefix(40))) })).sorted().prefix(3)
        var text = longest.seconds >= 1
            ? "every endpoint of \(name) was gone for \(secs(longest.seconds.rounded())): the proxy answered \(TextLayout.count(longest.requests, "request")) itself between \(longest.from.clock) and \(longest.until.clock)"
            : "every endpoint of \(name) was gone at \(longest.from.clock): the proxy answered \(TextLayout.count(longest.requests, "request")) itself"
        text += " (\(answers.joined(separator: ", ")))"
        let others = r.rolloutDrops.count - longest.requests
        if others > 0 { text += ", and \(TextLayout.count(others, "more request")) at \(TextLayout.count(spans.count - 1, "other time"))" }
        text += ". No pod of \(name) was ready behind its Service: keep one ready throughout the rollout (maxUnavailable below the replicas, or maxSurge 1 with a single replica) and let new pods pass readiness before old ones go."
        return Finding(.noHealthyUpstream, pod: nil, at: first.from, message: text)
    }

    /// An Argo Rollout that is not moving: Argo's own `ProgressDeadlineExceeded` (the
    /// Rollout is Degraded), else the Deployment's rule on its pods (a failing new pod, or
    /// progressDeadlineSeconds without progress). A pause or an abort is not a stall: those
    /// are `rollout-held` and `rollout-aborted`.
    static func argoStalled(_ r: Rollout, pods: [PodTimeline], rollout: WorkloadInfo?, asOf: Instant) -> Finding? {
        guard let a = r.argo else { return deploymentStalled(r, pods: pods, deployment: rollout, asOf: asOf) }
        guard !a.abort, r.finishedAt == nil else { return nil }
        let name = Sanitizer.clean(r.workload)
        let ns = r.namespace.isEmpty ? "" : " -n \(Sanitizer.clean(r.namespace))"
        guard let said = a.deadlineExceeded else {
            guard a.phase != "Paused" else { return nil }
            if a.phase == "Degraded" {
                // Degraded for another reason (an InvalidSpec): the controller will not go on.
                let why = Sanitizer.clean(String(a.message.prefix(300)))
                let text = "Argo marks the rollout of \(name) Degraded" + (why.isEmpty ? "" : " (\"\(why)\")")
                    + ": its controller makes no progress until the Rollout is fixed. Correct the Rollout's spec and apply it again, or go back with kubectl argo rollouts undo \(name)\(ns)."
                return Finding(.rolloutStalled, pod: nil, at: r.startedAt ?? r.observedFrom, message: text)
            }
            return deploymentStalled(r, pods: pods, deployment: rollout, asOf: asOf)
        }
        let p = r.progress
        let deadline = rollout?.progressDeadlineSeconds ?? defaultProgressDeadline
        var text = "the rollout of \(name) exceeded its progressDeadlineSeconds (\(deadline)) and Argo marks it Degraded"
        if !said.isEmpty { text += " (\"\(Sanitizer.clean(String(said.prefix(200))))\")" }
        text += ": \(p.newReady) of \(p.desired) new pods ready"
        if p.oldServing > 0 { text += ", \(p.oldServing) stable still serving" }
        if let i = pods.firstIndex(where: { $0.role == .new && $0.termination == nil && ($0.readyAt == nil || isFailing($0)) }) {
            text += "; \(Sanitizer.clean(pods[i].name)) is \(Sanitizer.clean(pods[i].status))"
        }
        text += ". Fix the new pods and Argo resumes, or send traffic back to the stable ReplicaSet with kubectl argo rollouts abort \(name)\(ns) (then kubectl argo rollouts undo \(name)\(ns))."
        return Finding(.rolloutStalled, pod: nil, at: a.deadlineExceededAt ?? r.startedAt, message: text)
    }

    /// An Argo Rollout aborted, by a failed analysis or by hand: Argo sends traffic back to the
    /// stable ReplicaSet and scales the canary (or preview) down; the Rollout is Degraded.
    static func rolloutAborted(_ r: Rollout, pods: [PodTimeline]) -> Finding? {
        guard let a = r.argo, a.abort else { return nil }
        let name = Sanitizer.clean(r.workload)
        let ns = r.namespace.isEmpty ? "" : " -n \(Sanitizer.clean(r.namespace))"
        let new = Sanitizer.clean(r.replicaSets.last { $0.role == .new }?.name ?? "the new ReplicaSet")
        let stable = a.stableHash.map { h in Sanitizer.clean(r.replicaSets.first { $0.templateHash == h }?.name ?? r.workload + "-" + h) }
        var text = "the rollout of \(name) to \(new) was aborted"
        if let at = a.abortedAt { text += " at \(at.clock)" }
        if let m = a.abortMessage, !m.isEmpty { text += " (\"\(Sanitizer.clean(String(m.prefix(200))))\")" }
        if let step = a.stepText { text += " at \(step)" }
        text += ": Argo marks it Degraded"
        if let stable { text += ", sends traffic back to \(stable)" }
        text += " and scales the new pods down"
        let newUp = pods.filter { $0.role == .new && $0.termination == nil && $0.goneAt == nil }.count
        if newUp > 0 { text += " (\(TextLayout.count(newUp, "new pod")) still up)" }
        text += ". Fix what failed and run kubectl argo rollouts retry rollout \(name)\(ns), or go back for good with kubectl argo rollouts undo \(name)\(ns)."
        return Finding(.rolloutAborted, pod: nil, at: a.abortedAt ?? r.startedAt, message: text)
    }

    /// An Argo Rollout waiting by design: at a canary pause step (timed, or until promoted), a
    /// blue-green preview waiting for promotion, or paused by hand. Not a stall.
    static func argoHeld(_ r: Rollout) -> Finding? {
        guard let a = r.argo, !a.abort, a.phase == "Paused" else { return nil }
        let name = Sanitizer.clean(r.workload)
        let ns = r.namespace.isEmpty ? "" : " -n \(Sanitizer.clean(r.namespace))"
        let since = a.pausedAt.map { " since \($0.clock)" } ?? ""
        let reason = Sanitizer.clean(String((a.pauseReasons.first ?? a.message).prefix(60)))
        var text: String
        if a.strategy == .blueGreen {
            let preview = Sanitizer.clean(r.replicaSets.last { $0.role == .new }?.name ?? "the preview ReplicaSet")
            text = "\(preview) is up behind the preview Service\(a.previewService.map { " " + Sanitizer.clean($0) } ?? "") and waits for promotion\(since) (\(reason)\(a.autoPromotionEnabled ? "" : ", autoPromotionEnabled false")): this is not a stall. Promote it with kubectl argo rollouts promote \(name)\(ns) to switch the active Service\(a.activeService.map { " " + Sanitizer.clean($0) } ?? ""), or abort with kubectl argo rollouts abort \(name)\(ns)."
        } else {
            let step = a.stepText ?? "a pause"
            var timed = ""
            if let i = a.stepIndex, i < a.steps.count, case .pause(let s?) = a.steps[i], let at = a.pausedAt {
                timed = "; it resumes by itself at \((at + Double(s)).clock)"
            }
            text = "paused at \(step)\(since) (\(reason))\(timed): the Argo controller waits by design, this is not a stall. Go on with kubectl argo rollouts promote \(name)\(ns), or send traffic back to stable with kubectl argo rollouts abort \(name)\(ns)."
        }
        return Finding(.rolloutHeld, pod: nil, at: a.pausedAt ?? r.startedAt ?? r.observedFrom, message: text)
    }
}

extension PodTimeline {
    /// Whether kubectl's STATUS shows a crash loop (`CrashLoopBackOff`, `Init:CrashLoopBackOff`,
    /// or any status holding it). Statuses too short to hold it are not searched: Foundation's
    /// `contains` costs microseconds, and findings look at every new pod on every redraft.
    var isCrashLooping: Bool { status.utf8.count >= 16 && status.contains("CrashLoopBackOff") }
}
