/// Envoy's access logs: the default text format, Istio's (and Envoy Gateway's) TEXT format,
/// and the JSON of Envoy Gateway, Istio and Contour, which name the same command operators.
extension SignalParser {
    /// What one Envoy access-log entry says, from either form.
    struct EnvoyEntry {
        var code: Int?
        var flags: String
        var details: String
        var upstreamHost: String?
        var cluster: String?

        /// `%RESPONSE_FLAGS%` that mean the upstream pod refused, reset, timed out or was gone:
        /// UF upstream connection failure, UC upstream connection termination, UR upstream
        /// remote reset, URX retry limit exceeded (the last host tried failed), UT upstream
        /// request timeout, LR connection local reset (Envoy reset the upstream stream, as when
        /// the pod's connection closed under it). Not UO (Envoy's own circuit breaker) nor
        /// UMSDR (a stream duration limit).
        static let podFlags: Set<Substring> = ["UF", "UC", "UR", "URX", "UT", "LR",
                                               "UpstreamConnectionFailure", "UpstreamConnectionTermination", "UpstreamRemoteReset",
                                               "UpstreamRetryLimitExceeded", "UpstreamRequestTimeout", "LocalReset"]
        /// Flags that mean there was no endpoint at all: UH no healthy upstream host, NC no
        /// cluster (NR no route only with a 503; a 404 NR is an unknown path, not a rollout).
        static let noUpstreamFlags: Set<Substring> = ["UH", "NC", "NoHealthyUpstream", "NoClusterFound"]

        enum Verdict { case none, pod, rollout }

        /// How the request ended for the pod behind `upstreamHost`. A 418 `via_upstream` is the
        /// application's own answer, not a drop; a 502, 503 or 504 with an upstream host is one,
        /// as is a failure flag, `upstream_reset_before_response_started{...}`, or DC (the
        /// client went away) before any response started (code 0), like nginx's 499.
        var verdict: Verdict {
            let list = flags.split(separator: ",")
            guard upstreamHost != nil else {
                if list.contains(where: { EnvoyEntry.noUpstreamFlags.contains($0) }) || (list.contains("NR") && code == 503) { return .rollout }
                return .none
            }
            if list.contains("UO") || list.contains("UpstreamOverflow") { return .none }
            if list.contains(where: { EnvoyEntry.podFlags.contains($0) }) { return .pod }
            if details.hasPrefix("upstream_reset_before_response_started") { return .pod }
            if let code, droppedStatuses.contains(code) { return .pod }
            if (list.contains("DC") || list.contains("DownstreamConnectionTermination")) && (code ?? 0) == 0 { return .pod }
            return .none
        }

        var kind: String {
            let code = self.code.map(String.init) ?? "0"
            return flags.isEmpty || flags == "-" ? code : code + " " + flags
        }
    }

    // MARK: Text

    /// Envoy's default format:
    ///
    ///     [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%"
    ///     %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION%
    ///     %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
    ///     "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"
    ///
    /// Istio's (1.8+) and Envoy Gateway's TEXT format put %RESPONSE_CODE_DETAILS%
    /// %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" after the flags and
    /// Istio adds %UPSTREAM_CLUSTER% and more after the upstream host. START_TIME is when the
    /// request started; it ended %DURATION% ms later.
    static func parseEnvoy(_ b: UnsafeBufferPointer<UInt8>, _ context: LineContext, into signals: inout [Signal]) -> Outcome {
        LineScanner.withTokens(b) { s, t in
            guard t.count >= 12, t[0].kind == .bracketed, t[1].kind == .quoted, t[2].kind == .bare, t[3].kind == .bare,
                  s.b[t[0].start] >= 0x30, s.b[t[0].start] <= 0x39 else { return .unknown }
            let code = s.isDash(t[2]) ? nil : s.int(t[2])
            guard code != nil || s.isDash(t[2]) else { return .unknown }
            // The first quoted field after the flags is Istio's transport failure reason (bytes
            // follow it) or the X-Forwarded-For (the user agent follows); then the user agent,
            // request id and authority, and the upstream host.
            var q = 4
            while q < t.count, t[q].kind != .quoted { q += 1 }
            guard q + 4 < t.count else { return .unknown }
            let transport = t[q + 1].kind == .bare
            let hostAt = transport ? q + 9 : q + 4
            let durationAt = transport ? q + 3 : q - 2
            guard durationAt > 3, let host = t.at(hostAt), host.kind == .quoted, t[hostAt - 1].kind == .quoted,
                  t[hostAt - 4].kind == .quoted else { return .unknown }
            // Istio and Envoy Gateway: %RESPONSE_CODE_DETAILS% (a word, not a number) after the flags.
            let istio = q > 4 && s.int(t[4]) == nil && !s.isDash(t[4])
            let flags = s.bytes(t[3])
            // Most lines succeed: a 2xx to 4xx with no flags and no reset is read without strings.
            if let code, code != 0, code < 500, flags.count == 1, flags[0] == UInt8(ascii: "-") {
                return .read(.envoy)
            }
            var entry = EnvoyEntry(code: code, flags: s.string(t[3]), details: istio ? s.string(t[4]) : "",
                                   upstreamHost: s.isDash(host) ? nil : s.string(host))
            if let cluster = t.at(hostAt + 1), cluster.kind == .bare, !s.isDash(cluster) { entry.cluster = s.string(cluster) }
            let verdict = entry.verdict
            guard verdict != .none else { return .read(.envoy) }
            guard let start = Instant.parseRFC3339(s.bytes(t[0])) else { return .unknown }
            let duration = s.double(t[durationAt]) ?? 0
            let request = s.string(t[1]).split(separator: " ")
            let summary = summary(method: request.first.map(String.init), path: request.count > 1 ? String(request[1]) : nil,
                                  status: entry.kind)
            signals.append(context.signal(.envoy, time: start + duration / 1000, start: start, address: entry.upstreamHost,
                                          status: entry.code, kind: entry.kind, summary: summary,
                                          noHealthyUpstream: verdict == .rollout, service: entry.cluster))
            return .read(.envoy)
        }
    }
}
