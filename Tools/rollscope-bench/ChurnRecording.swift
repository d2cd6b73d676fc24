import Foundation
import RolloutCore
import RolloutSim

/// A recording of a large namespace that keeps changing, for the TUI benchmark's live-like
/// feeding: the `pod-list` List of `count` pods at the start (one `list` line, as a live
/// session records its first List), then `rate` pod changes a second for `seconds`: mostly a
/// container restarting (restartCount and its start time move on), sometimes a pod deleted and
/// a replacement of the same ReplicaSet added. Deterministic (SimRandom).
enum ChurnRecording {
    static func write(count: Int, seconds: Int, rate: Int, to path: String) throws {
        let t0 = Date()
        var gen = PodListGenerator(seed: 5000)
        var pods = gen.list(count: count)
        var rand = SimRandom(seed: 77)
        let start = gen.now
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw InputError(file: path, message: "cannot be written") }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let header = Recording.Header(startedAt: start, target: "namespace", namespace: nil, context: "bench", mode: "watch",
                                      tool: "rollscope-bench")
        try handle.write(contentsOf: Data(Recording.headerLine(header).utf8))
        let list: JSONValue = ["apiVersion": "v1", "items": .array(pods), "kind": "List", "metadata": ["resourceVersion": ""]]
        try handle.write(contentsOf: Data(Recording.objectLine(at: start, kind: .list, type: nil, object: list).utf8))
        var version = 90_000_000
        var lines = 0
        for second in 1...max(1, seconds) {
            var out = ""
            for k in 0..<rate {
                let at = start + Double(second) + Double(k) / Double(rate)
                let i = rand.int(pods.count)
                version += 1
                var pod = pods[i]
                pod["metadata"]?["resourceVersion"] = .string(String(version))
                if rand.chance(0.2) {
                    // Deleted, and its ReplicaSet makes a replacement.
                    out += Recording.objectLine(at: at, kind: .pod, type: "DELETED", object: pod)
                    let name = pod.at("metadata.generateName")?.stringValue ?? "churn-"
                    pod["metadata"]?["name"] = .string(name + rand.nameSuffix())
                    pod["metadata"]?["uid"] = .string(rand.uuid())
                    pod["metadata"]?["creationTimestamp"] = .string(at.rfc3339)
                    pods[i] = pod
                    out += Recording.objectLine(at: at, kind: .pod, type: "ADDED", object: pod)
                    lines += 2
                } else {
                    if case .array(var statuses)? = pod.at("status.containerStatuses"), !statuses.isEmpty {
                        let restarts = Int(statuses[0]["restartCount"].flatMap { v -> String? in
                            if case .number(let n) = v { return n } else { return nil }
                        } ?? "0") ?? 0
                        statuses[0]["restartCount"] = .number(String(restarts + 1))
                        statuses[0]["state"] = ["running": ["startedAt": .string(at.rfc3339)]]
                        pod["status"]?["containerStatuses"] = .array(statuses)
                    }
                    pods[i] = pod
                    out += Recording.objectLine(at: at, kind: .pod, type: "MODIFIED", object: pod)
                    lines += 1
                }
            }
            try handle.write(contentsOf: Data(out.utf8))
        }
        Generate.log(String(format: "%@: %d pods, then %d changes a second for %d s (%d lines), in %.1f s",
                            (path as NSString).lastPathComponent, count, rate, seconds, lines, Date().timeIntervalSince(t0)))
    }
}
