import Foundation
import RolloutCore

/// Writes `SimRequest`s as each proxy logs them. What the proxy logs follows from what
/// happened at the endpoint (`SimRequest.Outcome`): a refused connection is Envoy's `503 UF`,
/// Traefik's 502, an ALB's `502 -`, HAProxy's `SC--`, GCP's `failed_to_connect_to_backend`.
public enum SimProxyLog {
    /// `kubectl logs --prefix` (and `--timestamps`) as a log is collected.
    public struct Collected: Sendable, Equatable {
        public var prefix: Bool
        public var timestamps: Bool
        public init(prefix: Bool = false, timestamps: Bool = false) {
            self.prefix = prefix
            self.timestamps = timestamps
        }
    }

    /// The request as a proxy that does not retry saw it: the first try when it failed (the
    /// client got that failure), else the last; nil when there was no endpoint.
    static func attempt(_ r: SimRequest, _ format: SimProxyFormat) -> SimRequest.Attempt? {
        guard let first = r.attempts.first else { return nil }
        if format.retries || !first.outcome.failed { return r.attempts.last }
        return first
    }

    /// When a proxy that does not retry answered: after the failed try, else when nginx did.
    static func end(_ r: SimRequest, _ format: SimProxyFormat) -> Instant {
        guard !format.retries, let first = r.attempts.first, first.outcome.failed, r.attempts.count > 1 else { return r.endedAt }
        return r.sentAt + first.seconds + 0.001
    }

    /// One request's log line in `format`.
    public static func line(_ r: SimRequest, format: SimProxyFormat, nginxLine: String, scenario: SimScenario) -> String {
        switch format {
        case .ingressNginx: nginxLine
        case .envoy: envoyText(r, scenario, istio: false)
        case .istio: envoyText(r, scenario, istio: true)
        case .istioJSON: istioJSON(r, scenario)
        case .envoyGateway: envoyGatewayJSON(r, scenario)
        case .traefikJSON: traefikJSON(r, scenario, v2: false)
        case .traefikV2JSON: traefikJSON(r, scenario, v2: true)
        case .traefikCLF: traefikCLF(r, scenario)
        case .awsALB: alb(r, scenario)
        case .haproxy: haproxy(r, scenario)
        case .gcp: gcp(r, scenario)
        }
    }

    /// `[pod/NAME/container] ` and an RFC 3339 time with nanoseconds, as kubectl adds them.
    static func collected(_ line: String, at time: Instant, format: SimProxyFormat, _ how: Collected) -> String {
        var out = line
        if how.timestamps { out = rfc3339(time, digits: 9) + " " + out }
        if how.prefix {
            let (pod, container) = format.kubectlPod
            out = "[pod/\(pod)/\(container)] " + out
        }
        return out
    }

    // MARK: Formatting helpers

    /// RFC 3339 in UTC with `digits` fraction digits (cut, not rounded): `2026-11-20T10:00:01.250Z`.
    static func rfc3339(_ t: Instant, digits: Int) -> String {
        let whole = t.seconds.rounded(.down)
        let base = String(Instant(seconds: whole).rfc3339.dropLast())
        guard digits > 0 else { return base + "Z" }
        let scale = pow(10.0, Double(digits))
        let fraction = min(Int(scale) - 1, Int(((t.seconds - whole) * scale).rounded(.down)))
        let text = String(fraction)
        return base + "." + String(repeating: "0", count: digits - text.count) + text + "Z"
    }

    /// `20/Nov/2026:10:00:01.250` (HAProxy's accept date, milliseconds, no zone).
    static func haproxyTime(_ t: Instant) -> String {
        let nginx = KubeTime.nginx(t.seconds)   // 20/Nov/2026:10:00:01 +0000
        let ms = min(999, Int(((t.seconds - t.seconds.rounded(.down)) * 1000).rounded(.down)))
        let text = String(ms)
        return String(nginx.dropLast(6)) + "." + String(repeating: "0", count: 3 - text.count) + text
    }

    static func ms(_ seconds: Double) -> Int { max(0, Int((seconds * 1000).rounded())) }

    /// A UUID made of the request id's hex digits (Envoy's x-request-id).
    static func uuid(_ hex: String) -> String {
        let h = Array(hex.prefix(32))
        func part(_ a: Int, _ b: Int) -> String { String(h[a..<min(b, h.count)]) }
        return [part(0, 8), part(8, 12), "4" + part(13, 16), "a" + part(17, 20), part(20, 32)].joined(separator: "-")
    }

    /// Writes a JSON object with keys in the order given (as the proxies do), compact.
    static func json(_ members: [(String, JSONValue)]) -> String {
        KubectlPrinter.raw(.members(members.map { ($0.0, $0.1 as JSONValue?) }))
    }
}
