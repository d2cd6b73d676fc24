/// A connection-level signal from outside the cluster objects: an access-log line or a
/// JSON Lines record naming a pod IP or pod name.
public struct Signal: Sendable, Equatable {
    public var time: Instant
    /// When the request was sent, when the log says (nginx logs at the end: `time - request_time`).
    /// A pod is blamed by this instant, since it held the IP then.
    public var requestStart: Instant?
    /// Pod IP without the port.
    public var ip: String?
    public var pod: String?
    public var status: Int?
    public var kind: String
    /// True when this counts as a dropped connection (502/503/504, 499 to a pod, a failure kind).
    public var dropped: Bool
    /// A one-line summary safe to show (`GET /api/cart 502`).
    public var summary: String
    /// Where it came from: `file:line`.
    public var origin: String
    /// What saw it: a proxy's log (or a JSON Lines file), or rollscope's own prober.
    public var source: Source

    /// What saw a signal. A proxy's log tells which pod each request went to; the prober
    /// (`watch --probe`) sees the front door as a user does, through whatever balances the
    /// load, and names a pod only when the answer carries a header that says which served it.
    public enum Source: String, Sendable {
        case log
        case probe
    }

    public init(time: Instant, requestStart: Instant? = nil, ip: String?, pod: String?, status: Int?, kind: String,
                dropped: Bool, summary: String, origin: String, source: Source = .log) {
        self.time = time
        self.requestStart = requestStart
        self.ip = ip
        self.pod = pod
        self.status = status
        self.kind = kind
        self.dropped = dropped
        self.summary = summary
        self.origin = origin
        self.source = source
    }
}
