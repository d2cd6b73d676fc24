import RolloutCore

/// The proxies whose access logs the simulator writes, each from the same `SimRequest`s.
public enum SimProxyFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    /// ingress-nginx's `upstreaminfo` (the simulated ingress itself; it retries a failed endpoint).
    case ingressNginx = "ingress-nginx"
    /// Envoy's default text format, as Contour's Envoy writes it.
    case envoy
    /// Istio's default TEXT format, as an ingress gateway (or a sidecar) writes it.
    case istio
    /// Istio's JSON encoding (`meshConfig.accessLogEncoding: JSON`).
    case istioJSON = "istio-json"
    /// Envoy Gateway's default JSON.
    case envoyGateway = "envoy-gateway"
    /// Traefik's JSON access log (v3: `ServiceAddr`, `ServiceURL` as a string).
    case traefikJSON = "traefik-json"
    /// Traefik v2's JSON, `ServiceURL` as an object.
    case traefikV2JSON = "traefik-v2-json"
    /// Traefik's common log format.
    case traefikCLF = "traefik-clf"
    /// An AWS Application Load Balancer with IP targets.
    case awsALB = "aws-alb"
    /// HAProxy's HTTP log, servers named by their address.
    case haproxy
    /// GCP's external Application Load Balancer with NEGs, as Cloud Logging exports it.
    case gcp

    public var description: String { rawValue }

    /// What rollscope should read each line as.
    public var signalFormat: SignalFormat {
        switch self {
        case .ingressNginx: .ingressNginx
        case .envoy, .istio: .envoy
        case .istioJSON, .envoyGateway: .envoyJSON
        case .traefikJSON, .traefikV2JSON: .traefikJSON
        case .traefikCLF: .traefikCLF
        case .awsALB: .awsALB
        case .haproxy: .haproxy
        case .gcp: .gcpLoadBalancer
        }
    }

    /// Only ingress-nginx retries a failed endpoint on the next one (`proxy_next_upstream`);
    /// the others answer the client with the failure (Envoy Gateway, Traefik, an ALB and a GCP
    /// load balancer do not retry by default; the simulated Istio and HAProxy are configured
    /// not to). So each logs the same failed tries.
    public var retries: Bool { self == .ingressNginx }

    /// A file name for a log of this format.
    public var fileName: String {
        switch self {
        case .ingressNginx: "ingress-nginx.log"
        case .envoy: "envoy.log"
        case .istio: "istio.log"
        case .istioJSON: "istio.jsonl"
        case .envoyGateway: "envoy-gateway.jsonl"
        case .traefikJSON: "traefik.jsonl"
        case .traefikV2JSON: "traefik-v2.jsonl"
        case .traefikCLF: "traefik.log"
        case .awsALB: "alb.log"
        case .haproxy: "haproxy.log"
        case .gcp: "gcp-lb.jsonl"
        }
    }

    /// The proxy's own pod and container, as `kubectl logs --prefix` names them.
    public var kubectlPod: (pod: String, container: String) {
        switch self {
        case .ingressNginx: ("ingress-nginx-controller-7d4b9c8f6d-x5lqm", "controller")
        case .envoy: ("envoy-6b8d7c9f5-q2kxz", "envoy")
        case .istio, .istioJSON: ("istio-ingressgateway-5f8d7c9b4a-h8wvn", "istio-proxy")
        case .envoyGateway: ("envoy-shop-eg-1a2b3c4d-7f9c8d6b5-m4wqd", "envoy")
        case .traefikJSON, .traefikV2JSON, .traefikCLF: ("traefik-6c9f8b7d5-zl4kx", "traefik")
        case .awsALB, .gcp: ("", "")
        case .haproxy: ("haproxy-kubernetes-ingress-7b8c9d6f5-t7zcp", "kubernetes-ingress-controller")
        }
    }
}
