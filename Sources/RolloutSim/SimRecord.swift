import RolloutCore

/// One change the simulated cluster made visible, at the moment it happened.
public struct SimRecord: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A pod watch event (`ADDED`, `MODIFIED`, `DELETED`) and the Pod as the API server
        /// holds it then.
        case pod(watchType: String, object: JSONValue)
        /// An Event as created or updated (a repeat raises `count`).
        case event(SimEvent)
        /// An EndpointSlice watch event for Service `web`.
        case endpointSlice(watchType: String, object: JSONValue)
        /// The Deployment after a change to its spec or status.
        case deployment(object: JSONValue)
        /// The StatefulSet, DaemonSet or Argo Rollout after a change to its spec or status.
        case workload(object: JSONValue)
        /// A ControllerRevision of the StatefulSet or DaemonSet created (`ADDED`) or changed
        /// (`MODIFIED`: a rollback gives an old revision the next number).
        case controllerRevision(watchType: String, object: JSONValue)
        /// A ReplicaSet of an Argo Rollout created (`ADDED`) or scaled (`MODIFIED`).
        case replicaSet(watchType: String, object: JSONValue)
        /// One ingress-nginx access log line (`upstreaminfo`), at the time nginx wrote it.
        case accessLog(line: String)

        /// The object of the change (an Event as core/v1; nil for a log line).
        public var object: JSONValue? {
            switch self {
            case .pod(_, let o), .endpointSlice(_, let o), .deployment(let o), .workload(let o), .controllerRevision(_, let o), .replicaSet(_, let o): o
            case .event(let e): e.coreV1
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
