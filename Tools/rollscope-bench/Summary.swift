import Foundation

/// Turns the `key=value` lines bench.sh collected into the results table (stdout and Markdown).
enum Summary {
    static func run(raw: String, markdown: String) throws {
        let text = try String(contentsOfFile: raw, encoding: .utf8)
        var v: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            v[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        func d(_ k: String) -> Double? { v[k].flatMap { Double($0) } }
        func s(_ x: Double?, _ unit: String = "s") -> String {
            guard let x else { return "n/a" }
            if unit == "s" { return String(format: "%.3f s", x) }
            return String(format: "%.2f%@", x, unit)
        }
        func mb(_ bytes: Double?) -> String { bytes.map { String(format: "%.1f MB", $0 / 1e6) } ?? "n/a" }

        struct Row { var measure: String; var value: String; var target: String; var met: Bool? }
        var rows: [Row] = []
        var notes: [String] = (v["notes"] ?? "").isEmpty ? [] : [v["notes"]!]
        func verdict(_ met: Bool?) -> String { met.map { $0 ? "yes" : "**NO**" } ?? "n/a" }

        // Report throughput against the peers.
        let rs = d("report_rollscope_median"), jq = d("report_jq_median"), py = d("report_python_median")
        let jqRatio = rs.flatMap { r in jq.map { $0 / r } }
        let pyRatio = rs.flatMap { r in py.map { $0 / r } }
        let minJq = d("report_rollscope_min").flatMap { r in d("report_jq_min").map { $0 / r } }
        let minPy = d("report_rollscope_min").flatMap { r in d("report_python_min").map { $0 / r } }
        rows.append(Row(measure: "report vs jq: jq time / rollscope time (pods-5000.json, \(mb(d("input_bytes"))))",
                        value: String(format: "%@ (min-based %@)", s(jqRatio, "x"), s(minJq, "x")),
                        target: ">= 10x", met: jqRatio.map { $0 >= 10 }))
        rows.append(Row(measure: "report vs python3 \(v["python_version"] ?? "?"): python time / rollscope time",
                        value: String(format: "%@ (min-based %@)", s(pyRatio, "x"), s(minPy, "x")),
                        target: ">= 5x", met: pyRatio.map { $0 >= 5 }))
        // First frame.
        for (key, label) in [("ff_recording", "replay first frame, 300-pod recording (.rollout)"),
                             ("ff_watch", "replay first frame, 300-pod watch stream")] {
            let m = d(key + "_median")
            rows.append(Row(measure: label, value: "\(s(m)) (min \(s(d(key + "_min"))); wall \(s(d(key + "_wall_median"))))",
                            target: "< 0.5 s", met: m.map { $0 < 0.5 }))
        }
        // Memory.
        let rss = d("report_peak_rss_kb").map { $0 * 1024 }
        let memRatio = rss.flatMap { r in d("input_bytes").map { r / $0 } }
        rows.append(Row(measure: "report peak RSS / input size (\(mb(rss)) / \(mb(d("input_bytes"))))",
                        value: s(memRatio, "x"), target: "< 3x", met: memRatio.map { $0 < 3 }))
        // Recording size.
        let rec = d("bytes_recording"), watch = d("bytes_watch"), snaps = d("bytes_snapshots")
        let recRatio = rec.flatMap { r in watch.map { r / $0 } }
        rows.append(Row(measure: "recording bytes / watch stream bytes (\(mb(rec)) / \(mb(watch)))",
                        value: s(recRatio, "x"), target: "<= 1.2x", met: recRatio.map { $0 <= 1.2 }))
        let snapRatio = rec.flatMap { r in snaps.map { r / $0 } }
        rows.append(Row(measure: "recording bytes / raw snapshots polled every 2 s (\(mb(rec)) / \(mb(snaps)), \(v["snapshot_count"] ?? "?") Lists)",
                        value: snapRatio.map { String(format: "%.4fx (%.0fx smaller)", $0, 1 / $0) } ?? "n/a",
                        target: "(context)", met: nil))
        // Idle.
        if let own = d("idle_own_pct") {
            let windows = (v["idle_own_windows"] ?? "").split(separator: ",").compactMap { Double($0) }
            if let first = windows.first, let last = windows.last, windows.count > 1, last > first * 1.25 + 0.5 {
                notes.append(String(format: "idle CPU rose from %.1f%% to %.1f%% of a core within the measurement: it grows with time, a longer run would show more", first, last))
            }
            if let a = d("idle_rss_start_kb"), let b = d("idle_rss_end_kb"), b > a * 1.05 {
                notes.append(String(format: "rollscope watch's RSS grew from %.0f MB to %.0f MB while idle", a / 1024, b / 1024))
            }
            rows.append(Row(measure: "idle `rollscope watch` on 1000 pods via FakeKubeAPI + kubectl, rollscope's own CPU (windows: \(v["idle_own_windows"] ?? "?"))",
                            value: s(own, "% of a core"), target: "< 2%", met: own < 2))
            rows.append(Row(measure: "  ... plus its kubectl children (watch + event/slice/deployment polls every 2 s)",
                            value: s(d("idle_children_pct"), "% of a core"), target: "(context)", met: nil))
        }
        if let own = d("idle_events_own_pct") {
            rows.append(Row(measure: "idle `rollscope watch`, same, with the rollout's events still listed (windows: \(v["idle_events_own_windows"] ?? "?"))",
                            value: s(own, "% of a core") + " + " + s(d("idle_events_children_pct"), "% kubectl"), target: "< 2%", met: own < 2))
            if let a = d("idle_events_rss_start_kb"), let b = d("idle_events_rss_end_kb") {
                notes.append(String(format: "with events listed, rollscope watch's RSS went from %.0f MB to %.0f MB while idle", a / 1024, b / 1024))
            }
        }
        if let inproc = d("idle_inprocess_pct") {
            // The fallback when the real watch could not be measured; otherwise context.
            let fallback = v["idle_own_pct"] == nil
            let what = "idle cost of the watch code path alone (LiveSession drain + App.render 120x40, 1000 pods, no kubectl, no terminal)"
            let label = fallback ? what + "; FakeKubeAPI not used: \(v["idle_fallback_reason"] ?? "?")" : what
            var value = s(inproc, "%") + " every 100 ms (\(s(d("idle_inprocess_ms_per_frame"), " ms")) a frame)"
            if let slow = d("idle_inprocess_1s_pct") { value += ", " + s(slow, "%") + " every 1 s" }
            rows.append(Row(measure: label, value: value, target: fallback ? "< 2%" : "(context)", met: fallback ? inproc < 2 : nil))
        }

        var md = "# rollscope benchmark\n\n"
        md += "Run \(v["date"] ?? "?") on \(v["host"] ?? "?") (\(v["nproc"] ?? "?") CPUs, load \(v["load"] ?? "?")), "
        md += "rollscope \(v["commit"] ?? "?"). Timings: \(v["runs"] ?? "5") interleaved runs each, median (min); ratios from medians. "
        md += "The 300-pod rollout: \(v["rollout_pods"] ?? "?") pods over \(v["rollout_seconds"] ?? "?") s, \(v["watch_events"] ?? "?") watch events.\n\n"
        md += "| measure | result | target | met |\n| --- | --- | --- | --- |\n"
        for r in rows { md += "| \(r.measure) | \(r.value) | \(r.target) | \(verdict(r.met)) |\n" }
        md += "\n## Raw timings\n\n| command | median | min | peak RSS |\n| --- | --- | --- | --- |\n"
        for (k, label) in [("report_rollscope", "rollscope report pods-5000.json --format json"), ("report_jq", "jq '.items|length' (\(v["jq_version"] ?? "jq"))"),
                           ("report_python", "python3 json.load (\(v["python_path"] ?? "python3"))")] {
            let rssKey = k.replacingOccurrences(of: "report_", with: "") + "_peak_rss_kb"
            let peak = k == "report_rollscope" ? d("report_peak_rss_kb") : d(rssKey)
            md += "| \(label) | \(s(d(k + "_median"))) | \(s(d(k + "_min"))) | \(mb(peak.map { $0 * 1024 })) |\n"
        }
        if !notes.isEmpty { md += "\nNotes:\n\n" + notes.map { "- " + $0 + "\n" }.joined() }
        if let phases = try? String(contentsOfFile: (markdown as NSString).deletingLastPathComponent + "/phases.txt", encoding: .utf8) {
            md += "\n## Where `rollscope report` spends its time (pods-5000.json, in-process, `rollscope-bench phases`)\n\n```\n\(phases)```\n"
        }
        try md.write(toFile: markdown, atomically: true, encoding: .utf8)

        // The terminal table.
        let w0 = rows.map(\.measure.count).max() ?? 10, w1 = rows.map(\.value.count).max() ?? 10
        func pad(_ t: String, _ n: Int) -> String { t.count >= n ? t : t + String(repeating: " ", count: n - t.count) }
        print(pad("measure", w0) + "  " + pad("result", w1) + "  " + pad("target", 9) + "  met")
        for r in rows {
            print(pad(r.measure, w0) + "  " + pad(r.value, w1) + "  " + pad(r.target, 9) + "  " + (r.met.map { $0 ? "yes" : "NO" } ?? "-"))
        }
        for n in notes { print("note: " + n) }
    }
}
