import FakeKubeAPI
import Foundation
import RolloutCore
import RolloutSim
import TestSupport
import Testing

/// `rollscope watch` and `record` of a StatefulSet, a DaemonSet and an Argo Rollout through the real kubectl,
/// against the loopback API playing the simulator's StatefulSet and DaemonSet controllers:
/// each pod incarnation (by uid) as the simulator knows it happened.
@Suite(.serialized) struct LiveKindsEndToEndTests {
    typealias Cluster = LiveEndToEndTests.Cluster

    /// Checks every incarnation of the recording's rollout against the simulator's truth.
    static func expectTruth(_ rollout: Rollout, _ output: SimOutput) throws {
        let updateRevision = output.pods.first { $0.role == "new" }?.replicaSet
        #expect(rollout.replicaSets.last?.name == updateRevision, "\(rollout.replicaSets.map(\.name))")
        for truth in output.pods {
            let pod = try #require(rollout.pods.first { $0.uid == truth.uid }, "\(truth.name) \(truth.uid) missing")
            #expect(pod.role.rawValue == truth.role, "\(truth.name) \(truth.uid) role")
            #expect(pod.replicaSet == truth.replicaSet && pod.templateHash == truth.templateHash, "\(truth.name) revision")
            #expect(pod.ordinal == truth.ordinal, "\(truth.name) ordinal")
            #expect(pod.node == truth.node, "\(truth.name) node")
            if let ready = truth.readyAt, ready >= output.start {
                #expect(pod.readyAt == ready.seconds.rounded(.down).instant, "\(truth.name) \(truth.uid) readyAt")
            }
            guard let requested = truth.deletionRequestedAt else {
                #expect(pod.termination == nil, "\(truth.name) \(truth.uid) has a termination")
                continue
            }
            let t = try #require(pod.termination, "\(truth.name) \(truth.uid) has no termination")
            #expect(t.requestedAt == requested.seconds.rounded(.down).instant, "\(truth.name) requestedAt")
            #expect(t.exitCodes.first?.code == truth.exitCode, "\(truth.name) exit code")
            #expect(t.exceededGrace == truth.sigkilled, "\(truth.name) exceededGrace")
            if let killing = truth.killingAt {
                #expect(t.killingAt.map { abs($0 - killing) <= 1 } == true, "\(truth.name) killingAt \(String(describing: t.killingAt))")
            }
            if let finished = truth.finishedAt, let seconds = t.seconds {
                #expect(abs(seconds - (finished - requested)) <= 1, "\(truth.name) seconds \(seconds)")
            } else {
                Issue.record("\(truth.name): the end of the shutdown was not recorded")
            }
        }
    }

    @Test func recordAStatefulSetGivesEveryIncarnation() throws {
        let cluster = try Cluster(.statefulset)
        let recording = cluster.path("db.rollout")
        let run = try LiveEndToEndTests.rollscope(["record", "statefulset/db", "-n", "shop", "--kubeconfig", cluster.kubeconfig,
                                                   "--record", recording, "--timeout", "60s", "--interval", "500ms"])
        #expect(run.status == 0, "record: \(run.stderr)")
        #expect(run.stderr.contains("rollout complete"))
        #expect(LiveEndToEndTests.leftoverKubectl(cluster.kubeconfig).isEmpty)
        #expect(cluster.api.requests.contains { $0.path == "/apis/apps/v1/namespaces/shop/statefulsets/db" })
        let text = try String(contentsOfFile: recording, encoding: .utf8)
        #expect(text.contains("\"kind\":\"workload\""), "the StatefulSet was not recorded")
        #expect(!text.contains(FakeKubeAPI.secretEnv.value))
        let rollout = try #require(try Analysis.run(inputs: [recording]).rollouts.first { $0.workload == "db" })
        #expect(rollout.kind == .statefulSet)
        #expect(rollout.progress.isComplete)
        // Each name twice: the old incarnation and its successor.
        #expect(Dictionary(grouping: rollout.pods, by: \.name).mapValues(\.count) == ["db-0": 2, "db-1": 2, "db-2": 2])
        try Self.expectTruth(rollout, cluster.output)
        // record reads the StatefulSet once more when the pods say done: kubectl agrees then.
        let kubectl = try #require(rollout.kubectl)
        #expect(kubectl.message == "partitioned roll out complete: 3 new pods have been updated...")
        #expect(kubectl.done && kubectl.differs == nil)
    }

