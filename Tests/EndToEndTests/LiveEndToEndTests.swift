import FakeKubeAPI
import Foundation
import RolloutCore
import RolloutSim
import TestSupport
import Testing

/// `rollscope watch` and `rollscope record` through the real kubectl, against a loopback API
/// that plays a simulated rolling update (20 times real time).
@Suite(.serialized) struct LiveEndToEndTests {
    /// A fresh simulated cluster whose rollout starts now, and a kubeconfig for it.
    final class Cluster {
        let output: SimOutput
        let api: FakeKubeAPI
        let dir: URL
        let kubeconfig: String

        init(_ preset: SimScenario, speed: Double = 20, mode: FakeKubeAPI.Mode = .ok) throws {
            var scenario = preset
            scenario.start = Instant(seconds: Date().timeIntervalSince1970.rounded(.down))
            output = Simulator.run(scenario)
            api = FakeKubeAPI(output: output, speed: speed, mode: mode)
            try api.start()
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-live-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            kubeconfig = try api.writeKubeconfig(to: dir.appendingPathComponent("kubeconfig").path, namespace: "shop")
        }

        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

        deinit {
            api.stop()
            try? FileManager.default.removeItem(at: dir)
        }
    }

    static func rollscope(_ args: [String], timeout: Double = 60) throws -> Spawn.Result {
        try Binary.run(args, timeout: timeout)
    }

    /// kubectl processes still running against this cluster's kubeconfig.
    static func leftoverKubectl(_ kubeconfig: String) -> String {
        ProcessTable.kubectl(kubeconfig: kubeconfig).map(\.description).joined(separator: "\n")
    }

    @Test func recordCapturesTheRolloutExactlyAsTheWatchStream() throws {
        let cluster = try Cluster(.sigkill)
        let recording = cluster.path("web.rollout")
        let run = try Self.rollscope(["record", "deployment/web", "-n", "shop", "--kubeconfig", cluster.kubeconfig,
                                      "--record", recording, "--timeout", "60s", "--interval", "500ms"])
        #expect(run.status == 0, "record: \(run.stderr)")
        #expect(run.stderr.contains("rollout complete"))
        #expect(cluster.api.watchConnections >= 1, "pods were not watched")
        #expect(Self.leftoverKubectl(cluster.kubeconfig).isEmpty)

        // A secret in a pod's env never reaches the recording.
        let text = try String(contentsOfFile: recording, encoding: .utf8)
        #expect(!text.contains(FakeKubeAPI.secretEnv.value))
        #expect(text.contains(FakeKubeAPI.secretEnv.name))
        #expect(text.hasPrefix("{\"schema\":\"rollscope.recording/1\""))
        // Events and EndpointSlices arrive too (watched in watch mode).
        #expect(text.contains("\"kind\":\"event\""))
        #expect(text.contains("\"kind\":\"slice\""))

        // The recording reports what really happened (the simulator's ground truth) ...
        let model = try Analysis.run(inputs: [recording])
        let rollout = try #require(model.rollouts.first { $0.workload == "web" })
        for truth in cluster.output.pods where truth.deletionRequestedAt != nil {
            let pod = try #require(rollout.pods.first { $0.name == truth.name }, "\(truth.name) missing")
            let t = try #require(pod.termination, "\(truth.name) has no termination")
            #expect(t.requestedAt == truth.deletionRequestedAt!.seconds.rounded(.down).instant, "\(truth.name) requestedAt")
            #expect(t.exitCodes.first?.code == truth.exitCode, "\(truth.name) exit code")
            #expect(t.exceededGrace == truth.sigkilled, "\(truth.name) exceededGrace")
            if let killing = truth.killingAt {
                #expect(t.killingAt.map { abs($0 - killing) <= 1 } == true, "\(truth.name) killingAt \(String(describing: t.killingAt))")
            }
            if let finished = truth.finishedAt, let seconds = t.seconds {
                #expect(abs(seconds - (finished - truth.deletionRequestedAt!)) <= 1, "\(truth.name) seconds \(seconds)")
            } else {
                Issue.record("\(truth.name): the end of the shutdown was not recorded")
            }
        }
        // ... and the same as a report of kubectl's own watch stream of the same rollout.
        let streamFile = cluster.path("watch.json")
        try Data(cluster.output.watchStream().utf8).write(to: URL(fileURLWithPath: streamFile))
        let fromStream = try #require(try Analysis.run(inputs: [streamFile]).rollouts.first { $0.workload == "web" })
        for p in fromStream.pods {
            let r = try #require(rollout.pods.first { $0.name == p.name }, "\(p.name) missing from the recording")
            #expect(r.readyAt == p.readyAt && r.initializedAt == p.initializedAt, "\(p.name) readiness")
            #expect(r.initContainers == p.initContainers, "\(p.name) init containers")
            #expect(r.termination?.requestedAt == p.termination?.requestedAt, "\(p.name) requestedAt")
            #expect(r.termination?.seconds == p.termination?.seconds, "\(p.name) seconds")
            #expect(r.termination?.exceededGrace == p.termination?.exceededGrace, "\(p.name) exceededGrace")
        }
    }

