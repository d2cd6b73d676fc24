/// How a prober's signal is kept in a recording: the `line` of a `{"kind":"signal",
/// "source":"probe"}` entry holds one compact JSON object,
///
///     {"start":T,"kind":"5xx","status":503,"pod":"web-7d4b9c8f6d-b6wkc","summary":"GET / 503 in 12 ms"}
///
/// `start` is when the request was sent (microseconds); `pod` or `ip` only when the answer
/// named the pod that served it (`--probe-pod-header`).
public enum ProbeRecord {
    /// The recording's `source` of probe signals, and the origin they show.
    public static let source = "probe"

    public static func line(_ s: Signal) -> String {
        let start = s.requestStart ?? s.time
        return JSONValue.members([
            ("start", .string(start.rfc3339)),
            ("kind", .string(s.kind)),
            ("status", s.status.map { .int($0) }),
            ("pod", s.pod.map { .string($0) }),
            ("ip", s.ip.map { .string($0) }),
            ("summary", .string(s.summary)),
        ]).compact
    }

    /// The signal a recorded line holds; nil for a line that is not one (damaged, or of a
    /// kind this version does not know).
    public static func signal(_ line: String) -> Signal? {
        var start: Instant?, kind: ProbeKind?, status: Int?, pod: String?, ip: String?, summary: String?
        var bytes = Array(line.utf8)
        let ok: Bool = bytes.withUnsafeMutableBytes { raw in
            JSONReader.read(UnsafeRawBufferPointer(raw)) { r in
                do {
                    try r.forEachKey { (r, key) throws(JSONError) in
                        switch key {
                        case "start": start = try r.readTime()
                        case "kind": kind = try r.readString().flatMap(ProbeKind.init(rawValue:))
                        case "status": status = try r.readInt()
                        case "pod": pod = try r.readName()
                        case "ip": ip = try r.readName()
                        case "summary": summary = try r.readString()
                        default: try r.skipValue()
                        }
                    }
                    return r.isAtEnd()
                } catch {
                    return false
                }
            }
        }
        guard ok, let start, let kind else { return nil }
        return Signal.probe(start: start, kind: kind, status: status, pod: pod, ip: ip,
                            summary: Sanitizer.clean(String((summary ?? kind.rawValue).prefix(200))))
    }
}

extension Signal {
    /// A prober's signal: timed by when the request was sent (the pod that answered held the
    /// address then), attributed by the pod or IP its answer named, if any.
    public static func probe(start: Instant, kind: ProbeKind, status: Int?, pod: String?, ip: String?, summary: String) -> Signal {
        Signal(time: start, requestStart: start, ip: ip, pod: pod, status: status, kind: kind.rawValue,
               dropped: kind.isFailure, summary: summary, origin: ProbeRecord.source, format: .probe)
    }
}
