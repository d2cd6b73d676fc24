import Foundation

/// `rollscope-bench timed -- COMMAND...`: runs one command with its stdout to /dev/null and
/// prints its wall seconds, CPU seconds (user and system, from wait4's rusage: microseconds,
/// not /usr/bin/time's hundredths) and peak resident memory.
enum Timed {
    static func run(_ argv: [String]) throws -> Never {
        guard !argv.isEmpty else { throw BenchUsage() }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var pid: pid_t = 0
        let start = monotonic()
        let rc = posix_spawnp(&pid, argv[0], &actions, nil, &cargs, environ)
        guard rc == 0 else {
            FileHandle.standardError.write(Data("rollscope-bench timed: cannot run \(argv[0]): \(String(cString: strerror(rc)))\n".utf8))
            exit(127)
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wall = monotonic() - start
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        let signal = status & 0x7F
        let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        print(String(format: "wall=%.6f user=%.6f sys=%.6f maxrss_kb=%d status=%d",
                     wall, seconds(usage.ru_utime), seconds(usage.ru_stime), usage.ru_maxrss, code))
        exit(0)
    }
}

/// `rollscope-bench shapes-summary RAW MD`: the per-shape table of `scripts/report-shapes.sh`
/// from its raw samples (`KEY=v1 v2 ...` lines), medians of the interleaved rounds.
enum ShapesSummary {
    static func run(raw: String, markdown: String) throws {
        let text = try String(contentsOfFile: raw, encoding: .utf8)
        var v: [String: String] = [:]
        var order: [String] = []
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            v[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        for s in (v["shapes"] ?? "").split(separator: " ") { order.append(String(s)) }
        func samples(_ k: String) -> [Double] { (v[k] ?? "").split(separator: " ").compactMap { Double($0) }.sorted() }
        func median(_ k: String) -> Double? {
            let s = samples(k)
            guard !s.isEmpty else { return nil }
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        func cell(_ prefix: String) -> String {
            guard let w = median(prefix + ".wall") else { return "n/a" }
            return String(format: "%.3f (%.3f)", w, median(prefix + ".cpu") ?? .nan)
        }
        func ratio(_ peer: Double?, _ mine: Double?) -> Double? {
            guard let peer, let mine, mine > 0 else { return nil }
            return peer / mine
        }
        func x(_ r: Double?) -> String { r.map { String(format: "%.1fx", $0) } ?? "n/a" }

        var out: [String] = []
        out.append("| shape | size | pods | rollscope json | rollscope text | jq / yq | python3 | vs jq (wall, CPU) | vs python3 (wall, CPU) | targets |")
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        var misses: [String] = []
        for shape in order {
            let p = "shape.\(shape)"
            let mb = Double(v[p + ".bytes"] ?? "").map { String(format: "%.1f MB", $0 / 1e6) } ?? "n/a"
            let yaml = v[p + ".format"] == "yaml"
            // The slower of the two formats is the one compared.
            let rsWall = [median(p + ".json.wall"), median(p + ".text.wall")].compactMap { $0 }.max()
            let rsCPU = [median(p + ".json.cpu"), median(p + ".text.cpu")].compactMap { $0 }.max()
            let jqWall = ratio(median(p + ".jq.wall"), rsWall), jqCPU = ratio(median(p + ".jq.cpu"), rsCPU)
            let pyWall = ratio(median(p + ".python.wall"), rsWall), pyCPU = ratio(median(p + ".python.cpu"), rsCPU)
            var verdict = "n/a"
            if yaml {
                verdict = "none (YAML)"
            } else if let jqWall, let pyWall {
                let met = jqWall >= 10 && pyWall >= 5
                verdict = met ? "met" : "**missed**"
                if !met { misses.append(shape) }
            }
            let jqName = yaml ? "yq " : ""
            let pyName = yaml ? "yaml " : ""
            out.append("| \(shape) | \(mb) | \(v[p + ".pods"] ?? "?") | \(cell(p + ".json")) | \(cell(p + ".text")) | \(jqName)\(cell(p + ".jq")) | \(pyName)\(cell(p + ".python")) | \(x(jqWall)), \(x(jqCPU)) | \(x(pyWall)), \(x(pyCPU)) | \(verdict) |")
        }
        var head: [String] = []
        head.append("`scripts/report-shapes.sh --runs \(v["runs"] ?? "?")` at \(v["date"] ?? "?") on \(v["host"] ?? "?"), \(v["nproc"] ?? "?") cores, commit \(v["commit"] ?? "?"); load average \(v["load_start"] ?? "?") at the start, \(v["load_end"] ?? "?") at the end.")
        head.append("")
        head.append("Seconds are medians of interleaved rounds, wall (CPU seconds, user + system, in brackets). rollscope is the \(v["build"] ?? "release") build running `report FILE --format json` and `report FILE` (text); ratios use the slower of the two. Peers: `jq '.items|length'` (\(v["jq_version"] ?? "?")) and `python3 -c 'json.load(...)'` (\(v["python_version"] ?? "?")); for YAML, `yq '.items|length'` (\(v["yq_version"] ?? "?")) and PyYAML \(v["pyyaml_version"] ?? "?") with `CSafeLoader` (libyaml). Targets (JSON shapes): 10x jq and 5x python3, wall.")
        if let notes = v["notes"], !notes.isEmpty { head.append(""); head.append("Notes: " + notes) }
        let table = (head + [""] + out + [""]).joined(separator: "\n")
        try Data(table.utf8).write(to: URL(fileURLWithPath: markdown))
        print(table)
        if !misses.isEmpty { print("missed targets: " + misses.joined(separator: ", ")) }
    }
}
