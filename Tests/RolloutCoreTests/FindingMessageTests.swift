import Testing
@testable import RolloutCore

/// Each finding kind's exact sentence for a hand-built pod or rollout, in the user's numbers.
/// Times are seconds after 14:00:00.
@Suite struct FindingMessageTests {
    /// A terminating `web-1`: deletion requested at 0 with a 30 s grace period.
    static func terminating(preStop: PreStopKind = .none, sleep: Int? = nil, command: String? = nil, seconds: Double? = nil,
                            atMost: Double? = nil, atLeast: Double? = nil, exit: Int? = nil, exceeded: Bool? = nil) -> PodTimeline {
        var p = Hand.pod()
        p.readyAt = Hand.at(-600)
        p.containers = [Hand.container(preStop: preStop, sleep: sleep, command: command, started: -610,
                                       finished: seconds, exit: exit)]
        p.termination = Hand.termination(requested: 0, preStop: preStop, sleep: sleep, seconds: seconds, atMost: atMost,
                                         atLeast: atLeast, exitCodes: exit.map { [("nginx", $0)] } ?? [], exceeded: exceeded)
        return p
    }

    /// A rollout of `web` from 14:00:00 to 3 replicas (maxUnavailable 1), old pod still up.
    static func stalledRollout() -> (Rollout, [PodTimeline]) {
        var old = Hand.pod("web-7d4b9c8f6d-aaaaa", created: -3600, role: .old)
        old.readyAt = Hand.at(-3590)
        var stuck = Hand.pod("web-1", created: 0)
        stuck.status = "Init:CrashLoopBackOff"
        stuck.initContainers = [Hand.initContainer(started: 2, finished: 3, exit: 1, reason: "Error", restarts: 3, waiting: "CrashLoopBackOff")]
        var ready = Hand.pod("web-2", created: 0)
        ready.readyAt = Hand.at(20)
        let pods = [old, stuck, ready]
        var r = Rollout(workload: "web", namespace: "shop", replicaSets: [], pods: pods, observedFrom: Hand.at(-3600), observedUntil: Hand.at(100))
        r.startedAt = Hand.at(0)
        r.desiredReplicas = 3
        r.maxUnavailable = 1
        return (r, pods)
    }

