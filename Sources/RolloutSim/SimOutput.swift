import RolloutCore

/// One change the simulated cluster made visible, at the moment it happened.
public struct SimRecord: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A pod watch event (`ADDED`, `MODIFIED`, `DELETED`) and the Pod as the API server
        /// holds it then.
        case pod(watchType: String, object: JSONValue)
        /// A core/v1 Event as created or updated (a repeat raises `count`).
        case event(object: JSONValue)
        /// An EndpointSlice watch event for Service `web`.
        case endpointSlice(watchType: String, object: JSONValue)
        /// The Deployment after a change to its spec or status.
        case deployment(object: JSONValue)
        /// One ingress-nginx access log line (`upstreaminfo`), at the time nginx wrote it.
        case accessLog(line: String)

        /// The object of the change (nil for a log line).
        public var object: JSONValue? {
            switch self {
            case .pod(_, let o), .event(let o), .endpointSlice(_, let o), .deployment(let o): o
            case .accessLog: nil
            }
        }
    }

    public var time: Instant
    public var kind: Kind

    public init(time: Instant, kind: Kind) {
        self.time = time
        self.kind = kind
    }
}

/// How watch streams are written.
public enum SimWatchStyle: Sendable, Equatable {
    /// What `kubectl get -w -o json --output-watch-events` prints: one compact line per event,
    /// `{"type":"ADDED","object":{...}}` (cli-runtime's JSONPrinter writes a WatchEvent with
    /// `json.Marshal`: struct order, so `type` first; the object's keys sorted).
    case kubectl
    /// Indented with four spaces, keys sorted, `{"object": ..., "type": ...}`.
    case pretty
}

/// What the simulator knows for certain about one pod: the ground truth tests and the demo
/// compare rollscope's reconstruction with.
public struct SimPodTruth: Sendable, Equatable {
    public var name: String
    public var uid: String
    /// `old` or `new`.
    public var role: String
    public var node: String?
    public var ip: String?
    public var createdAt: Instant
    public var readyAt: Instant?
    public var deletionRequestedAt: Instant?
    public var killingAt: Instant?
    /// When the stop signal reached the application (after the preStop hook).
    public var stopSignalAt: Instant?
    /// When the `nginx` container ended, and how.
    public var finishedAt: Instant?
    public var exitCode: Int?
    public var sigkilled: Bool
    public var deletedAt: Instant?
    /// Requests that failed at this pod (every failed upstream of a retried request counts).
    public var drops: Int
    /// Init container runs that failed.
    public var initFailures: Int
}

/// A request the ingress sent to a pod that could not answer it.
public struct SimDrop: Sendable, Equatable {
    /// When nginx logged it (the end of the request).
    public var loggedAt: Instant
    /// When nginx picked the upstream.
    public var sentAt: Instant
    public var pod: String
    public var ip: String
    /// The status of that upstream attempt as logged (`502`, `504`, or `499` for the client
    /// giving up first).
    public var status: Int
}

/// The result of one run: every record in time order, and the views a user would save.
public struct SimOutput: Sendable, Equatable {
    public var scenario: SimScenario
    public var records: [SimRecord]
    /// When the run began (the watch started) and ended.
    public var start: Instant
    public var end: Instant
    /// When the Deployment reported the rollout complete (nil when it stalled).
    public var completedAt: Instant?
    public var pods: [SimPodTruth]
    public var drops: [SimDrop]

    init(scenario: SimScenario, records: [SimRecord], start: Instant, end: Instant,
         completedAt: Instant?, pods: [SimPodTruth], drops: [SimDrop]) {
        self.scenario = scenario
        self.records = records
        self.start = start
        self.end = end
        self.completedAt = completedAt
        self.pods = pods
        self.drops = drops
    }

    func included(_ i: Int, _ until: Instant?) -> Bool {
        guard let until else { return true }
        return records[i].time <= until
    }

    /// `kubectl get pods -l app=web -w -o json --output-watch-events` as of `until`: ADDED for
    /// every pod that existed when the watch began, then each change.
    public func watchStream(until: Instant? = nil, style: SimWatchStyle = .kubectl) -> String {
        var out = ""
        for i in records.indices where included(i, until) {
            guard case .pod(let type, let object) = records[i].kind else { continue }
            out += watchLine(type: type, object: object, style: style)
        }
        return out
    }

    /// `kubectl get endpointslices -l kubernetes.io/service-name=web -w -o json --output-watch-events`.
    public func endpointSliceStream(until: Instant? = nil, style: SimWatchStyle = .kubectl) -> String {
        var out = ""
        for i in records.indices where included(i, until) {
            guard case .endpointSlice(let type, let object) = records[i].kind else { continue }
            out += watchLine(type: type, object: object, style: style)
        }
        return out
    }

    func watchLine(type: String, object: JSONValue, style: SimWatchStyle) -> String {
        switch style {
        case .kubectl: KubectlPrinter.watchEvent(type, object)
        case .pretty: KubectlPrinter.prettyWatchEvent(type, object)
        }
    }

    /// `kubectl get events -n shop -o json` as of `until`: each Event in its latest state, in
    /// API order (by name: `<object>.<hex nanoseconds>`).
    public func eventsList(until: Instant? = nil) -> String {
        var latest: [String: JSONValue] = [:]
        for i in records.indices where included(i, until) {
            guard case .event(let object) = records[i].kind, let name = object.at("metadata.name")?.stringValue else { continue }
            latest[name] = object
        }
        let items = latest.keys.sorted().map { latest[$0]! }
        return SimOutput.list(items)
    }

    /// `kubectl get deployment web -o json` as of `until` (the end of the run by default).
    public func deploymentJSON(at until: Instant? = nil) -> String {
        var last: JSONValue?
        for i in records.indices where included(i, until) {
            if case .deployment(let object) = records[i].kind { last = object }
        }
        return KubectlPrinter.json(last ?? .null)
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
        return SimOutput.list(deleted ? [] : last.map { [$0] } ?? [])
    }

    /// `kubectl get pods -l app=web -o json` as of `at`: the pods that exist then, by name.
    public func podList(at until: Instant? = nil) -> String {
        var current: [String: JSONValue] = [:]
        for i in records.indices where included(i, until) {
            guard case .pod(let type, let object) = records[i].kind, let name = object.at("metadata.name")?.stringValue else { continue }
            if type == "DELETED" { current[name] = nil } else { current[name] = object }
        }
        return SimOutput.list(current.keys.sorted().map { current[$0]! })
    }

    /// The ingress-nginx access log as of `until`, one line per request in the order written.
    public func accessLog(until: Instant? = nil) -> String {
        var out = ""
        for i in records.indices where included(i, until) {
            if case .accessLog(let line) = records[i].kind { out += line + "\n" }
        }
        return out
    }

    /// A `kind: List` as kubectl prints it.
    static func list(_ items: [JSONValue]) -> String {
        KubectlPrinter.list(items)
    }
}
