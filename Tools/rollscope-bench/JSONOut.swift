/// A JSON tree written the way kubectl prints objects (`json.MarshalIndent` of unstructured
/// objects): keys sorted, four-space indentation, `<`, `>` and `&` escaped as `\u003c` etc.
indirect enum J: ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    case object([(String, J)])
    case array([J])
    case string(String)
    case int(Int)
    case bool(Bool)
    case null

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: J...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, J)...) { self = .object(elements) }

    /// An object from optional members: nil members are left out (Go's `omitempty`).
    static func members(_ pairs: [(String, J?)]) -> J {
        .object(pairs.compactMap { k, v in v.map { (k, $0) } })
    }

    /// `json.MarshalIndent(v, "", "    ")` plus a final newline, as `kubectl -o json` prints.
    var pretty: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(into: &out, indent: true, level: 0)
        out.append(0x0A)
        return out
    }

    /// `json.Marshal`: one line.
    var compact: [UInt8] {
        var out: [UInt8] = []
        write(into: &out, indent: false, level: 0)
        return out
    }

    func write(into out: inout [UInt8], indent: Bool, level: Int) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .int(let i): out += Array(String(i).utf8)
        case .string(let s): J.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += [0x5B, 0x5D]; return }
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                J.newline(&out, indent, level + 1)
                item.write(into: &out, indent: indent, level: level + 1)
            }
            J.newline(&out, indent, level)
            out.append(0x5D)
        case .object(let members):
            if members.isEmpty { out += [0x7B, 0x7D]; return }
            out.append(0x7B)
            for (i, m) in members.sorted(by: { $0.0 < $1.0 }).enumerated() {
                if i > 0 { out.append(0x2C) }
                J.newline(&out, indent, level + 1)
                J.quote(m.0, into: &out)
                out.append(0x3A)
                if indent { out.append(0x20) }
                m.1.write(into: &out, indent: indent, level: level + 1)
            }
            J.newline(&out, indent, level)
            out.append(0x7D)
        }
    }

    static func newline(_ out: inout [UInt8], _ indent: Bool, _ level: Int) {
        guard indent else { return }
        out.append(0x0A)
        out += repeatElement(0x20, count: 4 * level)
    }

    static func quote(_ s: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0x3C, 0x3E, 0x26, 0x00..<0x20:
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}

/// SplitMix64: a small, fast, seeded generator. Same seed, same sequence, on every platform.
struct Rand {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<n` (n > 0).
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + int(r.upperBound - r.lowerBound + 1) }
    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }

    mutating func string(_ n: Int, from alphabet: String) -> String {
        let a = Array(alphabet)
        return String((0..<n).map { _ in a[int(a.count)] })
    }
    mutating func hex(_ n: Int) -> String { string(n, from: "0123456789abcdef") }
    /// Kubernetes' `utilrand.String` alphabet (no vowels, no confusable digits).
    mutating func podSuffix() -> String { string(5, from: "bcdfghjklmnpqrstvwxz2456789") }
    mutating func uuid() -> String { "\(hex(8))-\(hex(4))-4\(hex(3))-\(pick(["8", "9", "a", "b"]))\(hex(3))-\(hex(12))" }
}
