import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RolloutCore
import Synchronization

/// Runs kubectl and the signal command for a live session: each child from an argv in its own
/// process group (`ChildProcess`), its output handed over as it arrives, its standard error kept
/// for the last line, an optional time limit, and `stop()` ending every child still running.
/// Once stopped, nothing more is started.
public final class ChildRunner: Sendable {
    /// How a child ended.
    public struct Outcome: Sendable, Equatable {
        /// The exit status: 128 + the signal when one ended it, 127 when it could not start.
        public var status: Int32
        /// The last non-empty line of its standard error (or why it could not start), cleaned
        /// for the terminal.
        public var errorLine: String?
        /// Its time limit ran out and it was stopped.
        public var timedOut = false
        /// False when it could not be started (then `errorLine` says why) or the runner was
        /// stopped before.
        public var started = true

        public init(status: Int32, errorLine: String? = nil, timedOut: Bool = false, started: Bool = true) {
            self.status = status
            self.errorLine = errorLine
            self.timedOut = timedOut
            self.started = started
        }
    }

    struct State {
        var stopped = false
        var children: [pid_t: ChildProcess] = [:]
    }
    private let state = Mutex(State())
    let environment: [String: String]?

    /// `environment`: the children's, or nil for ours.
    public init(environment: [String: String]? = nil) {
        self.environment = environment
    }

    public var stopped: Bool { state.withLock { $0.stopped } }

    /// The children running now.
    public var running: [ChildProcess] { state.withLock { Array($0.children.values) } }

    /// Runs `argv` to its end, handing its standard output to `output` as it arrives. `limit`:
    /// seconds before its process group is stopped (SIGTERM, then SIGKILL). After `stop()`,
    /// returns at once with status 143 and starts nothing.
    public func run(_ argv: [String], limit: Double? = nil, output: (Data) -> Void = { _ in }) -> Outcome {
        let started: Result<ChildProcess, Error>? = state.withLock { s in
            // Spawned under the lock: `stop()` either sees this child or stops it from starting.
            guard !s.stopped else { return nil }
            do {
                let child = try ChildProcess(argv: argv, environment: environment)
                s.children[child.pid] = child
                return .success(child)
            } catch {
                return .failure(error)
            }
        }
        switch started {
        case nil:
            return Outcome(status: 128 + SIGTERM, started: false)
        case .failure(let error)?:
            return Outcome(status: 127, errorLine: "\(error)", started: false)
        case .success(let child)?:
            defer { _ = state.withLock { $0.children.removeValue(forKey: child.pid) } }
            let collected = child.collect(limit: limit, output: output)
            return Outcome(status: collected.status, errorLine: Self.lastLine(collected.errors), timedOut: collected.timedOut)
        }
    }

    /// Runs `argv` to its end and returns its standard output with the outcome.
    public func capture(_ argv: [String], limit: Double? = nil) -> (outcome: Outcome, output: Data) {
        var data = Data()
        let outcome = run(argv, limit: limit) { data.append($0) }
        return (outcome, data)
    }

    /// Starts nothing more and stops every child: SIGTERM to each process group, SIGKILL to
    /// those still there after `grace` seconds.
    public func stop(grace: Double = 0.5) {
        let children = state.withLock { s -> [ChildProcess] in
            s.stopped = true
            return Array(s.children.values)
        }
        ChildProcess.terminate(children, grace: grace)
    }

    /// The last non-empty line, bounded and cleaned for the terminal.
    static func lastLine(_ errors: Data) -> String? {
        String(decoding: errors, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .last { !$0.isEmpty }.map { Sanitizer.clean(String($0.prefix(300))) }
    }
}