    /// One hand-built case per kind: what it finds, the exact message, severity and time. A new
    /// kind does not compile until it has one here.
    static func example(_ kind: Finding.Kind) -> (found: [Finding], message: String, severity: Finding.Severity, at: Double) {
        switch kind {
        case .graceExceeded:
            let p = terminating(preStop: .exec, command: "/bin/sh -c sleep 40", seconds: 32, exit: 137, exceeded: true)
            return (Findings.podFindings(kind, p),
                    "nginx in web-1 was still running 32 s after the deletion request; grace period 30 s: SIGKILL (exit 137) cut its open connections. Its preStop hook (/bin/sh -c sleep 40) alone takes 40 s. Make terminationGracePeriodSeconds longer than the preStop drain plus shutdown, or shorten the drain.",
                    .error, 32)
        case .noPreStop:
            var p = terminating(seconds: 1, exit: 0, exceeded: false)
            p.signals = [Hand.signal(at: 0.5), Hand.signal(at: 0.8)]
            return (Findings.podFindings(kind, p),
                    "web-1 has no preStop hook: it got SIGTERM while the endpoints controller was still removing it from Services, so requests routed to it in that window fail (2 did). Add a preStop hook that waits 5 to 10 s (lifecycle.preStop.sleep on Kubernetes 1.29+, or exec sleep) and keep terminationGracePeriodSeconds (30 s) above that wait plus shutdown.",
                    .warning, 0)
        case .preStopFailed:
            var p = terminating(preStop: .exec, command: "/drain.sh --wait 10", seconds: 2, exit: 0, exceeded: false)
            p.termination!.failedPreStop = Hand.event("FailedPreStopHook", at: 1, message: "PreStopHook failed: exit code 127")
            return (Findings.podFindings(kind, p),
                    "the preStop hook (/drain.sh --wait 10) of web-1 failed: PreStopHook failed: exit code 127. The pod got SIGTERM without its drain delay; fix the hook command so it exits 0.",
                    .error, 1)
        case .droppedConnections:
            var p = terminating(preStop: .sleep, sleep: 5, seconds: 8, exit: 0, exceeded: false)
            p.signals = [Hand.signal(at: 1, status: 502), Hand.signal(at: 3.5, status: 504)]
            return (Findings.podFindings(kind, p),
                    "2 requests to web-1 (10.244.1.7) failed with 502/504 between +1 s and +3.5 s after the deletion request. Its preStop (sleep 5 s) ended before traffic stopped: lengthen the delay until endpoints have converged.",
                    .error, 1)
        case .noHealthyUpstream:
            var (r, _) = stalledRollout()
            r.rolloutDrops = [Hand.noUpstream(at: 12.2, sent: 12.2), Hand.noUpstream(at: 15, sent: 14.9), Hand.noUpstream(at: 19.6, sent: 19.6),
                              Hand.noUpstream(at: 41, sent: 41)]
            return (Findings.noHealthyUpstream(r).map { [$0] } ?? [],
                    "every endpoint of web was gone for 7 s: the proxy answered 3 requests itself between 14:00:12 and 14:00:19 (503 UH), and 1 more request at 1 other time. No pod of web was ready behind its Service: keep one ready throughout the rollout (maxUnavailable below the replicas, or maxSurge 1 with a single replica) and let new pods pass readiness before old ones go.",
                    .error, 12.2)
        case .endpointServingAfterExit:
            var p = terminating(preStop: .sleep, sleep: 5, seconds: 10, exit: 0, exceeded: false)
            p.endpoint = [EndpointObservation(time: Hand.at(8), slice: "web-x7k2p", present: true, ready: false, serving: true, terminating: true),
                          EndpointObservation(time: Hand.at(12), slice: "web-x7k2p", present: true, ready: false, serving: true, terminating: true),
                          EndpointObservation(time: Hand.at(14), slice: "web-x7k2p", present: false)]
            return (Findings.podFindings(kind, p),
                    "the endpoint of web-1 in EndpointSlice web-x7k2p was still serving 2 s after its containers exited at 14:00:10: traffic was sent to a dead pod. Lengthen the preStop delay so endpoints converge before the process exits.",
                    .error, 12)
        case .initFailed:
            let (_, pods) = stalledRollout()
            return (Findings.podFindings(kind, pods[1]),
                    "init container migrate of web-1 failed 4 times (last exit code 1, Error); the pod is stuck in Init:CrashLoopBackOff. Read its logs: kubectl logs web-1 -c migrate --previous.",
                    .error, 3)
        case .rolloutStalled:
            let (r, pods) = stalledRollout()
            return (Findings.rolloutStalled(r, pods: pods, deployment: nil, asOf: Hand.at(100)).map { [$0] } ?? [],
                    "the rollout of web has made no progress for 1m20s: 1 of 3 new pods ready, 1 old still serving; web-1 is Init:CrashLoopBackOff. Fix the failing container, or roll back with kubectl rollout undo deployment/web.",
                    .error, 20)
        case .availabilityDip:
            var (r, _) = stalledRollout()
            r.desiredReplicas = 4
            r.finishedAt = Hand.at(60)
            r.availability = [(Hand.at(-10), 4), (Hand.at(5), 3), (Hand.at(10), 2), (Hand.at(25), 4)]
            return (Findings.availabilityDip(r, asOf: Hand.at(100)).map { [$0] } ?? [],
                    "ready pods of web fell to 2 of 4 at 14:00:10 for 15 s (maxUnavailable 1 allows no fewer than 3). Pods were removed before their replacements were ready: check readiness probes, minReadySeconds and maxUnavailable.",
                    .warning, 10)
        case .nodeWithoutReadyPod:
            // DaemonSet node-agent: worker-3's old pod deleted at 10, its successor ready at 18.
            var old = Hand.pod("node-agent-g7sbl", created: -3600, role: .old)
            old.node = "worker-3"
            old.readyAt = Hand.at(-3590)
            old.termination = Hand.termination(requested: 10, preStop: .sleep, sleep: 5, seconds: 6, exitCodes: [("agent", 0)], exceeded: false)
            var new = Hand.pod("node-agent-2j85x", created: 17)
            new.node = "worker-3"
            new.readyAt = Hand.at(18)
            var r = Rollout(workload: "node-agent", namespace: "shop", replicaSets: [], pods: [old, new], observedFrom: Hand.at(-3600),
                            observedUntil: Hand.at(100))
            r.kind = .daemonSet
            r.startedAt = Hand.at(10)
            r.finishedAt = Hand.at(18)
            return (Findings.nodeWithoutReadyPod(r, pods: r.pods, asOf: Hand.at(100)),
                    "worker-3 had no ready node-agent pod for 8 s (14:00:10 to 14:00:18): node-agent-g7sbl stopped taking traffic at its deletion request and node-agent-2j85x was ready only at 14:00:18. Without maxSurge a DaemonSet deletes a node's pod before it creates the new one: set maxSurge 1 and maxUnavailable 0 so each node keeps a ready pod while it is replaced.",
                    .warning, 10)
        case .rolloutHeld:
            // StatefulSet db, partition 2: db-0 and db-1 stay at db-6c9d8b7f5c.
            var pods: [PodTimeline] = []
            for k in 0..<3 {
                var p = Hand.pod("db-\(k)", created: k == 2 ? 8 : -3600, role: k == 2 ? .new : .old)
                p.ordinal = k
                p.kind = .statefulSet
                p.replicaSet = k == 2 ? "db-79f5c8d6b4" : "db-6c9d8b7f5c"
                p.readyAt = Hand.at(k == 2 ? 15 : -3590)
                pods.append(p)
            }
            var r = Rollout(workload: "db", namespace: "shop", replicaSets: [], pods: pods, observedFrom: Hand.at(-3600),
                            observedUntil: Hand.at(100))
            r.kind = .statefulSet
            r.updateStrategy = "RollingUpdate"
            r.partition = 2
            r.startedAt = Hand.at(0)
            return (Findings.rolloutHeld(r, pods: pods).map { [$0] } ?? [],
                    "partition 2 keeps db-0, db-1 (ordinals below 2) at revision db-6c9d8b7f5c by design: this is not a stall. Lower the partition (kubectl patch statefulset db -n shop -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}') to roll them too.",
                    .info, 0)
        case .rolloutAborted:
            // Argo Rollout web: the analysis at step 3 of 4 failed at 14:00:40.
            let o = KubeObject()
            o.kind = "Rollout"
            o.metadata.name = "web"
            o.metadata.namespace = "shop"
            var a = ArgoRollout()
            a.strategy = .canary
            a.steps = [.setWeight(20), .pause(seconds: 30), .analysis(["error-rate"]), .setWeight(100)]
            a.currentStepIndex = 2
            a.abort = true
            a.abortedAt = Hand.at(40)
            a.stableRS = "7d4b9c8f6d"
            a.currentPodHash = "5f8d7c9b4a"
            a.conditions = [.init(type: "Progressing", status: "False", reason: "RolloutAborted",
                                  message: "Rollout aborted update to revision 4: Metric \"error-rate\" assessed Failed due to failed (3) > failureLimit (2)",
                                  lastTransitionTime: Hand.at(40))]
            var (r, pods) = stalledRollout()
            r.kind = .rollout
            r.replicaSets = [ReplicaSetSummary(name: "web-7d4b9c8f6d", templateHash: "7d4b9c8f6d", role: .old, pods: 1),
                             ReplicaSetSummary(name: "web-5f8d7c9b4a", templateHash: "5f8d7c9b4a", role: .new, pods: 2)]
            r.argo = ArgoState(WorkloadInfo(o)!, argo: a)
            return (Findings.rolloutAborted(r, pods: pods).map { [$0] } ?? [],
                    "the rollout of web to web-5f8d7c9b4a was aborted at 14:00:40 (\"Rollout aborted update to revision 4: Metric \"error-rate\" assessed Failed due to failed (3) > failureLimit (2)\") at step 3/4: analysis error-rate: Argo marks it Degraded, sends traffic back to web-7d4b9c8f6d and scales the new pods down (2 new pods still up). Fix what failed and run kubectl argo rollouts retry rollout web -n shop, or go back for good with kubectl argo rollouts undo web -n shop.",
                    .error, 40)
        case .terminationUnobserved:
            let p = terminating(atMost: 12, atLeast: 3, exceeded: false)
            return (Findings.podFindings(kind, p),
                    "the end of web-1's shutdown was not observed: it took between 3 s and 12 s (grace 30 s). Record with a watch (rollscope record, or kubectl get pods -w -o json --output-watch-events) to see exit codes.",
                    .info, 0)
        }
    }

