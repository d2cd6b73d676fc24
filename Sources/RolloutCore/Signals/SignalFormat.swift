/// The kinds of line a signal comes from. The raw values are a contract: the JSON report's
/// `signals[].format`, the README's signals table and the recording name them.
public enum SignalFormat: String, Sendable, CaseIterable, Comparable {
    /// ingress-nginx's default `upstreaminfo` log format.
    case ingressNginx = "ingress-nginx"
    /// Envoy's default text format and Istio's (and Envoy Gateway's) default TEXT format.
    case envoy = "envoy"
    /// Envoy JSON access logs: Envoy Gateway's default, Istio's JSON encoding, Contour.
    case envoyJSON = "envoy-json"
    /// Traefik's JSON access log, v1 (`BackendAddr`) to v3 (`ServiceAddr`, `ServiceURL`).
    case traefikJSON = "traefik-json"
    /// Traefik's common log format (its default).
    case traefikCLF = "traefik-clf"
    /// AWS Application Load Balancer access logs (IP targets).
    case awsALB = "aws-alb"
    /// HAProxy's HTTP log format, when it carries the server address.
    case haproxy = "haproxy"
    /// Entries of GCP's external Application Load Balancer from Cloud Logging.
    case gcpLoadBalancer = "gcp-lb"
    /// JSON Lines `{"time": T, "ip"|"pod": ..., "status"|"kind": ...}`.
    case jsonLines = "json-lines"
    /// JSON Lines with the user's own key names (`--signal-fields`).
    case jsonFields = "json-fields"
    /// Requests a prober sent through the front door (`watch --probe`).
    case probe = "probe"

    /// How people call it, for the detail pane, the log and the report.
    public var title: String {
        switch self {
        case .ingressNginx: "ingress-nginx"
        case .envoy: "Envoy/Istio text"
        case .envoyJSON: "Envoy JSON"
        case .traefikJSON: "Traefik JSON"
        case .traefikCLF: "Traefik CLF"
        case .awsALB: "AWS ALB"
        case .haproxy: "HAProxy"
        case .gcpLoadBalancer: "GCP load balancer"
        case .jsonLines: "JSON Lines"
        case .jsonFields: "JSON (--signal-fields)"
        case .probe: "probe"
        }
    }

    /// Case order: the order reports list formats in.
    public static func < (a: SignalFormat, b: SignalFormat) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
