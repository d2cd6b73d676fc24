import ArgumentParser
import Foundation
import RolloutCore
import RolloutUI
import Terminal

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay saved kubectl output in the terminal UI, with a cursor you can move through time.",
        discussion: """
        Reads everything `report` reads. Opens at the end (the whole story); g goes to the start, space plays, [ and ] change speed, n and N step from change to change, ? lists all keys.
        """
    )

    @Argument(help: ArgumentHelp("Files or folders of kubectl output (JSON or YAML).", valueName: "INPUT"))
    var inputs: [String]

    @Option(name: .customLong("signals"), help: ArgumentHelp("A proxy access log (ingress-nginx, Envoy/Istio, Envoy Gateway, Traefik, AWS ALB, HAProxy, GCP load balancer; gzip too) or JSON Lines signal file (repeatable).", valueName: "FILE"))
    var signals: [String] = []

    @OptionGroup var signalOptions: SignalOptions

    @Option(help: "Playback speed: 0.25 to 64 times real time.")
    var speed: Double = 1

    @Flag(name: .customLong("no-color"), help: "Attributes and glyphs only, no colours (also when NO_COLOR is set).")
    var noColor = false

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one INPUT file or folder") }
        if !(0.25...64).contains(speed) { throw ValidationError("--speed must be between 0.25 and 64") }
    }

    func run() throws {
        if let problem = TerminalCheck.problem(environment: ProcessInfo.processInfo.environment) {
            printError("rollscope: \(problem)")
            throw ExitCode(2)
        }
        let store = try ObservationStore.load(inputs: inputs, signalFiles: signals, signalOptions: signalOptions.options)
        guard !store.observations.isEmpty else {
            throw InputError(file: inputs[0], message: "holds no pods, events or slices to replay")
        }
        var app = App(store: store, mode: .replay, source: inputs.count == 1 ? (inputs[0] as NSString).lastPathComponent : "\(inputs.count) inputs")
        app.state.speed = speed
        let status = TerminalApp.run(&app, monochrome: noColor || Color.disabledByEnvironment)
        for warning in store.warnings { printError("rollscope: warning: \(warning)") }
        if status != 0 { throw ExitCode(status) }
    }
}

enum Color {
    /// https://no-color.org: any non-empty NO_COLOR disables colour.
    static var disabledByEnvironment: Bool {
        !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }
}
