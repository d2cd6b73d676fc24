import RolloutCore
import RolloutSim

/// What a reader of a fixture's files must report, field by field, in the report JSON's names:
/// taken from the simulator's record of what happened (`SimPodTruth`, `SimDrop`,
/// `SimOutput.sliceWrites`), never from the files. The API shows times cut to whole seconds, so
/// every time and duration here is too; and a poll sees only what the kubelet had reported by
/// then (the `...ShownAt` times), so each pod is given as of the last moment its inputs saw it.
enum GroundTruth {
    /// How the inputs saw one pod.
    struct View {
        /// The last moment the pod's state was seen (infinity: a watch to the end of the run).
        var seenUntil: Double = .infinity
        /// When a poll with a known time first missed the pod (a bound on its end).
        var goneSeen: Double?
        /// An events file is among the inputs (the Killing event gives killingAt).
        var events = false
        /// Dropped connections the signal inputs hold for the pod.
        var drops = 0
    }

    static func whole(_ t: Instant) -> Double { t.seconds.rounded(.down) }
    static func time(_ t: Double?) -> JSONValue { t.map { .string(KubeTime.rfc3339($0)) } ?? .null }
    static func time(_ t: Instant?) -> JSONValue { time(t.map(whole)) }

    /// The pod's entry in the report, as `view` saw it.
    static func pod(_ p: SimPodTruth, _ view: View) -> JSONValue {
        func shown(_ t: Instant?) -> Instant? { t.flatMap { $0.seconds <= view.seenUntil ? $0 : nil } }
        let inits: [JSONValue] = p.initContainers.map { c in
            let visible = c.runs.enumerated().filter { ($0.element.runningShownAt ?? $0.element.endShownAt).map { $0.seconds <= view.seenUntil } ?? false }
            guard let (k, run) = visible.last else {
                return ["name": .string(c.name), "sidecar": .bool(c.sidecar), "startedAt": .null, "finishedAt": .null,
                        "seconds": .null, "exitCode": .null, "restarts": 0]
            }
            let ended = shown(run.endShownAt) != nil
            let start = whole(run.startedAt)
            let finish = ended ? run.finishedAt.map(whole) : nil
            return ["name": .string(c.name), "sidecar": .bool(c.sidecar), "startedAt": time(start), "finishedAt": time(finish),
                    "seconds": finish.map { .int(Int($0 - start)) } ?? .null,
                    "exitCode": ended ? run.exitCode.map(JSONValue.int) ?? .null : .null, "restarts": .int(k)]
        }
        return [
            "uid": .string(p.uid),
            "replicaSet": .string(p.replicaSet),
            "templateHash": .string(p.templateHash),
            "role": .string(p.role),
            "node": shown(p.scheduledAt) != nil ? p.node.map(JSONValue.string) ?? .null : .null,
            "ip": shown(p.ipAssignedAt) != nil ? p.ip.map(JSONValue.string) ?? .null : .null,
            "createdAt": time(p.createdAt),
            "scheduledAt": time(shown(p.scheduledAt)),
            "initializedAt": time(shown(p.initializedAt)),
            "readyAt": time(shown(p.readyAt)),
            "initContainers": .array(inits),
            "termination": termination(p, view),
            "droppedConnections": .int(view.drops),
        ]
    }

    static func termination(_ p: SimPodTruth, _ view: View) -> JSONValue {
        guard let request = p.deletionRequestedAt, request.seconds <= view.seenUntil else { return .null }
        let requested = whole(request)
        let endSeen = p.terminalShownAt.map { $0.seconds <= view.seenUntil } ?? false
        let finish = endSeen ? p.lastContainerFinishedAt.map(whole) : nil
        let atMost = endSeen ? nil : view.goneSeen.map { $0 - requested }
        var exitCodes: [JSONValue.Member] = []
        if endSeen {
            if let code = p.exitCode { exitCodes.append(.init(p.container, .int(code))) }
            for c in p.initContainers where c.sidecar {
                if let code = c.runs.last?.exitCode { exitCodes.append(.init(c.name, .int(code))) }
            }
        }
        // A pod whose containers never ran to an exit (stopped while its init container was
        // crash-looping) has nothing to measure: neither its length nor the grace period's.
        let exceeded: JSONValue = endSeen ? (p.lastContainerFinishedAt == nil ? .null : .bool(p.sigkilled))
            : atMost.map { $0 < Double(p.gracePeriodSeconds) ? .bool(false) : .null } ?? .null
        return [
            "requestedAt": time(requested),
            "gracePeriodSeconds": .int(p.gracePeriodSeconds),
            "preStop": .string(p.preStop),
            "killingAt": view.events ? time(p.killingAt) : .null,
            "finishedAt": time(finish),
            "seconds": finish.map { .int(Int($0 - requested)) } ?? .null,
            "secondsAtMost": atMost.map { .int(Int($0)) } ?? .null,
            "exitCodes": .object(exitCodes),
            "exceededGrace": exceeded,
        ]
    }

