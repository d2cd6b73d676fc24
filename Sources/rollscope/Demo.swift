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
        Scenarios (simulated with Kubernetes' rolling-update and kubelet termination rules, with an
        ingress-nginx access log):
        \(SimScenario.all.map { "  \(TextLayout.pad($0.name, 15)) \($0.title)" }.joined(separator: "\n"))
        """
    )

    @Argument(help: ArgumentHelp("healthy, sigkill, no-prestop or init-crashloop.", valueName: "SCENARIO"))
    var scenario: String = "sigkill"

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
