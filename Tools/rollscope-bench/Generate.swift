import Foundation
import RolloutCore
import RolloutLive
import RolloutSim

/// The simulated inputs: a 300-pod rolling update of about 30 minutes, and a 1000-pod
/// Deployment for the idle-watch measurement. Both are pure functions of their seeds.
enum Scenarios {
    /// 300 replicas, maxSurge 10% (30 pods a wave), maxUnavailable 0; each new pod takes about
    /// three minutes to become ready (image pull, a 30 s migration, a 120 s warm-up before the
    /// readiness probe passes), so the ten waves span about half an hour.
    static let rollout300 = SimScenario(
        name: "bench-300", title: "300 replicas, maxSurge 10%, maxUnavailable 0, ~30 min",
        replicas: 300, maxSurge: "10%", maxUnavailable: 0, nodes: SimNode.workers(10),
        initContainers: [.migrate(seconds: 30)], preStop: .execSleep(15), appShutdownSeconds: 3,
        terminationGracePeriodSeconds: 45, readinessDelaySeconds: 145, probePeriodSeconds: 10,
        imagePullSeconds: 8, requestsPerSecond: 6, progressDeadlineSeconds: 900,
        start: Instant(rfc3339: "2026-11-24T08:00:00Z")!, seed: 300, horizonSeconds: 5400)

    /// 1000 replicas; the rollout is only the way there: the idle measurement starts well after it.
    static let steady1000 = SimScenario(
        name: "bench-steady-1000", title: "1000 replicas at rest",
        replicas: 1000, maxSurge: "100%", maxUnavailable: 0, nodes: SimNode.workers(20),
        initContainers: [.migrate(seconds: 2)], preStop: .execSleep(5),
        readinessDelaySeconds: 3, requestsPerSecond: 1, progressDeadlineSeconds: 900,
        start: Instant(rfc3339: "2026-11-24T06:00:00Z")!, seed: 1000, horizonSeconds: 1800)
}

enum Generate {
    static func log(_ s: String) { FileHandle.standardError.write(Data(("rollscope-bench: " + s + "\n").utf8)) }

    static func write(_ bytes: some Collection<UInt8>, to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func run(dir: String, only: Set<String>) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        func wanted(_ name: String) -> Bool { only.isEmpty || only.contains(name) }
        if wanted("pods") { try pods(dir: dir) }
        if wanted("rollout") { try rollout(dir: dir) }
        if wanted("steady") { try steady(dir: dir) }
        // The other shapes of List (`Shapes.swift`): all with `shapes`, or one by its name.
        let shapeNames = Set(Shapes.all.map(\.rawValue))
        if only.contains("shapes") || !only.isDisjoint(with: shapeNames) {
            try Shapes.write(dir: dir, only: only.contains("shapes") ? [] : only.intersection(shapeNames))
        }
    }

    static func pods(dir: String) throws {
        let t0 = Date()
        var gen = PodListGenerator(seed: 5000)
        let bytes = Array(KubectlPrinter.list(gen.list(count: 5000)).utf8)
        try write(bytes, to: dir + "/pods-5000.json")
        log(String(format: "pods-5000.json: %.1f MB in %.1f s", Double(bytes.count) / 1e6, Date().timeIntervalSince(t0)))
    }

    /// The pods List at any size, the same generator and seed as `pods-5000.json` (the TUI
    /// benchmark's 1k to 50k inputs).
    static func podList(count: Int, to path: String) throws {
        let t0 = Date()
        var gen = PodListGenerator(seed: 5000)
        let bytes = Array(KubectlPrinter.list(gen.list(count: count)).utf8)
        try write(bytes, to: path)
        log(String(format: "%@: %d pods, %.1f MB in %.1f s", (path as NSString).lastPathComponent, count, Double(bytes.count) / 1e6,
                   Date().timeIntervalSince(t0)))
    }

    static func rollout(dir: String) throws {
        let t0 = Date()
        let out = Simulator.run(Scenarios.rollout300)
        log(String(format: "simulated %d records, %d pods, %.0f s of rollout (completed: %@) in %.1f s",
                   out.records.count, out.pods.count, out.end - out.start,
                   out.completedAt.map { String(format: "after %.0f s", $0 - out.start) } ?? "no", Date().timeIntervalSince(t0)))
        let base = dir + "/rollout-300"
        try write(Array(out.watchStream().utf8), to: base + ".watch.json")
        try write(Array(out.eventsList().utf8), to: base + ".events.json")
        try write(Array(out.deploymentJSON().utf8), to: base + ".deployment.json")

        // The recording, made as the live recorder makes it: each watch event's object, type
        // and the time it was observed (the simulation's own time for the change).
        let header = Recording.Header(startedAt: out.start, target: "deployment/web", namespace: "shop",
                                      context: "bench", mode: "watch", tool: "rollscope-bench")
        let recordingPath = base + ".rollout"
        let recorder = try Recorder(path: recordingPath, header: header)
        for record in out.records {
            guard case .pod(let type, let object) = record.kind else { continue }
            // As kubectl prints it: keys sorted.
            recorder.record(object.sortingKeys(), kind: .pod, type: type, at: record.time)
        }
        recorder.close()
        if let failure = recorder.failure { throw InputError(file: recordingPath, message: failure) }

        // Raw `kubectl get pods -o json` Lists polled every 2 s, concatenated (a stream of Lists).
        let snapPath = base + ".snapshots.json"
        guard FileManager.default.createFile(atPath: snapPath, contents: nil) else {
            throw InputError(file: snapPath, message: "cannot be written")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: snapPath))
        var t = out.start
        var count = 0
        var bytes = 0
        while t <= out.end {
            let list = out.podList(at: t)
            let data = Data(list.utf8)
            try handle.write(contentsOf: data)
            bytes += data.count
            count += 1
            t = t + 2
        }
        try handle.close()
        let manifest = """
            snapshot_count=\(count)
            rollout_seconds=\(Int(out.end - out.start))
            rollout_pods=\(out.pods.count)
            watch_events=\(out.records.filter { if case .pod = $0.kind { return true } else { return false } }.count)
            recording_lines=\(recorder.linesWritten)

            """
        try write(Array(manifest.utf8), to: base + ".manifest")
        log(String(format: "rollout-300: %d snapshots (%.0f MB), recording %d lines, in %.1f s",
                   count, Double(bytes) / 1e6, recorder.linesWritten, Date().timeIntervalSince(t0)))
    }

    static func steady(dir: String) throws {
        let t0 = Date()
        let out = Simulator.run(Scenarios.steady1000)
        let list = out.podList(at: out.end)
        try write(Array(list.utf8), to: dir + "/steady-1000.pods.json")
        try write(Array(out.deploymentJSON().utf8), to: dir + "/steady-1000.deployment.json")
        log(String(format: "steady-1000: %d records, completed %@, in %.1f s", out.records.count,
                   out.completedAt.map { String(format: "after %.0f s", $0 - out.start) } ?? "no", Date().timeIntervalSince(t0)))
    }
}
