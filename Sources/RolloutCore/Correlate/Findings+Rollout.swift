/// The findings about a rollout as a whole, one function per kind. They name the pod that
/// explains them in the message, but are not attributed to it.
extension Findings {
    /// No progress (no pod became ready, no deletion was requested) for the Deployment's
    /// progressDeadlineSeconds, or a new pod failing now: the controller will not finish alone.
    static func rolloutStalled(_ r: Rollout, pods: [PodTimeline], deployment: WorkloadInfo?, asOf: Instant) -> Finding? {
        // One pass over the pods, without copying them.
        var liveNew = 0, readyNew = 0, oldLeft = 0, hasOld = false
        var firstStuck: Int?
        for (i, p) in pods.enumerated() {
            if p.role == .old {
                hasOld = true
                if p.termination == nil && p.goneAt == nil { oldLeft += 1 }
            } else if p.termination == nil {
                liveNew += 1
                if p.readyAt != nil { readyNew += 1 }
                if firstStuck == nil, p.initContainers.contains(where: { $0.failed }) || p.status.contains("CrashLoopBackOff") || p.status.hasPrefix("Init:Error") {
                    firstStuck = i
                }
            }
        }
        let desired = r.desiredReplicas ?? liveNew
        guard r.finishedAt == nil, let start = r.startedAt, hasOld || readyNew < desired else { return nil }
        var progress = start
        for p in pods {
            if let t = p.readyAt { progress = max(progress, t) }
            if let t = p.termination?.requestedAt { progress = max(progress, t) }
        }
        let deadline = deployment?.progressDeadlineSeconds ?? defaultProgressDeadline
        let idle = asOf - progress
        guard firstStuck != nil || idle >= Double(deadline) else { return nil }
        let name = Sanitizer.clean(r.workload)
        var text = "the rollout of \(name) has made no progress for \(formatDuration(idle)): \(readyNew) of \(desired) new pods ready"
        if oldLeft > 0 { text += ", \(oldLeft) old still serving" }
        if let i = firstStuck {
            let p = pods[i]
            text += "; \(Sanitizer.clean(p.name)) is \(Sanitizer.clean(p.status)). Fix the failing container, or roll back with kubectl rollout undo deployment/\(name)."
        } else {
            text += " (progressDeadlineSeconds \(deadline)). Check the new pods' events and readiness probes."
        }
        // A rollout-level finding: the stuck pod is named in the message, not attributed.
        return Finding(.rolloutStalled, pod: nil, at: progress, message: text)
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
}
