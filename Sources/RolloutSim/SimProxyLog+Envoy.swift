import RolloutCore

/// Envoy: its default text format (Contour), Istio's TEXT and JSON, Envoy Gateway's JSON.
extension SimProxyLog {
    /// `%RESPONSE_CODE%`, `%RESPONSE_FLAGS%` and `%RESPONSE_CODE_DETAILS%` for what happened.
    static func envoyCodes(_ a: SimRequest.Attempt?) -> (code: Int, flags: String, details: String) {
        guard let a else { return (503, "UH", "no_healthy_upstream") }
        switch a.outcome {
        case .answered(let status): return (status, "-", "via_upstream")
        case .refused: return (503, "UF", "upstream_reset_before_response_started{connection_failure,delayed_connect_error:_111}")
        case .unreachable: return (503, "UF", "upstream_reset_before_response_started{connection_failure,delayed_connect_error:_113}")
        case .connectTimeout: return (503, "UF", "upstream_reset_before_response_started{connection_timeout}")
        case .clientGaveUp: return (0, "DC", "downstream_remote_disconnect")
        case .readTimeout: return (504, "UT", "response_timeout")
        case .reset: return (503, "UC", "upstream_reset_before_response_started{connection_termination}")
        }
    }

    /// Bytes Envoy sent the client: the body it relayed, or its own short error text.
    static func envoyBytes(_ r: SimRequest, _ a: SimRequest.Attempt?, code: Int) -> Int {
        guard let a else { return 19 }
        if case .answered = a.outcome { return a.bytes }
        return code == 0 ? 0 : 91
    }

    static func envoyText(_ r: SimRequest, _ sc: SimScenario, istio: Bool) -> String {
        let a = attempt(r, istio ? .istio : .envoy)
        let (code, flags, details) = envoyCodes(a)
        let end = SimProxyLog.end(r, istio ? .istio : .envoy)
        let duration = ms(end - r.sentAt)
        let serviceTime = a.map { a -> String in
            if case .answered = a.outcome { return String(ms(a.seconds)) }
            return "-"
        } ?? "-"
        let host = a.map { "\($0.ip):\($0.port)" } ?? "-"
        let request = "\"\(r.method) \(r.path) HTTP/1.1\""
        let start = "[\(rfc3339(r.sentAt, digits: 3))]"
        let headers = "\"\(r.clientAddress)\" \"\(r.userAgent)\" \"\(uuid(r.requestID))\" \"shop.example.com\" \"\(host)\""
        let bytes = envoyBytes(r, a, code: code)
        guard istio else {
            return "\(start) \(request) \(code) \(flags) \(r.requestLength) \(bytes) \(duration) \(serviceTime) \(headers)"
        }
        let cluster = "outbound|80||\(sc.deployment).\(sc.namespace).svc.cluster.local"
        let local = a.map { _ in "10.244.0.9:\(40000 + r.clientPort % 20000)" } ?? "-"
        return "\(start) \(request) \(code) \(flags) \(details) - \"-\" \(r.requestLength) \(bytes) \(duration) \(serviceTime) \(headers) "
            + "\(cluster) \(local) 10.244.0.9:8080 \(r.clientAddress):\(r.clientPort) - -"
    }

    static func istioJSON(_ r: SimRequest, _ sc: SimScenario) -> String {
        let a = attempt(r, .istioJSON)
        let (code, flags, details) = envoyCodes(a)
        let end = SimProxyLog.end(r, .istioJSON)
        let host: JSONValue = a.map { .string("\($0.ip):\($0.port)") } ?? .null
        return json([
            ("authority", "shop.example.com"), ("bytes_received", .int(r.requestLength)),
            ("bytes_sent", .int(envoyBytes(r, a, code: code))), ("connection_termination_details", .null),
            ("downstream_local_address", "10.244.0.9:8080"), ("downstream_remote_address", .string("\(r.clientAddress):\(r.clientPort)")),
            ("duration", .int(ms(end - r.sentAt))), ("method", .string(r.method)), ("path", .string(r.path)),
            ("protocol", "HTTP/1.1"), ("request_id", .string(uuid(r.requestID))), ("requested_server_name", .null),
            ("response_code", .int(code)), ("response_code_details", .string(details)), ("response_flags", .string(flags)),
            ("route_name", "default"), ("start_time", .string(rfc3339(r.sentAt, digits: 3))),
            ("upstream_cluster", .string("outbound|80||\(sc.deployment).\(sc.namespace).svc.cluster.local")),
            ("upstream_host", host), ("upstream_local_address", a == nil ? .null : "10.244.0.9:40150"),
            ("upstream_service_time", .null), ("upstream_transport_failure_reason", .null),
            ("user_agent", .string(r.userAgent)), ("x_forwarded_for", .string(r.clientAddress)),
        ])
    }

    static func envoyGatewayJSON(_ r: SimRequest, _ sc: SimScenario) -> String {
        let a = attempt(r, .envoyGateway)
        let (code, flags, details) = envoyCodes(a)
        let end = SimProxyLog.end(r, .envoyGateway)
        let route = "httproute/\(sc.namespace)/\(sc.deployment)/rule/0"
        let serviceTime: JSONValue = a.map { a -> JSONValue in
            if case .answered = a.outcome { return .string(String(ms(a.seconds))) }
            return .null
        } ?? .null
        return json([
            ("start_time", .string(rfc3339(r.sentAt, digits: 3))), ("method", .string(r.method)),
            ("x-envoy-origin-path", .string(r.path)), ("protocol", "HTTP/1.1"), ("response_code", .int(code)),
            ("response_flags", .string(flags)), ("response_code_details", .string(details)),
            ("connection_termination_details", .null), ("upstream_transport_failure_reason", .null),
            ("bytes_received", .int(r.requestLength)), ("bytes_sent", .int(envoyBytes(r, a, code: code))),
            ("duration", .int(ms(end - r.sentAt))), ("x-envoy-upstream-service-time", serviceTime),
            ("x-forwarded-for", .string(r.clientAddress)), ("user-agent", .string(r.userAgent)),
            ("x-request-id", .string(uuid(r.requestID))), (":authority", "shop.example.com"),
            ("upstream_host", a.map { .string("\($0.ip):\($0.port)") } ?? .null), ("upstream_cluster", .string(route)),
            ("upstream_local_address", a == nil ? .null : "10.244.0.14:58822"), ("downstream_local_address", "10.244.0.14:10080"),
            ("downstream_remote_address", .string("\(r.clientAddress):\(r.clientPort)")), ("requested_server_name", .null),
            ("route_name", .string(route + "/match/0/shop_example_com")),
        ])
    }
}
