import Foundation

let args = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, _ fallback: Double) -> Double {
    if let i = args.firstIndex(of: name), i + 1 < args.count, let v = Double(args[i + 1]) { return v }
    return fallback
}

func positional(after count: Int) -> [String] {
    var out: [String] = []
    var i = count
    while i < args.count {
        if args[i].hasPrefix("--") { i += ["--keep-events", "--fixed-cursor", "--no-prune"].contains(args[i]) ? 1 : 2; continue }
        out.append(args[i])
        i += 1
    }
    return out
}

do {
    switch args.first {
    case "generate":
        let rest = positional(after: 1)
        guard let dir = rest.first else { throw BenchUsage() }
        try Generate.run(dir: dir, only: Set(rest.dropFirst()))
    case "pod-list":
        let rest = positional(after: 1)
        guard rest.count == 2, let count = Int(rest[0]), count > 0 else { throw BenchUsage() }
        try Generate.podList(count: count, to: rest[1])
    case "churn-recording":
        let rest = positional(after: 1)
        guard rest.count == 2, let count = Int(rest[0]), count > 0 else { throw BenchUsage() }
        try ChurnRecording.write(count: count, seconds: Int(option("--seconds", 900)), rate: Int(option("--rate", 10)), to: rest[1])
    case "replay-first-frame":
        let files = positional(after: 1)
        guard !files.isEmpty else { throw BenchUsage() }
        try FirstFrame.run(files: files)
        fflush(nil)
        // Leave without tearing the store down, as the measurement ends at the first frame.
        exit(0)
    case "phases":
        guard let file = positional(after: 1).first else { throw BenchUsage() }
        try Phases.run(file: file, repeats: Int(option("--repeat", 3)))
    case "idle-inprocess":
        guard let file = positional(after: 1).first else { throw BenchUsage() }
        try IdleInProcess.run(podsFile: file, seconds: option("--seconds", 30), every: option("--every", 0.1),
                              fixedCursor: args.contains("--fixed-cursor"))
    case "proc-cpu":
        guard let pid = positional(after: 1).first.flatMap({ Int($0) }) else { throw BenchUsage() }
        try ProcCPU.run(pid: pid, seconds: option("--seconds", 30), windows: Int(option("--windows", 3)))
    case "fake-api":
        guard let kubeconfig = positional(after: 1).first else { throw BenchUsage() }
        try FakeServer.run(kubeconfig: kubeconfig, seconds: option("--seconds", 600), restSeconds: option("--rest", 4000),
                           keepEvents: args.contains("--keep-events"))
    case "fake-cluster":
        guard let kubeconfig = positional(after: 1).first else { throw BenchUsage() }
        try FakeCluster.run(kubeconfig: kubeconfig, seconds: option("--seconds", 600), namespaces: Int(option("--namespaces", 40)),
                            workloads: Int(option("--workloads", 3)), replicas: Int(option("--replicas", 26)),
                            churn: option("--churn", 2), lead: option("--lead", 60), rolloutReplicas: Int(option("--rollout-replicas", 12)),
                            speed: option("--speed", 1))
    case "soak":
        let keep = args.contains("--no-prune") ? nil : Int(option("--keep-rollouts", 5))
        SoakBench.run(hours: option("--hours", 24), keep: keep, sampleMinutes: option("--sample-minutes", 60),
                      renderEvery: Int(option("--render-every", 1)))
    case "churn":
        guard let dir = positional(after: 1).first else { throw BenchUsage() }
        try ChurnDump.run(dir: dir, hours: option("--hours", 24))
    case "signal-log":
        guard let dir = positional(after: 1).first else { throw BenchUsage() }
        try SignalLog.write(dir: dir)
    case "signal-parse":
        guard let file = positional(after: 1).first else { throw BenchUsage() }
        try SignalLog.parse(file: file, repeats: Int(option("--repeat", 3)))
    case "timed":
        guard let dash = args.firstIndex(of: "--") else { throw BenchUsage() }
        try Timed.run(Array(args[(dash + 1)...]))
    case "shapes-summary":
        let rest = positional(after: 1)
        guard rest.count == 2 else { throw BenchUsage() }
        try ShapesSummary.run(raw: rest[0], markdown: rest[1])
    case "summarize":
        let rest = positional(after: 1)
        guard rest.count == 2 else { throw BenchUsage() }
        try Summary.run(raw: rest[0], markdown: rest[1])
    default:
        throw BenchUsage()
    }
} catch is BenchUsage {
    FileHandle.standardError.write(Data("""
    usage: rollscope-bench generate DIR [pods|rollout|steady|shapes|sidecars|env|status|real|yaml|compact]...
           rollscope-bench pod-list COUNT FILE       (a kubectl List of COUNT pods, three workloads mid-rollout)
           rollscope-bench churn-recording COUNT FILE [--seconds 900] [--rate 10]   (that List, then pods changing)
           rollscope-bench replay-first-frame FILE...
           rollscope-bench phases FILE [--repeat N]
           rollscope-bench idle-inprocess PODS-LIST [--seconds 30] [--every 0.1] [--fixed-cursor]
           rollscope-bench proc-cpu PID [--seconds 30] [--windows 3]
           rollscope-bench summarize RAW.txt RESULTS.md
           rollscope-bench timed -- COMMAND [ARG]...   (wall, CPU seconds and peak memory of one run)
           rollscope-bench shapes-summary RAW.txt SHAPES.md
           rollscope-bench signal-log DIR            (a large access log of every proxy format, and its pods)
           rollscope-bench signal-parse FILE [--repeat 3]
           rollscope-bench churn DIR [--hours 24]
           rollscope-bench soak [--hours 24] [--keep-rollouts 5 | --no-prune] [--sample-minutes 60] [--render-every 1]
           rollscope-bench fake-api KUBECONFIG [--seconds 600] [--rest 4000] [--keep-events]
           rollscope-bench fake-cluster KUBECONFIG [--seconds 600] [--namespaces 40] [--workloads 3] [--replicas 26]
                                        [--churn 2] [--lead 60] [--rollout-replicas 12] [--speed 1]

    """.utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("rollscope-bench: \(error)\n".utf8))
    exit(1)
}

struct BenchUsage: Error {}
