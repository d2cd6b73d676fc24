/// A JSON value as the fake API server holds and writes Kubernetes objects: object keys
/// written sorted, numbers kept as their original text, `<`, `>` and `&` escaped the way Go's
/// `encoding/json` does.
public indirect enum KJSON: Sendable, Equatable {
    case object([String: KJSON])
    case array([KJSON])
    case string(String)
    /// The number's text as read (or written by `int`), so nothing is lost on the way through.
    case number(String)
    case bool(Bool)
    case null

    public static func int(_ v: Int) -> KJSON { .number(String(v)) }

    public subscript(key: String) -> KJSON? {
        get { if case .object(let d) = self { return d[key] } else { return nil } }
        set {
            guard case .object(var d) = self else { return }
            d[key] = newValue
            self = .object(d)
        }
    }

    /// The value at a dotted path (`metadata.name`), or nil.
    public func at(_ path: String) -> KJSON? {
        var v: KJSON? = self
        for part in path.split(separator: ".") { v = v?[String(part)] }
        return v
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var arrayValue: [KJSON]? { if case .array(let a) = self { return a } else { return nil } }
    public var intValue: Int? { if case .number(let n) = self { return Int(n) } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }

    /// A field's value as a field selector compares it: strings as they are, numbers and
    /// booleans as text, anything else (missing, null, objects) as "".
    var selectorText: String {
        switch self {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        default: ""
        }
    }

    /// One line, no spaces (`json.Marshal`).
    public var compact: String {
        var out = ""
        write(into: &out, indent: nil, level: 0)
        return out
    }

    /// Four-space indentation.
    public var pretty: String {
        var out = ""
        write(into: &out, indent: "    ", level: 0)
        return out
    }

    func write(into out: inout String, indent: String?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): KJSON.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                KJSON.newline(&out, indent, level + 1)
                item.write(into: &out, indent: indent, level: level + 1)
            }
            KJSON.newline(&out, indent, level)
            out += "]"
        case .object(let d):
            if d.isEmpty { out += "{}"; return }
            out += "{"
            for (i, key) in d.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                KJSON.newline(&out, indent, level + 1)
                KJSON.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
                d[key]!.write(into: &out, indent: indent, level: level + 1)
            }
            KJSON.newline(&out, indent, level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }

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

extension KJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: KJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, KJSON)...) {
        var d: [String: KJSON] = [:]
        for (k, v) in elements { d[k] = v }
        self = .object(d)
    }
}

// MARK: Parsing

public struct KJSONError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let offset: Int
    public var description: String { "\(message) at byte \(offset)" }
}

extension KJSON {
    /// Parses one JSON document (surrounding whitespace allowed).
    public static func parse(_ text: String) throws(KJSONError) -> KJSON {
        var p = Parser(bytes: Array(text.utf8))
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.pos == p.bytes.count else { throw KJSONError(message: "trailing data", offset: p.pos) }
        return v
    }

    private struct Parser {
        let bytes: [UInt8]
        var pos = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func fail(_ m: String) -> KJSONError { KJSONError(message: m, offset: pos) }

        mutating func skipSpace() {
            while pos < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[pos]) { pos += 1 }
        }

        mutating func expect(_ literal: String, _ v: KJSON) throws(KJSONError) -> KJSON {
            let l = Array(literal.utf8)
            guard pos + l.count <= bytes.count, Array(bytes[pos..<pos + l.count]) == l else { throw fail("bad literal") }
            pos += l.count
            return v
        }

        mutating func value(depth: Int) throws(KJSONError) -> KJSON {
            guard depth < 512 else { throw fail("too deep") }
            guard pos < bytes.count else { throw fail("unexpected end") }
            switch bytes[pos] {
            case UInt8(ascii: "{"):
                pos += 1
                var d: [String: KJSON] = [:]
                skipSpace()
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(d) }
                while true {
                    skipSpace()
                    guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected key") }
                    let key = try string()
                    skipSpace()
                    guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("expected :") }
                    pos += 1
                    skipSpace()
                    d[key] = try value(depth: depth + 1)
                    skipSpace()
                    guard pos < bytes.count else { throw fail("unexpected end") }
                    if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                    if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(d) }
                    throw fail("expected , or }")
                }
            case UInt8(ascii: "["):
                pos += 1
                var a: [KJSON] = []
                skipSpace()
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(a) }
                while true {
                    skipSpace()
                    a.append(try value(depth: depth + 1))
                    skipSpace()
                    guard pos < bytes.count else { throw fail("unexpected end") }
                    if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                    if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(a) }
                    throw fail("expected , or ]")
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): return try expect("true", .bool(true))
            case UInt8(ascii: "f"): return try expect("false", .bool(false))
            case UInt8(ascii: "n"): return try expect("null", .null)
            default:
                let start = pos
                while pos < bytes.count, "+-0123456789.eE".utf8.contains(bytes[pos]) { pos += 1 }
                guard pos > start else { throw fail("unexpected character") }
                return .number(String(decoding: bytes[start..<pos], as: UTF8.self))
            }
        }

        mutating func hex4() throws(KJSONError) -> UInt32 {
            guard pos + 4 <= bytes.count,
                  let v = UInt32(String(decoding: bytes[pos..<pos + 4], as: UTF8.self), radix: 16) else {
                throw fail("bad \\u escape")
            }
            pos += 4
            return v
        }

        mutating func string() throws(KJSONError) -> String {
            pos += 1   // opening quote
            var out: [UInt8] = []
            while true {
                guard pos < bytes.count else { throw fail("unterminated string") }
                let b = bytes[pos]
                pos += 1
                if b == UInt8(ascii: "\"") { break }
                if b != UInt8(ascii: "\\") { out.append(b); continue }
                guard pos < bytes.count else { throw fail("unterminated escape") }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"),
                       bytes[pos + 1] == UInt8(ascii: "u") {
                        pos += 2
                        let low = try hex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low &- 0xDC00)
                    }
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: out.append(e)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
