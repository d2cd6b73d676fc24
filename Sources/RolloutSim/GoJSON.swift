/// A JSON value written the way Go's `encoding/json` writes the unstructured objects kubectl
/// prints: object keys sorted, `<`, `>` and `&` escaped as `\u003c`, `\u003e`, `\u0026`.
indirect enum SimJSON: Sendable, Equatable {
    case object([String: SimJSON])
    case array([SimJSON])
    case string(String)
    case int(Int)
    case bool(Bool)
    case null

    /// An object from optional members: nil members are left out (Go's `omitempty`).
    static func members(_ pairs: [(String, SimJSON?)]) -> SimJSON {
        var d: [String: SimJSON] = [:]
        for (k, v) in pairs { if let v { d[k] = v } }
        return .object(d)
    }

    /// One line, no spaces (`json.Marshal`).
    var compact: String {
        var out = ""
        write(into: &out, indent: nil, level: 0)
        return out
    }

    /// Four-space indentation (`json.MarshalIndent(obj, "", "    ")`, as `kubectl -o json`).
    var pretty: String {
        var out = ""
        write(into: &out, indent: "    ", level: 0)
        return out
    }

    subscript(key: String) -> SimJSON? {
        get { if case .object(let d) = self { return d[key] } else { return nil } }
        set {
            guard case .object(var d) = self else { return }
            d[key] = newValue
            self = .object(d)
        }
    }

    func write(into out: inout String, indent: String?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .string(let s): SimJSON.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent, level + 1)
                item.write(into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out += "]"
        case .object(let d):
            if d.isEmpty { out += "{}"; return }
            out += "{"
            for (i, key) in d.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent, level + 1)
                SimJSON.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
                d[key]!.write(into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out += "}"
        }
    }

    private func newline(_ out: inout String, _ indent: String?, _ level: Int) {
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

extension SimJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: SimJSON...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, SimJSON)...) {
        var d: [String: SimJSON] = [:]
        for (k, v) in elements { d[k] = v }
        self = .object(d)
    }
}
