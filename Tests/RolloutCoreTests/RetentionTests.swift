import Foundation
import Testing
import Soak
@testable import RolloutCore
import RolloutSim
import TestSupport

/// Pruning of long-running sessions (`Retention`): generated namespace churn fed straight into
/// the store, against a store that keeps everything.
@Suite struct RetentionTests {
    /// Decodes one generated line as the live session does (explicit observation time).
    static func decode(_ item: ChurnItem, line: Int) -> (observations: [Observation], signals: [Signal]) {
        if item.kind == .signal {
            var result = SignalParser.Result()
            SignalParser.parseLine(Data(item.text.utf8), origin: "ingress", line: line, into: &result)
            return ([], result.signals)
        }
        let decoded = try? InputLoader.decode(data: Data(item.text.utf8), name: "churn", source: 0, explicitTime: item.time, scope: "churn")
        return (decoded?.observations ?? [], [])
    }

    /// Feeds `config`'s churn, item by item, into a pruning store and a store that keeps
    /// everything; stops before rollout number `rollouts + 1` starts.
    static func feed(_ config: ChurnConfig, retention: Retention, rollouts: Int? = nil)
        -> (pruned: ObservationStore, full: ObservationStore, generator: ChurnGenerator) {
        var generator = ChurnGenerator(config)
        var pruned = ObservationStore(retention: retention)
        var full = ObservationStore()
        var line = 0
        while let item = generator.next() {
            if let rollouts, generator.rollouts > rollouts { break }
            line += 1
            let (observations, signals) = decode(item, line: line)
            pruned.append(observations)
            pruned.append(signals: signals)
            full.append(observations)
            full.append(signals: signals)
        }
        // Pruning runs in batches (`checkEvery`): bring it up to date, as the next batch would.
        pruned.prune()
        return (pruned, full, generator)
    }

    static let sigkillChurn = ChurnConfig.sigkill

