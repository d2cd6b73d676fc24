import Foundation
import RolloutCore
import RolloutSim

/// A large access log of mixed formats for the signal parser's throughput: one simulated
/// rollout with heavy traffic, every request written once in each proxy format the simulator
/// models, the formats interleaved line by line (as `kubectl logs` of several proxies would mix
/// them), and the pod watch to report it against. A pure function of the scenario's seed.
enum SignalLog {
    /// The no-prestop rollout (4 replicas, 502s, 499s, 504s) at 1,500 requests a second.
    static let scenario: SimScenario = {
        var s = SimScenario.noPrestop
        s.name = "bench-signals"
        s.requestsPerSecond = 1500
        s.seed = 1500
        return s
    }()

    static func write(dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let o = Simulator.run(scenario)
        try Data(o.watchStream().utf8).write(to: URL(fileURLWithPath: dir + "/pods-watch.json"))
        let formats = SimProxyFormat.allCases
        // Every format's lines, then interleaved: request i of pass k in format (i + k) mod n.
        let lines = formats.map { o.proxyLog($0).split(separator: "\n", omittingEmptySubsequences: false).dropLast() }
        let path = dir + "/signals.log"
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 22)
        var count = 0
        for pass in formats.indices {
            for i in lines[0].indices {
                let f = (i + pass) % formats.count
                buffer += lines[f][i].utf8
                buffer.append(0x0A)
                count += 1
                if buffer.count >= 1 << 22 { try handle.write(contentsOf: buffer); buffer.removeAll(keepingCapacity: true) }
            }
        }
        try handle.write(contentsOf: buffer)
        try handle.close()
        var drops: [String: Int] = [:]
        for d in o.drops { drops[d.pod, default: 0] += 1 }
        Generate.log("\(path): \(count) lines, \(o.requests.count) requests x \(formats.count) formats; drops per pod x \(formats.count): \(drops.sorted { $0.key < $1.key })")
    }

    /// Reads `file` with the signal parser in this process: lines a second, no report.
    static func parse(file: String, repeats: Int) throws {
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            let (result, _) = try SignalParser.parse(file: file)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let lines = result.linesRead + result.skipped
            print(String(format: "parse: %d lines (%d signals) in %.3f s: %.2f M lines/s", lines, result.signals.count, seconds,
                         Double(lines) / seconds / 1e6))
        }
    }
}
