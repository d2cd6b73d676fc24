import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import RolloutCore
import TestSupport

/// The HTML and SVG reports as text: complete, self-contained, inert. (In a real browser:
/// EndToEndTests/BrowserTests.)
@Suite struct ReportHTMLTests {
    static let noPrestop = ["no-prestop/pods-watch.json", "no-prestop/events.json", "no-prestop/endpointslices-watch.json"].map(Fixtures.path)
    static let noPrestopSignals = [Fixtures.path("no-prestop/ingress-nginx.log")]

    static func model(_ inputs: [String], signals: [String] = []) throws -> RolloutModel {
        try Analysis.run(inputs: inputs, signalFiles: signals)
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            String(text[Range(m.range(at: m.numberOfRanges > 1 ? 1 : 0), in: text)!])
        }
    }

    @Test func pageNamesEveryPodFindingAndSignalSource() throws {
        let model = try Self.model(Self.noPrestop, signals: Self.noPrestopSignals)
        let html = ReportHTML.render(model, sources: .init(inputs: Self.noPrestop, signals: Self.noPrestopSignals))
        let r = try #require(model.rollouts.first)
        for p in r.pods {
            // The timeline row, the table row and the details (and its findings).
            for element in ["<g class=\"pod\"", "<tr", "<details id=\"r1-pod-\(r.pods.firstIndex { $0.uid == p.uid }!)\" class=\"pod-detail\""] {
                #expect(html.contains("\(element) data-pod=\"\(p.name)\""), "\(element) \(p.name)")
            }
        }
        for kind in Set(r.findings.map(\.kind)) { #expect(html.contains("<code>\(kind.rawValue)</code>")) }
        #expect(html.contains("ingress-nginx.log"))
        #expect(html.contains("Verdict: complete in 38s; 6 errors, 3 warnings"))
    }

    /// The policy allows exactly the page's own style and script, by the hashes of their
    /// bytes as written, and nothing from anywhere.
    @Test func contentSecurityPolicyHashesThePagesOwnStyleAndScript() throws {
        let html = ReportHTML.render(try Self.model(Self.noPrestop))
        let policy = try #require(Self.matches("http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\"", in: html).first)
            .replacingOccurrences(of: "&#39;", with: "'")
        let style = try #require(Self.matches("<style>(.*?)</style>", in: html).first)
        let script = try #require(Self.matches("<script>(.*?)</script>", in: html).first)
        #expect(Self.matches("<style", in: html).count == 1 && Self.matches("<script", in: html).count == 1)
        #expect(policy.contains("style-src \(SHA256.cspSource(style));"))
        #expect(policy.contains("script-src \(SHA256.cspSource(script));"))
        for directive in ["default-src 'none'", "connect-src 'none'", "img-src 'none'", "base-uri 'none'", "form-action 'none'"] {
            #expect(policy.contains(directive))
        }
        #expect(!policy.contains("unsafe"))
    }

    /// Nothing that loads: no URL but fragment links, no `src`, no `url(` or `@import` in the
    /// CSS, no `http` in any attribute (a URL in an event message is text); the standalone
    /// SVG's only URL is its XML namespace.
    @Test func pagesAndPicturesReferenceNothingOutside() throws {
        let model = try Self.model(Self.noPrestop, signals: Self.noPrestopSignals)
        let html = ReportHTML.render(model)
        let attributes = Self.matches("\\s[a-zA-Z-]+=\"([^\"]*)\"", in: html)
        #expect(attributes.count > 500)
        #expect(attributes.filter { $0.lowercased().contains("http") }.isEmpty)
        // The readiness probe's URL is in the events: as text only.
        #expect(html.contains("Get &quot;http://10.244."))
        #expect(Self.matches("\\ssrc=", in: html).isEmpty)
        #expect(Self.matches("url\\(|@import", in: html).isEmpty)
        let hrefs = Self.matches("href=\"([^\"]*)\"", in: html)
        #expect(!hrefs.isEmpty && hrefs.allSatisfy { $0.hasPrefix("#") })
        let svg = ReportSVG.render(model)
        #expect(svg.components(separatedBy: "http").count - 1 == 1 && svg.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!svg.contains("href"))
    }

    @Test func plantedMarkupStaysText() throws {
        let planted = try PlantedMarkup.write()
        let model = try Self.model(planted.inputs, signals: planted.signals)
        let r = try #require(model.rollouts.first)
        #expect(r.pods.contains { $0.name == PlantedMarkup.hostileName })
        #expect(r.pods.contains { $0.containers.contains { $0.message?.contains("<img") == true } }, "termination messages decoded")
        let html = ReportHTML.render(model, sources: .init(inputs: planted.inputs, signals: planted.signals))
        let svg = ReportSVG.render(model)
        for page in [html, svg] {
            for raw in ["<img", "<svg onload", "<b>", "<script>alert", "</title><script", "</style><b", "<!--", "onmouseover='"] {
                #expect(!page.contains(raw), "\(raw)")
            }
            #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;"))
            #expect(page.contains("&amp;lt;i&amp;gt;"))
        }
        // Every payload reached the page: names, event and termination messages, log lines.
        #expect(html.contains("panic: &lt;img"))
        #expect(html.contains("/api/cart&lt;img"))
        #expect(try XMLDocument(xmlString: svg).rootElement()?.name == "svg")
    }

    /// A standalone SVG: well-formed XML, the SVG namespace, a viewBox, and a height that
    /// grows with the pods.
    @Test func standaloneSVGIsWellFormedAndSizedToThePods() throws {
        let small = ReportSVG.render(try Self.model([Fixtures.path("sigkill/pods-watch.json")]))
        let large = ReportSVG.render(try Self.model(Self.noPrestop + [Fixtures.path("sigkill/pods-watch.json")]))
        func size(_ svg: String) throws -> (Double, Double) {
            #expect(try XMLDocument(xmlString: svg).rootElement()?.name == "svg")
            let head = try #require(Self.matches("^(<svg [^>]*>)", in: svg).first)
            #expect(head.contains(" xmlns=\"http://www.w3.org/2000/svg\""))
            let box = try #require(Self.matches("viewBox=\"([^\"]*)\"", in: head).first).split(separator: " ").compactMap { Double($0) }
            #expect(box.count == 4 && box[3] == Double(Self.matches(" height=\"([^\"]*)\"", in: head).first ?? ""))
            return (box[2], box[3])
        }
        let (w1, h1) = try size(small), (w2, h2) = try size(large)
        #expect(w1 == 1200 && w2 == 1200)
        // Six more pods (both inputs are shop/web: one rollout), six more rows.
        #expect(h2 >= h1 + 6 * TimelineSVG.rowHeight)
    }

    /// 300 pods a revision: charts of at most `podsPerChart` pods, so a printed page never
    /// cuts one, and every pod in one of them.
    @Test func manyPodsAreSplitIntoChartsOfAPage() throws {
        var r = try #require(try Self.model([Fixtures.path("sigkill/pods-watch.json")]).rollouts.first)
        let template = r.pods[0]
        r.pods = (0..<300).map { i in var p = template; p.name = "web-7d4b9c8f6d-\(i)"; return p }
        let html = ReportHTML.render(RolloutModel(rollouts: [r], unattributedSignals: [], asOf: nil, warnings: []))
        #expect(Self.matches("<svg class=\"chart\"", in: html).count == 8)  // 40 a chart
        #expect(Self.matches("<g class=\"pod\"", in: html).count == 300)
    }

    @Test func markdownShowsTheTimelinePictureAboveTheTextChart() throws {
        let model = try Self.model([Fixtures.path("sigkill/pods-watch.json")])
        let md = ReportText.render(model, flavor: .markdown, timelineImage: "pics/time%20line.svg")
        #expect(md.contains("### Timeline\n\n![Timeline](pics/time%20line.svg)\n\n```text\n"))
        #expect(ReportText.render(model, flavor: .markdown) == md.replacingOccurrences(of: "![Timeline](pics/time%20line.svg)\n\n", with: ""))
    }
}