    @Test func recordADaemonSetByItsShortName() throws {
        // The preset's pods stop in 7 s, gone before kubectl's first list at 20x: a longer
        // drain (21 s, 2 s at 10x) keeps the first one until then.
        var scenario = SimScenario.daemonset
        scenario.preStop = .sleep(20)
        let cluster = try Cluster(scenario, speed: 10)
        let recording = cluster.path("agent.rollout")
        let run = try LiveEndToEndTests.rollscope(["record", "ds/node-agent", "-n", "shop", "--kubeconfig", cluster.kubeconfig,
                                                   "--record", recording, "--timeout", "60s", "--interval", "500ms"])
        #expect(run.status == 0, "record: \(run.stderr)")
        let rollout = try #require(try Analysis.run(inputs: [recording]).rollouts.first { $0.workload == "node-agent" })
        #expect(rollout.kind == .daemonSet)
        try Self.expectTruth(rollout, cluster.output)
        // maxUnavailable 1 and no surge: every node goes without a ready agent for a while.
        let gaps = rollout.findings.filter { $0.kind == .nodeWithoutReadyPod }
        #expect(Set(gaps.compactMap { $0.message.split(separator: " ").first.map(String.init) })
                == ["worker-1", "worker-2", "worker-3", "worker-4"], "\(gaps.map(\.message))")
    }

    @Test func watchAStatefulSetShowsItsRowsByOrdinal() throws {
        let cluster = try Cluster(.statefulset)
        let tmux = Tmux()
        try tmux.start("\(Binary.rollscope) watch sts/db -n shop --kubeconfig \(cluster.kubeconfig) --interval 500ms")
        var s = try tmux.wait(for: "StatefulSet  shop/db", seconds: 10)
        #expect(s.contains("LIVE") && s.contains("by ordinal"), "\(s)")
        // The SIGKILL of db-2's old incarnation, then all three replaced.
        s = try tmux.wait(for: "✗", seconds: 20)
        s = try tmux.wait(for: "3/3 ready", seconds: 30)
        for name in ["db-0", "db-1", "db-2"] { #expect(s.contains(" \(name) "), "\(name) has no row: \(s)") }
        try tmux.keys("q")
        #expect(try tmux.wait(for: "EXIT=", seconds: 10).contains("EXIT=0"))
        #expect(LiveEndToEndTests.leftoverKubectl(cluster.kubeconfig).isEmpty, "kubectl left running")
    }

    /// `kubectl rollscope daemonset/NAME`: kubectl runs the plugin, which watches.
    @Test func theKubectlPluginTakesEveryKind() throws {
        let cluster = try Cluster(.daemonset)
        let bin = cluster.path("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin + "/kubectl-rollscope", withDestinationPath: Binary.rollscope)
        let tmux = Tmux()
        try tmux.start("PATH=\(bin):$PATH kubectl rollscope daemonset/node-agent -n shop --kubeconfig \(cluster.kubeconfig) --interval 500ms")
        let s = try tmux.wait(for: "DaemonSet  shop/node-agent", seconds: 15)
        #expect(s.contains("by node"), "\(s)")
        try tmux.keys("q")
        #expect(try tmux.wait(for: "EXIT=", seconds: 10).contains("EXIT=0"))
    }

    @Test(arguments: [
        ("job/web", "rollscope: TARGET must be deployment/NAME, statefulset/NAME, daemonset/NAME or rollout/NAME (or deploy/, sts/, ds/, ro/), not 'job/web' (see rollscope --help)"),
    ])
    func otherTargetsAreRefusedInOneLine(target: String, line: String) throws {
        let r = try Binary.run(["record", target, "--record", "/dev/null"])
        #expect(r.status == 2)
        #expect(r.stderr == line + "\n")
    }

    // MARK: Argo Rollouts

    @Test func recordAnArgoCanary() throws {
        // At 5x the first old pod's deletion (7 s in) comes after kubectl's first list.
        let cluster = try Cluster(.canary, speed: 5)
        let recording = cluster.path("web.rollout")
        let run = try LiveEndToEndTests.rollscope(["record", "rollout/web", "-n", "shop", "--kubeconfig", cluster.kubeconfig,
                                                   "--record", recording, "--timeout", "60s", "--interval", "500ms"])
        #expect(run.status == 0, "record: \(run.stderr)")
        #expect(run.stderr.contains("rollout complete"))
        #expect(LiveEndToEndTests.leftoverKubectl(cluster.kubeconfig).isEmpty)
        #expect(cluster.api.requests.contains { $0.path == "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web" })
        let rollout = try #require(try Analysis.run(inputs: [recording]).rollouts.first { $0.workload == "web" })
        #expect(rollout.kind == .rollout && rollout.progress.isComplete)
        try Self.expectTruth(rollout, cluster.output)
        // Done by Argo's rule, and the Rollout read once more then: the plugin agrees.
        let argo = try #require(rollout.argo)
        #expect(argo.phase == "Healthy" && argo.fullyPromoted && argo.stepText == "all 4 steps done")
        #expect(rollout.kubectl == KubectlVerdict(message: "Healthy", done: true))
    }

    @Test func recordABlueGreenRolloutStopsAtTheSwitch() throws {
        let cluster = try Cluster(.bluegreen, speed: 10)
        let recording = cluster.path("bg.rollout")
        let run = try LiveEndToEndTests.rollscope(["record", "rollouts.argoproj.io/web", "-n", "shop", "--kubeconfig",
                                                   cluster.kubeconfig, "--record", recording, "--timeout", "60s", "--interval", "500ms"])
        #expect(run.status == 0, "record: \(run.stderr)")
        let rollout = try #require(try Analysis.run(inputs: [recording]).rollouts.first { $0.workload == "web" })
        let switched = try #require(cluster.output.argo?.switchedAt)
        #expect(rollout.argo?.switchedAt == Instant(seconds: switched.seconds.rounded(.down)))
        #expect(rollout.finishedAt == Instant(seconds: switched.seconds.rounded(.down)))
        // Healthy at the switch: the old pods are still up (scaleDownDelaySeconds), by design.
        #expect(rollout.progress.isComplete && rollout.progress.oldServing == 3)
    }

    @Test func watchAnArgoRolloutShowsItsStep() throws {
        let cluster = try Cluster(.canary, speed: 2)
        let tmux = Tmux()
        try tmux.start("\(Binary.rollscope) watch ro/web -n shop --kubeconfig \(cluster.kubeconfig) --interval 500ms")
        let s = try tmux.wait(for: "Rollout  shop/web", seconds: 10)
        #expect(s.contains("LIVE"), "\(s)")
        _ = try tmux.wait(for: "step 2/4: pause 30s", seconds: 30)
        try tmux.keys("q")
        #expect(try tmux.wait(for: "EXIT=", seconds: 10).contains("EXIT=0"))
        #expect(LiveEndToEndTests.leftoverKubectl(cluster.kubeconfig).isEmpty, "kubectl left running")
    }

    /// A cluster without Argo's CRD: kubectl says the server has no such resource type, and
    /// rollscope says so in one line and exits 2, for watch and record alike.
    @Test(arguments: ["watch", "record"])
    func aClusterWithoutTheCRDIsToldInOneLine(command: String) throws {
        var scenario = SimScenario.healthy
        scenario.start = Instant(seconds: Date().timeIntervalSince1970.rounded(.down))
        let api = FakeKubeAPI(output: Simulator.run(scenario), argoCRD: false)
        try api.start()
        defer { api.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-nocrd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let kubeconfig = try api.writeKubeconfig(to: dir.appendingPathComponent("kubeconfig").path, namespace: "shop")
        let line = "rollscope: rollout/web: this cluster has no Argo Rollouts CRD (rollouts.argoproj.io); watch its pods with -l SELECTOR (for example -l app=web)"
        if command == "watch" {
            // watch needs a terminal: in tmux, before the screen starts.
            let tmux = Tmux()
            try tmux.start("\(Binary.rollscope) watch rollout/web --kubeconfig \(kubeconfig)", width: 200)
            let s = try tmux.wait(for: "EXIT=", seconds: 20)
            #expect(s.contains(line) && s.contains("EXIT=2"), "\(s)")
        } else {
            let r = try LiveEndToEndTests.rollscope(["record", "rollout/web", "--kubeconfig", kubeconfig, "--record",
                                                     dir.appendingPathComponent("r").path], timeout: 30)
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stderr == line + "\n")
        }
        #expect(LiveEndToEndTests.leftoverKubectl(kubeconfig).isEmpty)
    }
}
