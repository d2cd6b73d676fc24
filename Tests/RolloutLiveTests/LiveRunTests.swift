import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RolloutCore
import RolloutSim
import Synchronization
import Testing
import TestSupport
@testable import RolloutLive

/// `record`'s loop and `watch`'s feed without the binary or kubectl: a session fed by hand
/// (`LiveSession.ingest`), as kubectl would print it, with a clock the test moves.
@Suite struct LiveRunTests {
    final class Clock: Sendable {
        let now: Mutex<Instant>
        init(_ start: Instant) { now = Mutex(start) }
        func advance(_ seconds: Double) { now.withLock { $0 = $0 + seconds } }
        func read() -> Instant { now.withLock { $0 } }
    }

    static let header = Recording.Header(startedAt: Instant(seconds: 0), target: "deployment/web", namespace: "shop",
                                         context: "test", mode: "watch", tool: "rollscope test")

    static func recordingPath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-liverun-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("test.rollout").path
    }

    /// A run of `deployment/web` whose session is not started (no kubectl).
    static func run(recorder: Recorder? = nil, clock: Clock = Clock(Instant(seconds: 1_800_000_000)),
                    target: LiveTarget = .deployment("web")) -> LiveRun {
        let session = LiveSession(config: LiveConfig(kubectl: Kubectl(path: "/nonexistent/kubectl"), target: target),
                                  recorder: recorder, wallClock: { clock.read() })
        return LiveRun(session: session, recorder: recorder, context: "test")
    }

    /// Hands the simulated rollout to the session as kubectl prints it: the Deployment, then
    /// the pod watch stream up to `until`.
    static func feed(_ run: LiveRun, _ output: SimOutput, until: Instant? = nil) {
        run.session.ingest(Data(output.deploymentJSON(at: until).utf8), kind: .deployment, source: "deployment/web")
        var splitter = StreamSplitter()
        for case .value(let value) in splitter.push(Data(output.watchStream(until: until).utf8)) {
            run.session.ingest(value, kind: .pod, source: "pods watch")
        }
    }

    @Test func recordStopsWhenTheRolloutIsComplete() throws {
        let path = Self.recordingPath()
        let run = Self.run(recorder: try Recorder(path: path, header: Self.header))
        Self.feed(run, Simulator.run(.healthy))
        var said: [String] = []
        let stop = run.record(timeout: 30, retention: .live, signal: { nil }) { said.append($0) }
        #expect(stop == .complete)
        #expect(said.isEmpty)
        let lines = run.finish(stop)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("rollout complete; recorded ") == true, "\(lines)")
        #expect(lines.first?.hasSuffix(" to \(path)") == true)
        // What was fed is in the recording, and reads as the same complete rollout.
        let model = try Analysis.run(inputs: [path])
        #expect(model.rollouts.first { $0.workload == "web" }?.progress.isComplete == true)
    }

    @Test func recordTimesOutWhileTheRolloutGoesOn() throws {
        let output = Simulator.run(.healthy)
        let run = Self.run()
        Self.feed(run, output, until: output.start + (output.end - output.start) / 2)
        let started = Date()
        let stop = run.record(timeout: 0.6, retention: nil, signal: { nil }) { _ in }
        #expect(stop == .timedOut)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(run.finish(stop).isEmpty, "no recording, nothing to tell")
    }

    @Test func recordStopsOnASignal() throws {
        let run = Self.run(recorder: try Recorder(path: Self.recordingPath(), header: Self.header))
        let stop = run.record(timeout: 30, retention: nil, signal: { SIGTERM }) { _ in }
        #expect(stop == .signal(SIGTERM))
        #expect(run.finish(stop).first?.hasPrefix("stopped by a signal; recorded 1 lines (") == true)
    }

    @Test func recordStopsWhenTheReaderOfItsFIFOLeaves() throws {
        let fifo = Self.recordingPath() + ".fifo"
        try #require(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        try #require(reader >= 0)
        let run = Self.run(recorder: try Recorder(path: fifo, header: Self.header))
        close(reader)
        let stop = run.record(timeout: 30, retention: nil, signal: { nil }) { _ in }
        #expect(stop == .readerGone)
        let lines = run.finish(stop)
        #expect(lines == ["stopped: the reader of the recording went away; recorded 1 lines (\(run.recorder?.bytesWritten ?? 0) bytes) to \(fifo)"])
    }

    @Test func aProblemIsToldOnceNotAsItsAgeGrows() {
        let clock = Clock(Instant(seconds: 1_800_000_000))
        let run = Self.run(clock: clock)
        run.session.succeeded()
        run.session.fail("Unable to connect to the server", retryIn: 30)
        var said: [String] = []
        // Each turn of the loop is a simulated second: "last good data Ns ago" grows.
        let stop = run.record(timeout: 1.1, retention: nil, signal: { clock.advance(1); return nil }) { said.append($0) }
        #expect(stop == .timedOut)
        #expect(said == ["[last good data 1s ago, retry in 30s] kubectl: Unable to connect to the server"])
        // A new problem is told again.
        run.session.fail("Unauthorized", retryIn: 30)
        _ = run.record(timeout: 0.3, retention: nil, signal: { nil }) { said.append($0) }
        #expect(said.count == 2 && said.last?.hasSuffix("kubectl: Unauthorized") == true, "\(said)")
    }

    @Test(arguments: [
        (LiveTarget.deployment("web"), 1.0, true),
        (LiveTarget.deployment("web"), 0.5, false),
        (LiveTarget.deployment("api"), 1.0, false),
        (LiveTarget.namespace, 1.0, true),
        (LiveTarget.selector("app=web"), 0.5, false),
    ])
    func completionIsTheReadModels(target: LiveTarget, at fraction: Double, complete: Bool) throws {
        let output = Simulator.run(.healthy)
        let run = Self.run(target: target)
        Self.feed(run, output, until: output.start + (output.end - output.start) * fraction)
        var store = ObservationStore()
        store.append(run.session.drain().observations)
        #expect(LiveRun.isComplete(store, target: target) == complete)
    }

    /// Each kind completes by its own rule: a StatefulSet's partition holds ordinals by design,
    /// an OnDelete one moves only as pods are deleted by hand.
    static func statefulset(partition: Int = 0, onDelete: Bool = false) -> SimScenario {
        var s = SimScenario.statefulset
        s.replicas = 4
        s.preStop = .execSleep(3)
        s.appShutdownSeconds = 1
        s.horizonSeconds = 300
        s.workload = .statefulSet(.init(partition: partition, onDelete: onDelete))
        return s
    }

    @Test(arguments: [
        (Self.statefulset(), "statefulset/db", 1.0, true),
        (Self.statefulset(), "statefulset/db", 0.5, false),
        (Self.statefulset(partition: 2), "statefulset/db", 1.0, true),
        (Self.statefulset(onDelete: true), "statefulset/db", 1.0, false),
        (SimScenario.daemonset, "daemonset/node-agent", 1.0, true),
        (SimScenario.daemonset, "daemonset/node-agent", 0.6, false),
    ])
    func completionIsTheKindsRule(scenario: SimScenario, target: String, at fraction: Double, complete: Bool) throws {
        let output = Simulator.run(scenario)
        let target = try #require(LiveTarget.parse(target))
        let run = Self.run(target: target)
        let until = output.start + (output.end - output.start) * fraction
        if let workload = output.workloadObject(at: until) {
            run.session.ingest(Data(KubectlPrinter.json(workload).utf8), kind: .workload, source: target.description)
        }
        var splitter = StreamSplitter()
        for case .value(let value) in splitter.push(Data(output.watchStream(until: until).utf8)) {
            run.session.ingest(value, kind: .pod, source: "pods watch")
        }
        var store = ObservationStore()
        store.append(run.session.drain().observations)
        #expect(LiveRun.isComplete(store, target: target) == complete)
    }

    @Test func theScreenIsToldOnceThatTheRecordingStopped() throws {
        let fifo = Self.recordingPath() + ".fifo"
        try #require(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        try #require(reader >= 0)
        let run = Self.run(recorder: try Recorder(path: fifo, header: Self.header))
        #expect(run.update().message == nil)
        close(reader)
        #expect(run.update().message == "recording to \(fifo) stopped: its reader went away")
        #expect(run.update().message == nil)
        #expect(run.finish() == ["recorded 1 lines (\(run.recorder?.bytesWritten ?? 0) bytes) to \(fifo)",
                                 "writing the recording failed: the reader of the pipe went away"])
    }

    @Test func theScreenGetsWhatWasObservedAndTheProblem() {
        let clock = Clock(Instant(seconds: 1_800_000_000))
        let run = Self.run(clock: clock)
        let output = Simulator.run(.healthy)
        Self.feed(run, output)
        run.session.fail("Unauthorized", retryIn: 2)
        let update = run.update()
        #expect(!update.observations.isEmpty)
        #expect(update.problem == "[no data yet, retry in 2s] kubectl: Unauthorized")
        #expect(run.update().observations.isEmpty, "handed out once")
    }

    /// A stand-in kubectl: a script that prints `output`, or hangs.
    static func fakeKubectl(_ script: String) throws -> String {
        let path = recordingPath() + ".kubectl"
        try Data("#!/bin/sh\n\(script)\n".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        return path
    }

    @Test func allNamespacesListsAndWatchesTheWholeClusterOnce() {
        let k = Kubectl(path: "kubectl", namespace: "shop", context: "c", allNamespaces: true)
        #expect(k.namespace == nil, "-A wins over a namespace")
        #expect(k.watchPods(selector: nil) == ["kubectl", "--context", "c", "get", "pods", "--all-namespaces",
                                               "--watch", "--output", "json", "--output-watch-events"])
        #expect(k.list("events") == ["kubectl", "--context", "c", "get", "events", "--all-namespaces", "-o", "json", "--request-timeout", "10s"])
        #expect(k.watchPods(selector: "app=web").contains("-l"))
        #expect(!Kubectl(namespace: "shop").list("pods").contains("--all-namespaces"))
    }

    @Test func recordAllNamespacesIsCompleteWhenWhatRolledIsDone() throws {
        // A cluster at rest is no rollout; one that rolled and finished is.
        let rest = Simulator.run(.healthy)
        var store = ObservationStore()
        store.append(try InputLoader.decode(data: Data(rest.podList(at: rest.start).utf8), name: "l", source: 0,
                                            explicitTime: rest.start, scope: "l").observations)
        #expect(!LiveRun.isComplete(store, target: .namespace, allNamespaces: true))
        store.append(try InputLoader.decode(data: Data(rest.watchStream().utf8), name: "w", source: 0, explicitTime: nil, scope: "w").observations)
        #expect(LiveRun.isComplete(store, target: .namespace, allNamespaces: true))
    }

    @Test func theContextIsKubectlsCurrentOne() throws {
        #expect(Kubectl(context: "given").contextName() == "given")
        let kubectl = try Self.fakeKubectl(#"[ "$1 $2 $3 $4" = "--kubeconfig /k config current-context" ] && echo prod-eu"#)
        #expect(Kubectl(path: kubectl, kubeconfig: "/k").contextName() == "prod-eu")
        #expect(Kubectl(path: kubectl).contextName() == "current context", "kubectl failed: no name")
        let hanging = try Self.fakeKubectl("sleep 30")
        let started = Date()
        #expect(Kubectl(path: hanging).contextName(limit: 0.3) == "current context")
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