/// One palette and one legend for the terminal, the text report and the pictures.
@Suite struct LookTests {
    /// The README's terminal pictures are taken with this palette; the HTML and SVG use it.
    @Test func referencePaletteIsTheScreenshotTerminals() throws {
        let script = try String(contentsOf: Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/screenshots.sh"), encoding: .utf8)
        let block = try #require(script.range(of: "PALETTE=(").map { script[$0.upperBound...] }?.prefix { $0 != ")" })
        let colours = block.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "'" }).filter { $0.hasPrefix("#") }.map(String.init)
        #expect(colours == AnsiColour.allCases.map(\.rgb))
    }

    @Test func everyPhaseLooksDifferentByGlyph() {
        let phases = Segment.Phase.allCases
        #expect(Set(phases.map(\.asciiGlyph)).count == phases.count)
        #expect(Set(phases.map(\.unicodeGlyph)).count == phases.count)
        #expect(Set(Segment.Phase.legendOrder) == Set(phases) && Segment.Phase.legendOrder.count == phases.count)
        #expect(TimelineChart.legend == [
            ". pending  i init  ! init failing  s starting  = ready  - not ready",
            "~ preStop  t shutting down  X SIGKILL  ? end not observed",
        ])
    }

    @Test func svgLegendNamesEveryPhaseAndMark() {
        var w = MarkupWriter()
        TimelineSVG.writeLegend(&w, y: 0)
        for p in Segment.Phase.allCases { #expect(w.text.contains(">\(p.unicodeGlyph) \(p.legendName)<")) }
        for m in TimelineMark.allCases { #expect(w.text.contains(">\(MarkupWriter.escape(m.legendName))<")) }
    }
}
