/// AWS Application Load Balancer access logs.
extension SignalParser {
    /// One entry, space-separated (fields are only ever added at the end):
    ///
    ///     type time elb client:port target:port request_processing_time target_processing_time
    ///     response_processing_time elb_status_code target_status_code received_bytes sent_bytes
    ///     "request" "user_agent" ssl_cipher ssl_protocol target_group_arn "trace_id" "domain_name"
    ///     "chosen_cert_arn" matched_rule_priority request_creation_time "actions_executed" ...
    ///
    /// `time` is when the load balancer answered, `request_creation_time` when the request
    /// arrived. With IP targets `target:port` is the pod. `target_status_code` is `-` and the
    /// processing times -1 when the target never answered. A 502 or 504 from the load balancer
    /// (the target refused, reset or timed out), a 503 with a target, or a 460 (the client gave
    /// up first) is a dropped connection for the target's pod; a 503 without a target is the
    /// target group having no healthy target (rollout-level). Network Load Balancer lines (`tls
    /// 2.0 ...`) and connection-log lines in the same file are skipped with a warning.
    static func parseALB(_ b: UnsafeBufferPointer<UInt8>, _ context: LineContext, into signals: inout [Signal]) -> Outcome {
        LineScanner.withTokens(b, limit: 24) { s, t in
            guard t.count >= 17,
                  s.equals(t[0], "http") || s.equals(t[0], "https") || s.equals(t[0], "h2") || s.equals(t[0], "grpcs")
                    || s.equals(t[0], "ws") || s.equals(t[0], "wss"),
                  t[12].kind == .quoted, t[13].kind == .quoted, let elbStatus = s.int(t[8]) ?? (s.isDash(t[8]) ? 0 : nil)
            else { return .unknown }
            let hasTarget = !s.isDash(t[4])
            let dropped = hasTarget ? [502, 503, 504, 460].contains(elbStatus) : elbStatus == 503
            guard dropped else { return .read(.awsALB) }
            guard let end = Instant.parseRFC3339(s.bytes(t[1])) else { return .unknown }
            let start = t.at(21).flatMap { s.isDash($0) ? nil : Instant.parseRFC3339(s.bytes($0)) }
            let targetStatus = s.isDash(t[9]) ? "-" : s.string(t[9])
            let kind = "\(elbStatus) target \(targetStatus)"
            let request = s.string(t[12]).split(separator: " ")
            var path: String?
            if request.count > 1 {
                let url = request[1]
                let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? url
                path = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) }
            }
            let summary = summary(method: request.first.map(String.init), path: path, status: kind)
            let targetGroup = s.string(t[16])
            signals.append(context.signal(.awsALB, time: end, start: start, address: hasTarget ? s.string(t[4]) : nil,
                                          status: elbStatus, kind: kind, summary: summary, noHealthyUpstream: !hasTarget,
                                          service: targetGroup == "-" ? nil : targetGroup))
            return .read(.awsALB)
        }
    }
}
