import Foundation
import RolloutCore
import Synchronization

/// Runs kubectl (watch or poll) and the signal sources on background threads; the UI or the
/// recorder drains what they observed. Every observation is stamped with the session clock.
public final class LiveSession: Sendable {
    public let config: LiveConfig
    let recorder: Recorder?
    let wallClock: @Sendable () -> Instant
    /// Every kubectl child (and the signal command) runs through this.
    let children = ChildRunner()
    /// Sends requests through the front door, when `--probe` asked for it.
    public let prober: Prober?
    /// Wakes the loops' pauses when the session stops (`stopped` is set while it is held).
    let wake = NSCondition()

    struct State {
        var observations: [Observation] = []
        var signals: [Signal] = []
        var status = LiveStatus()
        var stopped = false
        var threads = 0
        /// Seconds the cluster's timestamps run ahead of this machine's clock.
        var skew: Double = 0
        /// What was last handed out, by kind/namespace/name, as a fingerprint of the object:
        /// polls re-list everything, but only changes become observations.
        var lastSeen: [String: String] = [:]
        /// When `lastSeen` is next rid of events too old to be listed again (session seconds).
        var nextForget = 0.0
        /// The namespace view lists Argo Rollouts until the server says it has no such resource.
        var listRollouts = true
    }
    let state = Mutex(State())

    public init(config: LiveConfig, recorder: Recorder? = nil, prober: Prober? = nil, wallClock: @escaping @Sendable () -> Instant) {
        self.config = config
        self.recorder = recorder
        self.prober = prober
        self.wallClock = wallClock
    }

    /// The session's "now": this machine's clock, moved forward when the cluster's timestamps
    /// run ahead of it, so observations are never stamped before what they show.
    public func now() -> Instant {
        let skew = state.withLock { $0.skew }
        return wallClock() + skew
    }

    var stopped: Bool { state.withLock { $0.stopped } }

    /// Takes everything observed since the last call.
    public func drain() -> (observations: [Observation], signals: [Signal], status: LiveStatus) {
        let wall = wallClock()
        return state.withLock { s in
            LiveSession.forgetStale(&s, now: wall + s.skew)
            defer { s.observations.removeAll(); s.signals.removeAll() }
            return (s.observations, s.signals, s.status)
        }
    }

    public func start() {
        spawn { self.podsLoop() }
        spawn { self.pollLoop() }
        if config.mode == .watch {
            // Watched, not re-listed every interval: an idle dashboard costs next to nothing
            // even when the namespace holds thousands of events.
            spawn { self.watchLoop("events", kind: .event) }
            spawn { self.watchLoop("endpointslices", kind: .slice) }
        }
        if config.signalsFile != nil || config.signalsCommand != nil { spawn { self.signalsLoop() } }
        prober?.start(now: { self.now() }, emit: { self.takeProbe($0) })
    }

    /// Stops every thread and kubectl child; returns when they are gone (or after `timeout`).
    public func stop(timeout: Double = 5) {
        wake.lock()
        state.withLock { $0.stopped = true }
        wake.broadcast()
        wake.unlock()
        prober?.stop()
        children.stop(grace: 0.5)
        let deadline = Date().addingTimeInterval(timeout)
        while state.withLock({ $0.threads }) > 0 && Date() < deadline { usleep(20_000) }
    }

