import Foundation
import Testing
@testable import RolloutCore

/// Inputs a review found mishandled; each must stay fixed.
@Suite struct RegressionTests {
    func model(_ names: String...) throws -> RolloutModel {
        try Analysis.run(inputs: names.map { Paths.fixture("regressions/\($0)") })
    }

    func pods(_ m: RolloutModel) -> [PodTimeline] { m.rollouts.flatMap(\.pods) }

    @Test func theKubeletsFinalGraceZeroDeleteIsNotTheRequest() throws {
        let p = try #require(pods(try model("grace0.json")).first { $0.termination != nil })
        let t = try #require(p.termination)
        #expect(t.gracePeriodSeconds == 30)
        #expect(t.exceededGrace != true)
        #expect(!p.findings.contains(.graceExceeded))
    }

    @Test func containerStatusUnknownIsNotASigkillNorAnAttempt() throws {
        let m = try model("csu.json")
        for p in pods(m) {
            #expect(p.termination?.exceededGrace != true, "\(p.name)")
            #expect(!p.findings.contains(.graceExceeded), "\(p.name)")
            for c in p.initContainers { #expect(c.exitCode != 137, "\(p.name) \(c.name)") }
        }
    }

    @Test func exitsBeforeTheRequestAreNotItsEnd() throws {
        for p in pods(try model("evicted.json")) where p.termination != nil {
            #expect(p.termination?.seconds == nil, "\(p.name) got an invented duration")
        }
    }

    @Test func estimatedTimesGiveNoUpperBound() throws {
        for p in pods(try model("polls.json")) where p.termination != nil {
            #expect(p.termination?.secondsAtMost == nil)
            #expect(p.termination?.exceededGrace == nil)
        }
    }

    @Test func afterARollbackTheRestoredReplicaSetIsNew() throws {
        let r = try #require(try model("rollback.json").rollouts.first)
        #expect(r.replicaSets.first { $0.role == .new }?.name == "web-aaa")
    }

    @Test func readinessThatComesBackCountsAgain() throws {
        let r = try #require(try model("flap.json", "flap-deployment.json").rollouts.first)
        #expect(!r.findings.contains { $0.kind == .availabilityDip })
    }

    @Test(arguments: ["overflow-restarts.json", "dep-nan.json", "dep-unavail.json"])
    func hugeOrNonsenseNumbersDoNotTrap(file: String) throws {
        let m = try model(file)
        _ = ReportText.render(m)
        _ = ReportJSON.render(m)
    }

    @Test func aliasBombsAreRefused() {
        #expect(throws: InputError.self) { try model("bomb.yaml") }
    }

    /// Inputs the fuzzer (scripts/fuzz.sh) or its review found trapping: each now loads or is
    /// refused with an InputError, and the model and all three reports render.
    @Test(arguments: ["yaml-sexagesimal-int.yaml"])
    func fuzzerFindingsLoadOrAreRefusedCleanly(file: String) throws {
        let m: RolloutModel
        do {
            m = try model(file)
        } catch let refused as InputError {
            #expect(!refused.message.isEmpty)
            return
        }
        _ = ReportJSON.render(m)
        _ = ReportText.render(m)
        _ = ReportText.render(m, flavor: .markdown)
    }

    @Test func explicitlyTaggedSexagesimalIntsAreText() throws {
        // Yams' own `!!int 1:0:…` construction overflows; kubectl never tags, so it stays text.
        let (obs, _) = try decode("kind: Pod\nmetadata:\n  name: p\nspec:\n  terminationGracePeriodSeconds: !!int 1:0:0:0:0:0:0:0:0:0:0:0\n", name: "p.yaml")
        guard case .pod(let pod, _)? = obs.first?.payload else { Issue.record("no pod"); return }
        #expect(pod.terminationGracePeriodSeconds == nil)
        let (tagged, _) = try decode("kind: Pod\nmetadata:\n  name: p\nspec:\n  terminationGracePeriodSeconds: !!int 45\n", name: "p.yaml")
        guard case .pod(let p45, _)? = tagged.first?.payload else { Issue.record("no pod"); return }
        #expect(p45.terminationGracePeriodSeconds == 45)
    }

    @Test func hugeTimesFormatWithoutTrapping() {
        #expect(Instant(seconds: 1e300).rfc3339 == "9999-12-31T23:59:59Z")
        #expect(Instant(seconds: -.infinity).clock == "00:00:00")
        #expect(Instant(validSeconds: 1e300) == nil)
    }
}
