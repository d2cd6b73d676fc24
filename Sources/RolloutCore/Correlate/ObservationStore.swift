/// All observations and signals of a session, in time order, with the model at any instant.
///
/// Replay asks for `model(at:)` as its cursor moves; live mode `append`s as changes arrive.
/// Correlator copies are kept every `checkpointEvery` observations, so a cursor jump replays
/// at most that many observations instead of the whole history.
public struct ObservationStore: Sendable {
    public internal(set) var observations: [Observation] = []
    public internal(set) var signals: [Signal] = []
    /// The signal files (commands, recordings) read, and what each held.
    public var signalSources: [SignalSource] = []
    public private(set) var warnings: [String] = []
    var checkpoints: [(count: Int, correlator: Correlator)] = [(0, Correlator())]
    let checkpointEvery: Int
    /// The correlator after every observation: a live view at "now" (and a report) needs no
    /// replay from the last checkpoint. Checkpoints are copies of it as it passes them.
    var tip = Correlator()
    /// Live sessions: what is past keeping is summarised into `history` and pruned (nil keeps
    /// everything, as replay and report do).
    public let retention: Retention?
    /// Summaries of what was pruned.
    public internal(set) var history = RolloutHistory()
    /// Changes whenever pruning rewrote observations or signals, or an observation was placed
    /// before others: counts alone then no longer identify a state.
    public internal(set) var revision = 0
    /// The size at which pruning next runs.
    var nextPrune = 0
    /// Events older than this no kept pod claims were pruned: late copies are not taken again.
    var eventHorizon: Instant?
    /// ReplicaSets (namespace/name) whose pods' init failures a summary already counted.
    var creationCounted = Set<String>()

    public init(observations: [Observation] = [], signals: [Signal] = [], warnings: [String] = [], checkpointEvery: Int = 512,
                retention: Retention? = nil) {
        self.checkpointEvery = max(16, checkpointEvery)
        self.warnings = warnings
        self.retention = retention
        // Signals first: pruning while the observations go in attributes them to pods.
        append(signals: signals)
        append(observations)
    }

    /// Builds a store from saved inputs (the same loading `report` does); `options` say how to
    /// read the signal files (`--signal-fields`).
    public static func load(inputs: [String], signalFiles: [String], signalOptions: SignalParser.Options = .init(),
                            retention: Retention? = nil) throws(InputError) -> ObservationStore {
        let loaded = try InputLoader.load(paths: inputs)
        var warnings = loaded.warnings
        var signals = loaded.signals
        var sources = loaded.signalSources
        for file in signalFiles {
            let (result, w) = try SignalParser.parse(file: file, options: signalOptions)
            signals += result.signals
            sources.append(SignalSource(file: file, result))
            warnings += w
        }
        var store = ObservationStore(observations: loaded.observations, signals: signals, warnings: warnings, retention: retention)
        store.signalSources = sources
        return store
    }

    public var start: Instant? { observations.first?.time }
    public var end: Instant? { observations.last?.time }

    /// Adds observations; ones older than the last are placed in order.
    public mutating func append(_ new: [Observation]) {
        // `tip` follows while observations come in order; after one is placed earlier, it and
        // the checkpoints after that place are rebuilt once at the end.
        var inOrder = true
        for o in new {
            // An event older than what pruning dropped is a late copy (a re-listed watch), unless
            // it is about a pod still kept.
            if let horizon = eventHorizon, case .event(let e) = o.payload, (e.lastAt ?? e.at ?? o.time) < horizon,
               !(e.regarding.uid.map { tip.pods[$0] != nil } ?? false) { continue }
            if let last = observations.last, o.time < last.time {
                let i = count(at: o.time)
                observations.insert(o, at: i)
                checkpoints.removeAll { $0.count > i }
                inOrder = false
            } else {
                observations.append(o)
                if inOrder {
                    tip.apply(o)
                    if let last = checkpoints.last, observations.count - last.count >= checkpointEvery {
                        checkpoints.append((observations.count, tip))
                    }
                }
            }
        }
        if !inOrder {
            rebuildTip()
            // Counts no longer identify a state: the observations after the insertion moved.
            revision += 1
        }
        pruneIfDue()
    }

    /// Extends the checkpoints over observations they do not cover, then `tip` from the last.
    mutating func rebuildTip() {
        extendCheckpoints()
        tip = replay(upTo: observations.count)
    }

    public mutating func append(signals new: [Signal]) {
        signals += new
        if !new.isEmpty { signals.sort { $0.time < $1.time } }
        pruneIfDue()
    }

    public mutating func add(warning: String) { warnings.append(warning) }

    mutating func extendCheckpoints() {
        while let last = checkpoints.last, observations.count - last.count >= checkpointEvery {
            var c = last.correlator
            for o in observations[last.count..<(last.count + checkpointEvery)] { c.apply(o) }
            checkpoints.append((last.count + checkpointEvery, c))
        }
    }

    /// How many observations happened at or before `t`.
    public func count(at t: Instant) -> Int { observations.partitioningIndex { $0.time > t } }

    /// How many observations happened before `t`.
    func count(before t: Instant) -> Int { observations.partitioningIndex { $0.time >= t } }

    /// How many signals happened at or before `t`.
    public func signalCount(at t: Instant) -> Int { signals.partitioningIndex { $0.time > t } }

    /// The correlator after the first `n` observations.
    public func correlator(upTo n: Int) -> Correlator {
        n == observations.count ? tip : replay(upTo: n)
    }

    /// The correlator after the first `n` observations, from the checkpoint before them.
    func replay(upTo n: Int) -> Correlator {
        let cp = checkpoints.last { $0.count <= n } ?? checkpoints[0]
        var c = cp.correlator
        if cp.count < n { for o in observations[cp.count..<n] { c.apply(o) } }
        return c
    }

    /// The world as it was at `t`: observations and signals up to then.
    public func model(at t: Instant) -> RolloutModel {
        let c = correlator(upTo: count(at: t))
        var m = c.model(signals: Array(signals.prefix(signalCount(at: t))), warnings: warnings)
        m.history = history
        m.signalSources = signalSources
        return m
    }

    /// The world after every observation and signal, with the history of what was pruned.
    public func model() -> RolloutModel {
        var m = correlator(upTo: observations.count).model(signals: signals, warnings: warnings)
        m.history = history
        m.signalSources = signalSources
        return m
    }

    /// Distinct observation times, for stepping from change to change.
    public func nextChange(after t: Instant) -> Instant? {
        let i = count(at: t)
        return i < observations.count ? observations[i].time : nil
    }

    public func previousChange(before t: Instant) -> Instant? {
        let i = count(before: t)
        return i > 0 ? observations[i - 1].time : nil
    }
}
