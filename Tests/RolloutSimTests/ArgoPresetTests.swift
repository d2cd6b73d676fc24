import Foundation
import Testing
import RolloutCore
@testable import RolloutSim

/// The Argo Rollout presets through RolloutCore, as `rollscope report` reads saved kubectl
/// output (pods watch, events, the Rollout, its ReplicaSets), checked against what the
/// simulated Argo controller did, to the second.
@Suite struct ArgoPresetTests {
    @Test func canary() throws {
        let a = try analyze(.canary)
        let r = a.rollout
        let truth = try #require(a.output.argo)
        #expect(r.kind == .rollout)
        try KindPresetTests.expectEveryIncarnation(a)
        #expect(r.replicaSets.map(\.name) == ["web-6b8d9c5f7d", "web-85c4f9b6d8"] && r.replicaSets.map(\.role) == [.old, .new])
        let argo = try #require(r.argo)
        #expect(argo.strategy == .canary && argo.steps.count == 4 && argo.stepIndex == truth.stepIndex && truth.stepIndex == 4)
        #expect(argo.phase == "Healthy" && truth.phase == "Healthy" && argo.fullyPromoted && argo.stableHash == "85c4f9b6d8")
        #expect(argo.stepText == "all 4 steps done")
        #expect(r.kubectl == KubectlVerdict(message: "Healthy", done: true))
        // setWeight 20 of 5: one canary pod first; setWeight 60: three; then all five.
        let created = a.newPods.compactMap(\.createdAt).sorted()
        #expect(created.count == 5)
        #expect(Set(created.prefix(1)).count == 1 && created[1] > created[0] && created[3] > created[2])
        // The stable ReplicaSet goes down only as canary pods are ready: never below 5 ready.
        #expect(r.availability.filter { $0.time >= r.startedAt! && $0.time <= r.finishedAt! }.allSatisfy { $0.ready >= 5 })
        // Done by Argo's rule for a basic canary: the last old pod gone, every new pod ready.
        let lastEnd = try #require(a.oldPods.compactMap(\.endAt).max())
        #expect(r.finishedAt == max(lastEnd, a.newPods.compactMap(\.readyAt).max()!))
        #expect(r.startedAt == Instant(seconds: a.output.start.seconds.rounded(.down)))
        #expect(!r.findings.contains { $0.severity != .info })
    }

    @Test func canaryPausedAtAStepIsHeldNotStalled() throws {
        var s = SimScenario.canary
        s.workload = .argoRollout(.init(strategy: .canary(steps: [.setWeight(20), .pause(seconds: nil), .setWeight(100)])))
        s.horizonSeconds = 60
        let a = try analyze(s)
        let r = a.rollout
        let argo = try #require(r.argo)
        #expect(argo.phase == "Paused" && argo.stepIndex == 1 && argo.stepText == "step 2/3: pause (until promoted)")
        #expect(r.kubectl == KubectlVerdict(message: "Paused - CanaryPauseStep", done: false))
        #expect(r.finishedAt == nil && a.newPods.count == 1 && a.oldPods.filter { $0.termination == nil }.count == 4)
        let held = try #require(r.findings.first { $0.kind == .rolloutHeld })
        #expect(held.message.hasPrefix("paused at step 2/3: pause (until promoted) since "))
        #expect(held.message.contains("kubectl argo rollouts promote web -n shop"))
        #expect(!r.findings.contains { $0.kind == .rolloutStalled })
    }

    @Test func canaryAbortedByItsAnalysis() throws {
        var s = SimScenario.canary
        s.workload = .argoRollout(.init(strategy: .canary(steps: [
            .setWeight(40), .analysis(template: "error-rate", seconds: 20, passes: false), .setWeight(100),
        ])))
        s.horizonSeconds = 120
        let a = try analyze(s)
        let r = a.rollout
        let truth = try #require(a.output.argo)
        let abortedAt = try #require(truth.abortedAt)
        let argo = try #require(r.argo)
        #expect(argo.abort && argo.phase == "Degraded" && truth.phase == "Degraded" && argo.stepIndex == 1)
        #expect(r.kubectl == KubectlVerdict(message: "Degraded", done: true))
        let f = try #require(r.findings.first { $0.kind == .rolloutAborted })
        #expect(f.at == Instant(seconds: abortedAt.seconds.rounded(.down)))
        #expect(f.message.contains("was aborted at \(Instant(seconds: abortedAt.seconds.rounded(.down)).clock)"))
        // The canary's two pods scaled away only after the stable ReplicaSet is back to five.
        #expect(a.newPods.count == 2 && a.newPods.allSatisfy { $0.termination != nil })
        #expect(!r.findings.contains { $0.kind == .availabilityDip || $0.kind == .rolloutStalled })
        #expect(r.finishedAt == nil)
        try KindPresetTests.expectEveryIncarnation(a)
    }

    @Test func bluegreen() throws {
        let a = try analyze(.bluegreen)
        let r = a.rollout
        let truth = try #require(a.output.argo)
        let switched = Instant(seconds: try #require(truth.switchedAt).seconds.rounded(.down))
        try KindPresetTests.expectEveryIncarnation(a)
        let argo = try #require(r.argo)
        #expect(argo.strategy == .blueGreen && argo.phase == "Healthy" && argo.activeHash == "5d8b7c6f9e" && argo.previewHash == "5d8b7c6f9e")
        #expect(argo.switchedAt == switched && !argo.switchEstimated && argo.scaleDownDelaySeconds == 30)
        // Promoted by hand 40 s in: Healthy at the switch, not when the old pods are gone.
        #expect(switched == Instant(seconds: a.output.start.seconds.rounded(.down) + 40))
        #expect(r.finishedAt == switched && r.progress.isComplete)
        // The old pods stay up for scaleDownDelaySeconds after the switch, then drain.
        for old in a.oldPods {
            #expect(old.termination?.requestedAt == switched + 30, "\(old.name)")
        }
        #expect(r.kubectl == KubectlVerdict(message: "Healthy", done: true))
        #expect(!r.findings.contains { $0.kind == .rolloutStalled || $0.kind == .availabilityDip })
        // Until the switch only the old pods are behind the Service: the new ones get no requests before it.
        let newIPs = Set(a.newPods.compactMap(\.ip))
        let toNew = a.output.requests.filter { $0.attempts.contains { newIPs.contains($0.ip) } }
        #expect(!toNew.isEmpty && toNew.allSatisfy { $0.sentAt >= switched })
    }

    @Test func bluegreenWithoutEventsEstimatesTheSwitch() throws {
        let o = Simulator.run(.bluegreen)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-bg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(o.watchStream().utf8).write(to: dir.appendingPathComponent("pods.json"))
        try Data(o.workloadJSON().utf8).write(to: dir.appendingPathComponent("rollout.json"))
        let model = try Analysis.run(inputs: [dir.appendingPathComponent("pods.json").path, dir.appendingPathComponent("rollout.json").path])
        let r = try #require(model.rollouts.first)
        let switched = Instant(seconds: try #require(o.argo?.switchedAt).seconds.rounded(.down))
        #expect(r.argo?.switchEstimated == true && r.argo?.switchedAt == switched)
        #expect(r.finishedAt == switched)
    }
}
