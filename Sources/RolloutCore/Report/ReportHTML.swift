/// `report --format html`: one self-contained page for a postmortem: per rollout its header
/// and verdict, the pod timeline as SVG (`TimelineSVG`, the terminal's phases, colours and
/// legend), the findings with cause and remedy, the pod table and each pod's details, and the
/// signal sources.
///
/// Self-contained and inert: CSS and SVG inline, no fonts, images or links that load. A
/// Content-Security-Policy allows the page's own `<style>` and `<script>` by hash and nothing
/// else (no other script, no network, no forms, no base URL), so even markup that escaped
/// would do nothing. Everything reads with scripts off (`<details>` folds, `<title>` shows
/// hover details); the small script adds a filter by pod name and unfolds every revision
/// before printing.
public enum ReportHTML {
    /// The files the report was made from, as given on the command line.
    public struct Sources: Sendable {
        public var inputs: [String]
        public var signals: [String]
        public init(inputs: [String] = [], signals: [String] = []) {
            self.inputs = inputs
            self.signals = signals
        }
    }

    /// More pods than this in one revision are drawn as several SVGs, each with its axis, so
    /// a printed page never cuts a chart (about one A4 page each).
    static let podsPerChart = 40

    public static func render(_ model: RolloutModel, sources: Sources = Sources()) -> String {
        let css = MarkupWriter.inert(style)
        let js = MarkupWriter.inert(script)
        let policy = [
            "default-src 'none'", "style-src \(SHA256.cspSource(css))", "script-src \(SHA256.cspSource(js))",
            "img-src 'none'", "font-src 'none'", "connect-src 'none'", "media-src 'none'", "object-src 'none'",
            "frame-src 'none'", "base-uri 'none'", "form-action 'none'",
        ].joined(separator: "; ")
        let podCount = model.rollouts.reduce(0) { $0 + $1.pods.count }
        var w = MarkupWriter(capacity: 4096 + podCount * 6000)
        w.markup("<!DOCTYPE html>")
        w.newline()
        w.start("html", ["lang": "en"])
        w.start("head")
        w.empty("meta", ["charset": "utf-8"])
        w.empty("meta", ["http-equiv": "Content-Security-Policy", "content": policy])
        w.empty("meta", ["name": "referrer", "content": "no-referrer"])
        w.empty("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
        w.empty("meta", ["name": "generator", "content": "rollscope"])
        w.element("title", "rollscope: " + (model.rollouts.isEmpty ? "no pods" : model.rollouts.map { headline($0) }.joined(separator: "; ")))
        w.newline()
        w.start("style")
        w.ownCode(css)
        w.end()
        w.end()  // head
        w.newline()
        w.start("body")
        writePageHeader(&w, model, sources: sources)
        if model.rollouts.isEmpty {
            w.element("p", model.history.isEmpty ? "No pods in the input." : "No pods left; earlier rollouts are summarised below.")
        }
        for (i, r) in model.rollouts.enumerated() {
            writeRollout(&w, r, number: i + 1)
        }
        if !model.history.isEmpty { writeHistory(&w, model.history) }
        writeSources(&w, model, sources: sources)
        w.start("footer", ["class": "muted"])
        w.text("Made by rollscope. Times are UTC. Hover over a bar or a mark for its details.")
        w.end()
        w.newline()
        w.start("script")
        w.ownCode(js)
        w.end()
        w.end()  // body
        w.end()  // html
        w.newline()
        return w.text
    }

    // MARK: Names

    /// The rollout's kind as the page and the SVG name it (pods of no known kind follow the
    /// Deployment's rules, and are named so).
    static func kindName(_ r: Rollout) -> String { r.kind?.rawValue ?? WorkloadKind.deployment.rawValue }

    /// "shop/web (Deployment): 7d4b9c8f6d → 5f8d7c9b4a"
    static func headline(_ r: Rollout) -> String {
        let olds = r.replicaSets.filter { $0.role == .old }.map(\.templateHash)
        let new = r.replicaSets.last { $0.role == .new }?.templateHash
        let change = new.map { olds.isEmpty ? $0 : olds.joined(separator: ", ") + " → " + $0 } ?? ""
        let name = (r.namespace.isEmpty ? "" : r.namespace + "/") + r.workload
        return "\(name) (\(kindName(r)))" + (change.isEmpty ? "" : ": " + change)
    }

    // MARK: Page parts

    static func writePageHeader(_ w: inout MarkupWriter, _ model: RolloutModel, sources: Sources) {
        w.start("header")
        w.element("h1", "rollscope report")
        var line = TextLayout.count(model.rollouts.count, "rollout")
        line += ", " + TextLayout.count(model.rollouts.reduce(0) { $0 + $1.pods.count }, "pod")
        if let asOf = model.asOf { line += ", as of \(asOf.rfc3339)" }
        if !sources.inputs.isEmpty { line += ", from " + TextLayout.count(sources.inputs.count + sources.signals.count, "file") }
        w.element("p", ["class": "muted"], line)
        // Shown by the script; with scripts off there is nothing to filter with.
        w.empty("input", ["id": "filter", "type": "search", "placeholder": "Filter pods by name", "aria-label": "Filter pods by name",
                          "hidden": "", "class": "noprint"])
        if model.rollouts.count > 1 {
            w.element("nav", ["class": "toc"]) { w in
                w.start("ol")
                for (i, r) in model.rollouts.enumerated() {
                    w.element("li") { w in w.element("a", ["href": "#r\(i + 1)"], headline(r)) }
                }
                w.end()
            }
        }
        w.end()
        w.newline()
    }

    static func writeHistory(_ w: inout MarkupWriter, _ h: RolloutHistory) {
        w.element("section", ["id": "history"]) { w in
            w.element("h2", "History")
            w.start("ul")
            for line in ReportText.history(h, markdown: true).dropFirst() where !line.isEmpty {
                w.element("li", line.hasPrefix("- ") ? String(line.dropFirst(2)) : line)
            }
            w.end()
        }
        w.newline()
    }

    /// The inputs and signal files, with what the signals gave: dropped connections per
    /// file, attributed to pods or to none.
    static func writeSources(_ w: inout MarkupWriter, _ model: RolloutModel, sources: Sources) {
        var attributed: [String: Int] = [:], unattributed: [String: Int] = [:]
        for r in model.rollouts {
            for p in r.pods { for s in p.signals where s.dropped { attributed[sourceFile(s.origin), default: 0] += 1 } }
            // Requests the proxy failed itself, having no endpoint: no pod to blame.
            for s in r.rolloutDrops { unattributed[sourceFile(s.origin), default: 0] += 1 }
        }
        let read = Dictionary(model.signalSources.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        for s in model.unattributedSignals where s.dropped { unattributed[sourceFile(s.origin), default: 0] += 1 }
        var files = sources.signals
        for f in Array(attributed.keys) + Array(unattributed.keys) where !files.contains(f) { files.append(f) }
        w.start("section", ["id": "sources"])
        w.element("h2", "Signal sources and inputs")
        if files.isEmpty {
            w.element("p", "No signal file was given: dropped connections are not known (rollscope report --signals FILE).")
        } else {
            w.start("table")
            w.element("thead") { w in
                w.element("tr") { w in
                    w.element("th", "signal file"); w.element("th", "read as"); w.element("th", ["class": "num"], "dropped, to a pod")
                    w.element("th", ["class": "num"], "dropped, no pod")
                }
            }
            w.start("tbody")
            for f in files.sorted() {
                w.element("tr") { w in
                    w.element("td", ["class": "mono"], f)
                    w.element("td", read[f].map(readAs) ?? "")
                    w.element("td", ["class": "num"], String(attributed[f] ?? 0))
                    w.element("td", ["class": "num"], String(unattributed[f] ?? 0))
                }
            }
            w.end()
            w.end()
        }
        let lost = model.unattributedSignals.filter(\.dropped)
        if !lost.isEmpty {
            w.element("p", "\(TextLayout.count(lost.count, "dropped-connection signal")) matched no pod (the IP was outside every pod's lifetime):")
            w.element("ul", ["class": "mono"]) { w in
                for s in lost.prefix(20) { w.element("li", "\(s.time.clock) \(s.summary) (\(s.origin))") }
                if lost.count > 20 { w.element("li", "and \(lost.count - 20) more") }
            }
        }
        if !sources.inputs.isEmpty {
            w.element("p", "Inputs:")
            w.element("ul", ["class": "mono"]) { w in for f in sources.inputs { w.element("li", f) } }
        }
        if !model.warnings.isEmpty {
            w.element("p", "Warnings while reading:")
            w.element("ul") { w in for m in model.warnings { w.element("li", m) } }
        }
        w.end()
        w.newline()
    }

    /// `Envoy/Istio text 812 lines; 3 skipped (first: line 17)`: what a signal file held.
    static func readAs(_ source: SignalSource) -> String {
        var text = source.formatList.map { "\($0.format.title) \(TextLayout.count($0.lines, "line"))" }.joined(separator: ", ")
        if text.isEmpty { text = "no line read" }
        if source.skipped > 0 { text += "; \(source.skipped) skipped (first: line \(source.firstSkipped ?? 0))" }
        return text
    }

    /// The file part of a signal's `file:line` origin.
    static func sourceFile(_ origin: String) -> String {
        guard let colon = origin.lastIndex(of: ":"), origin[origin.index(after: colon)...].allSatisfy(\.isNumber) else { return origin }
        return String(origin[..<colon])
    }
}
