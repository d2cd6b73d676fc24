import Foundation

extension Engine {
    func container(_ p: Int, _ slot: Slot) -> ContainerRun {
        switch slot {
        case .initContainer(let c): pods[p].inits[c]
        case .main: pods[p].main
        }
    }

    func update(_ p: Int, _ slot: Slot, _ change: (inout ContainerRun) -> Void) {
        switch slot {
        case .initContainer(let c): change(&pods[p].inits[c])
        case .main: change(&pods[p].main)
        }
    }

    func fieldPath(_ p: Int, _ slot: Slot) -> String {
        switch slot {
        case .initContainer(let c): "spec.initContainers{\(pods[p].inits[c].name)}"
        case .main: "spec.containers{\(sc.containerName)}"
        }
    }

    /// The kubelet stops starting things once the pod's deletion reached it.
    func stopping(_ p: Int) -> Bool { pods[p].deleted || pods[p].killingAt != nil }

    // MARK: Start-up

    func kubeletAdmit(_ p: Int) {
        guard !stopping(p) else { return }
        pods[p].startTime = now
        pods[p].observedGeneration = pods[p].generation
        pods[p].conditions["PodReadyToStartContainers"] = Cond(status: false, time: now)
        refreshConditions(p)
        writePod(p)
        podChanged(p)
        after(j(0.6, 1.1), .sandboxReady(p))
    }

    func sandboxReady(_ p: Int) {
        guard !stopping(p) else { return }
        pods[p].ip = allocateIP(node: pods[p].node!, pod: p)
        pods[p].ipAt = now
        pods[p].sandboxUp = true
        pods[p].conditions["PodReadyToStartContainers"] = Cond(status: true, time: now)
        writePod(p)
        podChanged(p)
        beginNext(p)
    }

    /// Starts the next init container, or the app container once they are all done.
    func beginNext(_ p: Int) {
        for (c, run) in pods[p].inits.enumerated() {
            if run.sidecar {
                if !run.started { beginContainer(p, .initContainer(c)); return }
            } else if case .terminated(let t) = run.state, t.exitCode == 0 {
                continue
            } else {
                beginContainer(p, .initContainer(c))
                return
            }
        }
        beginContainer(p, .main)
    }

    func pullSeconds(_ p: Int, _ slot: Slot) -> Double {
        switch slot {
        case .initContainer(let c): sc.initContainers[c].pullSeconds
        case .main: sc.imagePullSeconds
        }
    }

    func beginContainer(_ p: Int, _ slot: Slot) {
        guard !stopping(p) else { return }
        let image = container(p, slot).image
        let n = pods[p].node!
        if nodes[n].images.contains(image) {
            kubeletEvent(p, slot, "Pulled", "Container image \"\(image)\" already present on machine and can be accessed by the pod")
            after(j(0.05, 0.15), .createStart(p, slot))
        } else if let done = nodes[n].pulls[image] {
            // Serialized pulls: this one waits for the running pull, then finds the layers.
            kubeletEvent(p, slot, "Pulling", "Pulling image \"\(image)\"")
            let pull = j(0.2, 0.5)
            at(max(done, now) + pull, .pulled(p, slot, pullStart: now, pullSeconds: pull))
        } else {
            kubeletEvent(p, slot, "Pulling", "Pulling image \"\(image)\"")
            let seconds = pullSeconds(p, slot) * j(0.9, 1.1)
            nodes[n].pulls[image] = now + seconds
            at(now + seconds, .pulled(p, slot, pullStart: now, pullSeconds: seconds))
        }
    }

    func pulled(_ p: Int, _ slot: Slot, pullStart: Double, pullSeconds: Double) {
        let image = container(p, slot).image
        let n = pods[p].node!
        nodes[n].images.insert(image)
        if let done = nodes[n].pulls[image], done <= now { nodes[n].pulls[image] = nil }
        guard !stopping(p) else { return }
        kubeletEvent(p, slot, "Pulled", "Successfully pulled image \"\(image)\" in \(KubeTime.goDuration(pullSeconds)) (\(KubeTime.goDuration(now - pullStart)) including waiting). Image size: \(ContainerImage.size(image)) bytes.")
        after(j(0.05, 0.12), .createStart(p, slot))
    }

