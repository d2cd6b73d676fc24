/// A whole JSON value, for the few places that must keep what they do not understand
/// (recordings write the objects kubectl printed, minus redacted fields).
/// Numbers keep their original text, so nothing is rounded on the way through.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in their original order.
    case object([Member])

    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Parses exactly one value from `text` (surrounding whitespace allowed).
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        try JSONReader.read(bytes) { (r: inout JSONReader) throws(JSONError) -> JSONValue in
            let v = try r.readValue()
            guard r.isAtEnd() else { throw r.error("unexpected text after the value") }
            return v
        }
    }

    public static func parse(_ text: String) throws(JSONError) -> JSONValue {
        let bytes = Array(text.utf8)
        do {
            return try bytes.withUnsafeBytes { raw in try parse(raw) }
        } catch let e as JSONError {
            throw e
        } catch {
            throw JSONError(message: "\(error)", offset: 0, location: (1, 1))
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// Compact JSON text.
    public var compact: String {
        var out = ""
        write(into: &out)
        return out
    }

    func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): out += JSONWriter.quote(s)
        case .array(let items):
            out += "["
            for (i, v) in items.enumerated() {
                if i > 0 { out += "," }
                v.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, m) in members.enumerated() {
                if i > 0 { out += "," }
                out += JSONWriter.quote(m.key)
                out += ":"
                m.value.write(into: &out)
            }
            out += "}"
        }
    }
}

extension JSONReader {
    /// Reads any value into a tree; nesting is bounded by `maxDepth`.
    public mutating func readValue() throws(JSONError) -> JSONValue {
        guard let c = peek() else { throw error("unexpected end of input, expected a value") }
        switch c {
        case UInt8(ascii: "{"):
            _ = try beginObject()
            var members: [JSONValue.Member] = []
            while let key = try nextKey() {
                members.append(JSONValue.Member(key.string, try readValue()))
            }
            return .object(members)
        case UInt8(ascii: "["):
            _ = try beginArray()
            var items: [JSONValue] = []
            while try nextElement() { items.append(try readValue()) }
            return .array(items)
        case UInt8(ascii: "\""):
            return .string(try scanStringRaw().string)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            guard matchLiteral(c == UInt8(ascii: "t") ? "true" : "false") else { throw error("invalid literal") }
            return .bool(c == UInt8(ascii: "t"))
        case UInt8(ascii: "n"):
            guard matchLiteral("null") else { throw error("invalid literal") }
            return .null
        case UInt8(ascii: "-"), 0x30...0x39:
            let start = pos
            try scanNumber()
            return .number(String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self))
        default:
            throw error("unexpected \(describeByte(c))")
        }
    }
}
