import Foundation

/// Lines that are JSON objects: Envoy JSON (Envoy Gateway, Istio, Contour), Traefik JSON, GCP
/// load balancer entries, JSON Lines signals and the user's own (`--signal-fields`), told
/// apart by the keys they hold.
extension SignalParser {
    /// A value as it lies in the line: no string is built until a signal needs it.
    enum RawValue {
        case string(JSONKey)
        case number(Double)
        case null

        var isEmpty: Bool {
            switch self {
            case .null: true
            case .string(let k): k.count == 0 || (k.count == 1 && k.start[0] == UInt8(ascii: "-"))
            case .number: false
            }
        }

        /// Text (numbers as written), nil for null, empty and `-`.
        var text: String? {
            switch self {
            case .null: return nil
            case .number(let v): return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
            case .string(let k): return isEmpty ? nil : String(k.string.prefix(512))
            }
        }

        /// A number, or a string holding one (`"503"`, `"0.012s"` without its unit).
        var number: Double? {
            switch self {
            case .null: return nil
            case .number(let v): return v
            case .string(let k):
                guard !k.hasEscapes else { return nil }
                var n = k.count
                while n > 0, !(k.start[n - 1] >= 0x30 && k.start[n - 1] <= 0x39) { n -= 1 }
                return LineScanner.double(UnsafeBufferPointer(start: k.start, count: n))
            }
        }

        var int: Int? { number.flatMap { $0 == $0.rounded() && abs($0) < 1e9 ? Int($0) : nil } }

        /// An RFC 3339 string, or seconds since the epoch (milliseconds when it is too large).
        var time: Instant? {
            switch self {
            case .null: return nil
            case .number(let v): return Instant(validSeconds: v > 1e11 ? v / 1000 : v)
            case .string(let k):
                if k.hasEscapes { return Instant(rfc3339: k.string) }
                return Instant.parseRFC3339(UnsafeBufferPointer(start: k.start, count: k.count))
            }
        }
    }

    /// The members of one JSON line that any of the formats reads.
    struct JSONRecord {
        // Envoy
        var startTime: RawValue?
        var responseCode: RawValue?
        var responseFlags: RawValue?
        var details: RawValue?
        var upstreamHost: RawValue?
        var upstreamCluster: RawValue?
        var duration: RawValue?
        var method: RawValue?
        var path: RawValue?
        // Traefik
        var startUTC: RawValue?
        var traefikDuration: RawValue?
        var downstreamStatus: RawValue?
        var originStatus: RawValue?
        var serviceAddr: RawValue?
        var serviceURLHost: RawValue?
        var serviceName: RawValue?
        var requestMethod: RawValue?
        var requestPath: RawValue?
        // GCP
        var httpRequest = false
        var statusDetails: RawValue?
        var gcpStatus: RawValue?
        var serverIP: RawValue?
        var latency: RawValue?
        var requestURL: RawValue?
        var backendService: RawValue?
        // JSON Lines
        var time: RawValue?
        var ip: RawValue?
        var pod: RawValue?
        var status: RawValue?
        var kind: RawValue?
        var message: RawValue?
        // --signal-fields
        var custom: [RawValue?] = []
    }

