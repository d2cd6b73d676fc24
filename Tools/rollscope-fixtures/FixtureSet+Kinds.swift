import Foundation
import RolloutCore
import RolloutSim

/// The StatefulSet, DaemonSet and Argo Rollout scenarios: each rollout in the forms a reader meets (kubectl's
/// watch with and without watch events, `-w -o yaml`, a folder of polls), with the workload, its
/// ControllerRevisions, events and the access log, and the ground truth per pod incarnation.
extension FixtureSet {
    mutating func kinds() {
        statefulset()
        statefulsetPartition()
        statefulsetRollback()
        daemonset()
        daemonsetSurge()
        argoRollouts()
    }

    /// A scenario's whole run as kubectl's watch with the workload, its ControllerRevisions,
    /// events and access log, and the ground truth; with `allForms` also the watch without
    /// watch events, as YAML and as polls every `pollSeconds`, each with its ground truth.
    mutating func forms(_ o: SimOutput, dir: String, allForms: Bool = false, pollSeconds: Double = 10, notes: String,
                        rolloutFindings: [String] = [], extra: [(String, JSONValue)] = []) {
        let kind = o.scenario.kind
        let workload = kind.resource
        // A StatefulSet's or DaemonSet's ControllerRevisions, an Argo Rollout's ReplicaSets.
        let revisions = kind == .rollout ? "replicasets" : "controllerrevisions"
        put("\(dir)/pods-watch.json", o.watchStream())
        put("\(dir)/events.json", o.eventsList(since: Self.lastHour(o)))
        put("\(dir)/\(workload).json", o.workloadJSON())
        put("\(dir)/\(revisions).json", kind == .rollout ? o.replicaSetList() : o.controllerRevisionList())
        put("\(dir)/ingress-nginx.log", o.accessLog())
        func document(_ name: String, inputs: [String], notes: String, pods: [(SimPodTruth, JSONValue)],
                      extra: [(String, JSONValue)] = []) -> String {
            var findings: [String: [String]] = [:]
            for (p, entry) in pods { findings[p.uid] = GroundTruth.findings(entry, initFailed: p.initFailures > 0) }
            if !rolloutFindings.isEmpty { findings["rollout"] = rolloutFindings }
            return GroundTruth.document(scenario: name, inputs: inputs, notes: notes, pods: pods, findings: findings, extra: extra,
                                        kind: kind, workload: o.scenario.deployment)
        }
        let full = o.pods.map { p in (p, GroundTruth.pod(p, .init(events: true, drops: p.drops))) }
        put("expected/\(dir).json", document(
            dir, inputs: ["\(dir)/pods-watch.json", "\(dir)/events.json", "\(dir)/\(workload).json", "\(dir)/\(revisions).json",
                          "\(dir)/ingress-nginx.log"],
            notes: notes, pods: full, extra: extra))
        guard allForms else { return }
        put("\(dir)/pods-watch-plain.json", o.watchStream(style: .objects))
        put("\(dir)/pods-watch.yaml", o.watchStreamYAML())
        let bare = o.pods.map { p in (p, GroundTruth.pod(p, .init())) }
        put("expected/\(dir)-plain.json", document(
            "\(dir)-plain", inputs: ["\(dir)/pods-watch-plain.json"],
            notes: "The same watch without --output-watch-events (pretty objects one after another) and nothing else: no "
                + "\(o.scenario.kind.rawValue) object, so the revisions' roles come from the pods alone (the newest by creation).",
            pods: bare))
        put("expected/\(dir)-yaml.json", document(
            "\(dir)-yaml", inputs: ["\(dir)/pods-watch.yaml"],
            notes: "The same watch as kubectl get pods -w -o yaml prints it: one YAML document per change.", pods: bare))

        // Polls every `pollSeconds` from 5 s after the start until the end of the run.
        var times: [Instant] = []
        var t = o.start + 5
        while t <= o.end { times.append(t); t = t + pollSeconds }
        var mtimes: [JSONValue.Member] = []
        for (i, t) in times.enumerated() {
            let file = String(format: "%04d.json", i + 1)
            put("\(dir)/polls/" + file, o.podList(at: t))
            mtimes.append(.init(file, .string(t.rfc3339)))
        }
        var w = JSONWriter()
        JSONValue.object(mtimes).write(to: &w)
        w.finalNewline()
        put("\(dir)/polls-mtimes.json", w.output)
        func present(_ p: SimPodTruth, _ t: Instant) -> Bool { p.createdAt <= t && (p.deletedAt.map { $0 > t } ?? true) }
        var polled: [(SimPodTruth, JSONValue)] = []
        for p in o.pods {
            guard let seen = times.last(where: { present(p, $0) }) else { continue }
            let gone = times.first { $0 > seen && !present(p, $0) }
            polled.append((p, GroundTruth.pod(p, .init(seenUntil: seen.seconds, goneSeen: gone?.seconds))))
        }
        put("expected/\(dir)-polls.json", document(
            "\(dir)-polls", inputs: ["\(dir)/polls/ (file mtimes from \(dir)/polls-mtimes.json)"],
            notes: "kubectl get pods -o json every \(Int(pollSeconds)) s, each file observed at its modification time: a pod seen terminating "
                + "and then missing has only a bound (secondsAtMost = the first poll without it - requestedAt); what the "
                + "kubelet reported after a pod's last poll is not seen.",
            pods: polled))
    }

