import Foundation
import Testing
@testable import RolloutCore
import RolloutSim

/// A List of thousands of distinct pods is applied on two threads; the result must be what
/// applying it pod by pod gives (the one-thread path, taken when a uid repeats).
@Suite struct ParallelModelTests {
    static func pods(_ count: Int) throws -> [Pod] {
        let decoded = try InputLoader.decode(data: ParallelWorkTests.podList(count), name: "p.json", source: 0, explicitTime: nil, scope: "p")
        guard case .podList(let pods, _)? = decoded.observations.first?.payload else { return [] }
        return pods
    }

    @Test func listsAppliedOnTwoThreadsGiveTheSameModel() throws {
        let first = try Self.pods(1200)
        // Later: a hundred pods gone, the rest listed again.
        let second = Array(first.prefix(1100))
        let t1 = Instant(seconds: 1_794_300_000), t2 = t1 + 600
        func obs(_ pods: [Pod], _ t: Instant) -> Observation {
            Observation(time: t, estimated: false, source: 0, payload: .podList(pods, scope: "p"))
        }
        var parallel = Correlator()
        parallel.apply([obs(first, t1), obs(second, t2)])
        // A repeated uid sends the same lists through `see`, one pod at a time.
        var serial = Correlator()
        serial.apply([obs(first + [first[0]], t1), obs(second + [second[0]], t2)])
        #expect(parallel.order == serial.order)
        #expect(parallel.pods.count == serial.pods.count)
        let a = ReportJSON.bytes(parallel.model()), b = ReportJSON.bytes(serial.model())
        #expect(a == b)
        #expect(parallel.model().rollouts.flatMap(\.pods).filter { $0.goneAt != nil }.count == 100)
    }
}

/// The text report of thousands of pods in several rollouts is rendered on two threads; its
/// lines are those of one thread, in order.
@Suite struct ParallelTextReportTests {
    @Test(arguments: [2, 3])
    func theTextReportOnTwoThreadsIsTheOneThreadReport(workloads: Int) throws {
        let decoded = try InputLoader.decode(data: ParallelWorkTests.podList(3000, workloads: workloads), name: "p.json",
                                             source: 0, explicitTime: nil, scope: "p")
        let store = ObservationStore(observations: decoded.observations, warnings: decoded.warnings)
        let model = store.correlator(upTo: store.observations.count).model()
        #expect(model.rollouts.count == workloads)
        for flavor in [ReportText.Flavor.text, .markdown] {
            let two = ReportText.rolloutTexts(model, flavor: flavor, width: 80, image: nil)
            let one = ReportText.rolloutTexts(model, flavor: flavor, width: 80, image: nil, parallelAbove: .max)
            #expect(two.count == workloads)
            #expect(two == one)
        }
    }
}

/// The one-pass `rolloutFindings` against the version before it (0662481^), on random rollouts.
@Suite struct RolloutFindingsEquivalenceTests {
    /// The previous implementation, verbatim but for reading `r.pods`.
    static func previous(_ r: Rollout, deployment: WorkloadInfo?, asOf: Instant) -> [Finding] {
        var out: [Finding] = []
        let name = Sanitizer.clean(r.workload)
        let newPods = r.newPods.filter { $0.termination == nil }
        let readyNew = newPods.filter { $0.readyAt != nil }.count
        let desired = r.desiredReplicas ?? newPods.count
        if r.finishedAt == nil, let start = r.startedAt, !r.oldPods.isEmpty || readyNew < desired {
            let progress = ([start] + r.pods.compactMap(\.readyAt) + r.pods.compactMap { $0.termination?.requestedAt }).max()!
            let stuck = newPods.filter { p in p.initContainers.contains { $0.failed } || p.status.contains("CrashLoopBackOff") || p.status.hasPrefix("Init:Error") }
            let deadline = deployment?.progressDeadlineSeconds ?? Findings.defaultProgressDeadline
            let idle = asOf - progress
            if !stuck.isEmpty || idle >= Double(deadline) {
                var text = "the rollout of \(name) has made no progress for \(formatDuration(idle)): \(readyNew) of \(desired) new pods ready"
                let oldLeft = r.oldPods.filter { $0.termination == nil && $0.goneAt == nil }.count
                if oldLeft > 0 { text += ", \(oldLeft) old still serving" }
                if let p = stuck.first {
                    text += "; \(Sanitizer.clean(p.name)) is \(Sanitizer.clean(p.status)). Fix the failing container, or roll back with kubectl rollout undo deployment/\(name)."
                } else {
                    text += " (progressDeadlineSeconds \(deadline)). Check the new pods' events and readiness probes."
                }
                out.append(Finding(kind: .rolloutStalled, severity: .error, pod: nil, at: progress, message: text))
            }
        }
        return out
    }

    @Test func onePassFindsWhatThePreviousVersionFound() {
        var rng = SimRandom(seed: 0xF1D)
        let t0 = Instant(seconds: 1_794_300_000)
        func maybe(_ t: Instant) -> Instant? { rng.next() % 3 == 0 ? nil : t + Double(rng.next() % 1200) }
        var stalled = 0
        for _ in 0..<3000 {
            var pods: [PodTimeline] = []
            for i in 0..<Int(rng.next() % 7) {
                var p = PodTimeline(name: "p\(i)", uid: "u\(i)", namespace: "ns", workload: "web", replicaSet: "rs", templateHash: "h",
                                    firstSeenAt: t0, lastSeenAt: t0,
                                    status: ["Running", "CrashLoopBackOff", "Init:Error", "Init:CrashLoopBackOff", "Pending"][Int(rng.next() % 5)])
                p.role = rng.next() % 2 == 0 ? .old : .new
                p.readyAt = maybe(t0)
                p.goneAt = rng.next() % 4 == 0 ? t0 + 900 : nil
                if rng.next() % 3 == 0 {
                    p.termination = Termination(requestedAt: t0 + Double(rng.next() % 1500), gracePeriodSeconds: 30, preStop: .none,
                                                exitCodes: [])
                }
                if rng.next() % 5 == 0 {
                    p.initContainers = [InitContainerTimeline(name: "init", sidecar: rng.next() % 2 == 0, exitCode: Int(rng.next() % 2), restarts: 0, running: false)]
                }
                pods.append(p)
            }
            var r = Rollout(workload: "web", namespace: "ns", replicaSets: [], pods: pods, observedFrom: t0, observedUntil: t0 + 2000)
            r.startedAt = maybe(t0)
            r.finishedAt = rng.next() % 4 == 0 ? t0 + 1000 : nil
            r.desiredReplicas = rng.next() % 3 == 0 ? nil : Int(rng.next() % 5)
            let deployment: WorkloadInfo? = nil
            let asOf = t0 + Double(rng.next() % 3000)
            let now = Findings.rolloutFindings(r, pods: pods, deployment: deployment, asOf: asOf).filter { $0.kind == .rolloutStalled }
            let before = Self.previous(r, deployment: deployment, asOf: asOf)
            #expect(now == before)
            stalled += before.count
        }
        #expect(stalled > 100)
    }
}
