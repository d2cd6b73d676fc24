import Foundation
import RolloutCore
import RolloutLive
import RolloutUI
#if canImport(Glibc)
import Glibc
#endif

func processCPUSeconds() -> Double {
    var u = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
}

/// The idle cost of `rollscope watch`'s own loop without kubectl or a terminal: a LiveSession
/// drained and the App rendered at 120x40 every `every` seconds (TerminalApp's live tick is
/// 100 ms; since a9e75bb it draws an unchanged screen only once a second), with the 1000 pods
/// loaded once and no change after.
enum IdleInProcess {
    /// `fixedCursor`: the cursor is not moved to "now" each frame, so App's model cache hits:
    /// what a frame costs when the model is not rebuilt (the floor for a cached model).
    static func run(podsFile: String, seconds: Double, every: Double, fixedCursor: Bool) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: podsFile))
        let wall: @Sendable () -> Instant = { Instant(seconds: Date().timeIntervalSince1970) }
        let decoded = try InputLoader.decode(data: data, name: "pods", source: 0, explicitTime: wall(), scope: "live pods")
        let session = LiveSession(config: LiveConfig(kubectl: Kubectl(), target: .deployment("web")), wallClock: wall)
        var app = App(store: ObservationStore(), mode: .live, source: "bench")
        app.receive(decoded.observations)
        app.setNow(session.now())
        var cells = app.render(width: 120, height: 40).cells.count
        let cpu0 = processCPUSeconds()
        let t0 = monotonic()
        var frames = 0
        var next = t0
        while monotonic() - t0 < seconds {
            let (observations, signals, status) = session.drain()
            if !observations.isEmpty || !signals.isEmpty { app.receive(observations, signals: signals) }
            if !fixedCursor { app.setNow(session.now()) }
            app.state.liveProblem = status.problem
            cells &+= app.render(width: 120, height: 40).cells.count
            frames += 1
            next += every
            let wait = next - monotonic()
            if wait > 0 { usleep(UInt32(wait * 1e6)) }
        }
        let wallSeconds = monotonic() - t0
        let cpu = processCPUSeconds() - cpu0
        print((fixedCursor ? "fixed_cursor " : "") + String(format: "every=%.2f ", every) + String(format: "idle_inprocess_cpu_percent=%.2f frames=%d wall_seconds=%.1f cpu_seconds=%.3f ms_per_frame=%.2f pods=%d cells=%d",
                     100 * cpu / wallSeconds, frames, wallSeconds, cpu, 1000 * cpu / Double(max(1, frames)),
                     app.visiblePods().count, cells))
    }
}

/// CPU of a running process and its children, sampled from /proc over a window.
enum ProcCPU {
    struct Sample { var own: Double; var reaped: Double; var live: Double }

    static func ticks(_ pid: Int) -> (own: Double, reaped: Double)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let f = stat[stat.index(after: close)...].split(separator: " ")
        // f[0] is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17.
        guard f.count > 14, let ut = Double(f[11]), let st = Double(f[12]), let cut = Double(f[13]), let cst = Double(f[14]) else { return nil }
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ((ut + st) / hz, (cut + cst) / hz)
    }

    /// Live descendants of `pid` (children's children too).
    static func descendants(_ pid: Int) -> [Int] {
        var out: [Int] = []
        var queue = [pid]
        while let p = queue.popLast() {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(p)/task")) ?? []
            for t in tasks {
                guard let text = try? String(contentsOfFile: "/proc/\(p)/task/\(t)/children", encoding: .utf8) else { continue }
                for c in text.split(separator: " ").compactMap({ Int($0) }) where !out.contains(c) {
                    out.append(c)
                    queue.append(c)
                }
            }
        }
        return out
    }

    static func sample(_ pid: Int) -> (Sample, [Int: Double])? {
        guard let me = ticks(pid) else { return nil }
        var live: [Int: Double] = [:]
        for c in descendants(pid) { if let t = ticks(c) { live[c] = t.own } }
        return (Sample(own: me.own, reaped: me.reaped, live: live.values.reduce(0, +)), live)
    }

    /// Prints rollscope's own CPU and its kubectl children's over `seconds`, as a whole and in
    /// `windows` equal parts (to show a trend).
    static func run(pid: Int, seconds: Double, windows: Int) throws {
        var samples: [(Double, Sample, [Int: Double])] = []
        for i in 0...max(1, windows) {
            if i > 0 { usleep(UInt32(seconds / Double(max(1, windows)) * 1e6)) }
            guard let (s, live) = sample(pid) else { throw InputError(file: "/proc/\(pid)", message: "no such process (it exited?)") }
            samples.append((monotonic(), s, live))
        }
        func between(_ a: (Double, Sample, [Int: Double]), _ b: (Double, Sample, [Int: Double])) -> (own: Double, children: Double, wall: Double) {
            // Children that exit during the window are reaped into cutime/cstime; the ones
            // alive at the end are read directly, less what they had used before the window.
            var children = b.1.reaped - a.1.reaped
            for (c, cpu) in b.2 { children += cpu - (a.2[c] ?? 0) }
            for (c, cpu) in a.2 where b.2[c] == nil { children -= cpu }
            return (b.1.own - a.1.own, children, b.0 - a.0)
        }
        let all = between(samples[0], samples[samples.count - 1])
        var parts: [String] = []
        for i in 1..<samples.count {
            let w = between(samples[i - 1], samples[i])
            parts.append(String(format: "%.2f", 100 * w.own / w.wall))
        }
        print(String(format: "own_cpu_percent=%.2f children_cpu_percent=%.2f wall_seconds=%.1f own_cpu_seconds=%.3f children_cpu_seconds=%.3f children_alive=%d",
                     100 * all.own / all.wall, 100 * all.children / all.wall, all.wall, all.own, all.children,
                     samples[samples.count - 1].2.count) + " own_cpu_percent_windows=" + parts.joined(separator: ","))
    }
}