    static func parseJSON(_ b: UnsafeBufferPointer<UInt8>, _ context: LineContext, into signals: inout [Signal]) -> Outcome {
        let customKeys: [String] = context.options.fields.map { f in
            [f.time, f.start, f.address, f.pod, f.status, f.kind, f.service].map { $0 ?? "" }
        } ?? []
        var record = JSONRecord()
        record.custom = Array(repeating: nil, count: customKeys.count)
        let ok: Bool = JSONReader.read(UnsafeRawBufferPointer(b)) { r in
            do {
                try r.forEachKey { (r, key) throws(JSONError) in
                    if !customKeys.isEmpty, let i = customKeys.firstIndex(where: { !$0.isEmpty && key.matches($0) }) {
                        record.custom[i] = try r.rawValue()
                        return
                    }
                    switch JSONField.of(key) {
                    case .startTime?: record.startTime = try r.rawValue()
                    case .responseCode?: record.responseCode = try r.rawValue()
                    case .responseFlags?: record.responseFlags = try r.rawValue()
                    case .details?: record.details = try r.rawValue()
                    case .upstreamHost?: record.upstreamHost = try r.rawValue()
                    case .upstreamCluster?: record.upstreamCluster = try r.rawValue()
                    case .duration?: record.duration = try r.rawValue()
                    case .method?: record.method = try r.rawValue()
                    case .path?: record.path = try r.rawValue()
                    case .startUTC?: record.startUTC = try r.rawValue()
                    case .traefikDuration?: record.traefikDuration = try r.rawValue()
                    case .downstreamStatus?: record.downstreamStatus = try r.rawValue()
                    case .originStatus?: record.originStatus = try r.rawValue()
                    case .serviceAddr?: record.serviceAddr = try r.rawValue()
                    case .serviceURL?:
                        // An object (`{"Scheme":"http","Host":"10.42.0.7:80",...}`) or a string.
                        if r.peek() == UInt8(ascii: "{") {
                            try r.forEachKey { (r, key) throws(JSONError) in
                                if key.equals("Host") { record.serviceURLHost = try r.rawValue() } else { try r.skipValue() }
                            }
                        } else {
                            record.serviceURLHost = try r.rawValue()
                        }
                    case .serviceName?: record.serviceName = try r.rawValue()
                    case .requestMethod?: record.requestMethod = try r.rawValue()
                    case .requestPath?: record.requestPath = try r.rawValue()
                    case .httpRequest?:
                        guard r.peek() == UInt8(ascii: "{") else { try r.skipValue(); return }
                        record.httpRequest = true
                        try r.forEachKey { (r, key) throws(JSONError) in
                            switch key {
                            case "status": record.gcpStatus = try r.rawValue()
                            case "serverIp": record.serverIP = try r.rawValue()
                            case "latency": record.latency = try r.rawValue()
                            case "requestMethod": record.requestMethod = try r.rawValue()
                            case "requestUrl": record.requestURL = try r.rawValue()
                            default: try r.skipValue()
                            }
                        }
                    case .jsonPayload?:
                        guard r.peek() == UInt8(ascii: "{") else { try r.skipValue(); return }
                        try r.forEachKey { (r, key) throws(JSONError) in
                            if key.equals("statusDetails") { record.statusDetails = try r.rawValue() } else { try r.skipValue() }
                        }
                    case .resource?:
                        guard r.peek() == UInt8(ascii: "{") else { try r.skipValue(); return }
                        try r.forEachKey { (r, key) throws(JSONError) in
                            guard key.equals("labels"), r.peek() == UInt8(ascii: "{") else { try r.skipValue(); return }
                            try r.forEachKey { (r, key) throws(JSONError) in
                                if key.equals("backend_service_name") { record.backendService = try r.rawValue() } else { try r.skipValue() }
                            }
                        }
                    case .time?: record.time = try r.rawValue()
                    case .ip?: record.ip = try r.rawValue()
                    case .pod?: record.pod = try r.rawValue()
                    case .status?: record.status = try r.rawValue()
                    case .kind?: record.kind = try r.rawValue()
                    case .message?: record.message = try r.rawValue()
                    case nil: try r.skipValue()
                    }
                }
                return r.isAtEnd()
            } catch {
                return false
            }
        }
        guard ok else { return .unknown }
        if !customKeys.isEmpty, let outcome = customJSON(record, context, into: &signals) { return outcome }
        if record.httpRequest { return gcp(record, context, into: &signals) }
        if record.downstreamStatus != nil || record.originStatus != nil || record.startUTC != nil || record.serviceAddr != nil {
            return traefikJSON(record, context, into: &signals)
        }
        if record.responseCode != nil, record.upstreamHost != nil || record.responseFlags != nil {
            return envoyJSON(record, context, into: &signals)
        }
        return jsonLines(record, context, into: &signals)
    }

    // MARK: Envoy JSON