    /// The finding kinds the report must give the pod (`termination-unobserved` aside, which
    /// FixtureTests ignores), from its expected entry and what else the inputs show.
    static func findings(_ entry: JSONValue, servedAfterExit: Bool = false, initFailed: Bool = false) -> [String] {
        var kinds: [String] = []
        if entry.at("termination.exceededGrace") == .bool(true) { kinds.append("grace-exceeded") }
        if entry.at("termination.preStop") == .string("none") { kinds.append("no-prestop") }
        if (entry["droppedConnections"]?.intValue ?? 0) > 0 { kinds.append("dropped-connections") }
        if servedAfterExit { kinds.append("endpoint-serving-after-exit") }
        if initFailed { kinds.append("init-failed") }
        return kinds
    }

    /// EndpointSlice writes, as a watch of them shows them, that still route to a pod after its
    /// containers exited. A watch file carries no times: a reader dates each write by the
    /// latest last-change-trigger-time (or creation) the stream has carried so far, so a write
    /// counts as late when that date is after the exit, in whole seconds.
    static func lateServing(_ output: SimOutput) -> [(pod: SimPodTruth, write: SimOutput.SliceWrite, dated: Double)] {
        var out: [(SimPodTruth, SimOutput.SliceWrite, Double)] = []
        var clock = -Double.infinity
        var reported: Set<String> = []
        for w in output.sliceWrites {
            let trigger = w.slice.metadata.annotations[SimEndpointSlice.triggerTimeAnnotation].flatMap(Instant.init(rfc3339:))?.seconds
            clock = max(clock, trigger ?? w.slice.metadata.creationTimestamp.map { $0.rounded(.down) } ?? clock)
            for e in w.slice.endpoints where e.serving && !reported.contains(e.podName) {
                guard let p = output.pod(e.podName), let exit = p.lastContainerFinishedAt, clock > whole(exit) else { continue }
                reported.insert(e.podName)
                out.append((p, w, clock))
            }
        }
        return out
    }

    /// `expected/<scenario>.json`: the inputs to load together, notes, the ReplicaSets, each pod
    /// and its finding kinds, and whatever else the scenario's tests read. With `kind` (a
    /// StatefulSet or DaemonSet), the revisions are its ControllerRevisions and pods are keyed
    /// by uid (`"podKey": "uid"`), each with its name (and a StatefulSet pod's ordinal): a
    /// StatefulSet's pod name has an incarnation per revision.
    static func document(scenario: String, inputs: [String], notes: String, pods: [(SimPodTruth, JSONValue)],
                         findings: [String: [String]]? = nil, extra: [(String, JSONValue)] = [],
                         kind: WorkloadKind? = nil, workload: String = "web") -> String {
        var sets: [(name: String, hash: String, role: String, count: Int)] = []
        for (p, _) in pods {
            if let i = sets.firstIndex(where: { $0.name == p.replicaSet }) { sets[i].count += 1 } else {
                sets.append((p.replicaSet, p.templateHash, p.role, 1))
            }
        }
        sets.sort { ($0.role == "old" ? 0 : 1) < ($1.role == "old" ? 0 : 1) }
        var members: [JSONValue.Member] = [
            .init("scenario", .string(scenario)),
            .init("inputs", .array(inputs.map(JSONValue.string))),
            .init("notes", .string(notes)),
            .init("workload", .string(workload)),
            .init("namespace", "shop"),
            .init("replicaSets", .array(sets.map { ["name": .string($0.name), "templateHash": .string($0.hash),
                                                     "role": .string($0.role), "pods": .int($0.count)] })),
        ]
        if let kind {
            members.insert(.init("kind", .string(kind.rawValue)), at: 5)
            members.append(.init("podKey", "uid"))
            let ordered = pods.sorted { ($0.0.name, $0.0.createdAt.seconds) < ($1.0.name, $1.0.createdAt.seconds) }
            members.append(.init("pods", .object(ordered.map { p, entry in
                var e = entry
                e["name"] = .string(p.name)
                if kind == .statefulSet { e["ordinal"] = p.ordinal.map(JSONValue.int) ?? .null }
                return .init(p.uid, e)
            })))
        } else {
            members.append(.init("pods", .object(pods.sorted { $0.0.name < $1.0.name }.map { .init($0.0.name, $0.1) })))
        }
        if let findings {
            members.append(.init("findings", .object(findings.keys.sorted().map { .init($0, .array(findings[$0]!.map(JSONValue.string))) })))
        }
        for (k, v) in extra { members.append(.init(k, v)) }
        var w = JSONWriter()
        JSONValue.object(members).write(to: &w)
        w.finalNewline()
        return w.output
    }
}
