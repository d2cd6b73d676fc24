/// Turns decoded objects into observations: tells kinds apart, unwraps watch envelopes and
/// lists, and stamps each observation with a time.
///
/// Without an explicit time, a stream's clock is the latest timestamp it has carried so far:
/// never later than when the object was really seen.
struct Classifier {
    let name: String
    let source: Int
    var explicitTime: Instant?
    let scope: String
    var out: [Observation] = []
    var warnings: [String] = []
    /// Objects understood (including ones that give no observation, such as BOOKMARKs).
    var recognised = 0
    var clock: Instant?
    /// Observations with no time of their own yet; they take the next time the stream knows.
    var untimed: [Int] = []
    var skipped: [String: Int] = [:]
    var unknownWatchTypes: [String: Int] = [:]
    /// Container times that contradicted each other and were ignored, and the first of them.
    var impossibleTimes = 0
    var firstImpossibleTime: String?

    init(name: String, source: Int, explicitTime: Instant?, scope: String) {
        self.name = name
        self.source = source
        self.explicitTime = explicitTime
        self.scope = scope
    }

    mutating func add(_ o: KubeObject) {
        if let inner = o.object, o.items == nil {
            addEnvelope(type: o.type ?? "", object: inner)
        } else if o.items != nil {
            addList(o)
        } else {
            addItem(o, action: .added)
        }
    }

    mutating func addEnvelope(type: String, object: KubeObject) {
        switch type {
        case "ADDED": addItem(object, action: .added)
        case "MODIFIED": addItem(object, action: .modified)
        case "DELETED": addItem(object, action: .deleted)
        case "BOOKMARK": recognised += 1
        case "ERROR":
            recognised += 1
            let detail = [object.message, object.reason, object.code.map { String($0) }].compactMap { $0 }.joined(separator: ", ")
            warnings.append("\(name): the watch reported an error: \(Sanitizer.clean(detail.isEmpty ? "no details" : detail))")
        default:
            unknownWatchTypes[Sanitizer.clean(String(type.prefix(40))), default: 0] += 1
        }
    }

    mutating func addList(_ list: KubeObject) {
        recognised += 1
        var pods: [Pod] = []
        var latest: Instant?
        let items = list.items ?? []
        // Thousands of pods are converted on both cores.
        let converted = Parallel.map(items.count) { i -> (pod: Pod, latest: Instant?, dropped: (Int, String?))? in
            guard isPod(items[i]), var pod = Pod(items[i]) else { return nil }
            let dropped = pod.dropImpossibleTimes()
            return (pod, pod.latestTimestamp, dropped)
        }
        pods.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            if isPod(item) {
                if let c = converted[i] {
                    noteImpossibleTimes(c.dropped)
                    pods.append(c.pod)
                    latest = max(latest, c.latest)
                }
            } else if item.items != nil || item.object != nil {
                add(item)
            } else {
                addItem(item, action: .listed)
            }
        }
        let isPodList = list.kind == "PodList" || !pods.isEmpty || (list.items?.isEmpty ?? true)
        if isPodList {
            emit(.podList(pods, scope: scope), objectTime: latest)
        }
    }

    func isPod(_ o: KubeObject) -> Bool {
        if let kind = o.kind { return kind == "Pod" }
        return o.containers != nil || o.containerStatuses != nil || o.initContainerStatuses != nil
            || (o.phase != nil && o.involvedObject == nil)
    }

    mutating func addItem(_ o: KubeObject, action: WatchAction) {
        if isPod(o) {
            guard let pod = pod(o) else { skipped["Pod without a name", default: 0] += 1; return }
            emit(.pod(pod, action), objectTime: pod.latestTimestamp)
            return
        }
        var kind = o.kind
        if kind == nil {
            if o.involvedObject != nil { kind = "Event" } else if o.addressType != nil { kind = "EndpointSlice" }
        }
        switch kind {
        case "Event":
            guard let event = KubeEvent(o) else { skipped["Event without involvedObject", default: 0] += 1; return }
            emit(.event(event), objectTime: event.lastAt ?? event.at)
        case "EndpointSlice":
            guard let slice = EndpointSliceState(o) else { skipped["EndpointSlice", default: 0] += 1; return }
            emit(.slice(slice, action), objectTime: slice.changeTime ?? slice.createdAt)
        case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ControllerRevision", "Rollout":
            guard let info = WorkloadInfo(o) else { skipped[o.kind ?? "object", default: 0] += 1; return }
            emit(.workload(info), objectTime: nil)
        case "Status":
            recognised += 1
            if o.statusString == "Failure" {
                let detail = [o.message, o.reason].compactMap { $0 }.joined(separator: ", ")
                warnings.append("\(name): holds an API error: \(Sanitizer.clean(detail))")
            }
        default:
            let kind = o.kind.map { Sanitizer.clean(String($0.prefix(60))) } ?? "unrecognised"
            skipped[kind, default: 0] += 1
        }
    }

    /// The pod in `o`, with contradicting container times dropped (and counted).
    mutating func pod(_ o: KubeObject) -> Pod? {
        guard var pod = Pod(o) else { return nil }
        noteImpossibleTimes(pod.dropImpossibleTimes())
        return pod
    }

    mutating func noteImpossibleTimes(_ dropped: (count: Int, first: String?)) {
        guard dropped.count > 0 else { return }
        impossibleTimes += dropped.count
        if firstImpossibleTime == nil { firstImpossibleTime = dropped.first }
    }

    mutating func emit(_ payload: Observation.Payload, objectTime: Instant?) {
        recognised += 1
        let time: Instant?
        if let explicitTime {
            time = explicitTime
        } else {
            if let objectTime { clock = max(clock, objectTime) }
            time = clock
        }
        if let time {
            for i in untimed { out[i].time = time }
            untimed.removeAll()
            out.append(Observation(time: time, estimated: explicitTime == nil, source: source, payload: payload))
        } else {
            untimed.append(out.count)
            out.append(Observation(time: Instant(seconds: 0), estimated: true, source: source, payload: payload))
        }
    }

    var skippedSummary: String? {
        guard !skipped.isEmpty else { return nil }
        let parts = skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        return "skipped " + parts.joined(separator: ", ")
    }

    mutating func finish() {
        if let summary = skippedSummary {
            warnings.append("\(name): \(summary) (rollscope reads Pods, Events, EndpointSlices, Deployments, ReplicaSets, StatefulSets, DaemonSets, ControllerRevisions and Argo Rollouts)")
        }
        if impossibleTimes > 0, let first = firstImpossibleTime {
            warnings.append("\(name): ignored the start and finish times of \(TextLayout.count(impossibleTimes, "container state")) that finished before \(impossibleTimes == 1 ? "it" : "they") started (first: \(first))")
        }
        if !unknownWatchTypes.isEmpty {
            let parts = unknownWatchTypes.sorted { $0.key < $1.key }.map { "\($0.value) \"\($0.key)\"" }
            warnings.append("\(name): skipped watch events of unknown type: " + parts.joined(separator: ", "))
        }
        // Objects that never got a time (no timestamps anywhere) keep the stream's last clock.
        if let clock { for i in untimed { out[i].time = clock } }
        untimed.removeAll()
    }
}

func max(_ a: Instant?, _ b: Instant?) -> Instant? {
    guard let a else { return b }
    guard let b else { return a }
    return a > b ? a : b
}

func min(_ a: Instant?, _ b: Instant?) -> Instant? {
    guard let a else { return b }
    guard let b else { return a }
    return a < b ? a : b
}
