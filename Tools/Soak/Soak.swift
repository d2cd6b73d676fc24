import Foundation
import RolloutCore
import RolloutLive
import RolloutSim
import RolloutUI
import Synchronization

/// An accelerated soak of `rollscope watch`: generated namespace churn (`ChurnGenerator`) goes
/// through the live session's ingestion (decode, stamp, changes only), is drained every
/// 100 ms of simulated time into the UI's `App` (store, pruning), and the screen is drawn as the
/// TUI draws it (model rebuilt). Only kubectl and the terminal are missing. The clock is the
/// generator's, so a day runs in seconds.
public enum Soak {
    public struct Config: Sendable {
        public var churn: ChurnConfig
        /// nil: keep everything (what happens without pruning).
        public var retention: Retention?
        /// Simulated seconds between samples.
        public var sampleEvery: Double = 900
        /// Draw every Nth drain that brought data (1: every one, as the TUI does).
        public var renderEvery = 1
        /// Simulated seconds per UI tick (TerminalApp's live tick).
        public var tick = 0.1
        /// Read the process's resident memory at each sample.
        public var measureRSS = true

        public init(churn: ChurnConfig, retention: Retention?) {
            self.churn = churn
            self.retention = retention
        }
    }

    public struct Sample: Sendable {
        public var hours: Double
        public var podChanges: Int
        public var items: Int
        public var footprint: StoreFootprint
        /// Fingerprints the live session remembers (to hand out changes only).
        public var remembered: Int
        public var rssKB: Int?
    }

    public struct Result: Sendable {
        public var samples: [Sample] = []
        public var items = 0
        public var podChanges = 0
        public var rollouts = 0
        public var podsCreated = 0
        public var drains = 0
        public var frames = 0
        /// CPU-ish (wall, single-threaded) seconds spent in each part.
        public var ingestSeconds = 0.0
        public var receiveSeconds = 0.0
        /// The part of `receiveSeconds` spent in drains that pruned.
        public var pruneSeconds = 0.0
        public var prunes = 0
        public var renderSeconds = 0.0
        public var sampleSeconds = 0.0
        public var wallSeconds = 0.0
        public var history = RolloutHistory()
        public var workloads = 0
        /// The last frame, to show it still works.
        public var screen: [String] = []
    }

    final class Clock: Sendable {
        let now = Mutex(Instant(seconds: 0))
    }

    public static func run(_ config: Config, progress: ((Sample) -> Void)? = nil) -> Result {
        let clock = Clock()
        let session = LiveSession(config: LiveConfig(kubectl: Kubectl(), target: .namespace),
                                  wallClock: { clock.now.withLock { $0 } })
        var app = App(store: ObservationStore(retention: config.retention), mode: .live, source: "soak")
        app.state.overlay = .workloads
        var generator = ChurnGenerator(config.churn)
        var result = Result()
        let started = monotonic()
        let start = config.churn.start
        var nextTick = start
        var nextSample = start
        var signalLines = 0
        var drainsWithData = 0

        func flush() {
            let t0 = monotonic()
            let (observations, signals, _) = session.drain()
            guard !observations.isEmpty || !signals.isEmpty else { return }
            let revision = app.store.revision
            app.receive(observations, signals: signals)
            app.setNow(clock.now.withLock { $0 })
            let t1 = monotonic()
            result.receiveSeconds += t1 - t0
            if app.store.revision != revision {
                result.pruneSeconds += t1 - t0
                result.prunes += 1
            }
            result.drains += 1
            drainsWithData += 1
            if drainsWithData % max(1, config.renderEvery) == 0 {
                _ = app.render(width: 120, height: 40)
                result.renderSeconds += monotonic() - t1
                result.frames += 1
            }
        }

        func sample(_ now: Instant) {
            let t0 = monotonic()
            let s = Sample(hours: (now - start) / 3600, podChanges: generator.podChanges, items: result.items,
                           footprint: app.store.footprint, remembered: session.rememberedCount,
                           rssKB: config.measureRSS ? residentKB() : nil)
            result.samples.append(s)
            progress?(s)
            result.sampleSeconds += monotonic() - t0
        }

        while let item = generator.next() {
            if item.time >= nextTick {
                flush()
                nextTick = item.time + config.tick
            }
            while item.time >= nextSample {
                sample(nextSample)
                nextSample = nextSample + config.sampleEvery
            }
            clock.now.withLock { $0 = item.time }
            let t0 = monotonic()
            item.feed(session, signalLines: &signalLines)
            result.ingestSeconds += monotonic() - t0
            result.items += 1
        }
        flush()
        let end = start + config.churn.hours * 3600
        clock.now.withLock { $0 = end }
        sample(end)
        result.podChanges = generator.podChanges
        result.rollouts = generator.rollouts
        result.podsCreated = generator.podsCreated
        result.history = app.store.history
        result.workloads = app.model().rollouts.count
        result.screen = app.render(width: 120, height: 40).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        result.wallSeconds = monotonic() - started
        return result
    }

    /// Resident memory from /proc/self/statm (Linux), in KiB.
    public static func residentKB() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
    }

    static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

extension ChurnItem {
    /// Hands the item to `session` as kubectl (or the ingress log) would print it; `signalLines`
    /// counts the log lines so far.
    public func feed(_ session: LiveSession, signalLines: inout Int) {
        switch kind {
        case .pod: session.ingest(Data(text.utf8), kind: .pod, source: "pods watch")
        case .event: session.ingest(Data(text.utf8), kind: .event, source: "events watch")
        case .slice: session.ingest(Data(text.utf8), kind: .slice, source: "endpointslices watch")
        case .deployment: session.ingest(Data(text.utf8), kind: .deployment, source: "deployment")
        case .signal:
            signalLines += 1
            session.ingestSignal(line: text, origin: "ingress", number: signalLines)
        }
    }
}

extension ChurnConfig {
    /// One Deployment of 3 pods whose preStop (40 s) outlasts its grace period (30 s), rolled
    /// every 5 minutes: every pod that goes has a `grace-exceeded` finding, counts that must
    /// survive pruning.
    public static let sigkill: ChurnConfig = {
        var c = ChurnConfig(hours: 10, deployments: [
            ChurnDeployment(name: "web", replicas: 3, rolloutEveryMinutes: 5, preStopSeconds: 40),
        ], jobEveryMinutes: nil)
        c.deploymentPollSeconds = 60
        return c
    }()
}
