import Foundation
import Testing
import TestSupport
import RolloutCore
import RolloutSim

/// The HTML and SVG reports of the real binary, opened in Debian's Chromium (headless): what
/// a reader sees, what the page loads (nothing), and what planted markup becomes (text).
/// One browser start per page: DOM, screenshot and PDF come from the same start.
@Suite(.serialized) struct BrowserTests {
    static let noPrestop = ["no-prestop/pods-watch.json", "no-prestop/events.json", "no-prestop/endpointslices-watch.json"].map(Fixtures.path)
    static let noPrestopLog = Fixtures.path("no-prestop/ingress-nginx.log")
    static let sigkill = ["sigkill/pods-watch.json", "sigkill/events.json"].map(Fixtures.path)

    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// `rollscope report ARGS -o FILE` (exit 0 or 1: findings are expected).
    static func report(_ args: [String], to file: URL) throws {
        let r = try Binary.run(["report"] + args + ["-o", file.path, "--fail-on", "never"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// Element names of `markup` in order of appearance, attribute values removed first
    /// (Chromium writes `<` and `>` inside attribute values as they are).
    static func elements(_ markup: String) -> [String] {
        let stripped = markup.replacingOccurrences(of: "=\"[^\"]*\"", with: "=\"\"", options: .regularExpression)
        let re = try! NSRegularExpression(pattern: "<([a-zA-Z][a-zA-Z0-9-]*)")
        return re.matches(in: stripped, range: NSRange(stripped.startIndex..., in: stripped)).map {
            String(stripped[Range($0.range(at: 1), in: stripped)!]).lowercased()
        }
    }

    static func counts(_ names: [String]) -> [String: Int] { names.reduce(into: [:]) { $0[$1, default: 0] += 1 } }

    /// The page's messages that would mean it tried something the policy stopped, or tried
    /// to load anything at all.
    static func complaints(_ console: [String]) -> [String] {
        console.filter { $0.contains("Content Security Policy") || $0.contains("Refused") || $0.contains("Failed to load") || $0.contains("net::") }
    }

    @Test func pageShowsEveryPodTheTimelineAndTheFindings() throws {
        let dir = try Self.folder()
        let html = dir.appendingPathComponent("no-prestop.html"), png = dir.appendingPathComponent("no-prestop.png")
        try Self.report(Self.noPrestop + ["--signals", Self.noPrestopLog, "--format", "html"], to: html)
        let model = try Analysis.run(inputs: Self.noPrestop, signalFiles: [Self.noPrestopLog])
        let page = try Browser.open(html.path, screenshot: png.path)
        let dom = page.dom
        let rollout = try #require(model.rollouts.first)
        #expect(rollout.pods.count == 6)
        for p in rollout.pods {
            #expect(dom.contains("<g class=\"pod\" data-pod=\"\(p.name)\">"), "timeline row of \(p.name)")
            #expect(dom.contains("<tr data-pod=\"\(p.name)\">"), "table row of \(p.name)")
        }
        #expect(dom.components(separatedBy: "<svg class=\"chart\"").count - 1 == 2)
        for kind in Set(rollout.findings.map(\.kind)) { #expect(dom.contains("<code>\(kind.rawValue)</code>")) }
        #expect(dom.contains("Verdict: complete in 38s"))
        // The script ran (its hash is allowed): it showed the filter.
        #expect(dom.contains("<input id=\"filter\" type=\"search\"") && !dom.contains("hidden=\"\" class=\"noprint\""))
        #expect(Self.complaints(page.console).isEmpty, "\(page.console)")

        // A real picture: the terminal's dark background and the phases' colours, exactly.
        let shot = try Browser.picture(png.path)
        #expect(shot.width == 1280 && shot.height == 900)
        #expect(shot.distinctColours > 50)
        #expect(shot.count(AnsiColour.backgroundRGB) > 20_000)
        // (init and starting are drawn lighter, as ░ and ▒ are: blended, not exact)
        #expect(shot.count(Segment.Phase.ready.ink.rich.rgb) > 300)
        print("browser: no-prestop page in \(String(format: "%.2f", page.seconds)) s")
    }

    @Test func svgRendersInTheBrowserInTheTerminalsColours() throws {
        let dir = try Self.folder()
        let svg = dir.appendingPathComponent("sigkill.svg"), png = dir.appendingPathComponent("sigkill.png")
        try Self.report(Self.sigkill + ["--format", "svg"], to: svg)
        let page = try Browser.open(svg.path, width: 1200, height: 400, screenshot: png.path)
        #expect(page.dom.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        for name in ["web-7d4b9c8f6d-b6wkc", "web-7d4b9c8f6d-fj9nt", "web-7d4b9c8f6d-x5lqm", "web-5f8d7c9b4a-k2hdz"] {
            #expect(page.dom.contains(">\(name)</text>"))
        }
        #expect(page.dom.components(separatedBy: "<title>SIGKILL at ").count - 1 == 3)
        let shot = try Browser.picture(png.path)
        for (what, rgb) in [("ready", Segment.Phase.ready.ink.rich.rgb), ("preStop", Segment.Phase.preStop.ink.rich.rgb),
                            ("SIGKILL", Segment.Phase.killed.ink.background!.rgb), ("background", AnsiColour.backgroundRGB)] {
            #expect(shot.count(rgb) > 50, "\(what) \(rgb)")
        }
        #expect(Self.complaints(page.console).isEmpty, "\(page.console)")
    }

    /// Markup in names, event messages, termination messages and log lines: the browser's
    /// DOM has exactly the elements the page wrote, the title is the page's, and every
    /// payload is there as text.
    @Test func plantedMarkupCreatesNoElementAndChangesNoTitle() throws {
        let planted = try PlantedMarkup.write()
        let dir = try Self.folder()
        let html = dir.appendingPathComponent("planted.html"), svg = dir.appendingPathComponent("planted.svg")
        try Self.report(planted.inputs + planted.signals.flatMap { ["--signals", $0] } + ["--format", "html"], to: html)
        try Self.report(planted.inputs + planted.signals.flatMap { ["--signals", $0] } + ["--format", "svg"], to: svg)
        for file in [html, svg] {
            let written = try String(contentsOf: file, encoding: .utf8)
            let page = try Browser.open(file.path)
            let wrote = Self.counts(Self.elements(written)), dumped = Self.counts(Self.elements(page.dom))
            #expect(wrote == dumped, "\(file.lastPathComponent): elements differ")
            #expect(!Self.elements(page.dom).contains("img") && !Self.elements(page.dom).contains("b"))
            #expect(page.dom.contains(MarkupWriter.escape(PlantedMarkup.hostileName)))
            #expect(page.dom.contains("panic: &lt;img src=x onerror=alert(1)&gt;"))
            #expect(Self.complaints(page.console).isEmpty, "\(page.console)")
            if file == html {
                let title = page.dom.range(of: "<title>").flatMap { start in
                    page.dom.range(of: "</title>", range: start.upperBound..<page.dom.endIndex).map { page.dom[start.upperBound..<$0.lowerBound] }
                }
                #expect(title == "rollscope: shop/web (Deployment): 7d4b9c8f6d → 5f8d7c9b4a")
            }
        }
    }

    /// 300 pods (150 replaced) printed: A4 landscape, every pod's name in the PDF twice (its
    /// chart row and its table row), and the first pages each a chart whole on its page, in
    /// the timeline's colours (a chart too tall for a page leaves its heading alone on one).
    @Test func threeHundredPodsPrintToA4WithEveryPod() throws {
        let scenario = SimScenario(
            name: "browser-300", title: "150 replicas replaced, maxSurge 25%", replicas: 150, maxSurge: "25%", nodes: SimNode.workers(6),
            initContainers: [.migrate(seconds: 2)], readinessDelaySeconds: 2, requestsPerSecond: 0.5,
            start: Instant(rfc3339: "2026-11-24T08:00:00Z")!, seed: 300, horizonSeconds: 400)
        let out = Simulator.run(scenario)
        let dir = try Self.folder()
        let watch = dir.appendingPathComponent("pods-watch.json"), events = dir.appendingPathComponent("events.json")
        try Data(out.watchStream().utf8).write(to: watch)
        try Data(out.eventsList().utf8).write(to: events)
        let html = dir.appendingPathComponent("300.html"), pdf = dir.appendingPathComponent("300.pdf")
        try Self.report([watch.path, events.path, "--format", "html"], to: html)
        let page = try Browser.open(html.path, pdf: pdf.path)
        let names = out.pods.map(\.name)
        #expect(names.count == 300)
        for name in names { #expect(page.dom.contains("<g class=\"pod\" data-pod=\"\(name)\">"), "\(name)") }

        let info = try Spawn.run(["pdfinfo", pdf.path]).stdout
        #expect(info.contains("Page size:       841.92 x 594.96 pts (A4)"), "\(info)")
        let text = try Spawn.run(["pdftotext", "-layout", pdf.path, "-"]).stdout
        let missing = names.filter { text.components(separatedBy: $0).count - 1 < 2 }
        #expect(missing.isEmpty, "not twice in the PDF: \(missing.prefix(10))")
        // The first pages as pictures: the legend, then one chart a page, in the timeline's colours.
        let prefix = dir.appendingPathComponent("page").path
        #expect(try Spawn.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "4", pdf.path, prefix]).status == 0)
        let pages = try (1...4).map { try Browser.picture(prefix + "-\(String(format: "%02d", $0)).png") }
        #expect(pages.allSatisfy { $0.count(AnsiColour.backgroundRGB) > 1_000 })
        #expect(pages.dropFirst().allSatisfy { $0.count(Segment.Phase.ready.ink.rich.rgb) > 1_000 })
        print("browser: 300-pod page with its PDF in \(String(format: "%.2f", page.seconds)) s")
    }
}
