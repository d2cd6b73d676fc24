/// Turns a rollout's timelines into findings: cause and remedy, in the user's numbers.
public enum Findings {
    /// Default `progressDeadlineSeconds` of a Deployment.
    static let defaultProgressDeadline = 600

    /// `pods`: the rollout's pods, when they are not yet in `r.pods`.
    static func evaluate(_ r: Rollout, pods: [PodTimeline]? = nil, deployment: WorkloadInfo?, asOf: Instant) -> [Finding] {
        let pods = pods ?? r.pods
        // Messages quote cluster text (names, IPs, hook commands): make every one inert.
        func cleaned(_ findings: [Finding]) -> [Finding] {
            findings.map { f in
                var f = f
                f.message = Sanitizer.clean(f.message)
                return f
            }
        }
        // Per pod and independent: on both cores for thousands of pods.
        var out = Parallel.map(pods.count) { i in cleaned(podFindings(pods[i])) }.flatMap { $0 }
        out += cleaned(rolloutFindings(r, pods: pods, deployment: deployment, asOf: asOf))
        out.sort { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            return (a.at ?? Instant(seconds: 0), a.pod ?? "", a.kind) < (b.at ?? Instant(seconds: 0), b.pod ?? "", b.kind)
        }
        return out
    }

    static func secs(_ v: Double) -> String { "\(JSONWriter.formatNumber(v)) s" }

    static func podFindings(_ p: PodTimeline) -> [Finding] {
        var out: [Finding] = []
        let name = Sanitizer.clean(p.name)
        if let t = p.termination {
            let grace = t.gracePeriodSeconds
            let hook = hookDescription(p)
            if t.exceededGrace == true {
                let killed = p.containers.filter { $0.exitCode == 137 }.map(\.name)
                let who = killed.isEmpty ? name : killed.map(Sanitizer.clean).joined(separator: ", ")
                var text: String
                if let s = t.seconds {
                    text = "\(who) in \(name) was still running \(secs(s)) after the deletion request; grace period \(grace) s"
                } else if let least = t.secondsAtLeast {
                    text = "\(who) in \(name) was still running at least \(secs(least)) after the deletion request; grace period \(grace) s"
                } else {
                    text = "\(who) in \(name) outlasted its grace period of \(grace) s"
                }
                text += t.killed ? ": SIGKILL (exit 137) cut its open connections." : ": the kubelet cut the shutdown short."
                if let sleep = p.containers.compactMap(\.preStopSleepSeconds).max(), sleep >= grace {
                    text += " Its preStop sleep of \(sleep) s alone reaches the grace period."
                } else if let cmd = p.containers.compactMap(\.preStopCommand).first, let hookSeconds = sleepSeconds(in: cmd), hookSeconds >= grace {
                    text += " Its preStop hook (\(Sanitizer.clean(cmd))) alone takes \(hookSeconds) s."
                }
                text += " Make terminationGracePeriodSeconds longer than the preStop drain plus shutdown, or shorten the drain."
                out.append(Finding(kind: "grace-exceeded", severity: .error, pod: p.name, at: t.finishedAt ?? t.requestedAt + Double(grace), message: text))
            }
            if t.preStop == .none {
                var text = "\(name) has no preStop hook: it got SIGTERM while the endpoints controller was still removing it from Services, so requests routed to it in that window fail"
                if p.droppedConnections > 0 { text += " (\(p.droppedConnections) did)" }
                text += ". Add a preStop hook that waits 5 to 10 s (lifecycle.preStop.sleep on Kubernetes 1.29+, or exec sleep) and keep terminationGracePeriodSeconds (\(grace) s) above that wait plus shutdown."
                out.append(Finding(kind: "no-prestop", severity: .warning, pod: p.name, at: t.requestedAt, message: text))
            }
            if let e = t.failedPreStop {
                let msg = Sanitizer.clean(String(e.message.prefix(300)))
                out.append(Finding(kind: "prestop-failed", severity: .error, pod: p.name, at: e.at,
                                   message: "the preStop hook\(hook) of \(name) failed: \(msg). The pod got SIGTERM without its drain delay; fix the hook command so it exits 0."))
            }
            if t.seconds == nil, let most = t.secondsAtMost {
                var text = "the end of \(name)'s shutdown was not observed: it took "
                if let least = t.secondsAtLeast { text += "between \(secs(least)) and \(secs(most))" } else { text += "at most \(secs(most))" }
                text += " (grace \(grace) s). Record with a watch (rollscope record, or kubectl get pods -w -o json --output-watch-events) to see exit codes."
                out.append(Finding(kind: "termination-unobserved", severity: .info, pod: p.name, at: t.requestedAt, message: text))
            }
        }
        let dropped = p.signals.filter(\.dropped)
        if let first = dropped.first, let last = dropped.last {
            var text = "\(TextLayout.count(dropped.count, "request")) to \(name)\(p.ip.map { " (\($0))" } ?? "") failed"
            let statuses = Set(dropped.compactMap(\.status)).sorted().map(String.init)
            if !statuses.isEmpty { text += " with \(statuses.joined(separator: "/"))" }
            if let req = p.termination?.requestedAt {
                text += first.time == last.time ? " at \(offset(first.time - req))" : " between \(offset(first.time - req)) and \(offset(last.time - req))"
                text += " after the deletion request"
            } else {
                text += first.time == last.time ? " at \(first.time.clock)" : " between \(first.time.clock) and \(last.time.clock)"
            }
            if let t = p.termination {
                if t.exceededGrace == true {
                    text += ". It was SIGKILLed at the end of its \(t.gracePeriodSeconds) s grace period: lengthen terminationGracePeriodSeconds past the drain."
                } else if t.preStop == .none {
                    text += ". It has no preStop hook: add one that waits 5 to 10 s so endpoints drain before SIGTERM."
                } else {
                    text += ". Its preStop\(hookDescription(p)) ended before traffic stopped: lengthen the delay until endpoints have converged."
                }
            } else {
                text += ". The pod was not being deleted: check its readiness probe and restarts."
            }
            out.append(Finding(kind: "dropped-connections", severity: .error, pod: p.name, at: first.time, message: text))
        }
        if let exit = p.containers.compactMap({ c in c.finishedAt.map { (c, $0) } }).map({ $0.1 }).max() {
            if let late = p.endpoint.first(where: { $0.time > exit && $0.routable }) {
                let text = "the endpoint of \(name) in EndpointSlice \(Sanitizer.clean(late.slice)) was still serving \(secs(late.time - exit)) after its containers exited at \(exit.clock): traffic was sent to a dead pod. Lengthen the preStop delay so endpoints converge before the process exits."
                out.append(Finding(kind: "endpoint-serving-after-exit", severity: .error, pod: p.name, at: late.time, message: text))
            }
        }
        for c in p.initContainers where c.failed || (!c.sidecar && c.restarts > 0) {
            let recovered = p.initializedAt != nil && (c.exitCode == 0)
            // restartCount counts the runs after the first; the latest run failed too unless it
            // is running now or succeeded.
            let attempts = c.restarts + ((c.exitCode ?? 0) != 0 && !c.running ? 1 : 0)
            var text = "init container \(Sanitizer.clean(c.name)) of \(name) failed"
            text += attempts > 1 ? " \(attempts) times" : ""
            if let code = c.exitCode, code != 0 { text += " (last exit code \(code)\(c.reason.map { ", " + Sanitizer.clean($0) } ?? ""))" }
            if recovered {
                text += " before it succeeded, delaying the pod's start by its retries. Check what it waits for (migrations, secrets, dependencies)."
            } else {
                text += c.waitingReason == "CrashLoopBackOff" ? "; the pod is stuck in Init:CrashLoopBackOff" : "; the pod never initialized"
                text += ". Read its logs: kubectl logs \(name) -c \(Sanitizer.clean(c.name)) --previous."
            }
            out.append(Finding(kind: "init-failed", severity: recovered ? .warning : .error, pod: p.name,
                               at: c.finishedAt ?? c.startedAt, message: text))
        }
        return out
    }

