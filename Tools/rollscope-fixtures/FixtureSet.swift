import Foundation
import RolloutCore
import RolloutSim

/// Every generated file under `Tests/Fixtures`, by path relative to it: the kubectl-shaped
/// views of each scenario, printed as kubectl, the API server and ingress-nginx print them, and
/// the ground truth of each in `expected/`. A pure function of the scenarios: the same bytes on
/// every run.
struct FixtureSet {
    private(set) var files: [(path: String, bytes: [UInt8])] = []

    mutating func put(_ path: String, _ text: String) {
        put(path, bytes: Array(text.utf8))
    }

    mutating func put(_ path: String, bytes: [UInt8]) {
        precondition(!files.contains { $0.path == path }, "\(path) written twice")
        files.append((path, bytes))
    }

    /// The paths under `root` whose bytes differ from these (or that are missing).
    func stale(under root: String) -> [String] {
        files.compactMap { f in
            let data = FileManager.default.contents(atPath: root + "/" + f.path)
            return data.map { [UInt8]($0) } == f.bytes ? nil : f.path
        }
    }

    static func make() -> FixtureSet {
        var set = FixtureSet()
        set.healthy()
        set.sigkill()
        set.noPrestop()
        set.initCrashloop()
        set.sidecar()
        set.ipReuse()
        set.staleEndpoint()
        set.snapshots()
        set.hostile()
        set.kinds()
        return set
    }

    /// Pods in creation order, old first.
    static func ordered(_ o: SimOutput) -> [SimPodTruth] {
        o.pods.sorted { ($0.role == "old" ? 0 : 1, $0.createdAt.seconds) < ($1.role == "old" ? 0 : 1, $1.createdAt.seconds) }
    }

    /// The events of the run's last hour, as `kubectl get events` lists them at its end.
    static func lastHour(_ o: SimOutput) -> Instant { o.end - 3600 }

    // MARK: Scenarios

    mutating func healthy() {
        let o = Simulator.run(FixtureScenarios.healthy)
        put("healthy/pods-watch.json", o.watchStream())
        put("healthy/events.json", o.eventsList(since: Self.lastHour(o)))
        put("healthy/events-v1.json", o.eventsList(since: Self.lastHour(o), api: .eventsV1))
        put("healthy/deployment.json", o.deploymentJSON())
        put("healthy/endpointslices.json", o.endpointSliceList())
        put("events-yaml/events.yaml", o.eventsYAML(since: Self.lastHour(o)))
        let pods = o.pods.map { p in (p, GroundTruth.pod(p, .init(events: true))) }
        put("expected/healthy.json", GroundTruth.document(
            scenario: "healthy", inputs: ["healthy/pods-watch.json", "healthy/events.json"],
            notes: "Full rollout, preStop sleep 5 within grace 30: each old pod stops 6 s after its deletion request. "
                + "The final MODIFIED and the DELETED object of each old pod carry deletionGracePeriodSeconds 0 and "
                + "deletionTimestamp = the time of the kubelet's final delete: requestedAt must come from the first object "
                + "with a non-zero grace period.",
            pods: pods, findings: Dictionary(uniqueKeysWithValues: pods.map { ($0.0.name, GroundTruth.findings($0.1)) })))
        let olds = o.pods.filter { $0.role == "old" }
        put("expected/events-yaml.json", GroundTruth.document(
            scenario: "events-yaml", inputs: ["events-yaml/events.yaml"],
            notes: "The events of healthy/events.json, printed by kubectl -o yaml. Events alone give no pod objects: compare "
                + "the events decoded from this file with those from healthy/events.json.",
            pods: [], extra: [
                ("eventCount", .int(o.events(since: Self.lastHour(o)).count)),
                ("killing", .object(olds.sorted { $0.name < $1.name }.map { .init($0.name, GroundTruth.time($0.killingAt)) })),
            ]))
        apiWatch(o)
    }