    @Test func closedWatchesAreResumedWithoutLosingTheRollout() throws {
        // The server ends every watch after a second, as real servers do every half hour.
        let cluster = try Cluster(.sigkill, speed: 10, mode: .closeWatchesAfter(1))
        let recording = cluster.path("restarts.rollout")
        let run = try Self.rollscope(["record", "deployment/web", "-n", "shop", "--kubeconfig", cluster.kubeconfig,
                                      "--record", recording, "--timeout", "60s", "--interval", "500ms"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(cluster.api.watchConnections >= 3, "watches were not restarted: \(cluster.api.watchConnections)")
        let rollout = try #require(try Analysis.run(inputs: [recording]).rollouts.first { $0.workload == "web" })
        #expect(rollout.oldPods.count == 4)
        // Every deletion is seen. A pod whose SIGKILL and removal both fall in the gap between
        // one watch and the next (kubectl's start-up, on a loaded machine) is seen gone instead:
        // then its shutdown has bounds, not an exact length, as with a real server.
        #expect(rollout.oldPods.allSatisfy { $0.termination != nil })
        #expect(rollout.oldPods.allSatisfy { p in
            p.termination?.killed == true && p.termination?.seconds != nil || p.goneAt != nil && p.termination?.exceededGrace != false
        })
        #expect(rollout.oldPods.contains { $0.termination?.killed == true && $0.termination?.seconds != nil })
    }

