import RolloutCore

/// The result of one run: every record in time order, the simulator's own record of what
/// happened (pods, drops, EndpointSlice writes), and the views a user would save, each printed
/// as the tool that makes it prints it.
public struct SimOutput: Sendable, Equatable {
    /// How a pod watch is written.
    public enum WatchStyle: Sendable, Equatable {
        /// What `kubectl get -w -o json --output-watch-events` prints: one compact line per event,
        /// `{"type":"ADDED","object":{...}}`, managedFields included.
        case kubectl
        /// What `kubectl get -w -o json` prints without `--output-watch-events`: the objects alone,
        /// pretty-printed one after another; a DELETED object looks like any other.
        case objects
        /// Watch events indented with four spaces, keys sorted, `{"object": ..., "type": ...}`.
        case pretty
    }

    /// One write of the Service's EndpointSlice by the EndpointSlice controller.
    public struct SliceWrite: Sendable, Equatable {
        public var time: Instant
        public var slice: SimEndpointSlice
    }

    public var scenario: SimScenario
    public var records: [SimRecord]
    /// When the run began (the watch started) and ended.
    public var start: Instant
    public var end: Instant
    /// When the Deployment reported the rollout complete (nil when it stalled).
    public var completedAt: Instant?
    public var pods: [SimPodTruth]
    public var drops: [SimDrop]
    /// Every request the proxy logged, in the order it logged them.
    public var requests: [SimRequest]
    public var sliceWrites: [SliceWrite]
    /// An Argo Rollout's own record: what its controller did and when.
    public var argo: ArgoTruth?

    /// What Argo's controller did in the run (the simulator's record, not read from objects).
    public struct ArgoTruth: Sendable, Equatable {
        /// Steps completed (the final `status.currentStepIndex`) and how many there are.
        public var stepIndex: Int
        public var steps: Int
        /// Healthy, Paused or Degraded (aborted), else Progressing, at the end of the run.
        public var phase: String
        /// When the rollout was aborted, and when a blue-green rollout's active Service switched.
        public var abortedAt: Instant?
        public var switchedAt: Instant?
        /// When the Rollout became Healthy (`RolloutCompleted`).
        public var healthyAt: Instant?
        public var stableHash: String
        public var currentHash: String
    }

    init(scenario: SimScenario, records: [SimRecord], start: Instant, end: Instant, completedAt: Instant?,
         pods: [SimPodTruth], drops: [SimDrop], requests: [SimRequest], sliceWrites: [SliceWrite]) {
        self.scenario = scenario
        self.records = records
        self.start = start
        self.end = end
        self.completedAt = completedAt
        self.pods = pods
        self.drops = drops
        self.requests = requests
        self.sliceWrites = sliceWrites
    }

    /// The truth about the pod named `name` (its first incarnation, for a StatefulSet pod).
    public func pod(_ name: String) -> SimPodTruth? { pods.first { $0.name == name } }

    /// The truth about the pod with this uid: one incarnation.
    public func pod(uid: String) -> SimPodTruth? { pods.first { $0.uid == uid } }

    func included(_ i: Int, _ until: Instant?) -> Bool {
        guard let until else { return true }
        return records[i].time <= until
    }

    // MARK: Pods

    /// `kubectl get pods -l app=web -w -o json --output-watch-events` as of `until`: ADDED for
    /// every pod that existed when the watch began, then each change.
    public func watchStream(until: Instant? = nil, style: WatchStyle = .kubectl) -> String {
        var out = ""
        for i in records.indices where included(i, until) {
            guard case .pod(let type, let object) = records[i].kind else { continue }
            out += watchLine(type: type, object: object, style: style)
        }
        return out
    }

    func watchLine(type: String, object: JSONValue, style: WatchStyle) -> String {
        switch style {
        case .kubectl: KubectlPrinter.watchEvent(type, object)
        case .objects: KubectlPrinter.json(object)
        case .pretty: KubectlPrinter.prettyWatchEvent(type, object)
        }
    }

    /// `kubectl get pods -l app=web -w -o yaml` as of `until`: each object as kubectl's YAML
    /// printer writes it, a `---` line before every one but the first; a DELETED object looks
    /// like any other.
    public func watchStreamYAML(until: Instant? = nil) -> String {
        var out = ""
        for i in records.indices where included(i, until) {
            guard case .pod(_, let object) = records[i].kind else { continue }
            if !out.isEmpty { out += "---\n" }
            out += KubectlPrinter.yaml(object)
        }
        return out
    }