    /// A raw API watch of the first new pod (`kubectl get --raw '/api/v1/namespaces/shop/pods?watch=1&...'`)
    /// from its creation until Ready, and a raw PodList taken while the rollout runs.
    mutating func apiWatch(_ o: SimOutput) {
        let first = Self.ordered(o).first { $0.role == "new" }!
        let ready = first.readyAt!
        var lines: [String] = []
        var firstRV: Int?
        var events: [String] = []
        for r in o.records where r.time <= ready {
            guard case .pod(let type, let object) = r.kind, object.at("metadata.name")?.stringValue == first.name else { continue }
            firstRV = firstRV ?? object.at("metadata.resourceVersion")?.stringValue.flatMap { Int($0) }
            events.append(KubectlPrinter.raw(["type": .string(events.isEmpty ? "ADDED" : type), "object": object]))
        }
        let bookmark = String((firstRV ?? 1) - 4)
        lines.append(KubectlPrinter.raw(["type": "BOOKMARK", "object": [
            "kind": "Pod", "apiVersion": "v1",
            "metadata": ["resourceVersion": .string(bookmark), "annotations": ["k8s.io/initial-events-end": "true"]],
            "spec": ["containers": .null], "status": [:]]]))
        lines += events
        lines.append(KubectlPrinter.raw(["type": "ERROR", "object": [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": .string("too old resource version: \(bookmark) (\((Int(bookmark) ?? 0) + 2741))"),
            "reason": "Expired", "code": 410]]))
        put("api-watch/pods.jsonl", lines.joined(separator: "\n") + "\n")
        put("expected/api-watch.json", GroundTruth.document(
            scenario: "api-watch", inputs: ["api-watch/pods.jsonl"],
            notes: "Raw watch (kubectl get --raw '/api/v1/namespaces/shop/pods?watch=1&labelSelector=pod-template-hash%3D"
                + "\(o.scenario.newTemplateHash)&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true'): "
                + "the initial-events-end BOOKMARK (no pod matched yet), the first new pod from creation to Ready in the API "
                + "server's field order with managedFields, and the 410 Expired ERROR the watch got when it was re-issued "
                + "later from the bookmark's resourceVersion.",
            pods: [(first, GroundTruth.pod(first, .init(seenUntil: ready.seconds)))]))

        // While the first old pod to go is in its preStop hook.
        let firstOld = o.pods.filter { $0.role == "old" }.min { $0.deletionRequestedAt! < $1.deletionRequestedAt! }!
        let at = Instant(seconds: firstOld.deletionRequestedAt!.seconds.rounded(.down) + 3)
        put("api-watch/podlist-raw.json", o.rawPodList(at: at))
        let present = o.pods.filter { $0.createdAt <= at && ($0.deletedAt.map { $0 > at } ?? true) }
        put("expected/api-watch-podlist.json", GroundTruth.document(
            scenario: "api-watch-podlist", inputs: ["api-watch/podlist-raw.json"],
            notes: "Raw PodList (kubectl get --raw /api/v1/namespaces/shop/pods) taken at \(at.rfc3339) during the healthy "
                + "rollout: items without kind and apiVersion, in the API server's field order, with managedFields. One old "
                + "pod is terminating (its preStop hook runs); a lone snapshot bounds nothing.",
            pods: present.map { ($0, GroundTruth.pod($0, .init(seenUntil: at.seconds))) },
            extra: [("snapshotTime", .string(at.rfc3339))]))
    }

    mutating func sigkill() {
        let o = Simulator.run(FixtureScenarios.sigkill)
        put("sigkill/pods-watch.json", o.watchStream())
        put("sigkill/events.json", o.eventsList(since: Self.lastHour(o)))
        let pods = o.pods.map { p in (p, GroundTruth.pod(p, .init(events: true))) }
        put("expected/sigkill.json", GroundTruth.document(
            scenario: "sigkill", inputs: ["sigkill/pods-watch.json", "sigkill/events.json"],
            notes: "preStop 'sleep 40' with terminationGracePeriodSeconds 30. The kubelet cuts the hook off when the 30 s "
                + "grace period is used up, then still gives the container its 2-second minimum stop window "
                + "(minimumGracePeriodInSeconds) before SIGKILL, so each nginx dies 32 s after its Killing event (exit 137, "
                + "reason Error, phase Failed). The hook timeout itself produces no event.",
            pods: pods, findings: Dictionary(uniqueKeysWithValues: pods.map { ($0.0.name, GroundTruth.findings($0.1)) })))
    }

