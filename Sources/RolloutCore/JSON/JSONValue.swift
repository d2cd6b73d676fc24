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

    /// An object's member (the first of that name). Setting replaces it in place or appends it;
    /// setting nil removes it; on anything but an object, setting does nothing.
    public subscript(key: String) -> JSONValue? {
        get {
            guard case .object(let members) = self else { return nil }
            return members.first { $0.key == key }?.value
        }
        set {
            guard case .object(var members) = self else { return }
            if let newValue {
                if let i = members.firstIndex(where: { $0.key == key }) {
                    members[i].value = newValue
                } else {
                    members.append(Member(key, newValue))
                }
            } else {
                members.removeAll { $0.key == key }
            }
            self = .object(members)
        }
    }

    /// Compact JSON text, escaped as the report is (inert for a terminal).
    public var compact: String {
        var w = JSONWriter(pretty: false, capacity: 1 << 10)
        write(to: &w)
        return w.output
    }

    /// Writes the value; `sortedKeys` orders every object's members by their UTF-8 bytes, as
    /// Go's `encoding/json` writes a map.
    public func write(to w: inout JSONWriter, sortedKeys: Bool = false) {
        switch self {
        case .null: w.null()
        case .bool(let b): w.bool(b)
        case .number(let n): w.raw(n)
        case .string(let s): w.string(s)
        case .array(let items):
            w.beginArray()
            for v in items { v.write(to: &w, sortedKeys: sortedKeys) }
            w.endArray()
        case .object(let members):
            w.beginObject()
            let ordered = sortedKeys ? members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : members
            for m in ordered {
                w.key(text: m.key)
                m.value.write(to: &w, sortedKeys: sortedKeys)
            }
            w.endObject()
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
