import RolloutCore

/// The cloud load balancers that send traffic straight to pod IPs: an AWS ALB with IP targets,
/// a GCP external Application Load Balancer with NEGs.
extension SimProxyLog {
    static func alb(_ r: SimRequest, _ sc: SimScenario) -> String {
        let a = attempt(r, .awsALB)
        let end = SimProxyLog.end(r, .awsALB)
        var elb = 503, target = "-", processing = ("-1", "-1", "-1")
        if let a {
            switch a.outcome {
            case .answered(let s):
                elb = s
                target = String(s)
                processing = ("0.001", String(format: "%.3f", a.seconds), "0.000")
            case .refused, .unreachable, .reset: elb = 502
            case .connectTimeout, .readTimeout: elb = 504
            case .clientGaveUp: elb = 460
            }
        }
        let targetAddress = a.map { "\($0.ip):\($0.port)" } ?? "-"
        let sent = elb == 460 ? 0 : (target == "-" ? 272 : r.bytes + 205)
        let tg = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/k8s-\(sc.namespace)-\(sc.deployment)-1a2b3c4d5e/73e2d6bc24d8a067"
        let trace = "Root=1-\(String(Int(r.sentAt.seconds), radix: 16))-\(r.requestID.prefix(24))"
        return "https \(rfc3339(end, digits: 6)) app/k8s-\(sc.namespace)-\(sc.deployment)/50dc6c495c0c9188 \(r.clientAddress):\(r.clientPort) "
            + "\(targetAddress) \(processing.0) \(processing.1) \(processing.2) \(elb) \(target) \(r.requestLength) \(sent) "
            + "\"\(r.method) https://shop.example.com:443\(r.path) HTTP/1.1\" \"\(r.userAgent)\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 \(tg) "
            + "\"\(trace)\" \"shop.example.com\" \"arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012\" "
            + "1 \(rfc3339(r.sentAt, digits: 6)) \"forward\" \"-\" \"-\" \"\(targetAddress)\" \"\(target)\" \"-\" \"-\" TID_\(r.requestID)"
    }

    static func gcp(_ r: SimRequest, _ sc: SimScenario) -> String {
        let a = attempt(r, .gcp)
        let end = SimProxyLog.end(r, .gcp)
        var status = 502, details = "failed_to_pick_backend"
        if let a {
            switch a.outcome {
            case .answered(let s): (status, details) = (s, "response_sent_by_backend")
            case .refused, .unreachable, .connectTimeout: details = "failed_to_connect_to_backend"
            case .readTimeout: details = "backend_timeout"
            case .reset: details = "backend_connection_closed_before_data_sent_to_client"
            case .clientGaveUp: (status, details) = (0, "client_disconnected_before_any_response")
            }
        }
        var http: [(String, JSONValue)] = [
            ("requestMethod", .string(r.method)), ("requestUrl", .string("https://shop.example.com" + r.path)),
            ("requestSize", .string(String(r.requestLength))), ("status", .int(status)),
            ("responseSize", .string(String(status == 200 ? r.bytes : 0))), ("userAgent", .string(r.userAgent)),
            ("remoteIp", .string(r.clientAddress)),
        ]
        if let a { http.append(("serverIp", .string(a.ip))) }
        http += [("latency", .string(String(format: "%.6fs", end - r.sentAt))), ("protocol", "HTTP/1.1")]
        let backend = "k8s1-1a2b3c4d-\(sc.namespace)-\(sc.deployment)-80-5e6f7a8b"
        return json([
            ("insertId", .string(String(r.requestID.prefix(14)))),
            ("jsonPayload", ["@type": "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry",
                             "backendTargetProjectNumber": "projects/123456789012", "remoteIp": .string(r.clientAddress),
                             "statusDetails": .string(details)]),
            ("httpRequest", .members(http.map { ($0.0, $0.1 as JSONValue?) })),
            ("resource", ["type": "http_load_balancer", "labels": [
                "backend_service_name": .string(backend), "forwarding_rule_name": "k8s2-fr-1a2b3c4d-shop-web", "project_id": "acme-shop",
                "target_proxy_name": "k8s2-ts-1a2b3c4d-shop-web", "url_map_name": "k8s2-um-1a2b3c4d-shop-web", "zone": "global"]]),
            ("timestamp", .string(rfc3339(r.sentAt, digits: 6))), ("severity", status >= 500 ? "WARNING" : "INFO"),
            ("logName", "projects/acme-shop/logs/requests"),
            ("receiveTimestamp", .string(rfc3339(end + 0.41, digits: 9))),
        ])
    }
}