    @Test func fiftyRolloutsWithLimitFiveKeepTheLastFiveAndSummariseTheRest() throws {
        let (store, full, generator) = Self.feed(Self.sigkillChurn, retention: Retention(keepRollouts: 5, checkEvery: 64), rollouts: 50)
        #expect(generator.rollouts == 51)  // the 51st had just started: it was not fed

        // The store holds the pods of the newest 6 ReplicaSets only: the last 5 rollouts in full
        // (the current one included) need their old side too.
        let groups = ObservationStore.replicaSetGroups(full.correlator(upTo: full.observations.count))
        let sets = try #require(groups.first { $0.key == "shop/web" }).groups.map(\.name)
        #expect(sets.count == 51)
        let kept = Set(sets.suffix(6))
        let c = store.correlator(upTo: store.observations.count)
        #expect(c.pods.count == 18)
        #expect(Set(c.pods.values.map(\.pod.replicaSet)) == kept)

        // Every trace of the pruned pods is gone: observations, events, endpoints, checkpoints.
        let keptUIDs = Set(c.pods.keys)
        for o in store.observations {
            switch o.payload {
            case .pod(let p, _): #expect(keptUIDs.contains(p.uid))
            case .podList(let list, _): #expect(list.allSatisfy { keptUIDs.contains($0.uid) })
            case .event(let e):
                if e.regarding.kind == "Pod" { #expect(keptUIDs.contains(e.regarding.uid ?? "")) }
            case .slice(let s, _): #expect(s.endpoints.allSatisfy { keptUIDs.contains($0.targetRef?.uid ?? "") })
            case .workload: break
            }
        }
        for (_, checkpoint) in store.checkpoints { #expect(checkpoint.pods.keys.allSatisfy { keptUIDs.contains($0) }) }
        #expect(store.observations.count * 5 < full.observations.count)

        // The 45 older rollouts are summarised, one line each, in order.
        let h = store.history
        #expect(h.summaries.count == 45)
        #expect(h.rolloutCount == 45)
        #expect(h.prunedPods == 45 * 3)
        #expect(h.summaries.allSatisfy { $0.kind == .rollout && $0.workload == "web" && $0.oldPods == 3 && $0.newPods == 3 })
        #expect(h.summaries.map(\.fromReplicaSet) == sets.prefix(45).map { Optional($0) })
        #expect(h.summaries.map(\.toReplicaSet) == sets.dropFirst().prefix(45).map { Optional($0) })
        for s in h.summaries {
            #expect(s.startedAt != nil && s.finishedAt != nil)
            #expect(s.worstTermination?.killed == true)
            #expect(s.worstTermination.map { $0.seconds ?? 0 >= 30 } == true)
            #expect(s.findings == [FindingCount(kind: .graceExceeded, severity: .error, count: 3)])
        }

        // A report over the pruned state still counts them: every pod's finding exactly once.
        let model = store.model()
        let reference = full.model()
        func graceExceeded(_ m: RolloutModel) -> Int { m.rollouts.flatMap(\.findings).filter { $0.kind == .graceExceeded }.count }
        #expect(graceExceeded(reference) == 150)
        #expect(graceExceeded(model) + h.findings.filter { $0.kind == .graceExceeded }.reduce(0) { $0 + $1.count } == 150)
        #expect(h.prunedPods + model.rollouts.flatMap(\.pods).count == reference.rollouts.flatMap(\.pods).count)
        #expect(Analysis.worstSeverity(model) == .error)
        let text = ReportText.render(model)
        #expect(text.contains("HISTORY  45 earlier rollouts summarised, 135 pods pruned"))
        #expect(text.contains("findings  135 errors, 0 warnings, 0 info (grace-exceeded x135)"))
        let json = try JSONValue.parse(ReportJSON.render(model))
        #expect(json["history"]?["rollouts"] == .number("45"))
        #expect(json["history"]?["prunedPods"] == .number("135"))
        if case .array(let summaries)? = json["history"]?["summaries"] { #expect(summaries.count == 45) } else { Issue.record("no summaries") }
        // The current rollout is as the full model shows it.
        let current = try #require(model.rollouts.first), whole = try #require(reference.rollouts.first)
        #expect(current.startedAt == whole.startedAt && current.finishedAt == whole.finishedAt)
        #expect(current.newPods.map(\.uid) == whole.newPods.map(\.uid))
    }

    @Test func summariesPastTheCapAreFoldedNotLost() {
        let (store, _, _) = Self.feed(Self.sigkillChurn, retention: Retention(keepRollouts: 2, maxSummaries: 10, checkEvery: 64), rollouts: 30)
        let h = store.history
        #expect(h.summaries.count == 10)
        #expect(h.folded.summaries == 18)
        #expect(h.rolloutCount == 28)
        #expect(h.findings == [FindingCount(kind: .graceExceeded, severity: .error, count: 28 * 3)])
        // The folded ones are the oldest.
        #expect(h.folded.until.map { $0 <= h.summaries[0].from } == true)
    }

    @Test func replacedPodsAndGoneWorkloadsAreForgottenAfterForgetAfter() throws {
        // No rollouts (one a week), an autoscaler adding and removing 2 pods, a Job every 10 min.
        let config = ChurnConfig(hours: 4, deployments: [
            ChurnDeployment(name: "api", replicas: 4, rolloutEveryMinutes: 7 * 24 * 60, preStopSeconds: 5, autoscale: 2),
        ], jobEveryMinutes: 10)
        let (store, full, _) = Self.feed(config, retention: Retention(keepRollouts: 5, forgetAfter: 1800, checkEvery: 64))
        let now = try #require(store.end)
        let c = store.correlator(upTo: store.observations.count)
        // Nothing gone longer than forgetAfter is left.
        let stale = c.pods.values.filter { t in t.goneAt.map { now - $0 > 1800 } ?? false }
        #expect(stale.isEmpty)
        let h = store.history
        let removed = h.summaries.filter { $0.kind == .removed }
        let replaced = h.summaries.filter { $0.kind == .replaced }
        #expect(removed.count >= 18)
        #expect(removed.allSatisfy { $0.workload.hasPrefix("report-") && $0.oldPods == 1 })
        #expect(!replaced.isEmpty)
        #expect(replaced.allSatisfy { $0.workload == "api" })
        // The api's running pods are all there, and every pod is accounted for.
        let fullState = full.correlator(upTo: full.observations.count)
        let running = fullState.pods.values.filter { $0.goneAt == nil }.map(\.pod.uid)
        #expect(running.allSatisfy { c.pods[$0] != nil })
        #expect(h.prunedPods + c.pods.count == fullState.pods.count)
        // Workloads with no pods left are gone from the model, not from the report.
        let model = store.model()
        #expect(model.rollouts.filter { $0.workload.hasPrefix("report-") }.count <= 4)
        #expect(ReportText.render(model).contains(" removed: "))
    }

    @Test func lateCopiesOfPrunedEventsAreNotTakenAgain() throws {
        var generator = ChurnGenerator(Self.sigkillChurn)
        var store = ObservationStore(retention: Retention(keepRollouts: 1, forgetAfter: 600, checkEvery: 64))
        var firstEvent: ChurnItem?
        var line = 0
        while let item = generator.next(), generator.rollouts <= 12 {
            if item.kind == .event && firstEvent == nil && item.text.contains("\"Killing\"") { firstEvent = item }
            line += 1
            store.append(Self.decode(item, line: line).observations)
        }
        #expect(store.history.rolloutCount > 5)
        let event = try #require(firstEvent)
        // A re-listed watch hands the old event out again, observed now.
        var late = Self.decode(event, line: 0).observations
        for i in late.indices { late[i].time = try #require(store.end) }
        let before = store.observations.count
        store.append(late)
        #expect(store.observations.count == before)
        // An old event about a pod still kept is taken (a cluster may keep events for hours).
        let kept = try #require(store.tip.pods.values.first)
        var old = try #require(store.observations.first { if case .event = $0.payload { return true } else { return false } })
        guard case .event(var e) = old.payload else { return }
        e.uid = "late-event"
        e.regarding.uid = kept.pod.uid
        e.at = store.start
        e.lastAt = store.start
        old.payload = .event(e)
        old.time = try #require(store.end)
        store.append([old])
        #expect(store.observations.count == before + 1)
    }

    @Test func filesAndShortSessionsAreNotPruned() throws {
        let dir = Fixtures.path("sigkill")
        let inputs = [dir + "/pods-watch.json", dir + "/events.json"]
        // Replay and report keep everything unless asked.
        let store = try ObservationStore.load(inputs: inputs, signalFiles: [])
        #expect(store.retention == nil)
        // A live session's retention never reaches a normal rollout: same report, no history.
        let plain = ReportJSON.render(try Analysis.run(inputs: inputs))
        let live = try Analysis.run(inputs: inputs, retention: .live)
        #expect(live.history.isEmpty)
        #expect(ReportJSON.render(live) == plain)
        #expect(!plain.contains("\"history\""))
    }
}
