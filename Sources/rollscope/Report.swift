import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RolloutCore

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse saved kubectl output and print the rollout report.",
        discussion: """
        Examples:
          rollscope report pods-watch.json events.json --signals ingress.log
          rollscope report snapshots/ --format markdown > postmortem.md
          rollscope report rollout.json --format json --fail-on warning   # CI gate
          rollscope report rollout.json --format html -o rollout.html     # one page
          rollscope report rollout.json --format svg -o timeline.svg      # a picture
          rollscope report rollout.json --format markdown -o pm.md --svg pm.svg
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, json, html, svg }
    enum FailOn: String, ExpressibleByArgument, CaseIterable { case error, warning, never }

    @Argument(help: ArgumentHelp("Files or folders of kubectl output (JSON or YAML).", valueName: "INPUT"))
    var inputs: [String]

    @Option(name: .customLong("signals"), help: ArgumentHelp("A proxy access log (ingress-nginx, Envoy/Istio, Envoy Gateway, Traefik, AWS ALB, HAProxy, GCP load balancer; gzip too) or JSON Lines signal file (repeatable).", valueName: "FILE"))
    var signals: [String] = []

    @OptionGroup var signalOptions: SignalOptions

    @Option(help: "Output format: html is one self-contained page, svg the timeline alone.")
    var format: Format = .text

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write the report to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(name: .customLong("svg"), help: ArgumentHelp("With --format markdown: also write the timeline as an SVG picture to FILE and show it in the Markdown (linked by its path relative to the Markdown file, or to the current directory when the Markdown goes to standard output).", valueName: "FILE"))
    var svg: String?

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding is at or above this severity; never: exit 0 whatever is found.")
    var failOn: FailOn = .error

    @Option(name: .customLong("keep-rollouts"), help: ArgumentHelp("For recordings of many rollouts: show only the last N rollouts of each workload in full and summarise older ones in one line each, as a long `watch` does (default: everything in full).", valueName: "N"))
    var keepRollouts: Int?

    @Option(help: ArgumentHelp("Width of the text report in columns.", visibility: .hidden))
    var width: Int = 80

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one INPUT file or folder") }
        if width < 60 || width > 400 { throw ValidationError("--width must be between 60 and 400") }
        if let keepRollouts, keepRollouts < 1 { throw ValidationError("--keep-rollouts must be at least 1") }
        if svg != nil && format != .markdown { throw ValidationError("--svg goes with --format markdown (for the SVG alone: --format svg)") }
        if let svg, let output, URL(fileURLWithPath: svg).standardizedFileURL == URL(fileURLWithPath: output).standardizedFileURL {
            throw ValidationError("--svg and --output name the same file")
        }
    }

    func run() throws {
        // A report allocates a few hundred MB at most, in a burst, and exits: let the heap grow
        // in large steps rather than asking the kernel for more memory again and again (address
        // space only; pages still count when touched).
        // glibc's mallopt(M_TOP_PAD, ...); <malloc.h> is not part of Swift's Glibc module.
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            let topPad: Int32 = -2
            _ = unsafeBitCast(symbol, to: Mallopt.self)(topPad, 128 << 20)
        }
        let analyzed = try Analysis.analyze(inputs: inputs, signalFiles: signals, signalOptions: signalOptions.options,
                                            retention: keepRollouts.map { Retention(keepRollouts: $0, checkEvery: 1) })
        // Kept alive until exit: freeing a large model object by object would cost more than
        // the report itself.
        withExtendedLifetime(analyzed) {
            let model = analyzed.model
            for warning in model.warnings { printError("rollscope: warning: \(warning)") }
            var sink = ReportSink(path: output)
            switch format {
            // Output.write: a reader that stops early (`| head`) ends the process quietly.
            case .json: for part in ReportJSON.chunks(model) { sink.write(part) }
            case .text: sink.write(ReportText.render(model, flavor: .text, width: width))
            case .markdown:
                var link: String?
                if let svg {
                    ReportSink.writeFile(svg, ReportSVG.render(model))
                    link = ReportSink.relativeLink(to: svg, from: output)
                }
                sink.write(ReportText.render(model, flavor: .markdown, width: width, timelineImage: link))
            case .html: sink.write(ReportHTML.render(model, sources: ReportHTML.Sources(inputs: inputs, signals: signals)))
            case .svg: sink.write(ReportSVG.render(model))
            }
            sink.finish()
            let threshold: Finding.Severity? = switch failOn {
            case .error: .error
            case .warning: .warning
            case .never: nil
            }
            let failed = threshold.flatMap { t in Analysis.worstSeverity(model).map { $0 >= t } } ?? false
            Glibc.exit(failed ? 1 : 0)
        }
    }
}
