import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RolloutCore
import Synchronization
import TestSupport
import Testing

/// `--probe` through the real binary: the real kubectl against the loopback API playing a
/// rollout, and a loopback HTTP server as the front door.
@Suite(.serialized) struct ProbeEndToEndTests {
    /// The front door of the simulated rollout: every fourth request a 503 from an old pod
    /// (named in X-Served-By), every fourth closed without an answer (no pod named), the rest
    /// 200 from a new pod.
    /// Answers counted by the pod they name.
    final class Tally: Sendable {
        let counts = Mutex<[String: Int]>([:])
    }

    /// `unavailable` counts the 503s by the pod they name.
    static func frontDoor(old: [String], new: [String], unavailable: Tally) throws -> LoopbackHTTPServer {
        let counter = Atomic<Int>(0)
        return try LoopbackHTTPServer { _ in
            let i = counter.add(1, ordering: .relaxed).oldValue
            switch i % 4 {
            case 0:
                let pod = old[i / 4 % old.count]
                unavailable.counts.withLock { $0[pod, default: 0] += 1 }
                return .answer(status: 503, headers: ["X-Served-By": pod], body: "unavailable", after: 0)
            case 1: return .close
            default: return .answer(status: 200, headers: ["X-Served-By": new[i % new.count]], body: "ok", after: 0)
            }
        }
    }

    @Test func recordProbesTheFrontDoorAndTheReportBlamesThePodsItNames() throws {
        let cluster = try LiveEndToEndTests.Cluster(.sigkill)
        let old = cluster.output.pods.filter { $0.deletionRequestedAt != nil }.map(\.name)
        let new = cluster.output.pods.filter { $0.deletionRequestedAt == nil }.map(\.name)
        let unavailable = Tally()
        let server = try Self.frontDoor(old: old, new: new, unavailable: unavailable)
        defer { server.stop() }
        let recording = cluster.path("probe.rollout")
        let run = try Binary.run(["record", "deployment/web", "-n", "shop", "--kubeconfig", cluster.kubeconfig,
                                  "--record", recording, "--timeout", "60s", "--interval", "500ms",
                                  "--probe", server.url + "/", "--probe-rate", "20/s", "--probe-pod-header", "X-Served-By"])
        #expect(run.status == 0, "record: \(run.stderr)")
        let sent = server.requests.count
        #expect(sent >= 20, "only \(sent) requests")
        // Nothing after the command ended.
        usleep(300_000)
        #expect(server.requests.count == sent)

        let text = try String(contentsOfFile: recording, encoding: .utf8)
        let probeLines = text.split(separator: "\n").filter { $0.contains("\"source\":\"probe\"") }
        // Every 503 and every closed connection, and nothing for the 200s.
        #expect(abs(probeLines.count - sent / 2) <= 2, "\(probeLines.count) probe lines for \(sent) requests")

        let model = try Analysis.run(inputs: [recording])
        let rollout = try #require(model.rollouts.first { $0.workload == "web" })
        let blamed = rollout.pods.filter { $0.droppedConnections > 0 }
        #expect(!blamed.isEmpty && blamed.allSatisfy { old.contains($0.name) }, "\(blamed.map(\.name))")
        #expect(blamed.flatMap(\.signals).allSatisfy { $0.source == .probe && $0.kind == "5xx" && $0.status == 503 })
        // Each 503 counts for the pod its answer named (one still in flight when the command
        // ended may be missing).
        let answered = unavailable.counts.withLock { $0 }
        for (pod, count) in answered {
            let dropped = rollout.pods.filter { $0.name == pod }.map(\.droppedConnections).reduce(0, +)
            #expect(dropped <= count && dropped >= count - 1, "\(pod): \(dropped) dropped for \(count) answers of 503")
        }
        let rolloutLevel = model.unattributedSignals.filter { $0.source == .probe }
        #expect(!rolloutLevel.isEmpty && rolloutLevel.allSatisfy { $0.kind == "reset" && $0.pod == nil })

        let report = try Binary.run(["report", recording, "--fail-on", "never"])
        #expect(report.status == 0)
        #expect(report.stdout.contains("The prober saw \(rolloutLevel.count) failed request"), "\(report.stdout.suffix(300))")
    }

