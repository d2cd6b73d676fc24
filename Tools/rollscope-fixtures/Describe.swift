import RolloutCore
import RolloutSim

/// A readable account of one run: every pod's life and every failed request, in seconds from
/// the start. For tuning a scenario.
enum Describe {
    static func run(_ s: SimScenario) -> String {
        let o = Simulator.run(s)
        func t(_ i: Instant?) -> String { i.map { String(format: "%+.1f", $0 - o.start) } ?? "-" }
        var out = "== \(s.name): \(o.start) .. \(o.end), completed \(o.completedAt.map { "+\(Int($0 - o.start)) s" } ?? "no")\n"
        for p in o.pods {
            out += "  \(p.role) \(p.name) \(p.node ?? "-") \(p.ip ?? "-") ip \(t(p.ipAssignedAt)) created \(t(p.createdAt))"
                + " initialized \(t(p.initializedAt)) ready \(t(p.readyAt)) requested \(t(p.deletionRequestedAt))"
                + " killing \(t(p.killingAt)) exit \(t(p.finishedAt)) terminal \(t(p.terminalShownAt)) gone \(t(p.deletedAt))"
                + " drops \(p.drops)"
            for c in p.initContainers {
                out += " [\(c.name): " + c.runs.map { "\(t($0.startedAt))..\(t($0.finishedAt)) \($0.exitCode.map(String.init) ?? "-")" }
                    .joined(separator: ", ") + "]"
            }
            out += "\n"
        }
        for d in o.drops {
            out += "  drop \(d.pod) \(d.ip) \(d.status)\(d.reset ? " reset" : "") sent \(t(d.sentAt)) logged \(t(d.loggedAt))\n"
        }
        return out
    }
}
