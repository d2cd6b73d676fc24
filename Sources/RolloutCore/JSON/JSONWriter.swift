/// Writes JSON text with keys in the order given, pretty-printed with two-space indents (or
/// compact). Output accumulates as UTF-8 bytes: a 5000-pod report is written without building
/// thousands of intermediate Strings.
///
/// The report's style is the default; `kubectl` is how kubectl and the API server write
/// objects (Go's `encoding/json`: four-space indents, `<`, `>` and `&` escaped), for the
/// simulator and the tools that stand in for a cluster.
public struct JSONWriter {
    /// How strings are escaped.
    public enum Escaping: Sendable {
        /// Every control character, DEL, C1 and the bidi and line-separator characters as
        /// `\uXXXX`: a report is safe to `cat`.
        case inert
        /// As Go's `encoding/json` does: C0 controls, `<`, `>`, `&`, U+2028 and U+2029; DEL and
        /// C1 are left as they are.
        case go
    }

    /// The text being written; `done` holds earlier parts taken over from forks.
    var buffer: [UInt8] = []
    var done: [[UInt8]] = []
    var indent = 0
    /// Per open container: whether it already holds a member (so the next needs a comma).
    var needsComma: [Bool] = []
    var afterKey = false
    let pretty: Bool
    /// Spaces per level when pretty.
    let indentWidth: Int
    let escaping: Escaping

    public init(pretty: Bool = true, indentWidth: Int = 2, escaping: Escaping = .inert, capacity: Int = 1 << 16) {
        self.pretty = pretty
        self.indentWidth = indentWidth
        self.escaping = escaping
        buffer.reserveCapacity(capacity)
    }

    /// `json.MarshalIndent(v, "", "    ")` (pretty) or `json.Marshal` (compact), as kubectl and
    /// the API server write.
    public static func kubectl(pretty: Bool, capacity: Int = 1 << 14) -> JSONWriter {
        JSONWriter(pretty: pretty, indentWidth: 4, escaping: .go, capacity: capacity)
    }

    /// A writer that continues the current container from here into a buffer of its own, so
    /// that the rest of an array can be written on another thread; append it with `join`.
    /// `afterMembers`: the container will already hold members when the fork's text follows.
    public func fork(capacity: Int, afterMembers: Bool = false) -> JSONWriter {
        var w = JSONWriter(pretty: pretty, indentWidth: indentWidth, escaping: escaping, capacity: capacity)
        w.indent = indent
        w.needsComma = needsComma
        if afterMembers, !w.needsComma.isEmpty { w.needsComma[w.needsComma.count - 1] = true }
        w.afterKey = afterKey
        return w
    }

    /// Appends what a fork wrote and takes over its state.
    public mutating func join(_ other: JSONWriter) {
        // Taken over as parts, not copied: a report of thousands of pods is megabytes.
        done.append(buffer)
        done += other.done
        done.append(other.buffer)
        buffer = []
        indent = other.indent
        needsComma = other.needsComma
        afterKey = other.afterKey
    }

    /// Ends the text with a newline.
    public mutating func finalNewline() { buffer.append(0x0A) }

    /// The text written so far, in parts (write them in order).
    public var chunks: [[UInt8]] { done + [buffer] }

    /// The text written so far.
    public var bytes: [UInt8] { done.isEmpty ? buffer : done.flatMap { $0 } + buffer }

    public var output: String { String(decoding: bytes, as: UTF8.self) }