    mutating func statefulset() {
        let o = Simulator.run(FixtureScenarios.statefulset)
        forms(o, dir: "statefulset", allForms: true, pollSeconds: 15, notes: "StatefulSet db, 3 replicas, OrderedReady, RollingUpdate (partition 0). preStop "
                 + "'sleep 40' with a 30 s grace period: each pod is SIGKILLed 32 s after its Killing event (exit 137) while long "
                 + "requests still run (502s). The controller recreates a pod under the same name (a new uid) only once it is "
                 + "gone, highest ordinal first, each once its successor above is Ready; on its node the new pod gets the "
                 + "address its predecessor released. Pods are keyed by uid: each name appears twice, old and new incarnation.")
    }

    mutating func statefulsetPartition() {
        let o = Simulator.run(FixtureScenarios.statefulsetPartition)
        forms(o, dir: "statefulset-partition",
                 notes: "StatefulSet db, 4 replicas, Parallel, RollingUpdate partition 2: db-3 and then db-2 are replaced; db-0 "
                    + "and db-1 stay on the old revision by design (rollout-held, not a stall), and the rollout is complete "
                    + "once db-2 and db-3 are Ready.",
                 rolloutFindings: ["rollout-held"])
    }

    mutating func statefulsetRollback() {
        let o = Simulator.run(FixtureScenarios.statefulsetRollback)
        forms(o, dir: "statefulset-rollback",
                 notes: "StatefulSet db, OrderedReady. The new revision's init container exits 1 forever, so the new db-2 never "
                    + "becomes Ready and the rollout stops there. kubectl rollout undo (+60 s) makes the old template the "
                    + "update revision again, but the controller keeps waiting for db-2 (kubernetes#67250) until it is deleted "
                    + "by hand (+150 s); then db-2 comes back at the restored revision. Roles follow the final updateRevision: "
                    + "the restored revision is new, the broken one old.")
        // While it is stuck, after the rollback: pods and the StatefulSet as listed then.
        let at = o.start + 140
        put("statefulset-rollback/pods-at-140s.json", o.podList(at: at))
        put("statefulset-rollback/statefulset-at-140s.json", o.workloadJSON(at: at))
        put("statefulset-rollback/events-at-140s.json", o.eventsList(until: at))
        let present = o.pods.filter { $0.createdAt <= at && ($0.deletedAt.map { $0 > at } ?? true) }
        var findings: [String: [String]] = ["rollout": ["rollout-stalled"]]
        let pods = present.map { p in (p, GroundTruth.pod(p, .init(seenUntil: at.seconds, events: true))) }
        for (p, entry) in pods { findings[p.uid] = GroundTruth.findings(entry, initFailed: p.initFailures > 0) }
        put("expected/statefulset-rollback-stuck.json", GroundTruth.document(
            scenario: "statefulset-rollback-stuck",
            inputs: ["statefulset-rollback/pods-at-140s.json", "statefulset-rollback/statefulset-at-140s.json",
                     "statefulset-rollback/events-at-140s.json"],
            notes: "Listed 140 s in, after the rollback: updateRevision is the old template again, db-0 and db-1 run it, db-2 "
                + "runs the broken revision in Init:CrashLoopBackOff and blocks the OrderedReady rollout; the finding must "
                + "say to delete db-2 (kubernetes#67250).",
            pods: pods, findings: findings, extra: [("snapshotTime", .string(at.rfc3339))], kind: .statefulSet, workload: "db"))
    }

    mutating func daemonset() {
        let o = Simulator.run(FixtureScenarios.daemonset)
        forms(o, dir: "daemonset", allForms: true,
                 notes: "DaemonSet node-agent on four workers, RollingUpdate maxUnavailable 1, maxSurge 0: on one node at a "
                    + "time (in the controller's map order) the old pod is deleted (preStop 'sleep 5'), and only once it is "
                    + "gone is the new one created there. Every node is without a ready pod from its old pod's deletion "
                    + "request until its new pod is Ready (nodeGaps).",
                 rolloutFindings: ["node-without-ready-pod"], extra: [("nodeGaps", Self.nodeGaps(o))])
    }

    mutating func daemonsetSurge() {
        let o = Simulator.run(FixtureScenarios.daemonsetSurge)
        forms(o, dir: "daemonset-surge",
                 notes: "DaemonSet node-agent on three workers, maxSurge 1, maxUnavailable 0: on each node the new pod is "
                    + "created beside the old one and the old one deleted once the new one is Ready; no node goes without.",
                 extra: [("nodeGaps", Self.nodeGaps(o))])
    }

    /// Per node, the span with no ready pod of the set during the rollout: from the deletion
    /// request of its old pod (a terminating pod no longer counts as ready) until its new pod
    /// became Ready, in whole seconds; none where the new pod was ready first.
    static func nodeGaps(_ o: SimOutput) -> JSONValue {
        var gaps: [JSONValue] = []
        for node in Set(o.pods.compactMap(\.node)).sorted() {
            let here = o.pods.filter { $0.node == node }
            guard let old = here.first(where: { $0.role == "old" }), let request = old.deletionRequestedAt,
                  let new = here.first(where: { $0.role == "new" }), let ready = new.readyAt else { continue }
            let from = GroundTruth.whole(request), until = GroundTruth.whole(ready)
            guard until > from else { continue }
            gaps.append(["node": .string(node), "from": GroundTruth.time(from), "until": GroundTruth.time(until),
                         "seconds": .int(Int(until - from))])
        }
        return .array(gaps)
    }
}
