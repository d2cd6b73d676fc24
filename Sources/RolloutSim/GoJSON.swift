import RolloutCore

/// A JSON value as Go's `encoding/json` writes the unstructured objects kubectl prints and the
/// API server serves: object keys sorted, `<`, `>` and `&` escaped as `\u003c`, `\u003e`,
/// `\u0026`. Numbers keep their text, so large or fractional values survive a round trip.
///
/// The simulator builds its objects with it; the fake API server parses them back
/// (`parse`, on RolloutCore's `JSONReader`), edits and serves them.
public indirect enum GoJSON: Sendable, Equatable {
    case object([String: GoJSON])
    case array([GoJSON])
    case string(String)
    /// The number's text as read (or written by `int`), so nothing is lost on the way through.
    case number(String)
    case bool(Bool)
    case null

    public static func int(_ v: Int) -> GoJSON { .number(String(v)) }

    /// An object from optional members: nil members are left out (Go's `omitempty`).
    public static func members(_ pairs: [(String, GoJSON?)]) -> GoJSON {
        var d: [String: GoJSON] = [:]
        for (k, v) in pairs { if let v { d[k] = v } }
        return .object(d)
    }

    /// An object's member; setting it on anything but an object does nothing.
    public subscript(key: String) -> GoJSON? {
        get { if case .object(let d) = self { return d[key] } else { return nil } }
        set {
            guard case .object(var d) = self else { return }
            d[key] = newValue
            self = .object(d)
        }
    }

    /// The value at a dotted path (`metadata.name`), or nil.
    public func at(_ path: String) -> GoJSON? {
        var v: GoJSON? = self
        for part in path.split(separator: ".") { v = v?[String(part)] }
        return v
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var arrayValue: [GoJSON]? { if case .array(let a) = self { return a } else { return nil } }
    public var intValue: Int? { if case .number(let n) = self { return Int(n) } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
}

// MARK: Writing

extension GoJSON {
    /// One line, no spaces (`json.Marshal`).
    public var compact: String {
        var out = ""
        write(into: &out, indent: nil, level: 0)
        return out
    }

    /// Four-space indentation (`json.MarshalIndent(obj, "", "    ")`, as `kubectl -o json`).
    public var pretty: String {
        var out = ""
        write(into: &out, indent: "    ", level: 0)
        return out
    }

    private func write(into out: inout String, indent: String?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): GoJSON.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                GoJSON.newline(&out, indent, level + 1)
                item.write(into: &out, indent: indent, level: level + 1)
            }
            GoJSON.newline(&out, indent, level)
            out += "]"
        case .object(let d):
            if d.isEmpty { out += "{}"; return }
            out += "{"
            for (i, key) in d.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                GoJSON.newline(&out, indent, level + 1)
                GoJSON.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
                d[key]!.write(into: &out, indent: indent, level: level + 1)
            }
            GoJSON.newline(&out, indent, level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }

    /// A string literal as Go writes it (unlike `JSONWriter.quote`: `<`, `>` and `&` escaped,
    /// DEL and C1 controls left as they are).
    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

// MARK: Parsing

extension GoJSON {
    /// Parses exactly one JSON value (surrounding whitespace allowed). Of duplicate keys the
    /// last wins, as in Go.
    public static func parse(_ text: String) throws(JSONError) -> GoJSON {
        var text = text
        let result = text.withUTF8 { utf8 in
            Result { () throws(JSONError) -> GoJSON in
                try JSONReader.read(UnsafeRawBufferPointer(utf8)) { (r: inout JSONReader) throws(JSONError) -> GoJSON in
                    let v = try r.readGoJSON()
                    guard r.isAtEnd() else { throw r.error("unexpected text after the value") }
                    return v
                }
            }
        }
        return try result.get()
    }

    /// The same value with object members keyed (of duplicate keys the last wins).
    public init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(GoJSON.init))
        case .object(let members):
            var d: [String: GoJSON] = [:]
            for m in members { d[m.key] = GoJSON(m.value) }
            self = .object(d)
        }
    }
}

extension JSONReader {
    /// Reads any value into a `GoJSON` tree; nesting is bounded by `maxDepth`.
    public mutating func readGoJSON() throws(JSONError) -> GoJSON {
        switch peek() {
        case UInt8(ascii: "{"):
            _ = try beginObject()
            var d: [String: GoJSON] = [:]
            while let key = try nextKey() {
                let name = key.string
                d[name] = try readGoJSON()
            }
            return .object(d)
        case UInt8(ascii: "["):
            _ = try beginArray()
            var items: [GoJSON] = []
            while try nextElement() { items.append(try readGoJSON()) }
            return .array(items)
        default:
            // A scalar (or the error for what is not a value).
            return GoJSON(try readValue())
        }
    }
}

extension GoJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: GoJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, GoJSON)...) {
        var d: [String: GoJSON] = [:]
        for (k, v) in elements { d[k] = v }
        self = .object(d)
    }
}