    mutating func noPrestop() {
        let o = Simulator.run(FixtureScenarios.noPrestop)
        put("no-prestop/pods-watch.json", o.watchStream(style: .objects))
        put("no-prestop/events.json", o.eventsList(since: Self.lastHour(o)))
        put("no-prestop/ingress-nginx.log", o.accessLog())
        put("no-prestop/endpointslices-watch.json", o.endpointSliceStream())
        let late = GroundTruth.lateServing(o)
        let pods = o.pods.map { p in (p, GroundTruth.pod(p, .init(events: true, drops: p.drops))) }
        var findings: [String: [String]] = [:]
        for (p, entry) in pods { findings[p.name] = GroundTruth.findings(entry, servedAfterExit: late.contains { $0.pod.name == p.name }) }
        put("expected/no-prestop.json", GroundTruth.document(
            scenario: "no-prestop",
            inputs: ["no-prestop/pods-watch.json", "no-prestop/events.json", "no-prestop/ingress-nginx.log",
                     "no-prestop/endpointslices-watch.json"],
            notes: "No lifecycle hook: nginx gets its stop signal at the Killing event and exits 0 one second later, while "
                + "ingress-nginx still routes to it until the EndpointSlice change reaches it. droppedConnections counts the "
                + "log lines with 502, 503 or 504 (or 499) whose upstream was the pod when the request was sent; of a "
                + "retried request only the failed upstream; a 500 is an application error, not a drop. The kubelet reports "
                + "the stopped pods 14 s late, so an EndpointSlice written meanwhile still routes to a stopped pod "
                + "(endpoint-serving-after-exit, which needs endpointslices-watch.json).",
            pods: pods, findings: findings,
            extra: [("endpointServingAfterExit", .array(late.map { l in
                ["pod": .string(l.pod.name), "resourceVersion": .string(l.write.slice.metadata.resourceVersion ?? ""),
                 "datedAt": GroundTruth.time(l.dated), "containerFinishedAt": GroundTruth.time(l.pod.lastContainerFinishedAt)]
            }))]))
    }

    mutating func initCrashloop() {
        let o = Simulator.run(FixtureScenarios.initCrashloop)
        let at = o.start + 235
        put("init-crashloop/pods.json", o.podList(at: at))
        put("init-crashloop/events.json", o.eventsList(since: at - 3600, until: at))
        let present = o.pods.filter { $0.createdAt <= at }
        let pods = present.map { p in (p, GroundTruth.pod(p, .init(seenUntil: at.seconds, events: true))) }
        var findings: [String: [String]] = ["rollout": ["rollout-stalled"]]
        for (p, entry) in pods { findings[p.name] = GroundTruth.findings(entry, initFailed: p.initFailures > 0) }
        let backOff = o.events(until: at).filter { $0.reason == "BackOff" }
        put("expected/init-crashloop.json", GroundTruth.document(
            scenario: "init-crashloop", inputs: ["init-crashloop/pods.json", "init-crashloop/events.json"],
            notes: "The new ReplicaSet's only pod never initializes: init container migrate exits 1 every time (back-off 10, "
                + "20, 40, 80 s...). Its values are the latest attempt, read from lastState.terminated while it waits in "
                + "CrashLoopBackOff. The rollout stalls with the old pods running; nothing is deleted. Listed at \(at.rfc3339).",
            pods: pods, findings: findings,
            extra: [("snapshotTime", .string(at.rfc3339)),
                    ("backOff", ["pod": .string(backOff.first?.regarding.name ?? ""), "count": .int(backOff.map(\.count).reduce(0, +)),
                                 "firstTimestamp": GroundTruth.time(backOff.map(\.firstTimestamp).min()),
                                 "lastTimestamp": GroundTruth.time(backOff.map(\.lastTimestamp).max())])]))
    }

