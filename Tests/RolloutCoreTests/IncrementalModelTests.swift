import Foundation
import Testing
@testable import RolloutCore
import RolloutSim

/// `IncrementalModel` against the model built from scratch (`ObservationStore.model`): random
/// simulated rollouts of every kind, fed observation by observation (with the proxy's signals
/// and, for some, whole Lists in between, as a live session relists), compared as report JSON
/// at many points, then with the cursor jumping back and forth.
@Suite struct IncrementalModelTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var scenario: SimScenario
        var seed: UInt64
        var lists: Bool
        var testDescription: String { "\(scenario.name) seed \(seed)\(lists ? " with Lists" : "")" }
    }

    static let cases: [Case] = SimScenario.all.flatMap { s in
        [Case(scenario: s, seed: 11, lists: false), Case(scenario: s, seed: 29, lists: s.kind != .deployment || s.name == "sigkill")]
    }

    /// Nil when the two models' reports are the same; else the first line that differs.
    static func difference(_ a: RolloutModel, _ b: RolloutModel) -> String? {
        let x = ReportJSON.bytes(a), y = ReportJSON.bytes(b)
        guard x != y else { return nil }
        let la = String(decoding: x, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let lb = String(decoding: y, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let i = Array(zip(la, lb)).firstIndex { $0.0 != $0.1 } ?? min(la.count, lb.count)
        return "line \(i + 1): incremental \(i < la.count ? String(la[i]) : "(end)") | from scratch \(i < lb.count ? String(lb[i]) : "(end)")"
    }

    @Test(arguments: cases) func incrementalIsFromScratch(_ c: Case) throws {
        var scenario = c.scenario
        scenario.seed = c.seed
        let out = Simulator.run(scenario)
        // Another workload rolling out beside it, in another namespace, so that most changes
        // leave one of the two alone.
        var other = scenario.kind == .deployment ? SimScenario.daemonset : SimScenario.healthy
        other.namespace = "other"
        other.deployment = "api"
        other.seed = c.seed &+ 7
        other.start = scenario.start + 40
        var feeds = [SimFeed(out), SimFeed(Simulator.run(other))]
        var rand = SimRandom(seed: c.seed &+ 1)
        var store = ObservationStore()
        var model = IncrementalModel()
        var t = out.start
        var compared = 0
        var refinished = 0
        var nextList = out.start + 20
        while feeds.contains(where: { !$0.finished }) {
            t = t + Double(rand.int(1...12))
            var observations: [Observation] = []
            for i in feeds.indices {
                let (o, signals) = feeds[i].take(until: t)
                observations += o
                store.append(signals: signals)
            }
            observations.sort { $0.time < $1.time }
            if c.lists, t >= nextList {
                let decoded = try InputLoader.decode(data: Data(out.podList(at: t).utf8), name: "list", source: 0, explicitTime: t,
                                                     scope: "list")
                store.append(decoded.observations)
                nextList = t + 30
            }
            // One observation at a time, as a watch delivers them.
            for (i, o) in observations.enumerated() {
                store.append([o])
                guard i == observations.count - 1 || rand.chance(0.2) else { continue }
                let a = model.model(of: store)
                #expect(Self.difference(a, store.model()) == nil, "at observation \(store.observations.count)")
                compared += 1
                refinished += model.lastWork.refinished
            }
        }
        #expect(compared > 10)
        #expect(refinished > 0)
        #expect(Self.difference(model.model(of: store), store.model()) == nil)

        // The cursor back and forth over the same store: jumps, then steps.
        guard let start = store.start, let end = store.end else { return }
        var cursor = start
        for _ in 0..<24 {
            cursor = rand.chance(0.3) ? start + rand.unit() * (end - start) : min(end, cursor + Double(rand.int(1...20)))
            #expect(Self.difference(model.model(of: store, at: cursor), store.model(at: cursor)) == nil, "at \(cursor.clock)")
        }
    }

    /// A change to one pod of a settled namespace makes that pod's timeline again and drafts
    /// its workload's rollout again; the other workloads are only finished as of the new time.
    @Test func aChangeRecomputesOnlyWhatItTouches() throws {
        let list = try ParallelModelTests.pods(1200)
        let t1 = Instant(seconds: 1_794_300_000)
        var store = ObservationStore(observations: [Observation(time: t1, estimated: false, source: 0, payload: .podList(list, scope: "p"))])
        var model = IncrementalModel()
        _ = model.model(of: store)
        #expect(model.lastWork.timelines == 1200)
        let workloads = Set(list.map { $0.namespace + "/" + $0.workload }).count
        #expect(workloads > 1)
        #expect(model.lastWork.drafted == workloads)

        var changed = list[7]
        changed.phase = "Failed"
        store.append([Observation(time: t1 + 5, estimated: false, source: 0, payload: .pod(changed, .modified))])
        let m = model.model(of: store)
        #expect(model.lastWork.timelines == 1)
        #expect(model.lastWork.drafted == 1)
        #expect(model.lastWork.refinished == workloads - 1)
        #expect(Self.difference(m, store.model()) == nil)

        // Nothing new: the same model, nothing recomputed.
        _ = model.model(of: store)
        #expect(model.lastWork == (0, 0, 0))
    }
}