    @inline(__always) mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { buffer.append(contentsOf: $0) }
    }

    /// A newline and 128 spaces: indentation deeper than 16 spaces is appended as a slice of it.
    static let indentation: [UInt8] = [0x0A] + [UInt8](repeating: 0x20, count: 128)

    mutating func newlineAndIndent() {
        guard pretty else { return }
        let spaces = indent * indentWidth
        buffer.append(0x0A)
        // Up to 16 spaces a byte at a time (inlined); deeper from a slice of spaces.
        if spaces <= 16 {
            for _ in 0..<spaces { buffer.append(0x20) }
            return
        }
        let n = 1 + min(spaces, 128)
        JSONWriter.indentation.withUnsafeBufferPointer { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: $0[1..<n])) }
        if spaces > 128 { buffer.append(contentsOf: repeatElement(0x20, count: spaces - 128)) }
    }

    /// A string literal in this writer's escaping.
    @inline(__always) mutating func quoted(_ s: String) {
        switch escaping {
        case .inert: JSONWriter.quote(s, into: &buffer)
        case .go: JSONWriter.goQuote(s, into: &buffer)
        }
    }

    /// The comma and line break before a member or an element.
    mutating func separator() {
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] { buffer.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
        newlineAndIndent()
    }

    mutating func valuePrefix() {
        if afterKey { afterKey = false } else { separator() }
    }

    /// Starts a member of the current object; follow with a value or a begin call.
    public mutating func key(_ k: StaticString) {
        separator()
        // Bytes appended one by one (inlined), not as Strings: a report writes a key per field.
        buffer.append(UInt8(ascii: "\""))
        append(k)
        buffer.append(UInt8(ascii: "\""))
        buffer.append(UInt8(ascii: ":"))
        if pretty { buffer.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    /// Starts a member whose name is data (escaped like any string).
    public mutating func key(text k: String) {
        separator()
        quoted(k)
        if pretty { append(": ") } else { append(":") }
        afterKey = true
    }

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    mutating func open(_ c: UInt8) {
        valuePrefix()
        buffer.append(c)
        indent += 1
        needsComma.append(false)
    }

    mutating func close(_ c: UInt8) {
        indent -= 1
        let hadMembers = needsComma.removeLast()
        if hadMembers { newlineAndIndent() }
        buffer.append(c)
    }

    public mutating func string(_ s: String?) {
        valuePrefix()
        if let s { quoted(s) } else { append("null") }
    }

    public mutating func number(_ v: Double?) {
        valuePrefix()
        if let v { append(JSONWriter.formatNumber(v)) } else { append("null") }
    }

    public mutating func int(_ v: Int?) {
        valuePrefix()
        guard let v else { append("null"); return }
        // Digits straight into the output: reports write tens of thousands of these.
        if v < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = v.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { d in
            var i = d.count
            repeat {
                i -= 1
                d[i] = UInt8(48 + magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            buffer.append(contentsOf: d[i...])
        }
    }

    /// A time as an RFC 3339 string, or null.
    public mutating func time(_ t: Instant?) {
        valuePrefix()
        guard let t else { append("null"); return }
        buffer.append(UInt8(ascii: "\""))
        t.appendRFC3339(to: &buffer)
        buffer.append(UInt8(ascii: "\""))
    }

    public mutating func bool(_ v: Bool?) {
        valuePrefix()
        switch v {
        case true?: append("true")
        case false?: append("false")
        case nil: append("null")
        }
    }

    public mutating func null() {
        valuePrefix()
        append("null")
    }

    /// Inserts already-serialised JSON as a value.
    public mutating func raw(_ json: String) {
        valuePrefix()
        append(json)
    }

    public static func formatNumber(_ v: Double) -> String {
        guard v.isFinite else { return "null" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        var s = String(format: "%.3f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// Appends `s` as Go's `encoding/json` writes a string (HTML-safe, as `json.Marshal`):
    /// `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other C0 controls, `<`, `>`, `&` and the two
    /// JavaScript line separators as `\uXXXX`; everything else as it is.
    public static func goQuote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var plain = true
            for b in utf8 where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26 || b == 0xE2 {
                plain = false
                break
            }
            if plain {
                out.append(contentsOf: utf8)
                return
            }
            escape(utf8, into: &out, escaping: .go)
        }
        out.append(UInt8(ascii: "\""))
    }

    public static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        quote(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `s` as a JSON string: quotes, backslashes and every control character escaped
    /// (C0, DEL, C1, the line separators that break JavaScript, and the bidi controls that
    /// reorder what a terminal shows), so the report is safe to `cat`.
    public static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            // Fast path: printable ASCII needs no work.
            var plain = true
            for b in utf8 where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b >= 0x7F {
                plain = false
                break
            }
            if plain {
                out.append(contentsOf: utf8)
                return
            }
            escape(utf8, into: &out, escaping: .inert)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The body of a string that is not plain, scalar by scalar: the short escapes both styles
    /// share, and `\uXXXX` for whatever else the style escapes.
    static func escape(_ utf8: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], escaping: Escaping) {
        let hex = Array("0123456789abcdef".utf8)
        for scalar in String(decoding: utf8, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: [0x5C, 0x22])
            case "\\": out.append(contentsOf: [0x5C, 0x5C])
            case "\n": out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case "\r": out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case "\t": out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case "\u{08}" where escaping == .go: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case "\u{0C}" where escaping == .go: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            default:
                let v = scalar.value
                let escaped = switch escaping {
                case .inert: Sanitizer.isUnsafe(scalar)
                case .go: v < 0x20 || v == 0x3C || v == 0x3E || v == 0x26 || v == 0x2028 || v == 0x2029
                }
                if escaped {
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), hex[Int(v >> 12) & 0xF], hex[Int(v >> 8) & 0xF],
                                            hex[Int(v >> 4) & 0xF], hex[Int(v) & 0xF]])
                } else {
                    out.append(contentsOf: String(Character(scalar)).utf8)
                }
            }
        }
    }
}

import Foundation
