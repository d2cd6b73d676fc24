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
          rollscope watch -l app=web -n shop --signals /var/log/ingress/access.log
          rollscope watch -n shop              # every workload, those mid-rollout first
        As a kubectl plugin: install the binary as kubectl-rollscope, then
          kubectl rollscope watch deployment/web
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
        // From the start: a signal while kubectl reads the context or a FIFO waits for its
        // reader is handled like one during the UI.
        TerminalSignals.install()
        let context = live.contextName()
        let recorder = try openRecorder(live, context: context)
        if let signal = TerminalSignals.take() {
            recorder?.close()
            throw ExitCode(128 + signal)
        }
        let session = LiveSession(config: live.config, recorder: recorder, wallClock: WallClock.now)
        session.start()
        var app = App(store: ObservationStore(retention: live.retention), mode: .live, source: context)
        if case .namespace = live.liveTarget { app.state.overlay = .workloads }
        var recordingFailed = false
        let status = TerminalApp.run(&app, monochrome: noColor || Color.disabledByEnvironment) { _ in
            let (observations, signals, status) = session.drain()
            let now = session.now()
            // The view goes on when the recording cannot (a full disk, a FIFO whose reader left).
            var message: String?
            if !recordingFailed, let recorder, let failure = recorder.failure ?? (recorder.readerGone ? "its reader went away" : nil) {
                recordingFailed = true
                message = "recording to \(recorder.path) stopped: \(failure)"
            }
            return FeedUpdate(observations: observations, signals: signals, now: now, message: message, problem: describeProblem(status, now: now))
        }
        // The terminal is restored; now kubectl, then the recording (fsynced). After a hangup
        // these lines go nowhere, which is fine (Output.error ignores the failed write).
        session.stop()
        recorder?.close()
        if let recorder {
            printError("rollscope: recorded \(recorder.linesWritten) lines (\(recorder.bytesWritten) bytes) to \(recorder.path)")
            if let failure = recorder.failure { printError("rollscope: writing the recording failed: \(failure)") }
        }
        if status != 0 { throw ExitCode(status) }
    }
}

struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a rollout through kubectl without the UI, for CI jobs; replay or report it later.",
        discussion: """
        Ends when the rollout completes (every new pod ready, every old pod gone) or at --timeout. Exit status: 0 the rollout completed, 1 it did not within --timeout, 2 bad usage. The recording holds a header line and one line per observed change; environment values, Secret data and the last-applied-configuration annotation are removed before anything is written.

          rollscope record deployment/web -n shop --record web.rollout --timeout 10m
          rollscope report web.rollout --fail-on error
        """
    )

    @OptionGroup var live: LiveOptions

    @Option(help: "Stop after this long even if the rollout has not completed (30s, 10m, 1h).")
    var timeout: String = "15m"

    func validate() throws {
        if live.record == nil { throw ValidationError("record needs --record FILE") }
        guard Duration.seconds(timeout) != nil else { throw ValidationError("--timeout must be a duration like 10m") }
    }

    func run() throws {
        TerminalSignals.install()
        let recorder = try openRecorder(live, context: live.contextName())!
        let session = LiveSession(config: live.config, recorder: recorder, wallClock: WallClock.now)
        session.start()
        let deadline = Date().addingTimeInterval(Duration.seconds(timeout)!)
        var store = ObservationStore(retention: live.retention)
        var completed = false
        var lastProblem: String?
        var signal: Int32?
        var readerGone = false
        while Date() < deadline {
            if let s = TerminalSignals.take() { signal = s; break }
            // Recording into a pipe or FIFO whose reader went away: nothing more can be kept.
            if recorder.readerGone { readerGone = true; break }
            let (observations, signals, status) = session.drain()
            store.append(observations)
            store.append(signals: signals)
            let now = session.now()
            if let problem = describeProblem(status, now: now), problem != lastProblem {
                printError("rollscope: \(problem)")
            }
            lastProblem = status.problem.map { _ in describeProblem(status, now: now) } ?? nil
            if rolloutComplete(store) { completed = true; break }
            usleep(250_000)
        }
        session.stop()
        let (observations, signals, _) = session.drain()
        store.append(observations)
        store.append(signals: signals)
        recorder.close()
        let why = completed ? "rollout complete" : signal != nil ? "stopped by a signal"
            : readerGone ? "stopped: the reader of the recording went away" : "timed out"
        printError("rollscope: \(why); recorded \(recorder.linesWritten) lines (\(recorder.bytesWritten) bytes) to \(recorder.path)")
        if let failure = recorder.failure, !readerGone { printError("rollscope: writing the recording failed: \(failure)") }
        if let signal { throw ExitCode(128 + signal) }
        // As a shell reports a process a closed pipe stopped (128 + SIGPIPE).
        if readerGone { throw ExitCode(Output.brokenPipeStatus) }
        if !completed { throw ExitCode(1) }
    }

    /// A rollout is complete when it started, every new pod is ready and every old pod gone.
    func rolloutComplete(_ store: ObservationStore) -> Bool {
        guard let end = store.end else { return false }
        let model = store.model(at: end)
        let rollouts: [Rollout]
        if case .deployment(let name) = live.liveTarget {
            rollouts = model.rollouts.filter { $0.workload == name }
        } else {
            rollouts = model.rollouts
        }
        return !rollouts.isEmpty && rollouts.allSatisfy(\.progress.isComplete)
    }
}

/// Opens --record's file. A FIFO's open waits for a reader; a signal meanwhile interrupts it
/// and becomes the exit status, as it would a moment later.
func openRecorder(_ live: LiveOptions, context: String) throws -> Recorder? {
    do {
        return try live.recorder(mode: live.mode.rawValue, context: context)
    } catch {
        if let signal = TerminalSignals.take() { throw ExitCode(128 + signal) }
        throw error
    }
}
