import Foundation
import Testing
import RolloutCore
@testable import RolloutSim

/// The StatefulSet and DaemonSet presets through RolloutCore, as `rollscope report` reads saved
/// kubectl output, checked per pod incarnation (by uid) against what the simulator knows.
@Suite struct KindPresetTests {
    /// Every incarnation the simulator made is in the report, under its uid, with its revision
    /// and role, its deletion request, its end to the second and its drops.
    static func expectEveryIncarnation(_ a: Analyzed) throws {
        for truth in a.output.pods {
            let p = try #require(a.rollout.pods.first { $0.uid == truth.uid }, "\(truth.name) \(truth.uid)")
            #expect(p.name == truth.name && p.role.rawValue == truth.role && p.replicaSet == truth.replicaSet)
            #expect(p.templateHash == truth.templateHash && p.ordinal == truth.ordinal && p.node == truth.node)
            #expect(p.droppedConnections == truth.drops, "\(truth.name) \(truth.uid) drops")
            if let requested = truth.deletionRequestedAt {
                let t = try #require(p.termination, "\(truth.name) \(truth.uid)")
                #expect(t.requestedAt == Instant(seconds: requested.seconds.rounded(.down)))
                if let finished = truth.lastContainerFinishedAt {
                    let whole = finished.seconds.rounded(.down) - requested.seconds.rounded(.down)
                    #expect(t.seconds == whole, "\(truth.name) \(truth.uid) seconds")
                }
                #expect(t.exceededGrace == truth.sigkilled)
            } else {
                #expect(p.termination == nil)
            }
        }
    }

    @Test func statefulset() throws {
        let a = try analyze(.statefulset)
        let r = a.rollout
        #expect(r.kind == .statefulSet)
        #expect(r.replicaSets.map(\.name) == ["db-6c9d8b7f5c", "db-79f5c8d6b4"])
        #expect(r.replicaSets.map(\.role) == [.old, .new])
        try Self.expectEveryIncarnation(a)
        // Replaced from the highest ordinal down, each only once its predecessor is gone.
        let replaced = a.newPods.sorted { $0.createdAt! < $1.createdAt! }.map(\.name)
        #expect(replaced == ["db-2", "db-1", "db-0"])
        for new in a.newPods {
            let old = try #require(a.oldPods.first { $0.name == new.name })
            #expect(old.uid != new.uid)
            #expect(try #require(old.endAt) <= new.createdAt!, "\(new.name) created before its predecessor was gone")
            // On its node the new pod gets the address its predecessor released.
            #expect(old.ip == new.ip && old.node == new.node, "\(new.name): \(String(describing: old.ip)) vs \(String(describing: new.ip))")
            #expect(old.termination?.seconds == 32 && old.termination?.exceededGrace == true)
        }
        // A drop at a reused address belongs to the incarnation that held it when sent.
        #expect(a.oldPods.reduce(0) { $0 + $1.droppedConnections } == a.output.drops.count)
        #expect(a.newPods.allSatisfy { $0.droppedConnections == 0 })
        #expect(r.findings.filter { $0.kind == .graceExceeded }.compactMap(\.uid).sorted() == a.oldPods.map(\.uid).sorted())
        #expect(r.startedAt == a.oldPods.compactMap(\.termination?.requestedAt).min())
        #expect(r.progress.isComplete && r.kubectl?.done == true && r.kubectl?.differs == nil)
    }

    @Test func daemonset() throws {
        let a = try analyze(.daemonset)
        let r = a.rollout
        #expect(r.kind == .daemonSet)
        try Self.expectEveryIncarnation(a)
        #expect(r.desiredReplicas == 4 && r.maxSurge == 0 && r.maxUnavailable == 1)
        // One node at a time: each new pod on its old pod's node, created once the old is gone.
        for new in a.newPods {
            let old = try #require(a.oldPods.first { $0.node == new.node })
            #expect(try #require(old.endAt) <= new.createdAt!)
        }
        let gaps = r.findings.filter { $0.kind == .nodeWithoutReadyPod }
        #expect(gaps.count == 4)
        for f in gaps {
            let node = String(f.message.prefix { $0 != " " })
            let old = try #require(a.oldPods.first { $0.node == node }), new = try #require(a.newPods.first { $0.node == node })
            let seconds = new.readyAt! - old.termination!.requestedAt
            #expect(f.message.hasPrefix("\(node) had no ready node-agent pod for \(Int(seconds)) s ("), "\(f.message)")
            #expect(f.at == old.termination!.requestedAt)
        }
    }