    static func rolloutFindings(_ r: Rollout, pods: [PodTimeline], deployment: WorkloadInfo?, asOf: Instant) -> [Finding] {
        var out: [Finding] = []
        let name = Sanitizer.clean(r.workload)
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
        if r.finishedAt == nil, let start = r.startedAt, hasOld || readyNew < desired {
            var progress = start
            for p in pods {
                if let t = p.readyAt { progress = max(progress, t) }
                if let t = p.termination?.requestedAt { progress = max(progress, t) }
            }
            let deadline = deployment?.progressDeadlineSeconds ?? defaultProgressDeadline
            let idle = asOf - progress
            if firstStuck != nil || idle >= Double(deadline) {
                var text = "the rollout of \(name) has made no progress for \(formatDuration(idle)): \(readyNew) of \(desired) new pods ready"
                if oldLeft > 0 { text += ", \(oldLeft) old still serving" }
                if let i = firstStuck {
                    let p = pods[i]
                    text += "; \(Sanitizer.clean(p.name)) is \(Sanitizer.clean(p.status)). Fix the failing container, or roll back with kubectl rollout undo deployment/\(name)."
                } else {
                    text += " (progressDeadlineSeconds \(deadline)). Check the new pods' events and readiness probes."
                }
                // A rollout-level finding: the stuck pod is named in the message, not attributed.
                out.append(Finding(kind: "rollout-stalled", severity: .error, pod: nil, at: progress, message: text))
            }
        }
        // Availability: ready pods must not fall below desired - maxUnavailable while rolling.
        if let desired = r.desiredReplicas, desired > 0, let start = r.startedAt {
            let floor = desired - (r.maxUnavailable ?? 0)
            let end = r.finishedAt ?? asOf
            var worst: (time: Instant, ready: Int, until: Instant)?
            let steps = r.availability
            for (i, step) in steps.enumerated() {
                let until = i + 1 < steps.count ? steps[i + 1].time : end
                guard until > start, step.time <= end, step.ready < floor else { continue }
                if worst == nil || step.ready < worst!.ready { worst = (max(step.time, start), step.ready, until) }
            }
            if let w = worst {
                let text = "ready pods of \(name) fell to \(w.ready) of \(desired) at \(w.time.clock) for \(secs(max(0, w.until - w.time))) (maxUnavailable \(r.maxUnavailable ?? 0) allows no fewer than \(floor)). Pods were removed before their replacements were ready: check readiness probes, minReadySeconds and maxUnavailable."
                out.append(Finding(kind: "availability-dip", severity: .warning, pod: nil, at: w.time, message: text))
            }
        }
        return out
    }

    static func offset(_ d: Double) -> String {
        d >= 0 ? "+" + secs(d) : "-" + secs(-d)
    }

    static func hookDescription(_ p: PodTimeline) -> String {
        if let s = p.containers.compactMap(\.preStopSleepSeconds).first { return " (sleep \(s) s)" }
        if let cmd = p.containers.compactMap(\.preStopCommand).first { return " (\(Sanitizer.clean(String(cmd.prefix(60)))))" }
        return ""
    }

    /// The seconds of a `sleep N` inside an exec hook command, if it has one.
    static func sleepSeconds(in command: String) -> Int? {
        let words = command.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "&" })
        for (i, w) in words.enumerated() where w == "sleep" && i + 1 < words.count {
            if let v = Int(words[i + 1]) { return v }
        }
        return nil
    }
}
