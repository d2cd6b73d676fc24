import ArgumentParser
import RolloutLive
import Terminal

struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a rollout through kubectl without the UI, for CI jobs; replay or report it later.",
        discussion: """
        Ends when the rollout completes by its kind's rule (every new pod ready and every old pod gone; the ordinals a StatefulSet's partition holds stay) or at --timeout. An OnDelete StatefulSet or DaemonSet completes only once its old pods are deleted by hand. Exit status: 0 the rollout completed, 1 it did not within --timeout, 2 bad usage.

        The recording holds a header line and one line per observed change; environment values, Secret data and the last-applied-configuration annotation are removed before anything is written.

        Examples:
          rollscope record deployment/web -n shop --record web.rollout --timeout 10m
          rollscope record statefulset/db -n shop --record db.rollout --timeout 30m
          rollscope record -A --record cluster.rollout --timeout 30m   # every namespace; ends when what rolled is done
          rollscope report web.rollout --fail-on error
        """
    )

    @OptionGroup var live: LiveOptions

    @Option(help: "Stop after this long even if the rollout has not completed. A duration: 30s, 10m, 1h.")
    var timeout: String = "15m"

    func validate() throws {
        if live.record == nil { throw ValidationError("record needs --record FILE") }
        guard Duration.seconds(timeout) != nil else { throw ValidationError("--timeout must be a duration like 10m") }
    }

    func run() throws {
        TerminalSignals.install()
        let run = try live.open()
        run.start()
        let stop = run.record(timeout: Duration.seconds(timeout)!, retention: live.retention, signal: TerminalSignals.take) {
            printError("rollscope: \($0)")
        }
        for line in run.finish(stop) { printError("rollscope: \(line)") }
        switch stop {
        case .complete: return
        case .timedOut: throw ExitCode(1)
        case .signal(let signal): throw ExitCode(128 + signal)
        // As a shell reports a process a closed pipe stopped (128 + SIGPIPE).
        case .readerGone: throw ExitCode(Output.brokenPipeStatus)
        }
    }
}