    /// The pods that exist at `at` (every change until then applied), by name.
    public func podObjects(at until: Instant? = nil) -> [JSONValue] {
        var current: [String: JSONValue] = [:]
        for i in records.indices where included(i, until) {
            guard case .pod(let type, let object) = records[i].kind, let name = object.at("metadata.name")?.stringValue else { continue }
            if type == "DELETED" { current[name] = nil } else { current[name] = object }
        }
        return current.keys.sorted().map { current[$0]! }
    }

    /// `kubectl get pods -l app=web -o json` as of `at`: the pods that exist then, by name.
    public func podList(at until: Instant? = nil) -> String {
        KubectlPrinter.list(podObjects(at: until))
    }

    /// `kubectl get pods -l app=web -o yaml` as of `at`.
    public func podListYAML(at until: Instant? = nil) -> String {
        KubectlPrinter.yaml(KubectlPrinter.listObject(podObjects(at: until)))
    }

    /// The API server's PodList as `kubectl get --raw /api/v1/namespaces/NS/pods` gives it at
    /// `at`: compact, in field order, items without kind and apiVersion, managedFields kept.
    public func rawPodList(at until: Instant) -> String {
        let items = podObjects(at: until).map { o -> JSONValue in
            var o = o
            o["kind"] = nil
            o["apiVersion"] = nil
            return o
        }
        let list: JSONValue = ["kind": "PodList", "apiVersion": "v1",
                               "metadata": ["resourceVersion": .string(String(resourceVersion(at: until)))],
                               "items": .array(items)]
        return KubectlPrinter.raw(list) + "\n"
    }

    /// The highest resourceVersion written at or before `at` (what a list made then carries).
    public func resourceVersion(at until: Instant) -> Int {
        var rv = 0
        for i in records.indices where included(i, until) {
            if let v = records[i].kind.object?.at("metadata.resourceVersion")?.stringValue.flatMap({ Int($0) }) { rv = max(rv, v) }
        }
        return rv
    }

    // MARK: Events

    /// Which API `kubectl get events` asks.
    public enum EventAPI: Sendable { case coreV1, eventsV1 }

    /// Each Event in its latest state as of `until`, changed after `since`, in API order (by
    /// name: `<object>.<hex nanoseconds>`).
    public func events(since: Instant? = nil, until: Instant? = nil) -> [SimEvent] {
        var latest: [String: SimEvent] = [:]
        for i in records.indices where included(i, until) {
            guard case .event(let e) = records[i].kind else { continue }
            latest[e.name] = e
        }
        return latest.keys.sorted().map { latest[$0]! }.filter { since == nil || $0.lastTimestamp >= since!.seconds }
    }

    /// `kubectl get events -n shop -o json` (or `events.v1.events.k8s.io`) as of `until`.
    public func eventsList(since: Instant? = nil, until: Instant? = nil, api: EventAPI = .coreV1) -> String {
        KubectlPrinter.list(events(since: since, until: until).map { api == .coreV1 ? $0.coreV1 : $0.eventsV1 })
    }

    /// `kubectl get events -n shop -o yaml` as of `until`.
    public func eventsYAML(since: Instant? = nil, until: Instant? = nil) -> String {
        KubectlPrinter.yaml(KubectlPrinter.listObject(events(since: since, until: until).map(\.coreV1)))
    }

    // MARK: Deployment and EndpointSlices

    /// `kubectl get deployment web -o json` as of `until` (the end of the run by default).
    public func deploymentJSON(at until: Instant? = nil) -> String {
        var last: JSONValue?
        for i in records.indices where included(i, until) {
            if case .deployment(let object) = records[i].kind { last = object }
        }
        return KubectlPrinter.json(last ?? .null)
    }

    /// The StatefulSet or DaemonSet as written last at or before `until`, nil for a Deployment.
    public func workloadObject(at until: Instant? = nil) -> JSONValue? {
        var last: JSONValue?
        for i in records.indices where included(i, until) {
            if case .workload(let object) = records[i].kind { last = object }
        }
        return last
    }

    /// `kubectl get statefulset web -o json` (or `daemonset`) as of `until`.
    public func workloadJSON(at until: Instant? = nil) -> String {
        KubectlPrinter.json(workloadObject(at: until) ?? .null)
    }

    /// `kubectl get statefulset web -o yaml` (or `daemonset`) as of `until`.
    public func workloadYAML(at until: Instant? = nil) -> String {
        KubectlPrinter.yaml(workloadObject(at: until) ?? .null)
    }

