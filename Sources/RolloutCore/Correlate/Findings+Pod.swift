/// The findings about one pod, one function per kind. Each reads the pod's timeline only and
/// quotes the user's numbers: the grace period, the hook, the seconds it took.
extension Findings {
    /// The kubelet sends SIGKILL when the grace period ends, whatever preStop and SIGTERM are
    /// doing: a shutdown that reaches it cuts open connections.
    static func graceExceeded(_ p: PodTimeline) -> Finding? {
        guard let t = p.termination, t.exceededGrace == true else { return nil }
        let name = Sanitizer.clean(p.name)
        let grace = t.gracePeriodSeconds
        // The containers seen killed, else the pod ("nginx in web-1", "web-1").
        let killed = p.containers.filter { $0.exitCode == 137 }.map(\.name)
        let who = killed.isEmpty ? name : killed.map(Sanitizer.clean).joined(separator: ", ") + " in " + name
        var text: String
        if let s = t.seconds {
            text = "\(who) was still running \(secs(s)) after the deletion request; grace period \(grace) s"
        } else if let least = t.secondsAtLeast {
            text = "\(who) was still running at least \(secs(least)) after the deletion request; grace period \(grace) s"
        } else {
            text = "\(who) outlasted its grace period of \(grace) s"
        }
        text += t.killed ? ": SIGKILL (exit 137) cut its open connections." : ": the kubelet cut the shutdown short."
        if let sleep = p.containers.compactMap(\.preStopSleepSeconds).max(), sleep >= grace {
            text += " Its preStop sleep of \(sleep) s alone reaches the grace period."
        } else if let cmd = p.containers.compactMap(\.preStopCommand).first, let hookSeconds = sleepSeconds(in: cmd), hookSeconds >= grace {
            text += " Its preStop hook (\(Sanitizer.clean(cmd))) alone takes \(hookSeconds) s."
        }
        text += " Make terminationGracePeriodSeconds longer than the preStop drain plus shutdown, or shorten the drain."
        return Finding(.graceExceeded, pod: p.name, at: t.finishedAt ?? t.requestedAt + Double(grace), message: text)
    }

    /// Without a preStop hook SIGTERM comes at once, while the endpoints controller is still
    /// removing the pod from Services: requests routed to it in that window fail.
    static func noPreStop(_ p: PodTimeline) -> Finding? {
        guard let t = p.termination, t.preStop == .none else { return nil }
        var text = "\(Sanitizer.clean(p.name)) has no preStop hook: it got SIGTERM while the endpoints controller was still removing it from Services, so requests routed to it in that window fail"
        if p.droppedConnections > 0 { text += " (\(p.droppedConnections) did)" }
        text += ". Add a preStop hook that waits 5 to 10 s (lifecycle.preStop.sleep on Kubernetes 1.29+, or exec sleep) and keep terminationGracePeriodSeconds (\(t.gracePeriodSeconds) s) above that wait plus shutdown."
        return Finding(.noPreStop, pod: p.name, at: t.requestedAt, message: text)
    }

    /// The kubelet emits `FailedPreStopHook` when the hook fails, and goes on to SIGTERM.
    static func preStopFailed(_ p: PodTimeline) -> Finding? {
        guard let e = p.termination?.failedPreStop else { return nil }
        let msg = Sanitizer.clean(String(e.message.prefix(300)))
        return Finding(.preStopFailed, pod: p.name, at: e.at,
                       message: "the preStop hook\(hookDescription(p)) of \(Sanitizer.clean(p.name)) failed: \(msg). The pod got SIGTERM without its drain delay; fix the hook command so it exits 0.")
    }

    /// A poll may miss the pod's final state: then only bounds of the shutdown are known.
    static func terminationUnobserved(_ p: PodTimeline) -> Finding? {
        guard let t = p.termination, t.seconds == nil, let most = t.secondsAtMost else { return nil }
        var text = "the end of \(Sanitizer.clean(p.name))'s shutdown was not observed: it took "
        if let least = t.secondsAtLeast { text += "between \(secs(least)) and \(secs(most))" } else { text += "at most \(secs(most))" }
        text += " (grace \(t.gracePeriodSeconds) s). Record with a watch (rollscope record, or kubectl get pods -w -o json --output-watch-events) to see exit codes."
        return Finding(.terminationUnobserved, pod: p.name, at: t.requestedAt, message: text)
    }

    /// Requests the proxy could not complete to this pod, placed against its deletion request.
    static func droppedConnections(_ p: PodTimeline) -> Finding? {
        let dropped = p.signals.filter(\.dropped)
        guard let first = dropped.first, let last = dropped.last else { return nil }
        var text = "\(TextLayout.count(dropped.count, "request")) to \(Sanitizer.clean(p.name))\(p.ip.map { " (\($0))" } ?? "") failed"
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
        return Finding(.droppedConnections, pod: p.name, at: first.time, message: text)
    }

    /// EndpointSlice `serving` ignores termination: a slice still serving the pod after its
    /// containers exited sent traffic to a dead pod.
    static func endpointServingAfterExit(_ p: PodTimeline) -> Finding? {
        guard let exit = p.containers.compactMap(\.finishedAt).max(),
              let late = p.endpoint.first(where: { $0.time > exit && $0.routable }) else { return nil }
        let text = "the endpoint of \(Sanitizer.clean(p.name)) in EndpointSlice \(Sanitizer.clean(late.slice)) was still serving \(secs(late.time - exit)) after its containers exited at \(exit.clock): traffic was sent to a dead pod. Lengthen the preStop delay so endpoints converge before the process exits."
        return Finding(.endpointServingAfterExit, pod: p.name, at: late.time, message: text)
    }

    /// One per regular init container that failed: an error while it keeps the pod from
    /// starting, a warning once it succeeded after retries. Sidecars (restartPolicy Always)
    /// are meant to keep running and restart: they are not counted.
    static func initFailed(_ p: PodTimeline) -> [Finding] {
        var out: [Finding] = []
        for c in p.initContainers where c.failed || (!c.sidecar && c.restarts > 0) {
            let name = Sanitizer.clean(p.name)
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
            out.append(Finding(kind: .initFailed, severity: recovered ? .warning : .error, pod: p.name,
                               at: c.finishedAt ?? c.startedAt, message: text))
        }
        return out
    }
}
