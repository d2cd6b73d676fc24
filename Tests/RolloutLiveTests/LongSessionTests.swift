import Foundation
import RolloutCore
@testable import RolloutLive
import RolloutSim
import RolloutUI
import Soak
import Synchronization
import Testing

/// A `watch` left running for days: generated churn through the live session's ingestion into
/// a pruning store and the dashboard, and the accelerated soak (`Soak`).
@Suite struct LongSessionTests {
    static let sigkillChurn = ChurnConfig.sigkill

    /// `config`'s churn handed to a live session as kubectl would print it, on the churn's
    /// clock, and drained into a pruning store as `watch` does; stops before rollout number
    /// `rollouts + 1` starts.
    static func session(_ config: ChurnConfig, retention: Retention, rollouts: Int) -> ObservationStore {
        let clock = Mutex(config.start)
        let session = LiveSession(config: LiveConfig(kubectl: Kubectl(), target: .namespace), wallClock: { clock.withLock { $0 } })
        var store = ObservationStore(retention: retention)
        func drain() {
            let (observations, signals, _) = session.drain()
            store.append(observations)
            store.append(signals: signals)
        }
        var generator = ChurnGenerator(config)
        var lines = 0, items = 0
        while let item = generator.next(), generator.rollouts <= rollouts {
            clock.withLock { $0 = item.time }
            item.feed(session, signalLines: &lines)
            items += 1
            if items % 64 == 0 { drain() }
        }
        drain()
        // Pruning runs in batches (`checkEvery`): bring it up to date, as the next batch would.
        store.prune()
        return store
    }

    @Test func theDashboardShowsWhatWasPruned() {
        let store = Self.session(Self.sigkillChurn, retention: Retention(keepRollouts: 5, checkEvery: 64), rollouts: 12)
        var app = App(store: store, mode: .live, source: "test")
        app.setNow(store.end!)
        // The header counts the workload's summarised rollouts.
        let main = app.render(width: 80, height: 24).text
        #expect(main.contains("shop/web  +7 earlier"))
        // The workloads list (w) ends with the newest summaries.
        app.state.overlay = .workloads
        let screen = app.render(width: 80, height: 24).text
        #expect(screen.contains("EARLIER: 7 rollouts summarised, 21 pods pruned, 21 errors"))
        // Newest first, the most telling part first: a narrow screen cuts the end.
        let lines = screen.split(separator: "\n").filter { $0.contains("shop/web ") && $0.contains("->") }
        #expect(lines.count == 7)
        #expect(lines.first?.contains("00:28:58 shop/web v4lkgtlv5b->wgsb5wx6pk 55s: 3 errors (grace-exceeded") == true)
        #expect(app.render(width: 140, height: 40).text.contains("3 errors (grace-exceeded x3), worst 33s/30s KILLED"))
        #expect(store.history.summaries.last?.line == "00:28:58 shop/web v4lkgtlv5b->wgsb5wx6pk 55s: 3 errors (grace-exceeded x3), worst 33s/30s KILLED, 3->3 pods")
        // Without history the list is as it was.
        var plain = App(store: ObservationStore(observations: store.observations), mode: .live, source: "test")
        plain.setNow(store.end!)
        plain.state.overlay = .workloads
        #expect(!plain.render(width: 80, height: 24).text.contains("EARLIER"))
    }

    @Test func theSessionForgetsEventFingerprintsOnceTooOldToBeListedAgain() {
        var seen = ["event/a": "1/1000", "event/b": "3/5000", "pod/u1": "10", "slice/shop/web": "7", "event/c": "1/0"]
        LiveSession.forgetEvents(&seen, before: Instant(seconds: 2000))
        #expect(seen == ["event/b": "3/5000", "pod/u1": "10", "slice/shop/web": "7"])
    }

    /// The soak, in small: 6 simulated hours of churn (three Deployments rolled every 4
    /// minutes, Jobs, an autoscaler, events, slices, 502s) through the live session, drained
    /// every 100 ms into the UI and drawn every 25th drain. What the store holds in the last
    /// quarter must stay within 1.5x of the first. `rollscope-bench soak` runs the full day.
    @Test func soakMemoryStaysBounded() throws {
        let churn = ChurnConfig(hours: 6, deployments: [
            ChurnDeployment(name: "web", replicas: 6, rolloutEveryMinutes: 4, preStopSeconds: 5),
            ChurnDeployment(name: "api", replicas: 8, rolloutEveryMinutes: 4, preStopSeconds: 5, autoscale: 2),
            ChurnDeployment(name: "checkout", replicas: 4, rolloutEveryMinutes: 4, preStopSeconds: nil, initFailsEvery: 3),
        ], jobEveryMinutes: 5)
        var config = Soak.Config(churn: churn, retention: Retention(keepRollouts: 3, forgetAfter: 1800, checkEvery: 1024))
        config.sampleEvery = 900
        config.renderEvery = 25
        let r = Soak.run(config)
        #expect(r.podChanges > 12_000)
        #expect(r.rollouts > 200)
        let quarter = r.samples.count / 4
        let first = r.samples.prefix(quarter), last = r.samples.suffix(quarter)
        let firstMax = try #require(first.map(\.footprint.total).max())
        let lastMax = try #require(last.map(\.footprint.total).max())
        #expect(Double(lastMax) <= 1.5 * Double(firstMax), "store grew from \(firstMax) to \(lastMax)")
        let firstPods = try #require(first.map(\.footprint.pods).max()), lastPods = try #require(last.map(\.footprint.pods).max())
        #expect(Double(lastPods) <= 1.5 * Double(firstPods))
        // The live session's own memory of what it handed out stays bounded too.
        let firstSeen = try #require(r.samples.prefix(quarter * 2).map(\.remembered).max())
        #expect(Double(try #require(last.map(\.remembered).max())) <= 1.5 * Double(firstSeen))
        // Pruned, summarised, and still on screen.
        #expect(r.history.prunedPods > r.podsCreated / 2)
        #expect(r.history.rolloutCount > 150)
        #expect(r.screen.contains { $0.contains("EARLIER:") })
        #expect(r.screen.contains { $0.contains("Workloads (") })
        print(String(format: "soak: %d pod changes, %d items in %.1f s; ingest %.0f us/item, receive %.2f ms/drain, frame %.1f ms; total %d -> %d",
                     r.podChanges, r.items, r.wallSeconds, 1e6 * r.ingestSeconds / Double(r.items),
                     1e3 * r.receiveSeconds / Double(max(1, r.drains)), 1e3 * r.renderSeconds / Double(max(1, r.frames)), firstMax, lastMax))
    }
}