    func createStart(_ p: Int, _ slot: Slot) {
        guard !stopping(p) else { return }
        let id = containerID()
        update(p, slot) { c in
            if case .terminated(let previous) = c.state {
                c.lastState = previous
                c.restartCount += 1
            }
            c.containerID = id
            c.processStart = now
            c.processAlive = true
            c.pendingTerm = nil
        }
        if case .initContainer(let c) = slot { pods[p].initRuns[c].append(RunTruth(start: now)) }
        kubeletEvent(p, slot, "Created", "Container created")
        kubeletEvent(p, slot, "Started", "Container started")
        var runLength = 1.0
        switch slot {
        case .initContainer(let c):
            if !sc.initContainers[c].sidecar {
                runLength = sc.initContainers[c].seconds + j(0, 0.3)
                after(runLength, .initExit(p, c))
            }
        case .main:
            pods[p].servingFrom = now + sc.readinessDelaySeconds
            at(aligned(now + sc.readinessDelaySeconds), .probe(p))
        }
        after(min(j(0.2, 0.6), runLength * 0.5), .writeRunning(p, slot))
    }

    func writeRunning(_ p: Int, _ slot: Slot) {
        let c = container(p, slot)
        guard !pods[p].deleted, !pods[p].terminal, c.processAlive, let start = c.processStart else { return }
        update(p, slot) { c in
            c.state = .running(startedAt: start)
            if c.sidecar || !c.isInit {
                c.started = true
            }
            if c.sidecar { c.ready = true }
        }
        if slot == .main { pods[p].phase = "Running" }
        if case .initContainer(let i) = slot, !pods[p].initRuns[i].isEmpty {
            pods[p].initRuns[i][pods[p].initRuns[i].count - 1].runningShown = now
        }
        refreshConditions(p)
        writePod(p)
        if c.sidecar, !stopping(p) { beginNext(p) }
    }

    // MARK: Init containers

    func initExit(_ p: Int, _ c: Int) {
        guard pods[p].inits[c].processAlive else { return }
        let run = pods[p].inits[c]
        let spec = sc.initContainers[c]
        let succeeds: Bool
        switch spec.failures {
        case .none: succeeds = true
        case .times(let n): succeeds = pods[p].rs == 0 || run.failures >= n
        case .forever: succeeds = pods[p].rs == 0
        }
        let code = succeeds ? 0 : spec.exitCode
        pods[p].inits[c].processAlive = false
        endRun(p, c, exitCode: code, at: now)
        pods[p].inits[c].pendingTerm = SimPod.Terminated(exitCode: code, reason: succeeds ? "Completed" : "Error",
                                            startedAt: run.processStart ?? now, finishedAt: now,
                                            containerID: run.containerID ?? "")
        after(j(0.3, 0.9), .initNoticed(p, c))
    }

    /// The kubelet sees the init container's exit (PLEG) and acts on it in the same sync.
    func initNoticed(_ p: Int, _ c: Int) {
        guard !stopping(p), let term = pods[p].inits[c].pendingTerm else { return }
        pods[p].inits[c].pendingTerm = nil
        pods[p].initRuns[c][pods[p].initRuns[c].count - 1].endShown = now
        pods[p].inits[c].state = .terminated(term)
        pods[p].inits[c].started = false
        if term.exitCode == 0 {
            pods[p].inits[c].ready = true
            refreshConditions(p)
            writePod(p)
            beginNext(p)
            return
        }
        pods[p].inits[c].ready = false
        pods[p].inits[c].failures += 1
        pods[p].initFailures += 1
        refreshConditions(p)
        writePod(p)
        // doBackOff: the first failure restarts at once (and sets a 10 s back-off); later
        // ones wait while now - finishedAt < back-off, doubling up to 300 s.
        if pods[p].inits[c].backoff == 0 {
            pods[p].inits[c].backoff = 10
            after(j(0.3, 0.8), .restartInit(p, c))
        } else {
            backOffEvent(p, c)
            after(j(0.8, 1.2), .crashLoopSync(p, c))
        }
    }