    mutating func sidecar() {
        let o = Simulator.run(FixtureScenarios.sidecar)
        let pod = Self.ordered(o).first { $0.role == "new" }!
        let at = Instant(seconds: pod.readyAt!.seconds.rounded(.down) + 5)
        let object = o.podObjects(at: at).first { $0.at("metadata.name")?.stringValue == pod.name }!
        put("sidecar/pod.json", KubectlPrinter.json(object))
        put("sidecar/pod.yaml", KubectlPrinter.yaml(object))
        put("expected/sidecar.json", GroundTruth.document(
            scenario: "sidecar", inputs: ["sidecar/pod.json"],
            notes: "Native sidecar: init container log-shipper has restartPolicy Always and is running with started: true and "
                + "ready: true, its healthy state (finishedAt null, not a stuck init); migrate ran to completion after it "
                + "started. pod.yaml is the same object as kubectl -o yaml prints it and must give the same result.",
            pods: [(pod, GroundTruth.pod(pod, .init(seenUntil: at.seconds)))]))
    }

    mutating func ipReuse() {
        let o = Simulator.run(FixtureScenarios.ipReuse)
        put("ip-reuse/pods-watch.json", o.watchStream())
        put("ip-reuse/signals.jsonl", o.signalLines())
        let pods = o.pods.map { p in (p, GroundTruth.pod(p, .init(drops: p.drops))) }
        var owners: [JSONValue] = []
        for ip in Set(o.pods.compactMap(\.ip)).sorted() {
            let holders = o.pods.filter { $0.ip == ip }.sorted { $0.ipAssignedAt! < $1.ipAssignedAt! }
            guard holders.count > 1 else { continue }
            for h in holders {
                owners.append(["ip": .string(ip), "pod": .string(h.name), "from": GroundTruth.time(h.ipAssignedAt),
                               "until": GroundTruth.time(h.lastContainerFinishedAt)])
            }
        }
        put("expected/ip-reuse.json", GroundTruth.document(
            scenario: "ip-reuse", inputs: ["ip-reuse/pods-watch.json", "ip-reuse/signals.jsonl"],
            notes: "Addresses are handed out again as soon as they are free: a new pod gets the address of an old one that "
                + "has stopped. A signal at that address belongs to the pod that held it when the request was sent. The "
                + "JSON Lines signals give failed requests by address and status, and connections reset by an exiting pod "
                + "by its name.",
            pods: pods, findings: Dictionary(uniqueKeysWithValues: pods.map { ($0.0.name, GroundTruth.findings($0.1)) }),
            extra: [("ipOwners", .array(owners))]))
    }

