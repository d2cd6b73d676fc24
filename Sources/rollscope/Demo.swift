import ArgumentParser
import Foundation
import RolloutCore
import RolloutSim
import RolloutUI
import Terminal

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Play a simulated rolling deploy in the UI, in real time, as if live. No cluster needed.",
        discussion: """
        The rollout comes from rollscope's simulator, which follows Kubernetes' rolling-update rules and the kubelet's termination sequence, with an ingress-nginx in front that logs every request.
        """
    )

    @Argument(help: ArgumentHelp("The simulated rollout to play.", valueName: "SCENARIO", argumentType: ScenarioName.self))
    var scenario: String = "sigkill"

    /// The scenarios and what happens in each, for the help; the name is checked in `validate`
    /// (an unknown one gets the list of names).
    struct ScenarioName: ExpressibleByArgument {
        init?(argument: String) { nil }
        static var allValueStrings: [String] { SimScenario.allNames }
        static var allValueDescriptions: [String: String] {
            Dictionary(uniqueKeysWithValues: SimScenario.all.map { ($0.name, $0.title) })
        }
    }

    @Option(help: "How many times faster than real time: 0.25 to 64.")
    var speed: Double = 1

    @Flag(name: .customLong("no-color"), help: "Attributes and glyphs only, no colours (also when NO_COLOR is set).")
    var noColor = false

    func validate() throws {
        guard SimScenario.named(scenario) != nil else {
            throw ValidationError("unknown scenario '\(scenario)'; choose one of \(SimScenario.allNames.joined(separator: ", "))")
        }
        if !(0.25...64).contains(speed) { throw ValidationError("--speed must be between 0.25 and 64") }
    }

    func run() throws {
        if let problem = TerminalCheck.problem(environment: ProcessInfo.processInfo.environment) {
            printError("rollscope: \(problem)")
            throw ExitCode(2)
        }
        // The rollout starts now, so the clock in the header reads like a live one.
        var preset = SimScenario.named(scenario)!
        preset.start = Instant(seconds: Date().timeIntervalSince1970.rounded(.down))
        let output = Simulator.run(preset)
        var feed = SimFeed(output)
        var app = App(store: ObservationStore(), mode: .live, source: "demo: \(scenario)")
        let speed = self.speed
        var announced = false
        let status = TerminalApp.run(&app, monochrome: noColor || Color.disabledByEnvironment) { elapsed in
            let now = output.start + elapsed * speed
            let (observations, signals) = feed.take(until: now)
            var message: String?
            if feed.finished && !announced {
                announced = true
                message = "the simulated rollout is over: g goes back to its start, q quits"
            }
            return FeedUpdate(observations: observations, signals: signals, now: min(now, output.end + 30), message: message)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