    @Test(arguments: Finding.Kind.allCases)
    func message(kind: Finding.Kind) {
        let e = Self.example(kind)
        #expect(e.found.map(\.message) == [e.message])
        #expect(e.found.map(\.kind) == [kind])
        #expect(e.found.map(\.severity) == [e.severity])
        #expect(e.found.map(\.at) == [Hand.at(e.at)])
        #expect(e.found.map(\.pod) == [kind.isAboutAPod ? "web-1" : nil])
    }

    // MARK: Variants of the wording

    @Test func graceExceededWithoutAKilledContainerNamesThePod() {
        let p = Self.terminating(preStop: .sleep, sleep: 45, atMost: 50, atLeast: 40, exceeded: true)
        #expect(Findings.graceExceeded(p)?.message == "web-1 was still running at least 40 s after the deletion request; grace period 30 s: the kubelet cut the shutdown short. Its preStop sleep of 45 s alone reaches the grace period. Make terminationGracePeriodSeconds longer than the preStop drain plus shutdown, or shorten the drain.")
        let unknown = Self.terminating(preStop: .httpGet, exceeded: true)
        #expect(Findings.graceExceeded(unknown)?.message.hasPrefix("web-1 outlasted its grace period of 30 s: the kubelet cut the shutdown short. Make") == true)
        #expect(Findings.graceExceeded(unknown)?.at == Hand.at(30))
    }

