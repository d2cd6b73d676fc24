/// `report --format text` and `--format markdown`: rollout summary, pod table, timeline chart
/// and findings, in plain characters that read well at 80 columns and in a file.
public enum ReportText {
    public enum Flavor: Sendable { case text, markdown }

    /// `timelineImage`: in Markdown, a relative link to the SVG timeline (`--svg FILE`), shown
    /// above the text chart (above everything when there are several rollouts, since the one
    /// picture holds them all).
    public static func render(_ model: RolloutModel, flavor: Flavor = .text, width: Int = 80, timelineImage: String? = nil) -> String {
        var out: [String] = []
        let image = flavor == .markdown ? timelineImage.map { "![Timeline](\($0))" } : nil
        if flavor == .markdown { out.append("# rollscope report"); out.append("") }
        if let image, model.rollouts.count != 1 { out.append(image); out.append("") }
        if model.rollouts.isEmpty {
            out.append(model.history.isEmpty ? "No pods in the input." : "No pods left; earlier rollouts are summarised below.")
        }
        for (i, text) in rolloutTexts(model, flavor: flavor, width: width, image: model.rollouts.count == 1 ? image : nil).enumerated() {
            if i > 0 { out.append(""); if flavor == .text { out.append(String(repeating: "=", count: width)); out.append("") } }
            out.append(text)
        }
        if !model.history.isEmpty { out.append(""); out += history(model.history, markdown: flavor == .markdown) }
        if !model.signalSources.isEmpty { out.append(""); out += signals(model.signalSources, markdown: flavor == .markdown, width: width) }
        let fromLogs = model.unattributedSignals.filter { $0.source == .log }
        let noWorkload = fromLogs.filter(\.noHealthyUpstream).count
        let unattributed = fromLogs.count - noWorkload
        if unattributed > 0 {
            out.append("")
            out.append("\(TextLayout.count(unattributed, "dropped-connection signal")) matched no pod (IP outside every pod's lifetime).")
        }
        if noWorkload > 0 {
            out.append("")
            out.append("\(TextLayout.count(noWorkload, "request")) the proxy answered itself (no healthy upstream) matched no workload.")
        }
        // The prober's signals that name no pod: what users saw of the rollout as a whole.
        let probed = model.unattributedSignals.filter { $0.source == .probe }
        if !probed.isEmpty {
            let failed = probed.filter(\.dropped).count
            out.append("")
            out.append("The prober saw \(TextLayout.count(failed, "failed request")) and \(TextLayout.count(probed.count - failed, "slow answer")) that name no pod.")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Each rollout's text (its lines joined), in order. With at least `parallelAbove` pods in
    /// all, the rollouts are rendered and joined on two threads, split in two halves of about
    /// as many pods (as the JSON report is written); the text is the same.
    static func rolloutTexts(_ model: RolloutModel, flavor: Flavor, width: Int, image: String?,
                             parallelAbove: Int = 1000) -> [String] {
        let counts = model.rollouts.map(\.pods.count)
        let total = counts.reduce(0, +)
        func text(_ i: Int) -> String { rollout(model.rollouts[i], flavor: flavor, width: width, image: image).joined(separator: "\n") }
        guard total >= max(2, parallelAbove), counts.count >= 2, counts.max()! * 3 <= total * 2 else {
            return model.rollouts.indices.map(text)
        }
        var k = 0, before = 0
        while before < total / 2 { before += counts[k]; k += 1 }
        let parts = Parallel.map(2, minimum: 2) { part -> [String] in
            (part == 0 ? 0..<k : k..<counts.count).map(text)
        }
        return parts[0] + parts[1]
    }

    static func title(_ r: Rollout, flavor: Flavor = .text) -> String {
        func esc(_ s: String) -> String { flavor == .markdown ? md(s) : clean(s) }
        let rs = r.replicaSets
        let change: String
        if let new = rs.last(where: { $0.role == .new }) {
            let olds = rs.filter { $0.role == .old }.map { esc($0.templateHash) }
            change = olds.isEmpty ? esc(new.templateHash) : olds.joined(separator: ", ") + " -> " + esc(new.templateHash)
        } else {
            change = ""
        }
        // A StatefulSet, DaemonSet or Rollout says so; a Deployment's title stays as it always was.
        let kind = r.kind.map { $0 == .deployment ? "" : $0.rawValue + " " } ?? ""
        return "\(kind)\(esc(r.namespace.isEmpty ? "" : r.namespace + "/"))\(esc(r.workload))  \(change)"
    }

    static func rollout(_ r: Rollout, flavor: Flavor, width: Int, image: String? = nil) -> [String] {
        var out: [String] = []
        let md = flavor == .markdown
        out.append(md ? "## \(title(r, flavor: flavor))" : "ROLLOUT  \(title(r))")
        if !md { out.append("") }
        var facts: [(String, String)] = []
        let day = r.startedAt.map { String($0.rfc3339.prefix(10)) } ?? String(r.observedFrom.rfc3339.prefix(10))
        facts.append(("started", r.startedAt.map { "\(day) \($0.clock) UTC" } ?? "-"))
        if let f = r.finishedAt {
            facts.append(("finished", "\(f.clock) UTC, after \(formatDuration(r.seconds ?? 0))"))
        } else {
            facts.append(("finished", "not yet (as of \(r.observedUntil.clock) UTC)"))
        }
        let p = r.progress
        // Old pods a StatefulSet's partition keeps are serving by design: said so.
        let old = p.held == 0 ? "\(p.oldServing) old serving"
            : p.held == p.oldServing ? "\(p.held) old held by the partition" : "\(p.oldServing) old serving (\(p.held) held by the partition)"
        let progress = "\(p.newReady)/\(p.desired) new ready, \(old), \(p.terminating) terminating"
        facts.append(("progress", progress))
        if let strategy = strategy(r) { facts.append(("strategy", strategy)) }
        if let a = r.argo { facts += argo(r, a).map { ($0.0, md ? self.md($0.1) : $0.1) } }
        if let k = r.kubectl {
            let command = r.kind == .rollout ? "argo rollouts status" : "rollout status"
            var text = "\(command) would say \"\(clean(k.message))\""
            if let why = k.differs { text += "; rollscope differs: " + clean(why) }
            facts.append(("kubectl", md ? self.md(text) : text))
        }
        if let longest = r.noEndpointSpans.max(by: { $0.seconds < $1.seconds }) {
            facts.append(("endpoints", "none for \(formatDuration(longest.seconds)) from \(longest.from.clock) UTC: "
                + "\(TextLayout.count(r.rolloutDrops.count, "request")) failed by the proxy"))
        }
        let setsLabel = Lanes.arranges(r.kind) ? "revisions" : "sets"
        facts.append((setsLabel, r.replicaSets.map { rs in
            let argoRole = r.argo.flatMap { $0.roleName(of: rs.templateHash) }.map { ", " + $0 } ?? ""
            return "\(md ? self.md(rs.name) : clean(rs.name)) (\(rs.role.rawValue)\(argoRole), \(TextLayout.count(rs.pods, "pod")))"
        }.joined(separator: ", ")))
        let counts = Finding.Severity.allCases.reversed().map { s in (s, r.findings.filter { $0.severity == s }.count) }
        facts.append(("findings", counts.map { TextLayout.count($0.1, $0.0.rawValue, plural: $0.0 == .info ? "info" : nil) }.joined(separator: ", ")))
        for (k, v) in facts {
            if md {
                out.append("- **\(k)**: \(v)")
            } else if v.count > width - 12 && (k == "kubectl" || Lanes.arranges(r.kind) || r.kind == .rollout) {
                // Long facts of a StatefulSet or DaemonSet (kubectl's verdict) wrap under their value.
                out += TextLayout.wrap(v, width: width, first: "  " + TextLayout.pad(k, 10), indent: String(repeating: " ", count: 12))
            } else {
                out.append("  " + TextLayout.pad(k, 10) + v)
            }
        }
        out.append("")
        out += podTable(r, markdown: md, width: width)
        out.append("")
        out += chart(r, markdown: md, width: width, image: image)
        out.append("")
        out += findings(r, markdown: md, width: width)
        return out
    }

    /// How the kind's controller replaces pods, in the rollout's numbers.
    static func strategy(_ r: Rollout) -> String? {
        guard let d = r.desiredReplicas else { return nil }
        switch r.kind {
        case .deployment?, nil:
            return "\(d) replicas, maxSurge \(r.maxSurge ?? 0), maxUnavailable \(r.maxUnavailable ?? 0)"
        case .statefulSet?:
            var parts = ["\(d) replicas"]
            // The policy comes from the cluster: only the two values Kubernetes knows are shown.
            if let policy = r.podManagementPolicy, ["OrderedReady", "Parallel"].contains(policy) { parts.append(policy) }
            if r.updateStrategy == "OnDelete" {
                parts.append("OnDelete (a pod is replaced only once deleted)")
            } else {
                let at = (r.maxUnavailable ?? 1) == 1 ? "one ordinal at a time" : "up to \(r.maxUnavailable!) ordinals at a time"
                parts.append("\(at) from the highest")
                if let partition = r.partition { parts.append("partition \(partition)") }
            }
            return parts.joined(separator: ", ")
        case .rollout?:
            guard let a = r.argo else { return "\(d) replicas, maxSurge \(r.maxSurge ?? 0), maxUnavailable \(r.maxUnavailable ?? 0)" }
            if a.strategy == .blueGreen {
                var parts = ["\(d) replicas, blue-green"]
                if let s = a.activeService { parts.append("active Service \(clean(s))") }
                if let s = a.previewService { parts.append("preview Service \(clean(s))") }
                parts.append(a.autoPromotionEnabled ? "promoted automatically" : "promoted by hand")
                parts.append("scaleDownDelaySeconds \(a.scaleDownDelaySeconds)")
                return parts.joined(separator: ", ")
            }
            return "\(d) replicas, canary in \(TextLayout.count(a.steps.count, "step")), maxSurge \(r.maxSurge ?? 0), maxUnavailable \(r.maxUnavailable ?? 0)"
        case .daemonSet?:
            if r.updateStrategy == "OnDelete" { return "\(TextLayout.count(d, "node")), OnDelete (a pod is replaced only once deleted)" }
            return "\(TextLayout.count(d, "node")), maxSurge \(r.maxSurge ?? 0), maxUnavailable \(r.maxUnavailable ?? 1)"
        }
    }

    /// An Argo Rollout's step, phase and (blue-green) switch, as header facts.
    static func argo(_ r: Rollout, _ a: ArgoState) -> [(String, String)] {
        var out: [(String, String)] = []
        if let step = a.stepText {
            var text = step.hasPrefix("step ") ? String(step.dropFirst(5)) : step
            if let w = a.canaryWeight { text += " (canary weight \(w))" }
            out.append(("step", text))
        }
        var phase = a.pluginLine
        if a.abort, !phase.hasPrefix("Degraded") { phase += " (aborted)" }
        out.append(("phase", phase))
        if a.strategy == .blueGreen {
            if let at = a.switchedAt {
                let when = a.switchEstimated ? "about \(at.clock) UTC (from the old pods' scale-down)" : "\(at.clock) UTC"
                out.append(("switch", "\(when): old pods kept \(a.scaleDownDelaySeconds) s (scaleDownDelaySeconds) by design, then drained"))
            } else if a.activeHash != a.currentHash {
                out.append(("switch", "not yet: the active Service still selects \(clean(a.activeHash ?? "nothing"))"))
            }
        }
        return out
    }

    // MARK: Pod table

    static func podTable(_ r: Rollout, markdown: Bool, width: Int) -> [String] {
        let header = ["POD", "ROLE", "NODE", "INIT", "READY", "TERMINATION", "DROPS"]
        var rows: [[String]] = []
        for p in r.pods {
            let name = markdown ? md(p.name) : clean(p.name)
            let node = markdown ? md(p.node ?? "-") : clean(p.node ?? "-")
            rows.append([name, p.role.rawValue, node, p.initText, p.readyText, p.terminationText,
                         p.droppedConnections == 0 ? "-" : String(p.droppedConnections)])
        }
        if markdown {
            var out = ["| " + header.map { $0.capitalized }.joined(separator: " | ") + " |",
                       "|" + header.map { ["INIT", "READY", "DROPS"].contains($0) ? "---:|" : "---|" }.joined()]
            for row in rows {
                // Names are escaped already (md); the other cells are rollscope's own text.
                let cells = row.enumerated().map { $0.offset == 0 || $0.offset == 2 ? $0.element : $0.element.replacingOccurrences(of: "|", with: "\\|") }
                out.append("| " + cells.joined(separator: " | ") + " |")
            }
            out.append("")
            out.append("INIT: time in init containers. READY: creation to ready. TERMINATION: deletion request to last container exit / grace period.")
            return out
        }
        // Fit to width: the name and node columns give way first.
        var widths = header.indices.map { i in max(header[i].count, rows.map { $0[i].count }.max() ?? 0) }
        let fixed = widths[1] + widths[3] + widths[4] + widths[5] + widths[6] + 6
        let spare = width - fixed
        widths[2] = min(widths[2], max(6, spare / 3))
        widths[0] = min(widths[0], max(12, spare - widths[2]))
        let right: Set<Int> = [3, 4, 6]
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, c) in cells.enumerated() {
                let fitted = TextLayout.fit(c, widths[i], ellipsis: "..")
                parts.append(right.contains(i) ? TextLayout.padLeft(fitted, widths[i]) : TextLayout.pad(fitted, widths[i]))
            }
            var s = parts.joined(separator: " ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        return [line(header)] + rows.map(line)
    }

    // MARK: Chart

    static func chart(_ r: Rollout, markdown: Bool, width: Int, image: String? = nil) -> [String] {
        let until = r.observedUntil
        // Each pod's segments until the last observation, made once: they place the window,
        // and they are the row of a pod that has ended.
        let spans = r.pods.map { $0.segments(until: until) }
        let (windowStart, windowEnd) = r.chartWindow(spans: spans)
        let labels = Lanes.arranges(r.kind) ? Lanes.rows(r.pods, kind: r.kind).map(\.label) : r.pods.map(\.name)
        let nameWidth = min(28, max(12, labels.map(\.count).max() ?? 12))
        let chart = TimelineChart(from: windowStart, to: windowEnd, columns: max(10, width - nameWidth - 2))
        var out: [String] = []
        // In Markdown the chart is a fenced block; a name holding backticks must not close it.
        // A DaemonSet's rows name the node too.
        let nodes = r.kind == .daemonSet ? r.pods.compactMap(\.node) : []
        let fence = markdown ? codeFence(for: r.pods.map(\.name) + r.pods.map(\.replicaSet) + nodes) : ""
        if markdown { out += ["### Timeline", ""] + (image.map { [$0, ""] } ?? []) + [fence + "text"] } else { out.append("TIMELINE") }
        out.append("\(chart.start.clock) to \(chart.end.clock) UTC, one column = \(formatDuration(chart.step)); state as of \(until.clock)")
        let ruler = chart.ruler()
        let pad = String(repeating: " ", count: nameWidth + 1)
        out.append(pad + ruler.labels)
        out.append(pad + ruler.ticks)
        // A pod still alive at the last observation is drawn to the chart's last column.
        func segments(_ i: Int) -> [Segment] { r.pods[i].endAt == nil ? r.pods[i].segments(until: chart.end) : spans[i] }
        if Lanes.arranges(r.kind) {
            // A StatefulSet pod name's incarnations on one row, or a DaemonSet's pods by node.
            out.append(clean(Lanes.caption(r)))
            for lane in Lanes.rows(r.pods, kind: r.kind) {
                let name = TextLayout.pad(TextLayout.fit(clean(lane.label), nameWidth, ellipsis: ".."), nameWidth)
                out.append((name + " " + chart.row(lane.pods.flatMap { segments($0) })).trimmingTrailingSpaces)
            }
        } else {
            var lastRole: Role?
            for (i, p) in r.pods.enumerated() {
                if p.role != lastRole {
                    out.append((p.role == .old ? "old " : "new ") + clean(p.replicaSet))
                    lastRole = p.role
                }
                let name = TextLayout.pad(TextLayout.fit(clean(p.name), nameWidth, ellipsis: ".."), nameWidth)
                out.append((name + " " + chart.row(segments(i))).trimmingTrailingSpaces)
            }
        }
        out += TimelineChart.legend
        if markdown { out.append(fence) }
        return out
    }

    // MARK: Signals

    /// The signal files read: each one's formats with their lines, and what was skipped.
    static func signals(_ sources: [SignalSource], markdown md: Bool, width: Int) -> [String] {
        var out: [String] = [md ? "## Signals" : "SIGNALS"]
        if md { out.append("") }
        for source in sources {
            var text = source.formatList.map { "\($0.format.title) \(TextLayout.count($0.lines, "line"))" }.joined(separator: ", ")
            if text.isEmpty { text = "no line read" }
            if source.skipped > 0 {
                text += "; \(source.skipped) skipped (first: line \(source.firstSkipped ?? 0)"
                for (type, n) in source.otherTypes.sorted(by: { $0.key < $1.key }) { text += "; \(n) \(type)" }
                text += ")"
            }
            if md {
                out.append("- \(self.md(source.file)): \(self.md(text))")
            } else {
                out += TextLayout.wrap("\(clean(source.file)): \(text)", width: width, first: "  ", indent: "    ")
            }
        }
        return out
    }

    // MARK: Findings

    static func findings(_ r: Rollout, markdown: Bool, width: Int) -> [String] {
        var out: [String] = [markdown ? "### Findings" : "FINDINGS"]
        if markdown { out.append("") }
        if r.findings.isEmpty {
            out.append(markdown ? "No findings." : "  none")
            return out
        }
        // The first finding of a kind gives the whole message with its remedy; the rest of
        // that kind give the first clause only, so a rollout of 30 pods stays readable.
        var seenKinds = Set<Finding.Kind>()
        for f in r.findings {
            let at = f.at.map { " at \($0.clock)" } ?? ""
            let message = seenKinds.insert(f.kind).inserted ? f.message : firstClause(f.message)
            if markdown {
                out.append("- **\(f.severity.rawValue)** `\(f.kind.rawValue)`\(f.pod.map { " (\(md($0)))" } ?? "")\(at): \(md(message))")
            } else {
                let head = TextLayout.pad(f.severity.rawValue.uppercased(), 8) + f.kind.rawValue + at
                out.append(head)
                out += TextLayout.wrap(message, width: width, first: "        ", indent: "        ")
            }
        }
        return out
    }

    /// The message up to its first `: ` or `. ` (the facts, without the remedy).
    static func firstClause(_ message: String) -> String {
        let cuts = [": ", ". ", "; "].compactMap { message.range(of: $0)?.lowerBound }
        guard let cut = cuts.min() else { return message }
        return String(message[..<cut]) + "."
    }

    // MARK: Helpers

    static func clean(_ s: String) -> String { Sanitizer.clean(s) }

    /// Characters that would give untrusted text structure in Markdown: emphasis, code, links,
    /// raw HTML, entities, table cells.
    static let markdownSpecials: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "&", "~"]

    /// Untrusted text for Markdown: one safe line (`clean`), with the structural characters
    /// backslash-escaped, so a name cannot break the table or the document.
    static func md(_ s: String) -> String {
        let cleaned = clean(s)
        guard cleaned.contains(where: { markdownSpecials.contains($0) }) else { return cleaned }
        var out = ""
        for ch in cleaned {
            if markdownSpecials.contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// A backtick fence longer than any run of backticks in `texts` (at least three).
    static func codeFence(for texts: [String]) -> String {
        var longest = 0
        for t in texts where t.contains("`") {
            var run = 0
            for ch in t { run = ch == "`" ? run + 1 : 0; longest = max(longest, run) }
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }
}
