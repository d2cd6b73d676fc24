import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RolloutCore

/// A live session as `watch` and `record` run it: the context named, the recording opened, the
/// session started; then either fed to the screen (`update`) or recorded until the rollout
/// completes (`record`); then stopped and the recording closed (`finish`).
public final class LiveRun {
    public let session: LiveSession
    public let recorder: Recorder?
    /// The kubeconfig context, for the header and the recording.
    public let context: String
    /// The recording's failure was already told on screen.
    private var recordingStopTold = false

    /// A signal arrived while the recording was being opened (a FIFO's open waits for its
    /// reader, and the signal interrupts it): the command ends with 128 + `signal`, as it would
    /// a moment later.
    public struct Interrupted: Error, Sendable {
        public let signal: Int32
    }

    /// The target is an Argo Rollout and the cluster has no Rollout resource (no CRD): said
    /// in one line, before anything starts.
    public struct NoSuchResource: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// For `rollout/NAME`: asks the server for the Rollout once; throws `NoSuchResource` when
    /// kubectl says the server has no such resource type. Any other failure is left to the
    /// session, which retries and shows it.
    static func checkResource(_ config: LiveConfig) throws(NoSuchResource) {
        guard case .workload(let kind, let name) = config.target, kind == .rollout else { return }
        let (outcome, _) = ChildRunner().capture(config.kubectl.get(kind.kubectlResource, name), limit: 30)
        guard outcome.status != 0, let line = outcome.errorLine, line.contains("doesn't have a resource type") else { return }
        throw NoSuchResource(description: "\(kind.resource)/\(Sanitizer.clean(String(name.prefix(120)))): this cluster has no Argo "
            + "Rollouts CRD (rollouts.argoproj.io); watch its pods with -l SELECTOR (for example -l app=\(Sanitizer.clean(String(name.prefix(120)))))")
    }

    public init(session: LiveSession, recorder: Recorder?, context: String) {
        self.session = session
        self.recorder = recorder
        self.context = context
    }

    /// This machine's clock, as live observations are stamped.
    public static func wallClock() -> Instant { Instant(seconds: Date().timeIntervalSince1970) }

    /// Names the context (asking kubectl unless --context gave it) and opens the recording at
    /// `recordPath`, if any. `pendingSignal` tells a signal that arrived meanwhile.
    public static func open(_ config: LiveConfig, recordPath: String?, tool: String,
                            pendingSignal: () -> Int32?) throws -> LiveRun {
        // First: a prober that cannot start (no libssl, a bad --probe-ca) is a usage error.
        let prober = try config.probe.map { probe throws(Prober.SetupError) in try Prober(probe) }
        try checkResource(config)
        let context = config.kubectl.contextName()
        var recorder: Recorder?
        if let recordPath {
            let header = Recording.Header(startedAt: wallClock(), target: config.kubectl.allNamespaces ? "all namespaces" : config.target.description,
                                          namespace: config.kubectl.namespace, context: context,
                                          mode: config.mode.rawValue, tool: tool)
            do {
                recorder = try Recorder(path: recordPath, header: header)
            } catch {
                if let signal = pendingSignal() { throw Interrupted(signal: signal) }
                throw error
            }
        }
        return LiveRun(session: LiveSession(config: config, recorder: recorder, prober: prober, wallClock: wallClock),
                       recorder: recorder, context: context)
    }

    /// Starts kubectl and the signal source.
    public func start() { session.start() }

    // MARK: On screen

    /// What the screen takes on each tick.
    public struct Update: Sendable {
        public var observations: [Observation]
        public var signals: [Signal]
        public var now: Instant
        /// Said once: the recording stopped (a full disk, a FIFO whose reader left).
        public var message: String?
        /// What is wrong with the live source now (`LiveStatus.problemLine`).
        public var problem: String?
        /// What the prober has done so far (`ProbeStats.line`), when there is one.
        public var probe: String?
    }

    /// Everything observed since the last call. The view goes on when the recording cannot.
    public func update() -> Update {
        let (observations, signals, status) = session.drain()
        let now = session.now()
        var message: String?
        if !recordingStopTold, let recorder, let failure = recorder.failure ?? (recorder.readerGone ? "its reader went away" : nil) {
            recordingStopTold = true
            message = "recording to \(recorder.path) stopped: \(failure)"
        }
        return Update(observations: observations, signals: signals, now: now, message: message,
                      problem: status.problemLine(now: now),
                      probe: session.prober.map { $0.stats.line(rate: $0.config.rate) })
    }

