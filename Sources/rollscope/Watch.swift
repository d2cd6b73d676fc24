import ArgumentParser
import Foundation
import RolloutCore
import RolloutLive
import RolloutUI
import Terminal

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch a rollout live through kubectl, in the terminal UI.",
        discussion: """
        kubectl does all cluster access, so every kubeconfig and auth plugin you use works; it always runs as an argv, never through a shell.

        Examples:
          rollscope watch deployment/web -n shop --record web.rollout
          rollscope watch sts/db -n shop          # a StatefulSet: one row per pod name, by ordinal
          rollscope watch ds/node-agent -n kube-system    # a DaemonSet: the node on every row
          rollscope watch -l app=web -n shop --signals /var/log/ingress/access.log
          rollscope watch -n shop    # every workload, those mid-rollout first
          rollscope watch -A         # every namespace: workloads grouped by namespace, rollouts first
          rollscope watch deployment/web -n shop --probe https://shop.example.com/ --probe-pod-header X-Served-By

        As a kubectl plugin: install the binary as kubectl-rollscope, then
          kubectl rollscope watch deployment/web      (or just: kubectl rollscope sts/db)
        """
    )

    @OptionGroup var live: LiveOptions

    @Flag(name: .customLong("no-color"), help: "Attributes and glyphs only, no colours (also when NO_COLOR is set).")
    var noColor = false

    func run() throws {
        if let problem = TerminalCheck.problem(environment: ProcessInfo.processInfo.environment) {
            printError("rollscope: \(problem)")
            throw ExitCode(2)
        }
        // From the start: a signal while kubectl names the context or a FIFO waits for its
        // reader is handled like one during the UI.
        TerminalSignals.install()
        let run = try live.open()
        if let signal = TerminalSignals.take() {
            run.abandon()
            throw ExitCode(128 + signal)
        }
        run.start()
        // -A: the header says so, and the dashboard of every namespace opens first.
        let source = live.allNamespaces ? run.context + ", all namespaces" : run.context
        var app = App(store: ObservationStore(retention: live.retention), mode: .live, source: source)
        if case .namespace = live.liveTarget { app.state.overlay = .workloads }
        if live.allNamespaces { app.state.overlay = .workloads }
        let status = TerminalApp.run(&app, monochrome: noColor || Color.disabledByEnvironment) { _ in
            let u = run.update()
            return FeedUpdate(observations: u.observations, signals: u.signals, now: u.now, message: u.message, problem: u.problem,
                              probe: u.probe)
        }
        // The terminal is restored; now kubectl, then the recording (fsynced). After a hangup
        // these lines go nowhere, which is fine (Output.error ignores the failed write).
        for line in run.finish() { printError("rollscope: \(line)") }
        if status != 0 { throw ExitCode(status) }
    }
}
