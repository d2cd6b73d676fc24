/// Each pod in full, folded (`<details>`, closed): what the timeline's titles say, in
/// tables: its times, init containers, containers with their exit codes and termination
/// messages, the termination analysis, its events, its EndpointSlice changes and the signals
/// that named it.
extension ReportHTML {
    /// At most this many signals per pod are listed (the count is always given).
    static let signalsPerPod = 20

    static func writePodDetails(_ w: inout MarkupWriter, _ r: Rollout, id: String) {
        w.start("div", ["class": "pod-details"])
        w.element("h3", "Pods in detail")
        for (i, p) in r.pods.enumerated() {
            w.start("details", ["id": "\(id)-pod-\(i)", "class": "pod-detail", "data-pod": p.name])
            w.element("summary") { w in
                w.element("span", ["class": "mono"], p.name)
                w.text(" \u{2014} \(p.role.rawValue), \(p.status)" + (p.termination.map { _ in ", termination \(p.terminationText)" } ?? ""))
            }
            writePodFacts(&w, p)
            if !p.initContainers.isEmpty { writeInitContainers(&w, p) }
            if !p.containers.isEmpty { writeContainers(&w, p) }
            if let t = p.termination { writeTermination(&w, t) }
            if !p.events.isEmpty { writeEvents(&w, p) }
            if !p.endpoint.isEmpty { writeEndpoint(&w, p) }
            if !p.signals.isEmpty { writeSignals(&w, p) }
            w.end()
            w.newline()
        }
        w.end()
    }

    static func time(_ t: Instant?) -> String { t?.clock ?? "-" }

    static func table(_ w: inout MarkupWriter, _ caption: String, _ header: [String], _ rows: [[String]]) {
        w.start("table", ["class": "detail"])
        w.element("caption", caption)
        w.element("thead") { w in w.element("tr") { w in for h in header { w.element("th", h) } } }
        w.start("tbody")
        for row in rows {
            w.element("tr") { w in for c in row { w.element("td", c) } }
        }
        w.end()
        w.end()
    }

    static func writePodFacts(_ w: inout MarkupWriter, _ p: PodTimeline) {
        let facts: [(String, String)] = [
            ("uid", p.uid), ("revision", "\(p.replicaSet) (\(p.role.rawValue))"), ("node", p.node ?? "-"), ("IP", p.ip ?? "-"),
            ("created", time(p.createdAt)), ("scheduled", time(p.scheduledAt)), ("initialized", time(p.initializedAt)),
            ("ready", time(p.readyAt)), ("gone", time(p.goneAt)), ("status", p.status + (p.phase.map { " (phase \($0))" } ?? "")),
        ]
        w.element("dl", ["class": "facts"]) { w in
            for (k, v) in facts { w.element("dt", k); w.element("dd", v) }
        }
    }

    static func writeInitContainers(_ w: inout MarkupWriter, _ p: PodTimeline) {
        let rows = p.initContainers.map { c in
            [c.name + (c.sidecar ? " (sidecar)" : ""), time(c.firstStartedAt ?? c.startedAt), time(c.finishedAt),
             c.exitCode.map(String.init) ?? (c.running ? "running" : "-"), c.reason ?? c.waitingReason ?? "-", String(c.restarts), c.message ?? ""]
        }
        table(&w, "Init containers", ["name", "started", "finished", "exit", "reason", "restarts", "termination message"], rows)
    }

    static func writeContainers(_ w: inout MarkupWriter, _ p: PodTimeline) {
        let rows = p.containers.map { c -> [String] in
            var hook = c.preStop.rawValue
            if let s = c.preStopSleepSeconds { hook += " \(s)s" } else if let cmd = c.preStopCommand { hook += ": " + cmd }
            return [c.name, hook, time(c.startedAt), time(c.finishedAt), c.exitCode.map(String.init) ?? "-", c.reason ?? "-",
                    String(c.restarts), c.message ?? ""]
        }
        table(&w, "Containers", ["name", "preStop", "started", "finished", "exit", "reason", "restarts", "termination message"], rows)
    }

    static func writeTermination(_ w: inout MarkupWriter, _ t: Termination) {
        var facts: [(String, String)] = [
            ("deletion requested", t.requestedAt.clock), ("grace period", "\(t.gracePeriodSeconds)s"),
            ("preStop", t.preStop.rawValue + (t.preStopSleepSeconds.map { " \($0)s" } ?? "")), ("Killing event", time(t.killingAt)),
            ("finished", time(t.finishedAt)),
        ]
        if let s = t.seconds { facts.append(("took", formatDuration(s))) }
        if let most = t.secondsAtMost { facts.append(("took at most", formatDuration(most))) }
        if let least = t.secondsAtLeast { facts.append(("took at least", formatDuration(least))) }
        if let over = t.exceededGrace { facts.append(("reached the grace period", over ? "yes" : "no")) }
        facts.append(("exit codes", t.exitCodes.isEmpty ? "not observed" : t.exitCodes.map { "\($0.container) \($0.code)" }.joined(separator: ", ")))
        if t.killed { facts.append(("SIGKILL", "yes (exit 137)")) }
        if let e = t.failedPreStop { facts.append(("FailedPreStopHook", e.message)) }
        w.element("h5", "Termination")
        w.element("dl", ["class": "facts"]) { w in
            for (k, v) in facts { w.element("dt", k); w.element("dd", v) }
        }
    }

    static func writeEvents(_ w: inout MarkupWriter, _ p: PodTimeline) {
        let rows = p.events.map { e in
            [time(e.at), e.type, e.reason, e.message, e.count > 1 ? "x\(e.count)" : ""]
        }
        table(&w, "Events", ["time", "type", "reason", "message", "count"], rows)
    }

    static func writeEndpoint(_ w: inout MarkupWriter, _ p: PodTimeline) {
        var rows: [[String]] = []
        var last: String?
        for e in p.endpoint.sorted(by: { $0.time < $1.time }) {
            let state = TimelineSVG.endpointState(e)
            if state != last { rows.append([e.time.clock, e.slice, state]) }
            last = state
        }
        table(&w, "EndpointSlice changes", ["time", "slice", "state"], rows)
    }

    static func writeSignals(_ w: inout MarkupWriter, _ p: PodTimeline) {
        let rows = p.signals.prefix(signalsPerPod).map { s in
            [s.time.clock, s.dropped ? "dropped" : "", s.summary, s.origin]
        }
        let more = p.signals.count > signalsPerPod ? " (first \(signalsPerPod) of \(p.signals.count))" : ""
        table(&w, "Signals" + more, ["time", "", "request", "source"], rows)
    }
}
