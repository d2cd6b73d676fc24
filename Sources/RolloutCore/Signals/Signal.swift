/// A connection-level signal from outside the cluster objects: one request a proxy (or a
/// prober) could not complete, read from an access-log line or a JSON Lines record naming a
/// pod IP or pod name.
public struct Signal: Sendable, Equatable {
    public var time: Instant
    /// When the request was sent, when the log says (nginx logs at the end: `time - request_time`;
    /// Envoy's START_TIME and an ALB's request_creation_time are the start). A pod is blamed by
    /// this instant, since it was behind the address then.
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
    /// The kind of line it was read from.
    public var format: SignalFormat
    /// The proxy had no endpoint at all to send the request to (Envoy `UH`, an ALB 503 without
    /// a target, HAProxy `<NOSRV>`): no pod is to blame, the workload is. Such a signal has no
    /// `ip` or `pod`; `service` names what the proxy was routing to.
    public var noHealthyUpstream: Bool
    /// The upstream the proxy named (ingress-nginx `shop-web-80`, Envoy
    /// `outbound|80||web.shop.svc.cluster.local`, a target group, a backend): how a
    /// rollout-level signal finds its workload.
    public var service: String?

    public init(time: Instant, requestStart: Instant? = nil, ip: String?, pod: String?, status: Int?, kind: String,
                dropped: Bool, summary: String, origin: String, format: SignalFormat = .jsonLines,
                noHealthyUpstream: Bool = false, service: String? = nil) {
        self.time = time
        self.requestStart = requestStart
        self.ip = ip
        self.pod = pod
        self.status = status
        self.kind = kind
        self.dropped = dropped
        self.summary = summary
        self.origin = origin
        self.format = format
        self.noHealthyUpstream = noHealthyUpstream
        self.service = service
    }

    /// The file or command it was read from: `origin` without its line number.
    public var source: String {
        guard let colon = origin.lastIndex(of: ":"), !origin[origin.index(after: colon)...].isEmpty,
              origin[origin.index(after: colon)...].allSatisfy(\.isNumber) else { return origin }
        return String(origin[..<colon])
    }
}
