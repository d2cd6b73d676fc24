/// What one request of the prober (`watch --probe`) came to, when it is worth a signal. A
/// request answered below 500 in time is not a signal (3xx included: the prober follows no
/// redirect, so a redirect is the answer).
public enum ProbeKind: String, Sendable, CaseIterable {
    /// The connection was refused (RST to the SYN): nothing listened at the address, as when a
    /// load balancer or a Service still sends to a pod whose process has exited.
    case refused
    /// The connection was reset, or closed before a whole answer arrived: the pod (or the proxy
    /// in front of it) went away mid-request, as SIGKILL or a SIGTERM without draining does.
    case reset
    /// No whole answer within the per-request timeout (`--probe-timeout`): a blackholed address
    /// (a pod's IP after it is gone, until the endpoint is removed) or a hung server.
    case timeout
    /// No route to the address, or the name did not resolve.
    case unreachable
    /// The TLS handshake failed (certificate not trusted, name mismatch, protocol error).
    case tls
    /// The answer was not HTTP/1.x.
    case badResponse = "bad-response"
    /// A 5xx answer: 502, 503 and 504 are the proxy's word that its upstream failed; a 500 is
    /// what the user saw too.
    case serverError = "5xx"
    /// An answer below 500, but slower than `--probe-slow`: not a failure, a warning sign
    /// (a pod that is starting, or one that is draining under load).
    case slow

    /// True for the kinds that count as a failed request (a dropped connection of the pod
    /// the answer names, or of the rollout when none is named); false for a slow answer.
    public var isFailure: Bool {
        switch self {
        case .refused, .reset, .timeout, .unreachable, .tls, .badResponse, .serverError: true
        case .slow: false
        }
    }
}
