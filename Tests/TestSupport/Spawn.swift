import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RolloutLive

/// Running programs for end-to-end tests with the runner rollscope itself uses for kubectl
/// (`ChildProcess`): an argv, never a shell; a process group of its own; a clean signal mask
/// and default signal actions (the test runner's would be inherited otherwise); standard input
/// from /dev/null.
public enum Spawn {
    /// What a program did, run to its end.
    public struct Result: Sendable {
        public var status: Int32
        /// The signal that ended it, if one did (a crash, or the time limit).
        public var signal: Int32?
        public var stdoutData: Data
        public var stderrData: Data
        public var seconds: Double
        /// It did not end within its time limit and was stopped (SIGTERM, then SIGKILL).
        public var timedOut: Bool

        public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
        public var stderr: String { String(decoding: stderrData, as: UTF8.self) }
        /// Standard error's lines, without the last newline's empty remainder.
        public var stderrLines: [Substring] { stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast() }
    }

    /// Runs `argv` (looked up on PATH when it has no slash) to its end, reading its standard
    /// output and error through pipes; stopped after `timeout` seconds.
    @discardableResult
    public static func run(_ argv: [String], timeout: Double = 60, environment: [String: String]? = nil) throws -> Result {
        let started = Date()
        let child = try ChildProcess(argv: argv, environment: environment)
        var output = Data()
        let collected = child.collect(limit: timeout) { output.append($0) }
        return Result(status: collected.status, signal: collected.signal, stdoutData: output, stderrData: collected.errors,
                      seconds: Date().timeIntervalSince(started), timedOut: collected.timedOut)
    }

    /// Starts `argv` and leaves it running: standard output and error go where they are sent
    /// (/dev/null unless told). Wait for it with `wait(timeout:)`; `signal` reaches its group.
    public static func start(_ argv: [String], stdout: ChildProcess.Sink = .discard, stderr: ChildProcess.Sink = .discard,
                             environment: [String: String]? = nil) throws -> ChildProcess {
        try ChildProcess(argv: argv, environment: environment, stdout: stdout, stderr: stderr)
    }
}
