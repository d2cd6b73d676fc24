/// Writes JSON text with keys in the order given, pretty-printed with two-space indents.
public struct JSONWriter {
    public private(set) var output = ""
    var indent = 0
    /// Per open container: whether it already holds a member (so the next needs a comma).
    var needsComma: [Bool] = []
    let pretty: Bool

    public init(pretty: Bool = true) { self.pretty = pretty }

    mutating func newlineAndIndent() {
        guard pretty else { return }
        output += "\n"
        output += String(repeating: "  ", count: indent)
    }

    var afterKey = false

    /// The comma and line break before a member or an element.
    mutating func separator() {
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] { output += "," }
        needsComma[needsComma.count - 1] = true
        newlineAndIndent()
    }

    mutating func valuePrefix() {
        if afterKey { afterKey = false } else { separator() }
    }

    /// Starts a member of the current object; follow with a value or a begin call.
    public mutating func key(_ k: String) {
        separator()
        output += JSONWriter.quote(k)
        output += pretty ? ": " : ":"
        afterKey = true
    }

    public mutating func beginObject() { open("{") }
    public mutating func endObject() { close("}") }
    public mutating func beginArray() { open("[") }
    public mutating func endArray() { close("]") }

    mutating func open(_ c: String) {
        valuePrefix()
        output += c
        indent += 1
        needsComma.append(false)
    }

    mutating func close(_ c: String) {
        indent -= 1
        let hadMembers = needsComma.removeLast()
        if hadMembers { newlineAndIndent() }
        output += c
    }

    public mutating func string(_ s: String?) {
        valuePrefix()
        output += s.map(JSONWriter.quote) ?? "null"
    }

    public mutating func number(_ v: Double?) {
        valuePrefix()
        output += v.map(JSONWriter.formatNumber) ?? "null"
    }

    public mutating func int(_ v: Int?) {
        valuePrefix()
        output += v.map { String($0) } ?? "null"
    }

    public mutating func bool(_ v: Bool?) {
        valuePrefix()
        output += v.map { $0 ? "true" : "false" } ?? "null"
    }

    public mutating func null() {
        valuePrefix()
        output += "null"
    }

    /// Inserts already-serialised JSON as a value.
    public mutating func raw(_ json: String) {
        valuePrefix()
        output += json
    }

    public static func formatNumber(_ v: Double) -> String {
        guard v.isFinite else { return "null" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        var s = String(format: "%.3f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    public static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }
}

import Foundation
