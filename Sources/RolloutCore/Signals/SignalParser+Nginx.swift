/// Lines that begin with the client's address: ingress-nginx's `upstreaminfo`, Traefik's common
/// log format, and HAProxy's HTTP log without a syslog header.
extension SignalParser {
    static func parseCommonLog(_ b: UnsafeBufferPointer<UInt8>, _ context: LineContext, into signals: inout [Signal]) -> Outcome {
        LineScanner.withTokens(b) { s, t in
            // HAProxy: `10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 ...`
            if t.count >= 12, t[1].kind == .bracketed { return haproxyFields(s, t, context, into: &signals) }
            // remote_addr - remote_user [time] "request" status bytes "referer" "agent" ...
            // (Traefik writes an empty referer as a bare `-`.)
            guard t.count >= 9, t[3].kind == .bracketed, t[4].kind == .quoted, t[7].kind == .quoted || s.isDash(t[7]),
                  t[8].kind == .quoted
            else { return .unknown }
            if t.count >= 13, t[9].kind == .bare, t[10].kind == .quoted, t[11].kind == .quoted {
                return traefikCLF(s, t, context, into: &signals)
            }
            return nginx(s, t, context, into: &signals)
        }
    }

    // MARK: ingress-nginx

    /// ingress-nginx's default format (`log-format-upstream`, "upstreaminfo"):
    ///
    ///     $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent
    ///     "$http_referer" "$http_user_agent" $request_length $request_time [$proxy_upstream_name]
    ///     [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length
    ///     $upstream_response_time $upstream_status $req_id
    ///
    /// `$time_local` is when the request ended (whole seconds); `$request_time` gives its start.
    /// A retried request lists every upstream tried (`10.244.1.7:8080, 10.244.2.9:8080` with
    /// `502, 200`): each failed one is a dropped connection for its pod. A 502, 503 or 504 from
    /// an upstream, or a 499 (the client gave up) whose last upstream is a pod, counts; a 503
    /// without any upstream is ingress-nginx having no endpoint at all (rollout-level).
    static func nginx(_ s: LineScanner, _ t: LineScanner.Tokens, _ context: LineContext, into signals: inout [Signal]) -> Outcome {
        guard t.count >= 13, let status = s.int(t[5]) else { return .unknown }
        // The two bracketed upstream names after the user agent; the upstream fields follow.
        var i = 9
        var brackets = 0
        var upstreamName: LineScanner.Token?
        while i < t.count, brackets < 2 {
            if t[i].kind == .bracketed {
                brackets += 1
                if upstreamName == nil { upstreamName = t[i] }
            }
            i += 1
        }
        guard brackets == 2 else { return .unknown }
        // Groups of comma-separated values: addresses, lengths, times, statuses, request id.
        var groups: [[LineScanner.Token]] = []
        var current: [LineScanner.Token] = []
        var continuing = false
        while i < t.count {
            var token = t[i]
            i += 1
            // An IPv6 upstream, `[2a02:cf40::7]:5000`: the bracket and the port are one address.
            if token.kind == .bracketed, i < t.count, t[i].kind == .bare, t[i].start == token.end + 1,
               s.b[t[i].start] == UInt8(ascii: ":") {
                token = LineScanner.Token(kind: .bare, start: token.start - 1, end: t[i].end)
                i += 1
            }
            guard token.kind == .bare else { continue }
            if s.equals(token, ":") || s.equals(token, ",") { continuing = true; continue }
            let endsWithComma = s.b[token.end - 1] == UInt8(ascii: ",")
            if endsWithComma { token.end -= 1 }
            if continuing {
                current.append(token)
            } else {
                if !current.isEmpty { groups.append(current) }
                current = [token]
            }
            continuing = endsWithComma
        }
        if !current.isEmpty { groups.append(current) }
        let addrs = groups.first ?? []
        let statuses = groups.count > 3 ? groups[3] : []
        // The cheap test first: most lines are neither failures nor retried.
        var any = droppedStatuses.contains(status) || status == 499
        if !any { any = statuses.contains { s.int($0).map { droppedStatuses.contains($0) } ?? false } }
        guard any else { return .read(.ingressNginx) }
        guard let time = LineScanner.clfTime(s.bytes(t[3])) else { return .unknown }
        var start: Instant?
        if let seconds = s.double(t[10]), seconds >= 0, seconds < 86400 { start = time - seconds }
        let request = s.string(t[4])
        let method = request.split(separator: " ").prefix(2).joined(separator: " ")
        let service = upstreamName.map { s.string($0) }.flatMap { $0.isEmpty ? nil : $0 }
        var hadUpstream = false
        for (index, addrToken) in addrs.enumerated() {
            let addr = s.string(addrToken)
            guard addr != "-", addr.contains(":") || addr.contains(".") else { continue }
            hadUpstream = true
            let upStatus = index < statuses.count ? s.int(statuses[index]) : nil
            let isLast = index == addrs.count - 1
            var dropped = false
            var reported = upStatus ?? status
            if let upStatus {
                dropped = droppedStatuses.contains(upStatus)
                if isLast && !dropped && status == 499 { dropped = true; reported = 499 }
            } else if isLast {
                dropped = droppedStatuses.contains(status) || status == 499
                reported = status
            }
            guard dropped else { continue }
            var signal = context.signal(.ingressNginx, time: time, start: start, address: addr, status: reported, kind: String(reported),
                                        summary: "\(method) \(reported)", service: service)
            if signal.ip == nil && signal.pod == nil { signal.ip = stripPort(addr) }
            signals.append(signal)
        }
        if !hadUpstream && status == 503 {
            signals.append(context.signal(.ingressNginx, time: time, start: start, address: nil, status: 503, kind: "503 no upstream",
                                          summary: "\(method) 503 no endpoint", noHealthyUpstream: true, service: service))
        }
        return .read(.ingressNginx)
    }