    /// Envoy Gateway's default JSON (`start_time`, `response_code`, `response_flags`,
    /// `response_code_details`, `upstream_host`, `upstream_cluster`, `duration`,
    /// `x-envoy-origin-path`), Istio's JSON encoding (`path`) and Contour's (`@timestamp`), read
    /// as the text form is (`EnvoyEntry.verdict`). Values may be typed (`"response_code": 503`,
    /// `null`) or strings (`"503"`, `"-"`).
    static func envoyJSON(_ r: JSONRecord, _ context: LineContext, into signals: inout [Signal]) -> Outcome {
        let code = r.responseCode?.int
        let flagsEmpty = r.responseFlags?.isEmpty ?? true
        if let code, code != 0, code < 500, flagsEmpty { return .read(.envoyJSON) }
        var entry = EnvoyEntry(code: code, flags: r.responseFlags?.text ?? "-", details: r.details?.text ?? "",
                               upstreamHost: r.upstreamHost?.text)
        entry.cluster = r.upstreamCluster?.text
        let verdict = entry.verdict
        guard verdict != .none else { return .read(.envoyJSON) }
        guard let start = r.startTime?.time else { return .unknown }
        let duration = r.duration?.number ?? 0
        signals.append(context.signal(.envoyJSON, time: start + duration / 1000, start: start, address: entry.upstreamHost,
                                      status: entry.code, kind: entry.kind,
                                      summary: summary(method: r.method?.text, path: r.path?.text, status: entry.kind),
                                      noHealthyUpstream: verdict == .rollout, service: entry.cluster))
        return .read(.envoyJSON)
    }

    // MARK: Traefik JSON

    /// Traefik's JSON access log (`format: json`): `StartUTC` (when the request started),
    /// `Duration` (nanoseconds), `DownstreamStatus` (what the client got), `OriginStatus` (what
    /// the server answered, 0 when it did not), and the server as `ServiceAddr`
    /// (`10.42.0.7:80`) or `ServiceURL` (an object in v2, a string in v3), or in v1
    /// `BackendAddr`/`BackendURL`. A 502, 503 or 504 (or 499, the client gave up) with a server
    /// is a dropped connection for the pod at its address; a 503 for a service with no server
    /// is rollout-level.
    static func traefikJSON(_ r: JSONRecord, _ context: LineContext, into signals: inout [Signal]) -> Outcome {
        let status = r.downstreamStatus?.int ?? r.originStatus?.int
        guard let status, droppedStatuses.contains(status) || status == 499 else { return .read(.traefikJSON) }
        guard let start = r.startUTC?.time ?? r.time?.time else { return .unknown }
        let end = r.traefikDuration?.number.map { start + $0 / 1e9 } ?? r.time?.time ?? start
        let address = (r.serviceAddr?.text).flatMap { LineScanner.address(Substring($0)) }
            ?? (r.serviceURLHost?.text).flatMap { LineScanner.address(Substring($0)) }
        let service = r.serviceName?.text
        if let address {
            signals.append(context.signal(.traefikJSON, time: end, start: start, address: address, status: status, kind: String(status),
                                          summary: summary(method: r.requestMethod?.text, path: r.requestPath?.text, status: String(status)),
                                          service: service))
        } else if status == 503, service != nil {
            signals.append(context.signal(.traefikJSON, time: end, start: start, address: nil, status: 503, kind: "503 no server",
                                          summary: summary(method: r.requestMethod?.text, path: r.requestPath?.text, status: "503 no server"),
                                          noHealthyUpstream: true, service: service))
        }
        return .read(.traefikJSON)
    }

    // MARK: GCP

    /// `jsonPayload.statusDetails` values that mean the backend (the pod, with container-native
    /// load balancing) refused, reset, timed out or went away, or the client gave up waiting.
    static let gcpPodFailures: Set<String> = [
        "backend_connection_closed_before_data_sent_to_client", "backend_connection_closed_after_partial_response_sent",
        "failed_to_connect_to_backend", "backend_timeout", "client_disconnected_before_any_response",
    ]
    /// The load balancer had no healthy backend to pick (rollout-level).
    static let gcpNoBackend: Set<String> = ["failed_to_pick_backend"]