    @Test func daemonsetWithSurgeLeavesNoNodeWithout() throws {
        var s = SimScenario.daemonset
        (s.maxSurge, s.maxUnavailable) = (1, 0)
        let a = try analyze(s)
        try Self.expectEveryIncarnation(a)
        #expect(a.rollout.findings.filter { $0.kind == .nodeWithoutReadyPod }.isEmpty)
        for new in a.newPods {
            let old = try #require(a.oldPods.first { $0.node == new.node })
            #expect(new.readyAt! <= old.termination!.requestedAt, "\(new.node ?? ""): the old pod went first")
        }
    }

    /// maxUnavailable 2 with Parallel: two ordinals at once, from the highest.
    @Test func statefulsetMaxUnavailableTakesTwoAtOnce() throws {
        var s = SimScenario.statefulset
        s.replicas = 4
        s.preStop = .execSleep(3)
        s.appShutdownSeconds = 1
        s.longRequestsPerMinute = 0
        s.workload = .statefulSet(.init(podManagementPolicy: .parallel, maxUnavailable: 2))
        let a = try analyze(s)
        try Self.expectEveryIncarnation(a)
        let requests = a.oldPods.sorted { $0.termination!.requestedAt < $1.termination!.requestedAt }
        #expect(requests.map(\.name) == ["db-3", "db-2", "db-1", "db-0"] || requests.map(\.name) == ["db-2", "db-3", "db-0", "db-1"])
        #expect(requests[0].termination!.requestedAt == requests[1].termination!.requestedAt)
        #expect(a.rollout.maxUnavailable == 2 && a.rollout.progress.isComplete)
    }

    /// OnDelete: the controller replaces nothing by itself; the one pod deleted by hand comes
    /// back at the new revision, and rollscope says the rest wait for the same.
    @Test func statefulsetOnDeleteMovesOnlyAsPodsAreDeleted() throws {
        var s = SimScenario.statefulset
        s.preStop = .execSleep(3)
        s.appShutdownSeconds = 1
        s.longRequestsPerMinute = 0
        s.horizonSeconds = 120
        s.workload = .statefulSet(.init(onDelete: true))
        s.podDeletions = [SimPodDeletion(pod: "db-1", afterSeconds: 20)]
        let a = try analyze(s)
        try Self.expectEveryIncarnation(a)
        let r = a.rollout
        #expect(r.updateStrategy == "OnDelete")
        #expect(a.newPods.map(\.name) == ["db-1"])
        #expect(a.oldPods.filter { $0.termination == nil }.map(\.name).sorted() == ["db-0", "db-2"])
        #expect(!r.progress.isComplete && !r.findings.contains { $0.kind == .rolloutStalled })
        let held = try #require(r.findings.first { $0.kind == .rolloutHeld })
        #expect(held.message.hasPrefix("updateStrategy OnDelete: the StatefulSet controller replaces no pod by itself, so 2 pods (db-0, db-2) still run revision db-6c9d8b7f5c until deleted; this is not a stall."), "\(held.message)")
        #expect(r.kubectl?.refused == true)
        #expect(r.kubectl?.differs?.hasPrefix("kubectl refuses OnDelete rollouts (kubernetes#64500)") == true)
    }

    /// A new pod whose init container fails forever: with maxUnavailable 1 the DaemonSet stops
    /// on that node and updates no other.
    @Test func daemonsetStopsOnANode() throws {
        var s = SimScenario.daemonset
        s.initContainers = [.migrate(seconds: 1, failures: .forever)]
        s.horizonSeconds = 120
        let a = try analyze(s)
        try Self.expectEveryIncarnation(a)
        let stuck = try #require(a.newPods.first)
        #expect(a.newPods.count == 1 && stuck.readyAt == nil)
        let f = try #require(a.rollout.findings.first { $0.kind == .rolloutStalled })
        let node = try #require(stuck.node)
        #expect(f.message.contains("; it stopped on \(node): \(stuck.name) is Init:CrashLoopBackOff, and with maxUnavailable 1 the DaemonSet controller updates no other node until it is available, with no deadline. Fix the failing container, or roll back with kubectl rollout undo daemonset/node-agent."), "\(f.message)")
        // The node is still without a ready agent at the end.
        let gap = try #require(a.rollout.findings.first { $0.kind == .nodeWithoutReadyPod })
        #expect(gap.message.hasPrefix("\(node) has had no ready node-agent pod since "), "\(gap.message)")
    }

    @Test func ordersAreDeterministicAcrossSeeds() throws {
        for seed in [1, 2, 3] as [UInt64] {
            var s = SimScenario.statefulset
            s.seed = seed * 7919
            let a = try analyze(s)
            try Self.expectEveryIncarnation(a)
            #expect(a.oldPods.allSatisfy { $0.termination?.seconds == 32 })
        }
    }
}
