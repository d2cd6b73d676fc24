/// HAProxy's HTTP log format (`option httplog`).
extension SignalParser {
    /// A line with or without its syslog header (`<134>Feb  6 12:14:14 host haproxy[14389]: `):
    ///
    ///     %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc
    ///     %sq/%bq {%hrl} {%hsl} %{+Q}r
    ///
    /// Read when it names the pod: the server name (`%s`) is its address (as controllers that
    /// name servers by endpoint write it), or the log-format ends with `%si:%sp`. `[%tr]` is
    /// when the request arrived (local time, no zone: read as UTC, as containers run), `%Ta`
    /// its total milliseconds. The termination state `%tsc` says who ended the session: a
    /// first letter S (the server refused, `SC`, or aborted, `SH` `SD`) or s (a server timeout,
    /// `sC` `sH` `sD`), or C (the client gave up) while HAProxy still waited for the server
    /// (`CC` `CH`), or a 502, 503 or 504 once a connection was tried, is a dropped connection
    /// for that pod. A server named otherwise is taken as the name of its pod (unattributed
    /// when no pod has it). A 503 with server `<NOSRV>` is the backend having no server up
    /// (rollout-level).
    static func parseHAProxy(_ b: UnsafeBufferPointer<UInt8>, _ context: LineContext, into signals: inout [Signal]) -> Outcome {
        // Skip the syslog header up to `haproxy[PID]: ` (any process name with a PID).
        var i = 0
        let limit = min(b.count, 160)
        var body: UnsafeBufferPointer<UInt8>?
        while i + 2 < limit {
            if b[i] == UInt8(ascii: "]"), b[i + 1] == UInt8(ascii: ":"), b[i + 2] == 0x20 {
                body = UnsafeBufferPointer(rebasing: b[(i + 3)...])
                break
            }
            i += 1
        }
        guard let body else { return .unknown }
        return LineScanner.withTokens(body) { s, t in
            guard t.count >= 6, t[1].kind == .bracketed else { return .other("lines of other programs in a syslog") }
            return haproxyFields(s, t, context, into: &signals)
        }
    }

    static func haproxyFields(_ s: LineScanner, _ t: LineScanner.Tokens, _ context: LineContext, into signals: inout [Signal]) -> Outcome {
        // TCP logs have three timers (Tw/Tc/Tt) and no status: another log type.
        let slashes = s.bytes(t[4]).reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) }
        guard slashes >= 4 else { return slashes == 2 ? .other("HAProxy TCP log lines") : .unknown }
        guard t.count >= 12, let status = s.int(t[5]), t[9].count >= 2 else { return .unknown }
        let state = s.bytes(t[9])
        let first = state[0], second = state[1]
        // S or s while connecting (C), waiting for headers (H) or in the data phase (D); not sQ
        // (expired in HAProxy's own queue: no connection to the server was tried).
        let serverFailed = (first == UInt8(ascii: "S") || first == UInt8(ascii: "s"))
            && (second == UInt8(ascii: "C") || second == UInt8(ascii: "H") || second == UInt8(ascii: "D"))
        // CC, CH: the client gave up while HAProxy still waited for the server (nginx's 499).
        let clientGaveUp = first == UInt8(ascii: "C") && (second == UInt8(ascii: "C") || second == UInt8(ascii: "H"))
        // A 502, 503 or 504 once a connection to the server was tried (not while the request was
        // still being read, R, or waiting in HAProxy's queue, Q).
        let answered = droppedStatuses.contains(status) && second != UInt8(ascii: "Q") && second != UInt8(ascii: "R")
        // Most lines are none of these: read without building a string.
        guard serverFailed || clientGaveUp || answered || status == 503 else { return .read(.haproxy) }
        let timers = s.string(t[4]).split(separator: "/")
        let backendServer = s.string(t[3])
        let parts = backendServer.split(separator: "/", maxSplits: 1)
        let backend = parts.first.map(String.init)
        let server = parts.count > 1 ? parts[1] : ""
        var address = LineScanner.address(server)
        if address == nil {
            // `%si:%sp` at the end of a custom log-format, after the request.
            var j = t.count - 1
            while j > 11, t[j].kind == .bare {
                if let a = LineScanner.address(Substring(s.string(t[j]))), s.string(t[j]).contains(":") { address = a; break }
                j -= 1
            }
        }
        let noServer = server == "<NOSRV>"
        let failed = !noServer && !server.isEmpty && (serverFailed || clientGaveUp || answered)
        guard failed || (noServer && status == 503) else { return .read(.haproxy) }
        guard let start = LineScanner.clfTime(s.bytes(t[1])) else { return .unknown }
        let total = timers.last.flatMap { Double($0.drop { $0 == "+" }) }
        let end = total.map { $0 >= 0 ? start + $0 / 1000 : start } ?? start
        var method: String?, path: String?
        for q in 12..<t.count where t[q].kind == .quoted {
            let words = s.string(t[q]).split(separator: " ")
            method = words.first.map(String.init)
            path = words.count > 1 ? String(words[1]) : nil
            break
        }
        let kind = "\(status) \(String(decoding: state, as: UTF8.self))"
        var signal = context.signal(.haproxy, time: end, start: start, address: failed ? address : nil, status: status, kind: kind,
                                    summary: summary(method: method, path: path, status: kind),
                                    noHealthyUpstream: !failed, service: backend)
        // A server named otherwise may be named after its pod; if not, the signal stays unattributed.
        if failed, address == nil, signal.pod == nil { signal.pod = Sanitizer.clean(String(server.prefix(253))) }
        signals.append(signal)
        return .read(.haproxy)
    }
}
