/// One rollout's section of the HTML report.
extension ReportHTML {
    static func writeRollout(_ w: inout MarkupWriter, _ r: Rollout, number: Int) {
        let id = "r\(number)"
        w.start("section", ["class": "rollout", "id": id])
        w.element("h2", headline(r))
        let verdict = r.verdict
        w.element("p", ["class": "verdict sev-\(verdict.worst?.rawValue ?? "none")"], "Verdict: " + verdict.text)
        writeFacts(&w, r)
        writeTimeline(&w, r, id: id)
        writeFindings(&w, r, id: id)
        writePodTable(&w, r, id: id)
        writePodDetails(&w, r, id: id)
        w.end()
        w.newline()
    }

    // MARK: Header

    static func writeFacts(_ w: inout MarkupWriter, _ r: Rollout) {
        var facts: [(String, String)] = []
        facts.append(("workload", (r.namespace.isEmpty ? "" : r.namespace + "/") + r.workload))
        facts.append(("kind", kindName(r)))
        let olds = r.replicaSets.filter { $0.role == .old }.map { "\($0.name) (\(TextLayout.count($0.pods, "pod")))" }
        let news = r.replicaSets.filter { $0.role == .new }.map { "\($0.name) (\(TextLayout.count($0.pods, "pod")))" }
        facts.append(("revisions", (olds.isEmpty ? "" : olds.joined(separator: ", ") + " → ") + news.joined(separator: ", ")))
        let day = String((r.startedAt ?? r.observedFrom).rfc3339.prefix(10))
        facts.append(("started", r.startedAt.map { "\(day) \($0.clock) UTC" } ?? "-"))
        if let f = r.finishedAt {
            facts.append(("finished", "\(f.clock) UTC, after \(formatDuration(r.seconds ?? 0))"))
        } else {
            facts.append(("finished", "not yet (as of \(r.observedUntil.clock) UTC)"))
        }
        let p = r.progress
        facts.append(("progress", "\(p.newReady)/\(p.desired) new ready, \(p.oldServing) old serving, \(p.terminating) terminating"))
        if let d = r.desiredReplicas {
            facts.append(("strategy", "\(d) replicas, maxSurge \(r.maxSurge ?? 0), maxUnavailable \(r.maxUnavailable ?? 0)"))
        }
        // An Argo Rollout's step, phase and switch, worded as the text report words them.
        if let a = r.argo { facts += ReportText.argo(r, a) }
        let counts = Finding.Severity.allCases.reversed().map { s in (s, r.findings.filter { $0.severity == s }.count) }
        facts.append(("findings", counts.map { TextLayout.count($0.1, $0.0.rawValue, plural: $0.0 == .info ? "info" : nil) }.joined(separator: ", ")))
        facts.append(("observed", "\(r.observedFrom.rfc3339) to \(r.observedUntil.rfc3339)"))
        w.element("dl", ["class": "facts"]) { w in
            for (k, v) in facts {
                w.element("dt", k)
                w.element("dd", v)
            }
        }
    }

    // MARK: Timeline

    /// The legend, then per revision a `<details>` (open) holding its pods' SVG charts,
    /// `podsPerChart` pods each.
    static func writeTimeline(_ w: inout MarkupWriter, _ r: Rollout, id: String) {
        w.start("div", ["class": "timeline"])
        w.element("h3", "Timeline")
        let t = TimelineSVG(r, linkPrefix: "\(id)-pod-")
        w.element("p", ["class": "muted"],
                  "\(t.from.clock) to \(t.to.clock) UTC; state as of \(r.observedUntil.clock). Dashed lines: the rollout's start and end. "
                  + "Hover over a bar or a mark for its details; a pod's name leads to its details.")
        var legend = MarkupWriter()
        let legendHeight = TimelineSVG.writeLegend(&legend, y: 0)
        writeSVG(&w, legend, height: legendHeight, label: "Legend of the timeline", class: "legend")
        var groups: [(role: Role, rs: String, rows: [TimelineSVG.Row])] = []
        for row in TimelineSVG.rows(r) {
            switch row {
            case .group(let role, let rs, _): groups.append((role, rs, []))
            case .pod: groups[groups.count - 1].rows.append(row)
            }
        }
        for g in groups {
            w.start("details", ["class": "group", "open": ""])
            w.element("summary", "\(g.role.rawValue) \(g.rs) (\(TextLayout.count(g.rows.count, "pod")))")
            var start = 0
            while start < g.rows.count {
                let part = g.rows[start..<min(g.rows.count, start + podsPerChart)]
                var body = MarkupWriter()
                t.writeAxis(&body, y: 0)
                let height = TimelineSVG.axisHeight + Double(part.count) * TimelineSVG.rowHeight
                t.writeGrid(&body, top: TimelineSVG.axisHeight, bottom: height)
                t.writeRows(&body, part, y: TimelineSVG.axisHeight)
                writeSVG(&w, body, height: height + 4, label: "Timeline of \(g.role.rawValue) \(g.rs), pods \(start + 1) to \(start + part.count)",
                         class: "chart")
                start += podsPerChart
            }
            w.end()
            w.newline()
        }
        w.end()
        w.newline()
    }