    @Test func withinGraceNothingIsFound() {
        let p = Self.terminating(preStop: .sleep, sleep: 5, seconds: 8, exit: 0, exceeded: false)
        for kind in Finding.Kind.allCases {
            #expect(Findings.podFindings(kind, p).isEmpty, "\(kind)")
        }
    }

    @Test func droppedConnectionsOfAPodNotBeingDeleted() {
        var p = Hand.pod()
        p.signals = [Hand.signal(at: 5)]
        #expect(Findings.droppedConnections(p)?.message == "1 request to web-1 (10.244.1.7) failed with 502 at 14:00:05. The pod was not being deleted: check its readiness probe and restarts.")
        var killed = Self.terminating(preStop: .sleep, sleep: 40, seconds: 32, exit: 137, exceeded: true)
        killed.signals = [Hand.signal(at: 32)]
        #expect(Findings.droppedConnections(killed)?.message == "1 request to web-1 (10.244.1.7) failed with 502 at +32 s after the deletion request. It was SIGKILLed at the end of its 30 s grace period: lengthen terminationGracePeriodSeconds past the drain.")
    }

    @Test func initFailedThenRecoveredIsAWarning() {
        var p = Hand.pod()
        p.initContainers = [Hand.initContainer(started: 8, finished: 9, exit: 0, restarts: 2)]
        p.initializedAt = Hand.at(9)
        let found = Findings.initFailed(p)
        #expect(found.map(\.message) == ["init container migrate of web-1 failed 2 times before it succeeded, delaying the pod's start by its retries. Check what it waits for (migrations, secrets, dependencies)."])
        #expect(found.map(\.severity) == [.warning])
        // A sidecar is meant to restart.
        p.initContainers = [Hand.initContainer("proxy", started: 8, restarts: 5, sidecar: true, running: true)]
        #expect(Findings.initFailed(p).isEmpty)
    }

    @Test func terminationUnobservedWithOnlyAnUpperBound() {
        let p = Self.terminating(atMost: 12, exceeded: false)
        #expect(Findings.terminationUnobserved(p)?.message.hasPrefix("the end of web-1's shutdown was not observed: it took at most 12 s (grace 30 s).") == true)
    }

    @Test func rolloutStalledPastTheProgressDeadline() {
        var (r, pods) = Self.stalledRollout()
        pods[1] = Hand.pod("web-1", created: 0)
        r.pods = pods
        #expect(Findings.rolloutStalled(r, pods: pods, deployment: nil, asOf: Hand.at(619)) == nil)
        #expect(Findings.rolloutStalled(r, pods: pods, deployment: nil, asOf: Hand.at(620))?.message == "the rollout of web has made no progress for 10m00s: 1 of 3 new pods ready, 1 old still serving (progressDeadlineSeconds 600). Check the new pods' events and readiness probes.")
        // Finished rollouts do not stall.
        r.finishedAt = Hand.at(50)
        #expect(Findings.rolloutStalled(r, pods: pods, deployment: nil, asOf: Hand.at(10_000)) == nil)
    }

    @Test func availabilityAtTheFloorIsNoDip() {
        var (r, _) = Self.stalledRollout()
        r.availability = [(Hand.at(-10), 3), (Hand.at(5), 2), (Hand.at(25), 3)]
        #expect(Findings.availabilityDip(r, asOf: Hand.at(100)) == nil)
    }

    @Test func evaluateCleansMessagesAndSortsMostSevereFirst() {
        var (r, pods) = Self.stalledRollout()
        pods[2].name = "web-\u{1B}[31m2"
        pods[2].termination = Hand.termination(requested: 50, preStop: .sleep, sleep: 5, atMost: 12)
        r.pods = pods
        let found = Findings.evaluate(r, deployment: nil, asOf: Hand.at(100))
        #expect(found.map(\.kind) == [.initFailed, .rolloutStalled, .terminationUnobserved])
        #expect(found.allSatisfy { !$0.message.contains("\u{1B}") })
        #expect(found.last?.message.contains("web-\\e[31m2") == true)
    }
}