    func spawn(_ body: @escaping @Sendable () -> Void) {
        state.withLock { $0.threads += 1 }
        let thread = Thread {
            body()
            self.state.withLock { $0.threads -= 1 }
        }
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// Sleeps `seconds`, or until `stop()`.
    func pause(_ seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        wake.lock()
        while !stopped && Date() < deadline { _ = wake.wait(until: deadline) }
        wake.unlock()
    }

    // MARK: Running kubectl

    struct Outcome {
        var status: Int32
        var output: Data
        var errorLine: String?
    }

    /// Runs a command to completion (kubectl's --request-timeout bounds it; so does `limit`).
    func run(_ argv: [String], limit: Double = 60) -> Outcome {
        let (outcome, output) = children.capture(argv, limit: limit)
        return Outcome(status: outcome.status, output: output, errorLine: outcome.errorLine)
    }

    func fail(_ problem: String, retryIn: Double?) {
        let t = now()
        state.withLock { s in
            s.status.problem = problem
            s.status.retryIn = retryIn
        }
        recorder?.note(problem, at: t)
    }

    func succeeded() {
        let t = now()
        state.withLock { s in
            s.status.problem = nil
            s.status.retryIn = nil
            s.status.lastGoodData = t
        }
    }

    // MARK: Decoding

    /// Decodes one kubectl value, stamps it, queues it for the UI, and records it.
    func take(_ value: Data, kind: Recording.Kind, source: String) {
        let wall = wallClock()
        var decoded: [Observation] = []
        do {
            decoded = try InputLoader.decode(data: value, name: source, source: 0, explicitTime: nil, scope: "live " + source).observations
        } catch {
            fail("\(source): kubectl printed something that is not Kubernetes JSON (\(error.message))", retryIn: nil)
            return
        }
        // The cluster's clock may run ahead of ours (skew, or an accelerated test server). Only
        // pod timestamps count (an Event from a node with a wrong clock must not move it), and
        // never by more than a day.
        let latest = decoded.compactMap { o -> Instant? in
            switch o.payload {
            case .pod(let p, _): return p.latestTimestamp
            case .podList(let pods, _): return pods.compactMap(\.latestTimestamp).max()
            default: return nil
            }
        }.max()
        let t: Instant = state.withLock { s in
            if let latest, latest - wall > s.skew, latest - wall < 86_400 { s.skew = latest - wall }
            return wall + s.skew
        }
        for i in decoded.indices {
            decoded[i].time = t
            decoded[i].estimated = false
        }
        let changed = state.withLock { s in LiveSession.onlyChanges(decoded, seen: &s.lastSeen) }
        state.withLock { s in s.observations += changed }
        guard let recorder else { return }
        guard let json = try? value.withUnsafeBytes({ try JSONValue.parse($0) }) else { return }
        if let object = json["object"], case .string(let type)? = json["type"] {
            if type != "BOOKMARK" && type != "ERROR" { recorder.record(object, kind: kind, type: type, at: t) }
        } else if case .array(let items)? = json["items"] {
            if kind == .pod {
                recorder.recordPodList(items, at: t)
            } else {
                for item in items { recorder.record(item, kind: kind, type: nil, at: t) }
            }
        } else {
            recorder.record(json, kind: kind, type: nil, at: t)
        }
    }

    /// Drops what did not change since it was last handed out. The first pod list passes
    /// whole (it tells which pods exist); later lists become the changed pods, plus DELETED
    /// for pods no longer listed, so a long poll session grows with changes, not with polls.
    static func onlyChanges(_ observations: [Observation], seen: inout [String: String]) -> [Observation] {
        var out: [Observation] = []
        func changed(_ key: String, _ fingerprint: String) -> Bool {
            if seen[key] == fingerprint { return false }
            seen[key] = fingerprint
            return true
        }
        for o in observations {
            switch o.payload {
            case .pod(let p, let action):
                if action == .deleted { seen["pod/" + p.uid] = nil; out.append(o) } else if changed("pod/" + p.uid, p.fingerprint) { out.append(o) }
            case .podList(let pods, let scope):
                let firstList = seen["list/" + scope] == nil
                seen["list/" + scope] = "seen"
                if firstList {
                    for p in pods { seen["pod/" + p.uid] = p.fingerprint }
                    out.append(o)
                    continue
                }
                var listed = Set<String>()
                for p in pods {
                    listed.insert("pod/" + p.uid)
                    if changed("pod/" + p.uid, p.fingerprint) {
                        out.append(Observation(time: o.time, estimated: false, source: o.source, payload: .pod(p, .modified)))
                    }
                }
                // Gone from the list: the list is complete, so these pods are gone.
                let gone = seen.keys.filter { $0.hasPrefix("pod/") && !listed.contains($0) }
                if !gone.isEmpty { out.append(Observation(time: o.time, estimated: false, source: o.source, payload: .podList(pods, scope: scope))) }
                for key in gone { seen[key] = nil }
            case .event(let e):
                if changed("event/" + (e.uid ?? "\(e.regarding.name ?? "")/\(e.reason)/\(e.at?.seconds ?? 0)"), "\(e.count)/\(e.lastAt?.seconds ?? 0)") { out.append(o) }
            case .slice(let s, _):
                if changed("slice/\(s.namespace)/\(s.name)", s.fingerprint) { out.append(o) }
            case .workload:
                out.append(o)
            }
        }
        return out
    }

    // MARK: Pods

    /// How a workload object is recorded: a Deployment as before, a StatefulSet or DaemonSet
    /// as a workload.
    static func recordingKind(_ kind: WorkloadKind) -> Recording.Kind {
        switch kind {
        case .deployment: .deployment
        case .statefulSet, .daemonSet, .rollout: .workload
        }
    }

    /// Reads the target workload once (`kubectl get KIND NAME -o json`); its output when kubectl
    /// succeeded.
    func readWorkload(_ kind: WorkloadKind, _ name: String) -> Outcome {
        let out = run(config.kubectl.get(kind.kubectlResource, name))
        if out.status == 0 { take(out.output, kind: LiveSession.recordingKind(kind), source: "\(kind.resource)/\(name)") }
        return out
    }

    func podsLoop() {
        var backoff = Backoff(initial: 1, maximum: 30)
        // Resolve the target's selector first (from the workload when there is one).
        var selector: String?
        switch config.target {
        case .selector(let s): selector = s
        case .namespace: selector = nil
        case .workload(let kind, let name):
            while !stopped {
                let out = readWorkload(kind, name)
                if out.status == 0, let json = try? out.output.withUnsafeBytes({ try JSONValue.parse($0) }) {
                    selector = Selector.from(json)
                    succeeded()
                    break
                }
                let delay = backoff.fail()
                fail(out.errorLine ?? "kubectl exited with status \(out.status)", retryIn: delay)
                pause(delay)
            }
            if selector == nil && !stopped {
                fail("\(kind.resource)/\(name) has no selector rollscope can use; watching the whole namespace", retryIn: nil)
            }
        }
        backoff.succeed()

        while !stopped {
            // An initial list (and a resync after every watch): pods gone meanwhile show as gone.
            let list = run(config.kubectl.list("pods", selector: selector))
            guard list.status == 0 else {
                let delay = backoff.fail()
                fail(list.errorLine ?? "kubectl exited with status \(list.status)", retryIn: delay)
                pause(delay)
                continue
            }
            if config.mode == .poll {
                take(list.output, kind: .pod, source: "pods")
                succeeded()
                backoff.succeed()
                pause(config.interval)
                continue
            }
            // The watch starts at once and the list is taken while kubectl starts: a list of
            // thousands of pods (-A) takes a while to decode and record, and what the watch
            // prints meanwhile waits in its pipe instead of falling between the two.
            let started = Date()
            let outcome = watch(config.kubectl.watchPods(selector: selector), kind: .pod, source: "pods watch") {
                self.take(list.output, kind: .pod, source: "pods")
                self.succeeded()
            }
            if stopped { break }
            if outcome.status == 0 {
                // The server closed the watch (they do, every half hour or so): resync at once.
                backoff.succeed()
            } else {
                if Date().timeIntervalSince(started) > 60 { backoff.succeed() }
                let delay = backoff.fail()
                fail(outcome.errorLine ?? "kubectl watch exited with status \(outcome.status)", retryIn: delay)
                pause(delay)
            }
        }
    }

    /// Runs a watch, handing each complete value to `take` as it arrives. `first` runs once,
    /// before the first value is handled (or when the watch ends without one).
    func watch(_ argv: [String], kind: Recording.Kind, source: String, first: (() -> Void)? = nil) -> Outcome {
        var splitter = StreamSplitter()
        var first = first
        func handle(_ pieces: [StreamSplitter.Piece]) {
            if let f = first {
                first = nil
                f()
            }
            for piece in pieces {
                switch piece {
                case .value(let data):
                    take(data, kind: kind, source: source)
                    succeeded()
                case .garbage(let line):
                    fail("kubectl printed: \(Sanitizer.clean(line))", retryIn: nil)
                }
            }
        }
        let outcome = children.run(argv) { handle(splitter.push($0)) }
        handle(splitter.finish())
        return Outcome(status: outcome.status, output: Data(), errorLine: outcome.errorLine)
    }

    // MARK: Events, EndpointSlices, the Deployment

    /// Watches events or EndpointSlices (kubectl lists first, then watches), resuming with
    /// back-off whenever the stream ends.
    func watchLoop(_ resource: String, kind: Recording.Kind) {
        var backoff = Backoff(initial: 1, maximum: 30)
        pause(0.5)
        while !stopped {
            let started = Date()
            let outcome = watch(config.kubectl.watch(resource), kind: kind, source: resource + " watch")
            if stopped { break }
            if outcome.status == 0 || Date().timeIntervalSince(started) > 60 { backoff.succeed() }
            if outcome.status != 0 {
                let delay = backoff.fail()
                fail(outcome.errorLine ?? "kubectl get \(resource) --watch exited with status \(outcome.status)", retryIn: delay)
                pause(delay)
            }
        }
    }

    /// Without a target workload: the namespace's StatefulSets and DaemonSets (their status
    /// names the new revision and the partition, which their pods alone do not), or, where
    /// listing them is forbidden, the server's version as a probe.
    /// Argo Rollouts in the namespace, while the cluster has their CRD (a cluster without it,
    /// or a user who may not list them, is asked once).
    func listRollouts() {
        guard state.withLock({ $0.listRollouts }) else { return }
        let out = run(config.kubectl.list(WorkloadKind.rollout.kubectlResource))
        if out.status == 0 {
            take(out.output, kind: .workload, source: "rollouts")
            return
        }
        let line = out.errorLine?.lowercased() ?? ""
        if line.contains("forbidden") || line.contains("doesn't have a resource type") { state.withLock { $0.listRollouts = false } }
    }

    /// With `-A` the cluster's Deployments too, in the same request (one list per kind for the
    /// whole cluster, not one per namespace).
    func workloadsOrVersion(_ listWorkloads: inout Bool) -> Outcome {
        if listWorkloads {
            let resources = config.kubectl.allNamespaces ? "deployments,statefulsets,daemonsets" : "statefulsets,daemonsets"
            let out = run(config.kubectl.list(resources))
            if out.status == 0 {
                take(out.output, kind: .workload, source: resources)
                listRollouts()
                return out
            }
            let line = out.errorLine?.lowercased() ?? ""
            guard line.contains("forbidden") || line.contains("doesn't have a resource type") else { return out }
            listWorkloads = false
        }
        return run(config.kubectl.raw("/version"))
    }

    func pollLoop() {
        var round = 0
        var listWorkloadsInPoll = true
        let interval = max(1, config.interval)
        // Let the pod list go first.
        pause(min(1, interval))
        // Watch mode watches events and slices; here only the workload is polled. It also
        // shows a hung or unreachable server, which a quiet watch would not.
        if config.mode == .watch {
            var listWorkloads = true
            while !stopped {
                let probe: Outcome
                if case .workload(let kind, let name) = config.target {
                    probe = readWorkload(kind, name)
                } else {
                    probe = workloadsOrVersion(&listWorkloads)
                }
                if probe.status != 0 && !stopped {
                    fail(probe.errorLine ?? "kubectl exited with status \(probe.status)", retryIn: interval * 5)
                }
                pause(interval * 5)
            }
            return
        }
        while !stopped {
            // A quiet watch is normal, so these polls are also how a hung or broken server shows.
            let events = run(config.kubectl.list("events"))
            if events.status == 0 {
                take(events.output, kind: .event, source: "events")
                succeeded()
            } else if !stopped {
                fail(events.errorLine ?? "kubectl get events exited with status \(events.status)", retryIn: interval)
            }
            if stopped { break }
            let slices = run(config.kubectl.list("endpointslices"))
            if slices.status == 0 { take(slices.output, kind: .slice, source: "endpointslices") }
            if round % 5 == 4 {
                if case .workload(let kind, let name) = config.target {
                    _ = readWorkload(kind, name)
                } else if listWorkloadsInPoll {
                    _ = workloadsOrVersion(&listWorkloadsInPoll)
                }
            }
            round += 1
            pause(interval)
        }
    }

    // MARK: Signals

    func signalsLoop() {
        if let file = config.signalsFile {
            var follower = SignalFollower(path: file)
            var lineNumber = 0
            while !stopped {
                for line in follower.poll() {
                    lineNumber += 1
                    takeSignal(line, origin: file, line: lineNumber)
                }
                pause(0.25)
            }
        } else if let argv = config.signalsCommand, !argv.isEmpty {
            var backoff = Backoff(initial: 1, maximum: 30)
            var lineNumber = 0
            while !stopped {
                var partial = Data()
                let outcome = children.run(argv) { chunk in
                    partial.append(chunk)
                    // A line longer than 64 KiB is no access-log line: drop it.
                    if partial.count > 1 << 16, partial.firstIndex(of: 0x0A) == nil { partial.removeAll() }
                    while let nl = partial.firstIndex(of: 0x0A) {
                        let line = String(decoding: partial[partial.startIndex..<nl], as: UTF8.self)
                        partial.removeSubrange(partial.startIndex...nl)
                        lineNumber += 1
                        takeSignal(line, origin: argv[0], line: lineNumber)
                    }
                }
                if stopped { break }
                let delay = backoff.fail()
                fail(outcome.started ? "--signals-cmd \(argv[0]) exited with status \(outcome.status)"
                                     : "--signals-cmd: \(outcome.errorLine ?? argv[0])", retryIn: delay)
                pause(delay)
            }
        }
    }

    /// Takes one of the prober's signals: recorded (as `ProbeRecord`) and queued for the UI.
    func takeProbe(_ signal: Signal) {
        recorder?.recordSignal(line: ProbeRecord.line(signal), source: ProbeRecord.source, at: now())
        state.withLock { $0.signals.append(signal) }
    }

    func takeSignal(_ line: String, origin: String, line number: Int) {
        var result = SignalParser.Result()
        SignalParser.parseLine(Data(line.utf8), origin: origin, line: number, options: config.signalOptions, into: &result)
        // Only the lines that are signals go into the recording: size follows drops, not traffic.
        guard !result.signals.isEmpty else { return }
        let t = now()
        if result.formats[.jsonFields] != nil {
            // Lines read through --signal-fields are recorded as the JSON Lines they meant, so a
            // replay of the recording needs no mapping.
            for s in result.signals { recorder?.recordSignal(line: Recording.jsonLinesSignal(s), source: origin, at: t) }
        } else {
            recorder?.recordSignal(line: line, source: origin, at: t)
        }
        state.withLock { $0.signals += result.signals }
    }
}
