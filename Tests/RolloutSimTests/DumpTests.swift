import Foundation
import Testing
import RolloutCore
@testable import RolloutSim

/// `SIM_DUMP=1 swift test --filter dumpScenarios`: prints each preset's ground truth and
/// rollscope's report, and leaves the saved files in the temporary folder.
@Test(.enabled(if: ProcessInfo.processInfo.environment["SIM_DUMP"] != nil))
func dumpScenarios() throws {
    let only = ProcessInfo.processInfo.environment["SIM_DUMP"] ?? "1"
    for s in SimScenario.all where only == "1" || only == s.name {
        let a = try analyze(s)
        let o = a.output
        print("== \(s.name): \(a.directory.path)")
        print("   records \(o.records.count), \(o.start) .. \(o.end), completed \(o.completedAt.map { "\($0.clock) (+\(Int($0 - o.start)) s)" } ?? "no")")
        for p in o.pods {
            var line = "   \(p.role) \(p.name) \(p.node ?? "-") \(p.ip ?? "-") created +\(Int(p.createdAt - o.start))"
            if let r = p.readyAt { line += " ready +\(String(format: "%.1f", r - o.start))" }
            if let q = p.deletionRequestedAt, let f = p.finishedAt {
                line += " requested +\(String(format: "%.1f", q - o.start)) ended after \(String(format: "%.2f", f - q)) s exit \(p.exitCode ?? -1)"
            }
            if p.initFailures > 0 { line += " init failures \(p.initFailures)" }
            if p.drops > 0 { line += " drops \(p.drops)" }
            print(line)
        }
        let statuses = Dictionary(grouping: o.drops, by: \.status).mapValues(\.count).sorted { $0.key < $1.key }
        print("   drops by status: \(statuses)")
        print(ReportText.render(a.model))
    }
}