    /// An inline SVG of the timeline's width around `body`.
    static func writeSVG(_ w: inout MarkupWriter, _ body: MarkupWriter, height: Double, label: String, class cls: StaticString) {
        let width = svgNum(TimelineSVG.width)
        w.start("svg", ["class": cls.description, "width": width, "height": svgNum(height), "viewBox": "0 0 \(width) \(svgNum(height))",
                        "role": "img", "aria-label": label, "font-family": TimelineSVG.font, "font-size": "11"])
        w.empty("rect", ["width": "100%", "height": "100%", "fill": TimelineSVG.background])
        w.append(body)
        w.end()
        w.newline()
    }

    // MARK: Findings

    /// Grouped by kind, in the order found: the kind's meaning, then each finding with its
    /// pod, time and message (what happened, in the rollout's numbers, and the remedy).
    static func writeFindings(_ w: inout MarkupWriter, _ r: Rollout, id: String) {
        w.start("div", ["class": "findings"])
        w.element("h3", "Findings")
        if r.findings.isEmpty {
            w.element("p", "No findings.")
            w.end()
            return
        }
        var kinds: [Finding.Kind] = []
        for f in r.findings where !kinds.contains(f.kind) { kinds.append(f.kind) }
        var podIndex: [String: Int] = [:]
        for (i, p) in r.pods.enumerated() where podIndex[p.name] == nil { podIndex[p.name] = i }
        for kind in kinds {
            let list = r.findings.filter { $0.kind == kind }
            w.start("div", ["class": "finding-kind"])
            w.element("h4") { w in
                let worst = list.map(\.severity).max() ?? kind.severity
                w.element("span", ["class": "badge \(worst.rawValue)"], worst.rawValue)
                w.text(" ")
                w.element("code", kind.rawValue)
                w.text(" \u{00D7}\(list.count): \(kind.meaning)")
            }
            w.start("ul")
            for f in list {
                w.start("li", ["data-pod": f.pod])
                if let pod = f.pod {
                    if let i = podIndex[pod] { w.element("a", ["href": "#\(id)-pod-\(i)", "class": "mono"], pod) } else { w.element("span", ["class": "mono"], pod) }
                    w.text(" ")
                }
                if let at = f.at { w.element("span", ["class": "muted"], "at \(at.clock)") ; w.text(": ") }
                w.text(f.message)
                w.end()
            }
            w.end()
            w.end()
        }
        w.end()
        w.newline()
    }

    // MARK: Pods

    static let podColumns: [String] = ["pod", "node", "IP", "init", "ready", "termination", "exit codes", "dropped", "findings"]

    /// One row a pod, one `<tbody>` a revision. INIT, READY and TERMINATION are the text
    /// report's (`PodTimeline+Text`), so both say the same.
    static func writePodTable(_ w: inout MarkupWriter, _ r: Rollout, id: String) {
        w.start("div", ["class": "pods"])
        w.element("h3", "Pods")
        w.element("p", ["class": "muted"],
                  "init: time in init containers. ready: creation to ready. termination: deletion request to the last container's exit, over the grace period.")
        w.start("table", ["class": "pod-table"])
        w.element("thead") { w in
            w.element("tr") { w in for c in podColumns { w.element("th", c) } }
        }
        var i = 0
        while i < r.pods.count {
            let first = r.pods[i]
            var j = i
            while j < r.pods.count && r.pods[j].replicaSet == first.replicaSet && r.pods[j].role == first.role { j += 1 }
            w.start("tbody")
            w.element("tr", ["class": "rs"]) { w in
                w.element("th", ["colspan": String(podColumns.count)], "\(first.role.rawValue) \(first.replicaSet) (\(TextLayout.count(j - i, "pod")))")
            }
            for k in i..<j { writePodRow(&w, r.pods[k], index: k, id: id) }
            w.end()
            w.newline()
            i = j
        }
        w.end()
        w.end()
        w.newline()
    }

    static func writePodRow(_ w: inout MarkupWriter, _ p: PodTimeline, index: Int, id: String) {
        w.start("tr", ["data-pod": p.name])
        w.element("td") { w in w.element("a", ["href": "#\(id)-pod-\(index)", "class": "mono"], p.name) }
        w.element("td", p.node ?? "-")
        w.element("td", ["class": "mono"], p.ip ?? "-")
        w.element("td", ["class": "num"], p.initText)
        w.element("td", ["class": "num"], p.readyText)
        w.element("td", ["class": p.termination?.killed == true ? "killed" : nil], p.terminationText)
        let codes = p.termination?.exitCodes.map { "\($0.container) \($0.code)" } ?? []
        w.element("td", ["class": codes.contains { $0.hasSuffix(" 137") } ? "killed" : nil], codes.isEmpty ? "-" : codes.joined(separator: ", "))
        w.element("td", ["class": "num"], p.droppedConnections == 0 ? "-" : String(p.droppedConnections))
        w.element("td", p.findings.isEmpty ? "-" : p.findings.map(\.rawValue).joined(separator: ", "))
        w.end()
    }
}