    @Test func pollModeRecordsToo() throws {
        // At 4x, polls every 500 ms (plus kubectl's own time) see every 2-4 simulated seconds.
        let cluster = try Cluster(.healthy, speed: 4)
        let recording = cluster.path("poll.rollout")
        let run = try Self.rollscope(["record", "deployment/web", "-n", "shop", "--kubeconfig", cluster.kubeconfig,
                                      "--record", recording, "--mode", "poll", "--interval", "500ms", "--timeout", "60s"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(cluster.api.watchConnections == 0)
        let rollout = try #require(try Analysis.run(inputs: [recording]).rollouts.first { $0.workload == "web" })
        #expect(rollout.finishedAt != nil)
        // Polling guarantees each old pod's end is seen: gone, or terminated (recording stops
        // once the rollout is complete, which can be before the last pod's deletion is polled);
        // a shutdown shorter than the gap between polls can fall between two of them (the
        // reason watch is the default).
        #expect(rollout.oldPods.allSatisfy { $0.goneAt != nil || $0.termination?.finishedAt != nil })
        #expect(rollout.oldPods.contains { $0.termination != nil })
    }

    @Test func watchShowsTheRolloutAndRecordsIt() throws {
        let cluster = try Cluster(.sigkill)
        let recording = cluster.path("watch.rollout")
        let tmux = Tmux()
        try tmux.start("\(Binary.rollscope) watch deployment/web -n shop --kubeconfig \(cluster.kubeconfig) --record \(recording) --interval 500ms")
        var s = try tmux.wait(for: "shop/web", seconds: 10)
        #expect(s.contains("LIVE") && s.contains("shop/web"), "\(s)")
        // The SIGKILLs show as they happen (about 4 s in at 20x).
        s = try tmux.wait(for: "✗", seconds: 20)
        #expect(s.contains("✗"), "no SIGKILL on screen: \(s)")
        s = try tmux.wait(for: "4/4 ready", seconds: 20)
        try tmux.keys("q")
        s = try tmux.wait(for: "EXIT=", seconds: 10)
        #expect(s.contains("EXIT=0"), "\(s)")
        #expect(Self.leftoverKubectl(cluster.kubeconfig).isEmpty, "kubectl left running")
        let model = try Analysis.run(inputs: [recording])
        #expect(model.rollouts.first { $0.workload == "web" }?.oldPods.contains { $0.termination?.killed == true } == true)
    }

    /// `--signals-cmd` reads a proxy's log as `kubectl logs -f --prefix --timestamps` prints it
    /// (here the Istio gateway's, printed by a script), records the lines that are dropped
    /// connections, and the recording reports the simulator's truth: the stale endpoint's
    /// drops are the old pod's, and the requests with no endpoint at all are the workload's.
    @Test func signalsCommandReadsKubectlLogsPrefixedLinesIntoTheRecording() throws {
        // The old pod is gone two simulated seconds into this rollout: the clock stands still
        // until rollscope watches, then runs at 20 times real time.
        let cluster = try Cluster(.staleEndpoint, speed: 0)
        let log = try cluster.output.proxyLog(.istio, collected: .init(prefix: true, timestamps: true)).write(toFile: cluster.path("istio.log"))
        let recording = cluster.path("signals.rollout")
        let child = try Spawn.start([Binary.rollscope, "record", "deployment/web", "-n", "shop", "--kubeconfig", cluster.kubeconfig,
                                     "--record", recording, "--timeout", "60s", "--interval", "500ms",
                                     "--signals-cmd", "/bin/sh -c 'cat \(log); sleep 600'"])
        let deadline = Date().addingTimeInterval(20)
        while cluster.api.watchConnections < 1 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        Thread.sleep(forTimeInterval: 0.5)
        cluster.api.speed = 20
        let status = child.wait(timeout: 60)
        #expect(status == 0, "record ended with \(String(describing: status))")
        #expect(Self.leftoverKubectl(cluster.kubeconfig).isEmpty)
        let text = try String(contentsOfFile: recording, encoding: .utf8)
        #expect(text.contains("\"kind\":\"signal\"") && text.contains("[pod/istio-ingressgateway-"))
        let model = try Analysis.run(inputs: [recording])
        let rollout = try #require(model.rollouts.first { $0.workload == "web" })
        var truth: [String: Int] = [:]
        for d in cluster.output.drops { truth[d.pod, default: 0] += 1 }
        #expect(Dictionary(uniqueKeysWithValues: rollout.pods.filter { $0.droppedConnections > 0 }.map { ($0.name, $0.droppedConnections) }) == truth)
        #expect(rollout.rolloutDrops.count == cluster.output.requests.filter { $0.attempts.isEmpty }.count)
        #expect(rollout.findings.contains { $0.kind == .noHealthyUpstream })
        #expect(model.signalSources.first?.formats[.envoy] ?? 0 > 0)
    }

    @Test func anUnreachableClusterIsShownWhileTheUIStaysUp() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-nowhere-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let kubeconfig = try FakeKubeAPI.kubeconfig(server: "http://127.0.0.1:9").write(toFile: dir.appendingPathComponent("kc").path)
        let tmux = Tmux()
        try tmux.start("\(Binary.rollscope) watch deployment/web -n shop --kubeconfig \(kubeconfig)")
        let s = try tmux.wait(for: "kubectl:", seconds: 10)
        #expect(s.contains("no data yet"), "\(s)")
        #expect(s.contains("refused") || s.contains("connect"), "\(s)")
        #expect(s.contains("LIVE"))
        try tmux.keys("q")
        #expect(try tmux.wait(for: "EXIT=", seconds: 10).contains("EXIT=0"))
        #expect(Self.leftoverKubectl(kubeconfig).isEmpty)
    }

    @Test func unauthorizedIsShownAndRecoversByItself() throws {
        let cluster = try Cluster(.healthy, speed: 10, mode: .unauthorized)
        let tmux = Tmux()
        try tmux.start("\(Binary.rollscope) watch deployment/web -n shop --kubeconfig \(cluster.kubeconfig) --interval 500ms")
        var s = try tmux.wait(for: "kubectl:", seconds: 10)
        #expect(s.lowercased().contains("unauthorized") || s.contains("logged in"), "\(s)")
        cluster.api.mode = .ok
        s = try tmux.wait(for: "web-7d4b9c8f6d-", seconds: 40)
        #expect(s.contains("web-7d4b9c8f6d-"), "did not recover: \(s)")
        try tmux.keys("q")
        #expect(try tmux.wait(for: "EXIT=", seconds: 10).contains("EXIT=0"))
    }
}

extension Double {
    var instant: Instant { Instant(seconds: self) }
}

extension String {
    /// Writes the string to `path` and returns the path.
    func write(toFile path: String) throws -> String {
        try Data(utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