    /// The same requests in every proxy format the simulator writes; Istio's as `kubectl logs
    /// --prefix --timestamps` collects it.
    mutating func staleEndpoint() {
        let o = Simulator.run(FixtureScenarios.staleEndpoint)
        put("stale-endpoint/pods-watch.json", o.watchStream())
        put("stale-endpoint/events.json", o.eventsList(since: Self.lastHour(o)))
        put("stale-endpoint/endpointslices-watch.json", o.endpointSliceStream())
        put("stale-endpoint/deployment.json", o.deploymentJSON())
        var logs: [String] = []
        for format in SimProxyFormat.allCases {
            let name = "stale-endpoint/" + format.fileName
            put(name, o.proxyLog(format, collected: .init(prefix: format == .istio, timestamps: format == .istio)))
            logs.append(name)
        }
        var drops: [String: Int] = [:]
        for d in o.drops { drops[d.pod, default: 0] += 1 }
        let pods = o.pods.map { p in (p, GroundTruth.pod(p, .init(events: true, drops: drops[p.name] ?? 0))) }
        var findings = Dictionary(uniqueKeysWithValues: pods.map { ($0.0.name, GroundTruth.findings($0.1)) })
        findings["rollout"] = ["no-healthy-upstream"]
        let old = o.pods.first { $0.role == "old" }!, new = o.pods.first { $0.role == "new" }!
        put("expected/stale-endpoint.json", GroundTruth.document(
            scenario: "stale-endpoint",
            inputs: ["stale-endpoint/pods-watch.json", "stale-endpoint/events.json", "stale-endpoint/endpointslices-watch.json",
                     "stale-endpoint/deployment.json", "stale-endpoint/istio.log"],
            notes: "One replica replaced without a surge (maxSurge 0, maxUnavailable 1) on one worker whose freed addresses are "
                + "handed out again at once: \(new.name) gets \(old.name)'s address \(old.ip ?? "") within a second, while the ingress, "
                + "5 s behind the EndpointSlice, still sends requests there. The new pod's sandbox refuses them: they are the old pod's "
                + "dropped connections (a stale endpoint), not the new pod's, which is not ready. Then the ingress has no endpoint at all "
                + "until the new pod is ready: requests it answers itself (rolloutDrops), blamed on no pod (finding no-healthy-upstream). "
                + "Every file in logs holds the same requests as another proxy logs them, and gives the same result.",
            pods: pods, findings: findings,
            extra: [("rolloutDrops", .int(o.requests.filter { $0.attempts.isEmpty }.count)),
                    ("logs", .array(logs.map(JSONValue.string)))]))
    }

    mutating func snapshots() {
        let o = Simulator.run(FixtureScenarios.snapshots)
        let times = [8.0, 18, 28, 38].map { o.start + $0 }
        var mtimes: [JSONValue.Member] = []
        for (i, t) in times.enumerated() {
            let file = String(format: "%04d.json", i + 1)
            put("snapshots/pods/" + file, o.podList(at: t))
            mtimes.append(.init(file, .string(t.rfc3339)))
        }
        var w = JSONWriter()
        JSONValue.object(mtimes).write(to: &w)
        w.finalNewline()
        put("snapshots/mtimes.json", w.output)
        put("snapshots/pods.yaml", o.podListYAML(at: times.last!))
        func present(_ p: SimPodTruth, _ t: Instant) -> Bool { p.createdAt <= t && (p.deletedAt.map { $0 > t } ?? true) }
        var pods: [(SimPodTruth, JSONValue)] = []
        var last: [(SimPodTruth, JSONValue)] = []
        for p in o.pods {
            guard let seen = times.last(where: { present(p, $0) }) else { continue }
            let gone = times.first { $0 > seen && !present(p, $0) }
            pods.append((p, GroundTruth.pod(p, .init(seenUntil: seen.seconds, goneSeen: gone?.seconds))))
            if present(p, times.last!) { last.append((p, GroundTruth.pod(p, .init(seenUntil: seen.seconds)))) }
        }
        put("expected/snapshots.json", GroundTruth.document(
            scenario: "snapshots", inputs: ["snapshots/pods/ (file mtimes from snapshots/mtimes.json)"],
            notes: "Four polls 10 s apart, each file observed at its modification time. An old pod seen Terminating in one "
                + "snapshot and absent from the next has only a bound: secondsAtMost = the first snapshot without it - "
                + "requestedAt. One still terminating in the last snapshot has no end and no bound. exceededGrace is false "
                + "when the bound is within the grace period and null when nothing bounds it.",
            pods: pods, extra: [("snapshotTimes", .object(mtimes))]))
        put("expected/snapshots-yaml.json", GroundTruth.document(
            scenario: "snapshots-yaml", inputs: ["snapshots/pods.yaml"],
            notes: "The last snapshot alone, as kubectl get pods -o yaml prints it: what it shows, and no bounds.",
            pods: last))
    }
}
