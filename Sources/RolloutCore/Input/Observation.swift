/// How a watch (or a list) delivered an object.
public enum WatchAction: String, Sendable {
    case added = "ADDED", modified = "MODIFIED", deleted = "DELETED", listed = "LISTED"
}

/// One thing seen in the input, stamped with when it was seen.
public struct Observation: Sendable {
    /// When it was observed: explicit (recording, snapshot file time) or estimated from the
    /// timestamps the stream carried so far (`estimated`), which is never later than the truth.
    public var time: Instant
    public var estimated: Bool
    /// Index of the input it came from.
    public var source: Int
    public var payload: Payload

    public enum Payload: Sendable {
        case pod(Pod, WatchAction)
        /// A complete list of pods at one moment: pods of the same scope absent from it are gone.
        case podList([Pod], scope: String)
        case event(KubeEvent)
        case slice(EndpointSliceState, WatchAction)
        case workload(WorkloadInfo)
    }

    public init(time: Instant, estimated: Bool, source: Int, payload: Payload) {
        self.time = time
        self.estimated = estimated
        self.source = source
        self.payload = payload
    }
}