    func backOffEvent(_ p: Int, _ c: Int) {
        kubeletEvent(p, .initContainer(c), "BackOff",
                     "Back-off restarting failed container \(pods[p].inits[c].name) in pod \(podRef(p))", type: "Warning")
    }

    /// `name_namespace(uid)`, the kubelet's way to name a pod in messages.
    func podRef(_ p: Int) -> String { "\(pods[p].name)_\(sc.namespace)(\(pods[p].uid))" }

    /// A pod worker sync while the container is crash-looping: still backing off (a BackOff
    /// event) or time to start it again.
    func crashLoopSync(_ p: Int, _ c: Int) {
        guard !stopping(p) else { return }
        let last: SimPod.Terminated
        switch pods[p].inits[c].state {
        case .terminated(let t): last = t
        case .waiting: guard let l = pods[p].inits[c].lastState else { return }; last = l
        case .running: return
        }
        let backoff = pods[p].inits[c].backoff
        if now - last.finishedAt < backoff {
            if case .waiting = pods[p].inits[c].state {
                backOffEvent(p, c)
            } else {
                pods[p].inits[c].state = .waiting(
                    reason: "CrashLoopBackOff",
                    message: "back-off \(KubeTime.goDuration(backoff)) restarting failed container=\(pods[p].inits[c].name) pod=\(podRef(p))")
                pods[p].inits[c].lastState = last
                writePod(p)
            }
            after(10 + j(0, 1.5), .crashLoopSync(p, c))
        } else {
            pods[p].inits[c].backoff = min(backoff * 2, 300)
            restartInit(p, c)
        }
    }

    func restartInit(_ p: Int, _ c: Int) {
        guard !stopping(p) else { return }
        // Keep the last run as `terminated` until the new container exists (createStart moves
        // it to lastState).
        if case .waiting = pods[p].inits[c].state, let last = pods[p].inits[c].lastState {
            pods[p].inits[c].state = .terminated(last)
        }
        beginContainer(p, .initContainer(c))
    }

    // MARK: Readiness

    func probe(_ p: Int) {
        guard !pods[p].deleted, !pods[p].terminal, pods[p].main.processAlive else { return }
        let ok = (pods[p].servingFrom.map { $0 <= now } ?? false) && pods[p].listenerClosedAt == nil
        if ok {
            pods[p].probeFailures = 0
            if !pods[p].main.ready {
                pods[p].main.ready = true
                if pods[p].readyAt == nil { pods[p].readyAt = now }
                refreshConditions(p)
                writePod(p)
                podChanged(p)
            }
        } else {
            pods[p].probeFailures += 1
            if let ip = pods[p].ip {
                kubeletEvent(p, .main, "Unhealthy",
                             "Readiness probe failed: Get \"http://\(ip):8080/healthz\": dial tcp \(ip):8080: connect: connection refused",
                             type: "Warning")
            }
            if pods[p].probeFailures >= 3, pods[p].main.ready {
                pods[p].main.ready = false
                refreshConditions(p)
                writePod(p)
                podChanged(p)
            }
        }
        after(Double(sc.probePeriodSeconds), .probe(p))
    }

    /// Initialized, Ready and ContainersReady from the container states (running pods).
    func refreshConditions(_ p: Int) {
        guard !pods[p].terminal else { return }
        let incomplete = pods[p].inits.filter { c in
            if c.sidecar { return !c.started }
            if case .terminated(let t) = c.state { return t.exitCode != 0 }
            return true
        }.map(\.name)
        setCondition(p, "Initialized", incomplete.isEmpty,
                     reason: incomplete.isEmpty ? nil : "ContainersNotInitialized",
                     message: incomplete.isEmpty ? nil : "containers with incomplete status: [\(incomplete.joined(separator: " "))]")
        let unready = (pods[p].inits.filter { $0.sidecar && !$0.ready } + [pods[p].main].filter { !$0.ready }).map(\.name)
        for type in ["Ready", "ContainersReady"] {
            setCondition(p, type, unready.isEmpty, reason: unready.isEmpty ? nil : "ContainersNotReady",
                         message: unready.isEmpty ? nil : "containers with unready status: [\(unready.joined(separator: " "))]")
        }
    }

