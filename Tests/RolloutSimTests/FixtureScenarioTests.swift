import Foundation
import Testing
import RolloutCore
import RolloutSim
@testable import rollscope_fixtures

/// Each fixture scenario still shows what its fixtures are for, by the simulator's own record:
/// a change to the simulator that quietly removed the case would otherwise only change the
/// expected files.
@Suite struct FixtureScenarioTests {
    @Test func healthyAndSigkillEndAsTheirNamesSay() {
        let healthy = Simulator.run(FixtureScenarios.healthy)
        let olds = healthy.pods.filter { $0.role == "old" }
        #expect(olds.count == 3 && olds.allSatisfy { !$0.sigkilled && $0.exitCode == 0 && $0.deletedAt != nil })
        let sigkill = Simulator.run(FixtureScenarios.sigkill)
        for p in sigkill.pods where p.role == "old" {
            #expect(p.sigkilled && p.exitCode == 137, "\(p.name)")
            // The hook eats the 30 s grace period, the stop signal gets its 2 s minimum.
            #expect(abs((p.finishedAt! - p.killingAt!) - 32) < 0.5, "\(p.name)")
        }
    }

    @Test func noPrestopDropsRequestsAndAStoppedPodStaysServing() {
        let o = Simulator.run(FixtureScenarios.noPrestop)
        #expect(o.pods.filter { $0.role == "old" }.allSatisfy { $0.drops > 0 })
        let log = o.accessLog()
        #expect(log.contains("\" 502 "))
        #expect(log.contains("\" 499 "))
        #expect(log.contains("\" 500 "))
        #expect(log.contains(" 502, 200 "))
        #expect(!GroundTruth.lateServing(o).isEmpty)
    }

    @Test func initCrashloopFailsAgainAndAgain() {
        let o = Simulator.run(FixtureScenarios.initCrashloop)
        let new = o.pods.first { $0.role == "new" }!
        #expect(new.initContainers[0].runs.count >= 4)
        #expect(new.initContainers[0].runs.allSatisfy { $0.exitCode == nil || $0.exitCode == 1 })
        #expect(new.readyAt == nil && o.completedAt == nil)
    }

    @Test func sidecarRunsBesideTheApp() {
        let o = Simulator.run(FixtureScenarios.sidecar)
        let new = o.pods.first { $0.role == "new" }!
        #expect(new.initContainers.map(\.sidecar) == [true, false])
        #expect(new.initContainers[0].runs.count == 1 && new.initContainers[0].runs[0].finishedAt == nil)
        #expect(new.readyAt != nil)
    }

    @Test func ipReuseGivesAnAddressToALaterPodAndBothHoldersDropRequests() throws {
        let o = Simulator.run(FixtureScenarios.ipReuse)
        let earlier = try #require(o.pod("web-7d4b9c8f6d-aaaaa")), later = try #require(o.pod("web-5f8d7c9b4a-bbbbb"))
        #expect(earlier.ip == later.ip)
        #expect(earlier.lastContainerFinishedAt! < later.ipAssignedAt!)
        #expect(o.drops.contains { $0.pod == earlier.name && $0.ip == earlier.ip })
        #expect(o.drops.contains { $0.pod == later.name && $0.ip == later.ip })
        #expect(o.drops.contains { $0.reset })
    }

    @Test func snapshotsSeeOneEndBoundedAndOneNot() throws {
        let file = String(decoding: FixtureSet.make().files.first { $0.path == "expected/snapshots.json" }!.bytes, as: UTF8.self)
        let doc = try JSONValue.parse(file)
        let terminations = (doc["pods"]?.objectMembers ?? []).compactMap { $0.value["termination"] }.filter { !$0.isNull }
        #expect(terminations.contains { $0["secondsAtMost"]?.intValue != nil })
        #expect(terminations.contains { $0["secondsAtMost"]?.isNull == true })
        #expect(terminations.allSatisfy { $0["seconds"]?.isNull == true })
    }
}
