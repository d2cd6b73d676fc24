import Foundation
import Testing
import RolloutCore
@testable import RolloutSim

@Suite struct DeterminismTests {
    @Test(arguments: SimScenario.all)
    func sameScenarioSameOutput(_ scenario: SimScenario) {
        let a = Simulator.run(scenario), b = Simulator.run(scenario)
        #expect(a == b)
        #expect(a.watchStream() == b.watchStream())
        #expect(a.eventsList() == b.eventsList())
        #expect(a.accessLog() == b.accessLog())
    }

    @Test func seedChangesNamesAndTraffic() {
        var other = SimScenario.healthy
        other.seed = 99
        let a = Simulator.run(.healthy), b = Simulator.run(other)
        #expect(a.pods.map(\.name) != b.pods.map(\.name))
        #expect(a.accessLog() != b.accessLog())
    }
}

/// Pod counts by state, replayed from the pod records alone.
@Suite struct BoundsTests {
    struct Counts { var total = 0; var ready = 0 }

    /// After every record: pods not being deleted, and those of them Ready.
    func replay(_ output: SimOutput) -> [(Instant, Counts)] {
        var pods: [String: [String: Any]] = [:]
        var out: [(Instant, Counts)] = []
        for r in output.records {
            guard case .pod(let type, let object) = r.kind, let o = parse(object),
                  let name = (o["metadata"] as? [String: Any])?["name"] as? String else { continue }
            pods[name] = type == "DELETED" ? nil : o
            // The initial ADDED objects are one snapshot: count once they have all arrived.
            if type == "ADDED", r.time == output.start { continue }
            var c = Counts()
            for p in pods.values where (p["metadata"] as? [String: Any])?["deletionTimestamp"] == nil {
                c.total += 1
                let conditions = (p["status"] as? [String: Any])?["conditions"] as? [[String: Any]] ?? []
                if conditions.contains(where: { $0["type"] as? String == "Ready" && $0["status"] as? String == "True" }) {
                    c.ready += 1
                }
            }
            out.append((r.time, c))
        }
        return out
    }

    static let scenarios: [SimScenario] = SimScenario.deployments + [
        SimScenario(name: "ten-25pct", title: "10 replicas, 25 % / 25 %", replicas: 10, maxSurge: "25%",
                    maxUnavailable: "25%", nodes: SimNode.workers(4), seed: 11),
        SimScenario(name: "surge-zero", title: "maxSurge 0, maxUnavailable 1", replicas: 3, maxSurge: 0,
                    maxUnavailable: 1, seed: 12),
        SimScenario(name: "surge-two", title: "maxSurge 2", replicas: 5, maxSurge: 2, maxUnavailable: 0, seed: 13),
    ]

    @Test(arguments: scenarios)
    func surgeAndUnavailabilityHoldAtEveryInstant(_ scenario: SimScenario) throws {
        let output = Simulator.run(scenario)
        let maxTotal = scenario.replicas + scenario.resolvedMaxSurge
        let minReady = scenario.replicas - scenario.resolvedMaxUnavailable
        let steps = replay(output)
        #expect(!steps.isEmpty)
        var peak = 0
        for (time, c) in steps {
            #expect(c.total <= maxTotal, "\(c.total) pods at \(time) (max \(maxTotal))")
            #expect(c.ready >= minReady, "\(c.ready) ready at \(time) (min \(minReady))")
            peak = max(peak, c.total)
        }
        if scenario.name != "init-crashloop" {
            #expect(output.completedAt != nil, "\(scenario.name) did not complete")
            #expect(peak == maxTotal, "the surge was never used: peak \(peak)")
            #expect(steps.last?.1.ready == scenario.replicas)
            #expect(output.pods.filter { $0.role == "new" && $0.readyAt != nil }.count == scenario.replicas)
        }
    }

    @Test func resolvedFenceposts() {
        var s = SimScenario.healthy
        (s.replicas, s.maxSurge, s.maxUnavailable) = (10, "25%", "25%")
        #expect(s.resolvedMaxSurge == 3 && s.resolvedMaxUnavailable == 2)
        (s.maxSurge, s.maxUnavailable) = (0, 0)
        #expect(s.resolvedMaxSurge == 0 && s.resolvedMaxUnavailable == 1)
        (s.replicas, s.maxSurge, s.maxUnavailable) = (4, "25%", "0%")
        #expect(s.resolvedMaxSurge == 1 && s.resolvedMaxUnavailable == 0)
        #expect(IntOrString("30%").scaled(total: 3, roundUp: true) == 1)
        #expect(IntOrString("30%").scaled(total: 3, roundUp: false) == 0)
    }
}

/// The exact numbers must not depend on a lucky seed.
@Suite struct SeedRobustnessTests {
    @Test(arguments: 1...6)
    func healthyAndSigkillNumbersHoldForAnySeed(_ seed: Int) throws {
        var healthy = SimScenario.healthy
        healthy.seed = UInt64(seed) * 7919
        let h = try analyze(healthy)
        #expect(h.rollout.findings.filter { $0.severity >= .warning }.isEmpty, "\(h.rollout.findings.map(\.kind))")
        #expect(h.oldPods.allSatisfy { $0.termination?.seconds == 6 }, "\(h.oldPods.map { $0.termination?.seconds })")
        var sigkill = SimScenario.sigkill
        sigkill.seed = UInt64(seed) * 104_729
        let s = try analyze(sigkill)
        #expect(s.oldPods.allSatisfy { $0.termination?.seconds == 32 && $0.termination?.exceededGrace == true })
        #expect(s.findings("grace-exceeded").count == 4)
    }
}