    /// GCP external Application Load Balancer entries as Cloud Logging exports them
    /// (`gcloud logging read --format=json`, one entry per line): `timestamp` (taken as when the
    /// request arrived), `httpRequest.latency`, `httpRequest.status`, `httpRequest.serverIp` (the
    /// pod's address with NEGs, when the entry has one) and `jsonPayload.statusDetails`.
    static func gcp(_ r: JSONRecord, _ context: LineContext, into signals: inout [Signal]) -> Outcome {
        let details = r.statusDetails?.text ?? ""
        let status = r.gcpStatus?.int
        let podFailure = gcpPodFailures.contains(details) || (status.map { droppedStatuses.contains($0) } ?? false)
        let noBackend = gcpNoBackend.contains(details)
        guard podFailure || noBackend else { return .read(.gcpLoadBalancer) }
        guard let start = r.time?.time else { return .unknown }
        let end = start + (r.latency?.number ?? 0)
        let server = (r.serverIP?.text).flatMap { LineScanner.address(Substring($0)) }
        var path: String?
        if let url = r.requestURL?.text {
            let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? Substring(url)
            path = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? "/"
        }
        let kind = [status.map(String.init), details.isEmpty ? nil : details].compactMap { $0 }.joined(separator: " ")
        if noBackend && server == nil {
            signals.append(context.signal(.gcpLoadBalancer, time: end, start: start, address: nil, status: status, kind: kind,
                                          summary: summary(method: r.requestMethod?.text, path: path, status: kind),
                                          noHealthyUpstream: true, service: r.backendService?.text))
        } else if podFailure {
            // Without a server address the pod cannot be told: the signal stays unattributed.
            var signal = context.signal(.gcpLoadBalancer, time: end, start: start, address: server, status: status, kind: kind,
                                        summary: summary(method: r.requestMethod?.text, path: path, status: kind),
                                        service: r.backendService?.text)
            if server == nil { signal.ip = nil }
            signals.append(signal)
        }
        return .read(.gcpLoadBalancer)
    }

    // MARK: JSON Lines

    /// `{"time": T, "ip"|"pod": ..., "status"|"kind": ...}` (`ts`, `timestamp`, `upstream`,
    /// `upstream_addr`, `type`, `message`, `msg` too): a load generator's or a script's record
    /// of a failed request. A 502, 503 or 504, a 499 to a pod, or any `kind` but ok, success,
    /// info, 2xx or request is a dropped connection.
    static func jsonLines(_ r: JSONRecord, _ context: LineContext, into signals: inout [Signal]) -> Outcome {
        guard let time = r.time?.time else { return .unknown }
        let ipText = r.ip?.text
        let podText = r.pod?.text
        guard ipText != nil || podText != nil else { return .unknown }
        let status = r.status?.int
        let kind = r.kind?.text
        appendRecord(.jsonLines, time: time, start: nil, address: ipText, pod: podText, status: status, kind: kind,
                     message: r.message?.text, service: nil, context, into: &signals)
        return .read(.jsonLines)
    }

    /// The user's own JSON Lines through `--signal-fields`; nil when the line lacks the mapped
    /// time or pod keys (it may be another format).
    static func customJSON(_ r: JSONRecord, _ context: LineContext, into signals: inout [Signal]) -> Outcome? {
        let v = r.custom
        guard let time = v[0]?.time else { return nil }
        let address = v[2]?.text
        let pod = v[3]?.text
        guard address != nil || pod != nil else { return nil }
        appendRecord(.jsonFields, time: time, start: v[1]?.time, address: address, pod: pod, status: v[4]?.int, kind: v[5]?.text,
                     message: nil, service: v[6]?.text, context, into: &signals)
        return .read(.jsonFields)
    }

    static func appendRecord(_ format: SignalFormat, time: Instant, start: Instant?, address: String?, pod: String?, status: Int?,
                             kind: String?, message: String?, service: String?, _ context: LineContext, into signals: inout [Signal]) {
        let ip = address.map(stripPort)
        var dropped = false
        if let status {
            dropped = droppedStatuses.contains(status) || (status == 499 && (ip != nil || pod != nil))
        }
        if let kind, status == nil {
            dropped = !benignKinds.contains(kind.lowercased())
        }
        guard dropped else { return }
        let kindText = kind ?? status.map { String($0) } ?? "signal"
        var summary = kindText
        if let message { summary += " " + message }
        signals.append(Signal(time: time, requestStart: start, ip: ip, pod: pod, status: status, kind: kindText, dropped: true,
                              summary: Sanitizer.clean(String(summary.prefix(200))), origin: context.place, format: format,
                              service: service.map { Sanitizer.clean(String($0.prefix(253))) }))
    }
}

/// The top-level keys the JSON formats read, told apart by length and then by bytes: a line of
/// Traefik's has some forty keys, and each is looked up once.
enum JSONField {
    case startTime, responseCode, responseFlags, details, upstreamHost, upstreamCluster, duration, method, path
    case startUTC, traefikDuration, downstreamStatus, originStatus, serviceAddr, serviceURL, serviceName, requestMethod, requestPath
    case httpRequest, jsonPayload, resource
    case time, ip, pod, status, kind, message