    @Test func watchShowsWhatTheProberSentAndItsFailuresAndStopsWithTheUI() throws {
        let cluster = try LiveEndToEndTests.Cluster(.sigkill)
        let old = cluster.output.pods.filter { $0.deletionRequestedAt != nil }.map(\.name)
        let new = cluster.output.pods.filter { $0.deletionRequestedAt == nil }.map(\.name)
        let server = try Self.frontDoor(old: old, new: new, unavailable: Tally())
        defer { server.stop() }
        let tmux = Tmux()
        try tmux.start("\(Binary.rollscope) watch deployment/web -n shop --kubeconfig \(cluster.kubeconfig) --interval 500ms "
                       + "--probe \(server.url)/ --probe-rate 20/s --probe-pod-header X-Served-By", width: 160, height: 40)
        var s = try tmux.wait(for: "probe 20/s:", seconds: 10)
        #expect(s.contains("probe 20/s:") && s.contains("failed"), "\(s)")
        // In the log: the prober's 5xx on an old pod, its closed connections on the rollout.
        s = try tmux.wait(for: "probe reset", seconds: 10)
        #expect(s.contains("probe reset") && s.contains("rollout"), "\(s)")
        #expect(s.contains("probe 5xx"), "\(s)")
        try tmux.keys("q")
        let quitAt = LoopbackHTTPServer.monotonic()
        s = try tmux.wait(for: "EXIT=", seconds: 10)
        #expect(s.contains("EXIT=0"), "\(s)")
        // Nothing reaches the front door once the UI has gone (the key took up to 0.4 s to send).
        #expect(server.requests.allSatisfy { $0.at < quitAt + 0.1 }, "requests after quitting")
    }

    @Test func aSignalStopsTheProberWithTheCommand() throws {
        let cluster = try LiveEndToEndTests.Cluster(.healthy, speed: 1)
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let child = try Spawn.start([Binary.rollscope, "record", "deployment/web", "-n", "shop", "--kubeconfig", cluster.kubeconfig,
                                     "--record", cluster.path("stop.rollout"), "--timeout", "60s",
                                     "--probe", server.url + "/hang", "--probe-rate", "50/s", "--probe-timeout", "30s"])
        let deadline = Date().addingTimeInterval(10)
        while server.requests.count < 10 && Date() < deadline { usleep(20_000) }
        #expect(server.requests.count >= 10)
        let start = Date()
        child.signal(SIGTERM)
        let status = child.wait(timeout: 5)
        let took = Date().timeIntervalSince(start)
        #expect(status == 143)
        #expect(took < 1, "took \(took) s to stop")
        let count = server.requests.count
        usleep(300_000)
        #expect(server.requests.count == count, "requests after the command ended")
        // The probes still waiting when it stopped were the prober's to end: none is a failure.
        let text = try String(contentsOfFile: cluster.path("stop.rollout"), encoding: .utf8)
        #expect(!text.contains("\"source\":\"probe\""))
    }

    @Test(arguments: [
        (["--probe", "ftp://web/"], "rollscope: --probe: 'ftp://web/' is not a URL to probe: only http:// and https:// can be probed (see rollscope --help)"),
        (["--probe", "web.example.com"], "rollscope: --probe: 'web.example.com' is not a URL to probe: it needs http:// or https:// (see rollscope --help)"),
        (["--probe", "http://web/", "--probe-rate", "1000/s"], "rollscope: --probe-rate must be from 0.1/s to 100/s, like 10/s or 600/m (see rollscope --help)"),
        (["--probe-pod-header", "X-Served-By"], "rollscope: --probe-pod-header needs --probe URL (see rollscope --help)"),
        (["--probe", "http://web/", "--probe-pod-header", "X Served"], "rollscope: --probe-pod-header must be an HTTP header name, like X-Served-By (see rollscope --help)"),
        (["--probe", "https://web/", "--probe-ca", "/nonexistent/ca.pem"], "rollscope: --probe: --probe-ca /nonexistent/ca.pem: not a PEM certificate file OpenSSL can read"),
    ])
    func badProbeOptionsAreOneLineAndStatus2BeforeAnythingStarts(_ args: [String], _ expected: String) throws {
        for command in [["watch", "deployment/web"], ["record", "deployment/web", "--record", "/nonexistent/never-written"]] {
            // kubectl is never run: a missing one would be a different error.
            let run = try Binary.run(command + ["--kubectl", "/nonexistent/kubectl"] + args, timeout: 20)
            #expect(run.status == 2, "\(command[0]) \(args): \(run.stderr)")
            #expect(run.stderrLines.count == 1, "\(run.stderr)")
            #expect(run.stderr.hasPrefix(expected), "\(run.stderr)")
        }
    }
}
