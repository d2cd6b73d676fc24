import RolloutCore

/// Traefik's JSON (v3 and v2) and its common log format.
extension SimProxyLog {
    /// What the client got, and what the server answered (0 when it did not).
    static func traefikStatus(_ a: SimRequest.Attempt?) -> (downstream: Int, origin: Int) {
        guard let a else { return (503, 0) }
        switch a.outcome {
        case .answered(let s): return (s, s)
        case .refused, .unreachable, .reset: return (502, 0)
        case .connectTimeout, .readTimeout: return (504, 0)
        case .clientGaveUp: return (499, 0)
        }
    }

    static func traefikService(_ sc: SimScenario) -> String { "\(sc.namespace)-\(sc.deployment)-80@kubernetes" }

    static func traefikJSON(_ r: SimRequest, _ sc: SimScenario, v2: Bool) -> String {
        let format: SimProxyFormat = v2 ? .traefikV2JSON : .traefikJSON
        let a = attempt(r, format)
        let (downstream, origin) = traefikStatus(a)
        let end = SimProxyLog.end(r, format)
        let nanos = Int(((end - r.sentAt) * 1e9).rounded())
        var members: [(String, JSONValue)] = [
            ("ClientAddr", .string("\(r.clientAddress):\(r.clientPort)")), ("ClientHost", .string(r.clientAddress)),
            ("ClientPort", .string(String(r.clientPort))), ("ClientUsername", "-"),
            ("DownstreamContentSize", .int(downstream == 499 ? 0 : (origin == 0 ? 11 : r.bytes))), ("DownstreamStatus", .int(downstream)),
            ("Duration", .int(nanos)),
        ]
        if let a, origin != 0 {
            members += [("OriginContentSize", .int(a.bytes)), ("OriginDuration", .int(Int((a.seconds * 1e9).rounded()))),
                        ("OriginStatus", .int(origin))]
        } else {
            members += [("OriginStatus", .int(0))]
        }
        members += [
            ("Overhead", .int(min(nanos, 180_000))), ("RequestAddr", "shop.example.com"), ("RequestContentSize", 0),
            ("RequestCount", .int(Int(r.sentAt.seconds * 7) % 1_000_000)), ("RequestHost", "shop.example.com"),
            ("RequestMethod", .string(r.method)), ("RequestPath", .string(r.path)), ("RequestPort", "-"),
            ("RequestProtocol", "HTTP/1.1"), ("RequestScheme", "https"), ("RetryAttempts", 0),
            ("RouterName", .string("\(sc.namespace)-\(sc.deployment)-shop-example-com@kubernetes")),
        ]
        if let a {
            let address = "\(a.ip):\(a.port)"
            members.append(("ServiceAddr", .string(address)))
            members.append(("ServiceName", .string(traefikService(sc))))
            members.append(("ServiceURL", v2
                ? ["Scheme": "http", "Opaque": "", "User": .null, "Host": .string(address), "Path": "", "RawPath": "", "OmitHost": false,
                   "ForceQuery": false, "RawQuery": "", "Fragment": "", "RawFragment": ""]
                : .string("http://" + address)))
        } else {
            members.append(("ServiceName", .string(traefikService(sc))))
        }
        members += [
            ("StartLocal", .string(rfc3339(r.sentAt, digits: 9))), ("StartUTC", .string(rfc3339(r.sentAt, digits: 9))),
            ("entryPointName", "websecure"), ("level", "info"), ("msg", ""), ("time", .string(rfc3339(end, digits: 0))),
        ]
        return json(members)
    }

    static func traefikCLF(_ r: SimRequest, _ sc: SimScenario) -> String {
        let a = attempt(r, .traefikCLF)
        let (downstream, origin) = traefikStatus(a)
        let end = SimProxyLog.end(r, .traefikCLF)
        let size = downstream == 499 ? 0 : (origin == 0 ? 11 : r.bytes)
        let server = a.map { "http://\($0.ip):\($0.port)" } ?? "-"
        return "\(r.clientAddress) - - [\(KubeTime.nginx(r.sentAt.seconds))] \"\(r.method) \(r.path) HTTP/1.1\" \(downstream) \(size) \"-\" "
            + "\"\(r.userAgent)\" \(Int(r.sentAt.seconds * 7) % 1_000_000) \"\(sc.namespace)-\(sc.deployment)-shop-example-com@kubernetes\" "
            + "\"\(server)\" \(ms(end - r.sentAt))ms"
    }
}