    static func of(_ key: JSONKey) -> JSONField? {
        guard !key.hasEscapes else { return nil }
        let k = key.start
        func is_(_ literal: StaticString) -> Bool { memcmp(k, literal.utf8Start, key.count) == 0 }
        switch key.count {
        case 2: return is_("ip") ? .ip : is_("ts") ? .time : nil
        case 3: return is_("pod") ? .pod : is_("msg") ? .message : nil
        case 4:
            switch k[0] {
            case UInt8(ascii: "t"): return is_("time") ? .time : is_("type") ? .kind : nil
            case UInt8(ascii: "k"): return is_("kind") ? .kind : nil
            case UInt8(ascii: "p"): return is_("path") ? .path : nil
            default: return nil
            }
        case 6: return is_("method") ? .method : is_("status") ? .status : nil
        case 7: return is_("message") ? .message : nil
        case 8:
            switch k[0] {
            case UInt8(ascii: "d"): return is_("duration") ? .duration : nil
            case UInt8(ascii: "D"): return is_("Duration") ? .traefikDuration : nil
            case UInt8(ascii: "r"): return is_("resource") ? .resource : nil
            case UInt8(ascii: "u"): return is_("upstream") ? .ip : nil
            case UInt8(ascii: "S"): return is_("StartUTC") ? .startUTC : nil
            default: return nil
            }
        case 9: return is_("timestamp") ? .time : nil
        case 10:
            switch k[0] {
            case UInt8(ascii: "s"): return is_("start_time") ? .startTime : nil
            case UInt8(ascii: "@"): return is_("@timestamp") ? .startTime : nil
            case UInt8(ascii: "S"): return is_("ServiceURL") ? .serviceURL : nil
            case UInt8(ascii: "B"): return is_("BackendURL") ? .serviceURL : nil
            default: return nil
            }
        case 11:
            switch k[0] {
            case UInt8(ascii: "S"): return is_("ServiceAddr") ? .serviceAddr : is_("ServiceName") ? .serviceName : nil
            case UInt8(ascii: "B"): return is_("BackendAddr") ? .serviceAddr : is_("BackendName") ? .serviceName : nil
            case UInt8(ascii: "j"): return is_("jsonPayload") ? .jsonPayload : nil
            case UInt8(ascii: "h"): return is_("httpRequest") ? .httpRequest : nil
            case UInt8(ascii: "R"): return is_("RequestPath") ? .requestPath : nil
            default: return nil
            }
        case 12: return is_("OriginStatus") ? .originStatus : nil
        case 13:
            switch k[0] {
            case UInt8(ascii: "r"): return is_("response_code") ? .responseCode : nil
            case UInt8(ascii: "u"): return is_("upstream_host") ? .upstreamHost : is_("upstream_addr") ? .ip : nil
            case UInt8(ascii: "R"): return is_("RequestMethod") ? .requestMethod : nil
            default: return nil
            }
        case 14: return is_("response_flags") ? .responseFlags : nil
        case 16: return is_("upstream_cluster") ? .upstreamCluster : is_("DownstreamStatus") ? .downstreamStatus : nil
        case 19: return is_("x-envoy-origin-path") ? .path : nil
        case 21: return is_("response_code_details") ? .details : nil
        default: return nil
        }
    }
}

extension JSONReader {
    /// The next value as it lies: a string (raw), a number, null; arrays, objects and booleans
    /// are skipped and give null.
    mutating func rawValue() throws(JSONError) -> SignalParser.RawValue {
        skipWhitespace()
        guard pos < end else { throw error("unexpected end of input, expected a value") }
        let c = base[pos]
        if c == UInt8(ascii: "\"") { return .string(try scanStringRaw()) }
        if c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) {
            let start = pos
            try scanNumber()
            let digits = UnsafeBufferPointer(start: base + start, count: pos - start)
            if let v = LineScanner.double(digits) { return .number(v) }
            return Double(String(decoding: digits, as: UTF8.self)).flatMap { $0.isFinite ? .number($0) : nil } ?? .null
        }
        try skipValue()
        return .null
    }
}

extension JSONKey {
    /// True when the key is exactly `name` (a key chosen by the user).
    func matches(_ name: String) -> Bool {
        if hasEscapes { return string == name }
        var name = name
        return name.withUTF8 { u in u.count == count && memcmp(start, u.baseAddress!, count) == 0 }
    }
}
