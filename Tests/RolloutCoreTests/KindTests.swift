import Foundation
import Testing
@testable import RolloutCore

/// What each workload kind means to the read model: how its kind, revisions and roles are told,
/// and what `kubectl rollout status` would say, on real StatefulSet and DaemonSet documents and
/// the simulator's fixtures.
@Suite struct KindTests {
    static func workload(_ relative: String) throws -> WorkloadInfo {
        let loaded = try InputLoader.load(paths: [Paths.fixture(relative)])
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        return try #require(loaded.observations.compactMap { o -> WorkloadInfo? in
            if case .workload(let w) = o.payload { return w } else { return nil }
        }.first)
    }

    // MARK: Real documents (derailed/k9s, Apache-2.0; see Fixtures/README.md)

    @Test func aRealStatefulSet() throws {
        let w = try Self.workload("real/k9s-sts.json")
        #expect(w.workloadKind == .statefulSet && w.name == "nginx-sts" && w.namespace == "default")
        #expect(w.replicas == 4 && w.partition == 0 && w.updateStrategy == "RollingUpdate" && w.podManagementPolicy == "OrderedReady")
        #expect(w.currentRevision == "nginx-sts-5b89ffb894" && w.updateRevision == "nginx-sts-5b89ffb894")
        #expect(w.generation == 5 && w.observedGeneration == 5 && w.readyReplicas == 4 && w.updatedReplicas == 4)
        #expect(KubectlVerdict.of(w) == KubectlVerdict(message: "partitioned roll out complete: 4 new pods have been updated...", done: true))
    }

    @Test func aRealDaemonSet() throws {
        let w = try Self.workload("real/k9s-ds.json")
        #expect(w.workloadKind == .daemonSet && w.name == "fluentd-gcp-v3.2.0" && w.namespace == "kube-system")
        #expect(w.maxUnavailable == "1" && w.updateStrategy == "RollingUpdate" && w.generation == 2)
        #expect(w.desiredNumberScheduled == 2 && w.updatedNumberScheduled == 2 && w.numberAvailable == 2)
        #expect(KubectlVerdict.of(w)?.message == "daemon set \"fluentd-gcp-v3.2.0\" successfully rolled out")
    }

    @Test func realDocumentsAloneAreReadWithoutComplaint() throws {
        let model = try Analysis.run(inputs: [Paths.fixture("real/k9s-sts.json"), Paths.fixture("real/k9s-ds.json")])
        #expect(model.rollouts.isEmpty && model.warnings.isEmpty, "\(model.warnings)")
    }

    // MARK: kubectl rollout status, state by state

    static func sts(generation: Int = 2, observed: Int = 2, replicas: Int = 3, ready: Int = 3, updated: Int = 3,
                    partition: Int? = 0, strategy: String = "RollingUpdate") -> WorkloadInfo {
        let o = KubeObject()
        o.kind = "StatefulSet"
        o.metadata.name = "db"
        o.metadata.generation = generation
        o.observedGeneration = observed
        o.replicas = replicas
        o.readyReplicas = ready
        o.updatedReplicas = updated
        o.partition = partition
        o.updateStrategy = strategy
        return WorkloadInfo(o)!
    }

    @Test(arguments: [
        (sts(observed: 1), "Waiting for statefulset spec update to be observed...", false),
        (sts(ready: 2, updated: 1), "Waiting for 1 pods to be ready...", false),
        (sts(updated: 2), "Waiting for partitioned roll out to finish: 2 out of 3 new pods have been updated...", false),
        (sts(updated: 1, partition: 2), "partitioned roll out complete: 1 new pods have been updated...", true),
        (sts(strategy: "OnDelete"), "error: rollout status is only available for RollingUpdate strategy type", true),
    ])
    func statefulSetVerdicts(w: WorkloadInfo, message: String, done: Bool) {
        let v = KubectlVerdict.of(w)
        #expect(v?.message == message)
        #expect(v?.done == done)
        #expect(v?.refused == (w.updateStrategy == "OnDelete"))
    }

    // MARK: Kinds and revisions from the pods alone

    /// Pods without owner references still say what made them, by the labels.
    @Test func kindsFromLabelsAlone() throws {
        func pod(_ labels: String) throws -> Pod {
            let json = #"{"kind": "Pod", "metadata": {"name": "db-2", "uid": "u", "namespace": "shop", "labels": {"#
                + labels + #"}}, "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Running"}}"#
            let obs = try decode(json).observations
            guard case .pod(let p, _)? = obs.first?.payload else { throw CancellationError() }
            return p
        }
        let sts = try pod(#""app": "db", "controller-revision-hash": "db-79f5c8d6b4", "statefulset.kubernetes.io/pod-name": "db-2""#)
        #expect(sts.kind == .statefulSet && sts.ordinal == 2)
        let indexed = try pod(#""app": "db", "statefulset.kubernetes.io/pod-name": "db-2", "apps.kubernetes.io/pod-index": "7""#)
        #expect(indexed.ordinal == 7)
        let ds = try pod(#""app": "agent", "controller-revision-hash": "6f8d4c7b9c", "pod-template-generation": "4""#)
        #expect(ds.kind == .daemonSet && ds.templateGeneration == 4 && ds.ordinal == nil)
        #expect(try pod(#""app": "web", "pod-template-hash": "5f8d7c9b4a""#).kind == .deployment)
        #expect(try pod(#""app": "web""#).kind == nil)
    }

    /// Without the StatefulSet object the newest revision by pod creation is new; with it,
    /// the one its status names, listed before any pod of it exists.
    @Test func theUpdateRevisionIsNewEvenBeforeItsFirstPod() throws {
        let dir = Paths.fixtures.appendingPathComponent("statefulset-rollback")
        let stuck = try Analysis.run(inputs: ["pods-at-140s.json", "statefulset-at-140s.json"].map { dir.appendingPathComponent($0).path })
        let r = try #require(stuck.rollouts.first)
        // After the rollback the old template is the update revision again: db-0 and db-1 run it.
        #expect(r.replicaSets.map { "\($0.name) \($0.role) \($0.pods)" } == ["db-79f5c8d6b4 old 1", "db-6c9d8b7f5c new 2"])
        // Without the StatefulSet, the newest pod (the broken db-2) decides instead.
        let bare = try Analysis.run(inputs: [dir.appendingPathComponent("pods-at-140s.json").path])
        #expect(bare.rollouts.first?.replicaSets.last?.name == "db-79f5c8d6b4")
    }

    // MARK: Stalls and holds, in the user's numbers

    @Test func aRolledBackStatefulSetStuckOnABrokenPodSaysToDeleteIt() throws {
        let dir = Paths.fixtures.appendingPathComponent("statefulset-rollback")
        let model = try Analysis.run(inputs: ["pods-at-140s.json", "statefulset-at-140s.json", "events-at-140s.json"]
            .map { dir.appendingPathComponent($0).path })
        let r = try #require(model.rollouts.first)
        let stalled = try #require(r.findings.first { $0.kind == .rolloutStalled })
        #expect(stalled.message.hasPrefix("the rollout of db has made no progress for "))
        #expect(stalled.message.contains("; db-2 still runs revision db-79f5c8d6b4, which the rollout is leaving, and is Init:CrashLoopBackOff: the StatefulSet controller (OrderedReady) waits for it to become Ready before it touches any other ordinal, even after a rollback (kubernetes#67250), with no deadline. Delete it (kubectl delete pod db-2 -n shop) and it is recreated at db-6c9d8b7f5c."), "\(stalled.message)")
        // kubectl would wait forever, and rollscope says why it differs.
        #expect(r.kubectl?.message == "Waiting for 1 pods to be ready...")
        #expect(r.kubectl?.differs?.hasPrefix("kubectl would wait forever: StatefulSets have no progress deadline (kubernetes/kubectl#738)") == true)
    }

    @Test func aPartitionHoldsOrdinalsByDesignAndTheRolloutCompletes() throws {
        let dir = Paths.fixtures.appendingPathComponent("statefulset-partition")
        let model = try Analysis.run(inputs: ["pods-watch.json", "statefulset.json"].map { dir.appendingPathComponent($0).path })
        let r = try #require(model.rollouts.first)
        #expect(r.partition == 2 && r.podManagementPolicy == "Parallel")
        #expect(r.progress.state == .complete && r.progress.held == 2 && r.progress.desired == 2 && r.progress.newReady == 2)
        #expect(r.heldPods.map(\.name) == ["db-0", "db-1"])
        #expect(!r.findings.contains { $0.kind == .rolloutStalled })
        let held = try #require(r.findings.first { $0.kind == .rolloutHeld })
        #expect(held.message.hasPrefix("partition 2 keeps db-0, db-1 (ordinals below 2) at revision db-6c9d8b7f5c by design"))
        #expect(r.kubectl?.done == true && r.kubectl?.differs == nil)
        #expect(ReportText.render(model).contains("  progress  2/2 new ready, 2 old held by the partition, 0 terminating\n"))
    }

    /// The text report lays a StatefulSet out by ordinal: both incarnations of a name on one row.
    @Test func theTextChartPutsEachPodNameOnOneRow() throws {
        let dir = Paths.fixtures.appendingPathComponent("statefulset")
        let model = try Analysis.run(inputs: ["pods-watch.json", "statefulset.json"].map { dir.appendingPathComponent($0).path })
        let text = ReportText.render(model)
        #expect(text.hasPrefix("ROLLOUT  StatefulSet shop/db  6c9d8b7f5c -> 79f5c8d6b4\n"))
        let chart = text.components(separatedBy: "TIMELINE\n")[1].components(separatedBy: "\n. pending")[0].split(separator: "\n")
        #expect(chart.contains { $0 == "by ordinal  db-6c9d8b7f5c -> db-79f5c8d6b4" })
        let rows = chart.filter { $0.hasPrefix("db-") }
        #expect(rows.map { String($0.prefix(4)) } == ["db-0", "db-1", "db-2"])
        // The old pod's SIGKILL, then its successor starting, on the same row.
        #expect(rows.allSatisfy { $0.contains("X") && $0.contains("s=") }, "\(rows)")
    }
}
