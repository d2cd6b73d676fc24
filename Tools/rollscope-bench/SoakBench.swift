import Foundation
import RolloutCore
import RolloutSim
import Soak

/// `rollscope-bench soak`: a generated day of namespace churn through the live path, with and
/// without pruning; prints a sample line every `--sample-minutes` of simulated time and a
/// summary (element counts and RSS at start, middle and end, wall time, cost per change).
enum SoakBench {
    static func run(hours: Double, keep: Int?, sampleMinutes: Double, renderEvery: Int) {
        var config = Soak.Config(churn: .namespace(hours: hours), retention: keep.map { Retention(keepRollouts: $0) })
        config.sampleEvery = sampleMinutes * 60
        config.renderEvery = renderEvery
        print("soak: \(String(format: "%.1f", hours)) h of churn, " + (keep.map { "--keep-rollouts \($0) (forget after 1h)" } ?? "no pruning") + ", a frame every \(renderEvery) drain(s)")
        let r = Soak.run(config) { s in
            print(String(format: "  t=%5.2fh pod_changes=%6d items=%6d ", s.hours, s.podChanges, s.items)
                  + "\(s.footprint) total=\(s.footprint.total) remembered=\(s.remembered) rss_kb=\(s.rssKB ?? -1)")
            fflush(nil)
        }
        let samples = r.samples
        func at(_ f: Double) -> Soak.Sample { samples[min(samples.count - 1, Int(Double(samples.count - 1) * f))] }
        let quarter = max(1, samples.count / 4)
        // The first quarter includes the ramp-up (nothing is prunable for the first hour or
        // two); its maximum is what the rest must stay near.
        let first = samples.prefix(quarter)
        let last = samples.suffix(quarter)
        let firstMax = first.map(\.footprint.total).max() ?? 0
        let lastMax = last.map(\.footprint.total).max() ?? 0
        let firstRSS = first.compactMap(\.rssKB).max() ?? 0
        let lastRSS = last.compactMap(\.rssKB).max() ?? 0
        print("summary:")
        print("  pod_changes=\(r.podChanges) items=\(r.items) rollouts=\(r.rollouts) pods_created=\(r.podsCreated) simulated_hours=\(hours)")
        for (name, s) in [("start", at(0)), ("middle", at(0.5)), ("end", at(1))] {
            print(String(format: "  %-6@ t=%5.2fh total=%d rss_kb=%d ", name as NSString, s.hours, s.footprint.total, s.rssKB ?? -1) + "\(s.footprint)")
        }
        print("  first_quarter_max_total=\(firstMax) last_quarter_max_total=\(lastMax) ratio=\(String(format: "%.2f", Double(lastMax) / Double(max(1, firstMax))))")
        print("  first_quarter_max_rss_kb=\(firstRSS) last_quarter_max_rss_kb=\(lastRSS) ratio=\(String(format: "%.2f", Double(lastRSS) / Double(max(1, firstRSS))))")
        print(String(format: "  wall_seconds=%.1f ingest_seconds=%.2f receive_seconds=%.2f render_seconds=%.2f sample_seconds=%.2f",
                     r.wallSeconds, r.ingestSeconds, r.receiveSeconds, r.renderSeconds, r.sampleSeconds))
        let perItem = r.ingestSeconds / Double(max(1, r.items))
        let perDrain = r.receiveSeconds / Double(max(1, r.drains))
        let perFrame = r.renderSeconds / Double(max(1, r.frames))
        print(String(format: "  per_change_ingest_us=%.1f per_drain_receive_us=%.1f (store append, pruning amortized) per_frame_render_ms=%.2f (model rebuild + draw at 120x40) drains=%d frames=%d",
                     perItem * 1e6, perDrain * 1e6, perFrame * 1e3, r.drains, r.frames))
        print(String(format: "  prunes=%d prune_seconds=%.2f (%.1f ms each, in the drains that pruned) append_only_per_drain_us=%.1f",
                     r.prunes, r.pruneSeconds, 1e3 * r.pruneSeconds / Double(max(1, r.prunes)),
                     1e6 * (r.receiveSeconds - r.pruneSeconds) / Double(max(1, r.drains - r.prunes))))
        // What the dashboard costs over the day if every drain with data redraws (as TerminalApp does).
        let dayCPU = Double(r.items) * perItem + Double(r.drains) * (perDrain + perFrame)
        print(String(format: "  dashboard_cpu_seconds=%.1f over %.1f simulated hours = %.3f%% of a core; per change (ingest + its share of redraws) %.2f ms",
                     dayCPU, hours, 100 * dayCPU / (hours * 3600), 1000 * dayCPU / Double(max(1, r.items))))
        print("  history: \(r.history.rolloutCount) rollouts summarised, \(r.history.summaries.count) lines, \(r.history.folded.summaries) folded, \(r.history.prunedPods) pods pruned; workloads on screen \(r.workloads)")
        print("  last frame (workloads overlay):")
        for line in r.screen.prefix(40) where !line.isEmpty { print("    " + line) }
    }
}

/// `rollscope-bench churn DIR [--hours H]`: the soak's generated churn as files `report` and
/// `replay` read (pod, event and EndpointSlice watch streams, deployments, JSON Lines signals).
enum ChurnDump {
    static func run(dir: String, hours: Double) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var files: [ChurnItem.Kind: String] = [:]
        var generator = ChurnGenerator(.namespace(hours: hours))
        while let item = generator.next() { files[item.kind, default: ""] += item.text + "\n" }
        let names: [(ChurnItem.Kind, String)] = [(.pod, "pods-watch.json"), (.event, "events-watch.json"), (.slice, "slices-watch.json"),
                                                 (.deployment, "deployments.json"), (.signal, "signals.jsonl")]
        for (kind, name) in names {
            try Data((files[kind] ?? "").utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        print("churn: \(generator.podChanges) pod changes, \(generator.rollouts) rollouts, \(generator.podsCreated) pods in \(dir)")
    }
}