    // MARK: Traefik common log format

    /// Traefik's default access log (`format: common`):
    ///
    ///     <client> - <user> [<start>] "<method> <path> <proto>" <status> <size> "<referer>"
    ///     "<user agent>" <request count> "<router>" "<server URL>" <duration>ms
    ///
    /// The time is when the request started. A 502, 503 or 504 (or 499, the client gave up)
    /// with a server URL is a dropped connection for the pod at that URL's address; a 503
    /// without a server is Traefik having no server for the router's service (rollout-level).
    static func traefikCLF(_ s: LineScanner, _ t: LineScanner.Tokens, _ context: LineContext, into signals: inout [Signal]) -> Outcome {
        guard t[12].kind == .bare, s.b[t[12].end - 1] == UInt8(ascii: "s") else { return .unknown }
        let status = s.int(t[5])
        guard let status, droppedStatuses.contains(status) || status == 499 else { return .read(.traefikCLF) }
        guard let start = LineScanner.clfTime(s.bytes(t[3])) else { return .unknown }
        var duration = s.bytes(t[12])
        duration = UnsafeBufferPointer(rebasing: duration[0..<max(0, duration.count - 2)])
        let end = LineScanner.int(duration).map { start + Double($0) / 1000 } ?? start
        let request = s.string(t[4])
        let words = request.split(separator: " ")
        let method = words.first.map(String.init)
        let path = words.count > 1 ? String(words[1]) : nil
        let router = s.isDash(t[10]) ? nil : s.string(t[10])
        let url = s.string(t[11])
        if let address = LineScanner.address(Substring(url)) {
            signals.append(context.signal(.traefikCLF, time: end, start: start, address: address, status: status, kind: String(status),
                                          summary: summary(method: method, path: path, status: String(status)), service: router))
        } else if status == 503, url.isEmpty || url == "-", router != nil {
            signals.append(context.signal(.traefikCLF, time: end, start: start, address: nil, status: 503, kind: "503 no server",
                                          summary: summary(method: method, path: path, status: "503 no server"),
                                          noHealthyUpstream: true, service: router))
        }
        return .read(.traefikCLF)
    }
}