    // MARK: Recording without a screen

    /// Why `record` stopped.
    public enum Stop: Sendable, Equatable, CustomStringConvertible {
        /// Every rollout of the target started and done by its kind's rule: its new pods all
        /// ready and its old pods gone (a StatefulSet's partition holds some by design).
        case complete
        case timedOut
        case signal(Int32)
        /// The recording goes to a pipe or FIFO whose reader went away: nothing more can be kept.
        case readerGone

        public var description: String {
            switch self {
            case .complete: "rollout complete"
            case .timedOut: "timed out"
            case .signal: "stopped by a signal"
            case .readerGone: "stopped: the reader of the recording went away"
            }
        }
    }

    /// Takes what the session observes, every quarter second, into a store (pruned by
    /// `retention`) until the target's rollout completes, `timeout` seconds pass, `signal`
    /// tells of a signal, or the recording's reader goes away. Each new problem with the live
    /// source is told to `say` once.
    public func record(timeout: Double, retention: Retention?, signal: () -> Int32?, say: (String) -> Void) -> Stop {
        let deadline = Date().addingTimeInterval(timeout)
        var store = ObservationStore(retention: retention)
        var told: LiveStatus?
        // The model is built to tell completion only when something arrived, and at most once
        // a second: with -A it holds thousands of pods.
        var changed = false
        var lastCheck = Date.distantPast
        while Date() < deadline {
            if let s = signal() { return .signal(s) }
            if recorder?.readerGone == true { return .readerGone }
            let (observations, signals, status) = session.drain()
            store.append(observations)
            store.append(signals: signals)
            if !observations.isEmpty { changed = true }
            // Told when kubectl's line or the retry changes, not as the age of the data grows.
            let problem = LiveStatus(problem: status.problem, retryIn: status.retryIn)
            if problem != told, let line = status.problemLine(now: session.now()) { say(line) }
            told = problem
            if changed, Date().timeIntervalSince(lastCheck) >= 1 {
                changed = false
                lastCheck = Date()
            } else {
                usleep(250_000)
                continue
            }
            if Self.isComplete(store, target: session.config.target, allNamespaces: session.config.kubectl.allNamespaces) {
                // The workload once more, so the recording ends with the status that goes with
                // the pods (what kubectl rollout status reads), not one up to five intervals old.
                if case .workload(let kind, let name) = session.config.target { _ = session.readWorkload(kind, name) }
                return .complete
            }
            usleep(250_000)
        }
        return .timedOut
    }

    /// Whether the target's rollout is complete in what `store` holds: it started, and
    /// every rollout the target names reads complete (`RolloutProgress`).
    /// With `-A` (`allNamespaces`) the cluster's workloads at rest are no rollout: it is
    /// complete once some workload rolled and every one that did is done.
    public static func isComplete(_ store: ObservationStore, target: LiveTarget, allNamespaces: Bool = false) -> Bool {
        guard let end = store.end else { return false }
        let rollouts = store.model(at: end).rollouts.filter { rollout in
            if allNamespaces { return rollout.progress.state != .steady }
            if let name = target.workloadName { return rollout.workload == name }
            return true
        }
        return !rollouts.isEmpty && rollouts.allSatisfy(\.progress.isComplete)
    }

    // MARK: The end

    /// Stops kubectl, then closes the recording (fsynced); returns the lines to tell about it,
    /// with why `record` stopped when it did.
    public func finish(_ stop: Stop? = nil) -> [String] {
        session.stop()
        guard let recorder else { return [] }
        recorder.close()
        let why = stop.map { "\($0); " } ?? ""
        var lines = ["\(why)recorded \(recorder.linesWritten) lines (\(recorder.bytesWritten) bytes) to \(recorder.path)"]
        if let failure = recorder.failure, stop != .readerGone { lines.append("writing the recording failed: \(failure)") }
        return lines
    }

    /// Closes the recording without a word, for a signal that came before the session started.
    public func abandon() { recorder?.close() }
}