    /// The ControllerRevisions of the StatefulSet or DaemonSet as of `until`, by name.
    public func controllerRevisions(at until: Instant? = nil) -> [JSONValue] {
        var current: [String: JSONValue] = [:]
        for i in records.indices where included(i, until) {
            guard case .controllerRevision(_, let object) = records[i].kind,
                  let name = object.at("metadata.name")?.stringValue else { continue }
            current[name] = object
        }
        return current.keys.sorted().map { current[$0]! }
    }

    /// `kubectl get controllerrevisions -l app=web -o json` as of `until`.
    public func controllerRevisionList(at until: Instant? = nil) -> String {
        KubectlPrinter.list(controllerRevisions(at: until))
    }

    /// An Argo Rollout's ReplicaSets as they are at `until` (each as last written).
    public func replicaSets(at until: Instant? = nil) -> [JSONValue] {
        var latest: [String: JSONValue] = [:]
        var order: [String] = []
        for i in records.indices where included(i, until) {
            guard case .replicaSet(_, let object) = records[i].kind, let name = object.at("metadata.name")?.stringValue else { continue }
            if latest[name] == nil { order.append(name) }
            latest[name] = object
        }
        return order.sorted().map { latest[$0]! }
    }

    /// `kubectl get replicasets -o json` of the Rollout's ReplicaSets at `until`.
    public func replicaSetList(at until: Instant? = nil) -> String {
        KubectlPrinter.list(replicaSets(at: until))
    }

    /// `kubectl get endpointslices -l kubernetes.io/service-name=web -w -o json --output-watch-events`
    /// (or, with style `.objects`, without `--output-watch-events`).
    public func endpointSliceStream(until: Instant? = nil, style: WatchStyle = .kubectl) -> String {
        var out = ""
        for i in records.indices where included(i, until) {
            guard case .endpointSlice(let type, let object) = records[i].kind else { continue }
            out += watchLine(type: type, object: object, style: style)
        }
        return out
    }

    /// `kubectl get endpointslices -l kubernetes.io/service-name=web -o json` as of `until`.
    public func endpointSliceList(at until: Instant? = nil) -> String {
        var last: JSONValue?
        var deleted = false
        for i in records.indices where included(i, until) {
            if case .endpointSlice(let type, let object) = records[i].kind {
                last = object
                deleted = type == "DELETED"
            }
        }
        return KubectlPrinter.list(deleted ? [] : last.map { [$0] } ?? [])
    }

    // MARK: Signals

    /// The ingress-nginx access log as of `until`, one line per request in the order written.
    public func accessLog(until: Instant? = nil) -> String {
        var out = ""
        for i in records.indices where included(i, until) {
            if case .accessLog(let line) = records[i].kind { out += line + "\n" }
        }
        return out
    }

    /// The same requests as `format`'s proxy logs them, in the order written; `collected` adds
    /// what `kubectl logs --prefix --timestamps` adds.
    public func proxyLog(_ format: SimProxyFormat, until: Instant? = nil, collected: SimProxyLog.Collected = .init()) -> String {
        var nginx: [String] = []
        nginx.reserveCapacity(requests.count)
        for i in records.indices where included(i, until) {
            if case .accessLog(let line) = records[i].kind { nginx.append(line) }
        }
        var out = ""
        for (i, r) in requests.enumerated() where i < nginx.count {
            let line = SimProxyLog.line(r, format: format, nginxLine: nginx[i], scenario: scenario)
            out += SimProxyLog.collected(line, at: SimProxyLog.end(r, format), format: format, collected) + "\n"
        }
        return out
    }

    /// The failed requests as JSON Lines signals, as a load generator's log gives them: each at
    /// the time the request was sent, in microseconds; a reset by the pod it came from,
    /// `{"time": T, "pod": NAME, "kind": "reset"}`, any other failure by the upstream address and
    /// status, `{"time": T, "ip": "IP:8080", "status": 502}`; in the order sent.
    public func signalLines(until: Instant? = nil) -> String {
        var out = ""
        for d in drops.sorted(by: { $0.sentAt < $1.sentAt }) where until == nil || d.loggedAt <= until! {
            let time = JSONValue.string(KubeTime.micro(d.sentAt.seconds))
            let line: JSONValue = d.reset ? ["time": time, "pod": .string(d.pod), "kind": "reset"]
                : ["time": time, "ip": .string(d.ip + ":8080"), "status": .int(d.status)]
            out += KubectlPrinter.raw(line) + "\n"
        }
        return out
    }
}
