/// The history of pruned rollouts in reports: a section in text and Markdown, a `history`
/// object in JSON (present only when something was pruned, so other reports are unchanged).
extension ReportText {
    static func history(_ h: RolloutHistory, markdown md: Bool) -> [String] {
        guard !h.isEmpty else { return [] }
        var out: [String] = []
        let n = h.rolloutCount
        let title = "\(TextLayout.count(n, "earlier rollout")) summarised, \(TextLayout.count(h.prunedPods, "pod")) pruned"
        out.append(md ? "## History" : "HISTORY  " + title)
        out.append(md ? title + "." : "")
        let findings = h.findings
        let totals = Finding.Severity.allCases.reversed().map { s in (s, findings.filter { $0.severity == s }.reduce(0) { $0 + $1.count }) }
        var line = "findings  " + totals.map { "\($0.1) \($0.0.rawValue)\($0.1 == 1 || $0.0 == .info ? "" : "s")" }.joined(separator: ", ")
        let kinds = findings.filter { $0.severity != .info }.map { "\($0.kind) x\($0.count)" }
        if !kinds.isEmpty { line += " (" + kinds.joined(separator: ", ") + ")" }
        out.append(md ? "- " + line : "  " + line)
        if h.folded.summaries > 0 {
            let f = h.folded
            let span = (f.from.map { $0.clock } ?? "?") + "-" + (f.until.map { $0.clock } ?? "?")
            let text = "\(f.summaries) older summaries folded (\(span)): \(f.rollouts) rollouts, \(f.pods) pods, \(f.droppedConnections) dropped connections"
            out.append(md ? "- " + text : "  " + text)
        }
        for s in h.summaries { out.append(md ? "- " + s.line : "  " + s.line) }
        return out
    }
}

extension ReportJSON {
    static func history(_ h: RolloutHistory, _ w: inout JSONWriter) {
        w.beginObject()
        w.key("rollouts"); w.int(h.rolloutCount)
        w.key("prunedPods"); w.int(h.prunedPods)
        w.key("findings"); counts(h.findings, &w)
        w.key("summaries"); w.beginArray()
        for s in h.summaries {
            w.beginObject()
            w.key("kind"); w.string(s.kind.rawValue)
            w.key("workload"); w.string(s.workload)
            w.key("namespace"); w.string(s.namespace)
            w.key("fromReplicaSet"); w.string(s.fromReplicaSet)
            w.key("toReplicaSet"); w.string(s.toReplicaSet)
            w.key("startedAt"); time(s.startedAt, &w)
            w.key("finishedAt"); time(s.finishedAt, &w)
            w.key("seconds"); w.number(s.seconds)
            w.key("from"); time(s.from, &w)
            w.key("until"); time(s.until, &w)
            w.key("oldPods"); w.int(s.oldPods)
            w.key("newPods"); w.int(s.newPods)
            w.key("desiredReplicas"); w.int(s.desiredReplicas)
            w.key("droppedConnections"); w.int(s.droppedConnections)
            w.key("worstTermination")
            if let t = s.worstTermination {
                w.beginObject()
                w.key("pod"); w.string(t.pod)
                w.key("seconds"); w.number(t.seconds)
                w.key("secondsAtMost"); w.number(t.secondsAtMost)
                w.key("gracePeriodSeconds"); w.int(t.gracePeriodSeconds)
                w.key("killed"); w.bool(t.killed)
                w.key("exceededGrace"); w.bool(t.exceededGrace)
                w.endObject()
            } else {
                w.null()
            }
            w.key("findings"); counts(s.findings, &w)
            w.endObject()
        }
        w.endArray()
        let f = h.folded
        w.key("folded"); w.beginObject()
        w.key("summaries"); w.int(f.summaries)
        w.key("rollouts"); w.int(f.rollouts)
        w.key("pods"); w.int(f.pods)
        w.key("droppedConnections"); w.int(f.droppedConnections)
        w.key("from"); time(f.from, &w)
        w.key("until"); time(f.until, &w)
        w.key("findings"); counts(f.findings, &w)
        w.endObject()
        w.endObject()
    }

    static func counts(_ counts: [FindingCount], _ w: inout JSONWriter) {
        w.beginArray()
        for c in counts {
            w.beginObject()
            w.key("kind"); w.string(c.kind.rawValue)
            w.key("severity"); w.string(c.severity.rawValue)
            w.key("count"); w.int(c.count)
            w.endObject()
        }
        w.endArray()
    }
}