    /// Records the end of init container `c`'s current run.
    func endRun(_ p: Int, _ c: Int, exitCode: Int, at time: Double) {
        guard !pods[p].initRuns[c].isEmpty else { return }
        let last = pods[p].initRuns[c].count - 1
        pods[p].initRuns[c][last].finish = time
        pods[p].initRuns[c][last].exitCode = exitCode
    }

    /// Sets a condition; lastTransitionTime moves only when the status changes.
    func setCondition(_ p: Int, _ type: String, _ status: Bool, reason: String? = nil, message: String? = nil) {
        if type == "Initialized", status, pods[p].initializedAt == nil { pods[p].initializedAt = now }
        let old = pods[p].conditions[type]
        let time = old.map { $0.status == status ? $0.time : now } ?? now
        pods[p].conditions[type] = Cond(status: status, time: time, reason: reason, message: message)
    }

    // MARK: Termination

    /// The kubelet sees the deletion: Killing, the preStop hook (bounded by the grace period),
    /// the stop signal with what is left of the grace period (at least 2 s), then SIGKILL.
    func kubeletKill(_ p: Int) {
        guard !pods[p].deleted, pods[p].killingAt == nil else { return }
        pods[p].killingAt = now
        pods[p].observedGeneration = pods[p].generation
        writePod(p)
        let grace = pods[p].deletionGrace ?? sc.terminationGracePeriodSeconds
        if pods[p].main.processAlive {
            kubeletEvent(p, .main, "Killing", "Stopping container \(sc.containerName)")
            pods[p].killingEventAt = now
            let hookRun = sc.preStop == .none ? 0 : min(sc.preStop.duration, Double(grace))
            // killContainer: gracePeriod -= whole seconds the hook took; minimum 2.
            var remaining = grace - Int(hookRun)
            if remaining < 2 { remaining = 2 }
            let signalAt = now + hookRun
            pods[p].sigkillAt = signalAt + Double(remaining)
            at(signalAt, .stopSignal(p))
        } else {
            // Nothing serves yet: stop whatever init container runs, then tear down.
            for c in pods[p].inits.indices where pods[p].inits[c].processAlive {
                kubeletEvent(p, .initContainer(c), "Killing", "Stopping container \(pods[p].inits[c].name)")
                if pods[p].killingEventAt == nil { pods[p].killingEventAt = now }
                let run = pods[p].inits[c]
                pods[p].inits[c].processAlive = false
                endRun(p, c, exitCode: run.sidecar ? 0 : 143, at: now + 0.3)
                pods[p].inits[c].pendingTerm = SimPod.Terminated(exitCode: run.sidecar ? 0 : 143, reason: run.sidecar ? "Completed" : "Error",
                                                    startedAt: run.processStart ?? now, finishedAt: now + 0.3,
                                                    containerID: run.containerID ?? "")
            }
            after(j(0.35, 0.6), .podStopped(p))
        }
    }

    func stopSignal(_ p: Int) {
        guard pods[p].main.processAlive else { return }
        pods[p].stopSignalAt = now
        pods[p].listenerClosedAt = now
        let exitAt = now + sc.appShutdownSeconds
        if let kill = pods[p].sigkillAt, kill <= exitAt {
            at(kill, .appExit(p, sigkill: true))
        } else {
            at(exitAt, .appExit(p, sigkill: false))
        }
    }

    func appExit(_ p: Int, sigkill: Bool) {
        guard pods[p].main.processAlive else { return }
        let run = pods[p].main
        pods[p].main.processAlive = false
        pods[p].processExitedAt = now
        pods[p].lastExitAt = max(pods[p].lastExitAt ?? now, now)
        pods[p].exitCode = sigkill ? 137 : 0
        pods[p].sigkilled = sigkill
        pods[p].main.pendingTerm = SimPod.Terminated(exitCode: sigkill ? 137 : 0, reason: sigkill ? "Error" : "Completed",
                                        startedAt: run.processStart ?? now, finishedAt: now, containerID: run.containerID ?? "")
        cutLongRequests(p)
        // Sidecars stop after the app containers, last started first.
        let sidecars = pods[p].inits.indices.filter { pods[p].inits[$0].sidecar && pods[p].inits[$0].processAlive }
        if sidecars.isEmpty {
            after(j(0.03, 0.1), .podStopped(p))
            return
        }
        for c in sidecars.reversed() {
            kubeletEvent(p, .initContainer(c), "Killing", "Stopping container \(pods[p].inits[c].name)")
            after(j(0.2, 0.5), .sidecarExit(p, c))
        }
    }

