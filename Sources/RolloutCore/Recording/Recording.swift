/// rollscope's recording format: JSON Lines. A versioned header line, then one line per
/// observed change, each with its observation time:
///
///     {"schema":"rollscope.recording/1","startedAt":T,"redacted":[...],...}
///     {"t":T,"kind":"pod","type":"MODIFIED","object":{...}}
///     {"t":T,"kind":"event","object":{...}}
///     {"t":T,"kind":"signal","source":"ingress-nginx","line":"..."}
///     {"t":T,"kind":"note","text":"kubectl: Unauthorized"}
///
/// Objects are what kubectl printed, redacted (`Redactor`) and compacted. Each line stands on
/// its own, so a crash loses at most the line being written.
public enum Recording {
    public static let schema = "rollscope.recording/1"

    /// What a line records.
    public enum Kind: String, Sendable {
        case pod, event, slice, deployment, replicaset, list, signal, note
        /// A StatefulSet or DaemonSet.
        case workload
    }

    public struct Header: Sendable, Equatable {
        public var startedAt: Instant
        public var target: String
        public var namespace: String?
        public var context: String?
        public var mode: String
        public var tool: String
        public init(startedAt: Instant, target: String, namespace: String?, context: String?, mode: String, tool: String) {
            self.startedAt = startedAt
            self.target = target
            self.namespace = namespace
            self.context = context
            self.mode = mode
            self.tool = tool
        }
    }

    public static func headerLine(_ h: Header) -> String {
        var members: [JSONValue.Member] = [
            .init("schema", .string(schema)),
            .init("startedAt", .string(h.startedAt.rfc3339)),
            .init("target", .string(h.target)),
            .init("namespace", h.namespace.map { .string($0) } ?? .null),
            .init("context", h.context.map { .string($0) } ?? .null),
            .init("mode", .string(h.mode)),
            .init("tool", .string(h.tool)),
        ]
        members.append(.init("redacted", .array(Redactor.removed.map { .string($0) })))
        return JSONValue.object(members).compact + "\n"
    }

    /// One line for an object kubectl printed (`type` is the watch event type, if any).
    public static func objectLine(at t: Instant, kind: Kind, type: String?, object: JSONValue) -> String {
        var members: [JSONValue.Member] = [.init("t", .string(t.rfc3339)), .init("kind", .string(kind.rawValue))]
        if let type { members.append(.init("type", .string(type))) }
        members.append(.init("object", Redactor.redact(object)))
        return JSONValue.object(members).compact + "\n"
    }

    public static func signalLine(at t: Instant, source: String, line: String) -> String {
        JSONValue.object([.init("t", .string(t.rfc3339)), .init("kind", .string(Kind.signal.rawValue)),
                          .init("source", .string(source)), .init("line", .string(line))]).compact + "\n"
    }

    /// A signal as a JSON Lines record (`{"time", "ip"|"pod", "status", "kind"}`): how a line
    /// read through `--signal-fields` is recorded.
    public static func jsonLinesSignal(_ s: Signal) -> String {
        var members: [JSONValue.Member] = [.init("time", .string((s.requestStart ?? s.time).rfc3339))]
        if let ip = s.ip { members.append(.init("ip", .string(ip))) }
        if let pod = s.pod { members.append(.init("pod", .string(pod))) }
        if let status = s.status { members.append(.init("status", .int(status))) } else { members.append(.init("kind", .string(s.kind))) }
        return JSONValue.object(members).compact
    }

    public static func noteLine(at t: Instant, text: String) -> String {
        JSONValue.object([.init("t", .string(t.rfc3339)), .init("kind", .string(Kind.note.rawValue)),
                          .init("text", .string(text))]).compact + "\n"
    }
}
