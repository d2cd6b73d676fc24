import RolloutCore

/// One request the simulated clients sent through the front door, as it happened: when it
/// arrived, which endpoints the proxy tried and what became of each. Every proxy log format
/// the simulator writes (`SimProxyLog`) is rendered from these same records, so every format
/// tells of the same requests.
public struct SimRequest: Sendable, Equatable {
    /// What became of one try at one endpoint.
    public enum Outcome: Sendable, Equatable {
        /// The application answered with this status (200, or 500: an application error).
        case answered(Int)
        /// The address answered with a reset: nothing listens on the port (connection refused).
        case refused
        /// The address is gone: no route to host, after ARP gives up (nginx 502 after ~3 s).
        case unreachable
        /// The SYN went unanswered until the proxy's connect timeout (nginx 504 after 5 s).
        case connectTimeout
        /// The client gave up while the proxy was still connecting (nginx 499).
        case clientGaveUp
        /// The application never answered in time (the proxy's read timeout, 504).
        case readTimeout
        /// The application's process ended while it was answering (a long request cut, 502).
        case reset

        /// A failure the pod is to blame for (all but an answer).
        public var failed: Bool {
            if case .answered = self { return false }
            return true
        }
    }

    /// One try at one endpoint.
    public struct Attempt: Sendable, Equatable {
        /// The endpoint's address (the pod IP) and port.
        public var ip: String
        public var port: Int
        /// The pod the proxy meant to reach: the endpoint's pod, even when the address has
        /// since gone to another pod (a stale endpoint).
        public var pod: String
        /// Seconds spent on this try.
        public var seconds: Double
        public var outcome: Outcome
        /// Bytes the upstream sent (nginx's `$upstream_response_length`).
        public var bytes: Int
    }

    /// When the proxy got the request and picked the first endpoint.
    public var sentAt: Instant
    /// When the proxy answered the client (nginx writes its log line then).
    public var endedAt: Instant
    public var clientAddress: String
    public var clientPort: Int
    public var userAgent: String
    public var method: String
    public var path: String
    public var requestLength: Int
    public var requestID: String
    /// What the client got from ingress-nginx (which retries a failed endpoint on the next one
    /// sometimes): its status and body size.
    public var status: Int
    public var bytes: Int
    /// Every endpoint tried, in order; none when the proxy had no endpoint at all.
    public var attempts: [Attempt]

    /// Seconds from arrival to answer.
    public var seconds: Double { endedAt - sentAt }
}