    func sidecarExit(_ p: Int, _ c: Int) {
        let run = pods[p].inits[c]
        guard run.processAlive else { return }
        pods[p].inits[c].processAlive = false
        endRun(p, c, exitCode: 0, at: now)
        pods[p].lastExitAt = max(pods[p].lastExitAt ?? now, now)
        pods[p].inits[c].pendingTerm = SimPod.Terminated(exitCode: 0, reason: "Completed", startedAt: run.processStart ?? now,
                                            finishedAt: now, containerID: run.containerID ?? "")
        if !pods[p].inits.contains(where: { $0.sidecar && $0.processAlive }) {
            after(j(0.03, 0.1), .podStopped(p))
        }
    }

    /// killPod returns: the sandbox is stopped (the CNI releases the IP).
    func podStopped(_ p: Int) {
        guard !pods[p].deleted, !pods[p].terminal else { return }
        pods[p].sandboxUp = false
        if let ip = pods[p].ip, let n = pods[p].node { releaseIP(ip, node: n, pod: p) }
        after(j(0.05, 0.3) + sc.terminalStatusDelaySeconds, .terminalStatus(p))
    }

    /// The status once nothing runs: phase Succeeded (every app container exited 0) or Failed.
    func terminalStatus(_ p: Int) {
        guard !pods[p].deleted, !pods[p].terminal else { return }
        pods[p].terminal = true
        pods[p].terminalAt = now
        for c in pods[p].initRuns.indices where !pods[p].initRuns[c].isEmpty {
            let last = pods[p].initRuns[c].count - 1
            if pods[p].initRuns[c][last].finish != nil, pods[p].initRuns[c][last].endShown == nil {
                pods[p].initRuns[c][last].endShown = now
            }
        }
        func finish(_ c: inout ContainerRun) {
            if let t = c.pendingTerm {
                c.state = .terminated(t)
                c.pendingTerm = nil
            } else if case .running(let start) = c.state {
                c.state = .terminated(SimPod.Terminated(exitCode: 137, reason: "Error", startedAt: start, finishedAt: now,
                                           containerID: c.containerID ?? ""))
            }
            c.ready = c.isInit && !c.sidecar && c.ready
            c.started = false
        }
        finish(&pods[p].main)
        for c in pods[p].inits.indices { finish(&pods[p].inits[c]) }
        var succeeded = false
        if case .terminated(let t) = pods[p].main.state, t.exitCode == 0 { succeeded = true }
        pods[p].phase = succeeded ? "Succeeded" : "Failed"
        let reason = succeeded ? "PodCompleted" : "PodFailed"
        setCondition(p, "PodReadyToStartContainers", false)
        setCondition(p, "Ready", false, reason: reason)
        setCondition(p, "ContainersReady", false, reason: reason)
        if let initialized = pods[p].conditions["Initialized"], initialized.status, succeeded {
            pods[p].conditions["Initialized"]?.reason = "PodCompleted"
        }
        pods[p].observedGeneration = pods[p].generation
        writePod(p)
        podChanged(p)
        after(j(0.8, 1.3), .finalDelete(p))
    }

    /// The kubelet's status manager deletes the terminal pod with grace 0: one MODIFIED
    /// (deletionGracePeriodSeconds 0, deletionTimestamp now), then DELETED.
    func finalDelete(_ p: Int) {
        guard !pods[p].deleted else { return }
        pods[p].deletionTimestamp = now
        pods[p].deletionGrace = 0
        writePod(p, byKubelet: false)
        pods[p].deleted = true
        pods[p].deletedAt = now
        writePod(p, "DELETED", byKubelet: false)
        podChanged(p)
        checkCompletion()
    }
}
