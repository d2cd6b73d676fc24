import Foundation

/// Reads one access-log line as tokens without copying it: a bare word, a `"quoted"` string
/// (backslash escapes kept in place) or a `[bracketed]` one. Parsers compare and convert the
/// token bytes where they lie and build strings only for the lines that become signals.
struct LineScanner {
    enum Kind: Equatable { case bare, quoted, bracketed }

    /// A token's contents (without quotes or brackets) as a byte range of the line.
    struct Token: Equatable {
        var kind: Kind
        var start: Int
        var end: Int
        var isEmpty: Bool { start == end }
        var count: Int { end - start }
    }

    let b: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { b = bytes }

    var atEnd: Bool { i >= b.count }

    mutating func skipSpaces() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
    }

    /// The next token, or nil at the end of the line.
    mutating func next() -> Token? {
        skipSpaces()
        guard i < b.count else { return nil }
        let c = b[i]
        if c == UInt8(ascii: "\"") {
            i += 1
            let start = i
            while i < b.count {
                if b[i] == UInt8(ascii: "\\") { i += 2; continue }
                if b[i] == UInt8(ascii: "\"") { break }
                i += 1
            }
            let end = min(i, b.count)
            i = min(i + 1, b.count)
            return Token(kind: .quoted, start: start, end: end)
        }
        if c == UInt8(ascii: "[") {
            i += 1
            let start = i
            while i < b.count, b[i] != UInt8(ascii: "]") { i += 1 }
            let end = i
            i = min(i + 1, b.count)
            return Token(kind: .bracketed, start: start, end: end)
        }
        let start = i
        while i < b.count, b[i] != 0x20, b[i] != 0x09 { i += 1 }
        return Token(kind: .bare, start: start, end: i)
    }

    // MARK: Reading tokens

    func bytes(_ t: Token) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: b[t.start..<t.end])
    }

    func equals(_ t: Token, _ literal: StaticString) -> Bool {
        guard t.count == literal.utf8CodeUnitCount else { return false }
        return memcmp(b.baseAddress! + t.start, literal.utf8Start, t.count) == 0
    }

    func hasPrefix(_ t: Token, _ literal: StaticString) -> Bool {
        guard t.count >= literal.utf8CodeUnitCount else { return false }
        return memcmp(b.baseAddress! + t.start, literal.utf8Start, literal.utf8CodeUnitCount) == 0
    }

    /// `-` (or nothing): the log's way of saying "no value".
    func isDash(_ t: Token) -> Bool { t.isEmpty || (t.count == 1 && b[t.start] == UInt8(ascii: "-")) }

    /// A whole number of up to 9 digits, optionally signed (`-1`, `+2750`).
    func int(_ t: Token) -> Int? { LineScanner.int(bytes(t)) }

    static func int(_ s: UnsafeBufferPointer<UInt8>) -> Int? {
        var j = 0
        var negative = false
        if j < s.count, s[j] == UInt8(ascii: "-") || s[j] == UInt8(ascii: "+") { negative = s[j] == UInt8(ascii: "-"); j += 1 }
        guard j < s.count, s.count - j <= 9 else { return nil }
        var v = 0
        while j < s.count {
            let d = s[j]
            guard d >= 0x30 && d <= 0x39 else { return nil }
            v = v * 10 + Int(d - 0x30)
            j += 1
        }
        return negative ? -v : v
    }

    /// A decimal number (`0.003`, `-1`, `4497`); nil for anything else.
    func double(_ t: Token) -> Double? { LineScanner.double(bytes(t)) }

    static func double(_ s: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !s.isEmpty, s.count <= 32 else { return nil }
        var j = 0
        var negative = false
        if s[j] == UInt8(ascii: "-") { negative = true; j += 1 }
        var whole = 0.0
        var digits = 0
        while j < s.count, s[j] >= 0x30, s[j] <= 0x39 { whole = whole * 10 + Double(s[j] - 0x30); j += 1; digits += 1 }
        var fraction = 0.0
        if j < s.count, s[j] == UInt8(ascii: ".") {
            j += 1
            var scale = 0.1
            while j < s.count, s[j] >= 0x30, s[j] <= 0x39 { fraction += Double(s[j] - 0x30) * scale; scale /= 10; j += 1; digits += 1 }
        }
        guard digits > 0, j == s.count else { return nil }
        let v = whole + fraction
        return negative ? -v : v
    }

    /// The token as text: escapes of a quoted token undone, invalid UTF-8 replaced, at most
    /// `limit` bytes (a log line is untrusted: what is shown is bounded and sanitised later).
    func string(_ t: Token, limit: Int = 512) -> String {
        let end = min(t.end, t.start + limit)
        guard t.kind == .quoted else {
            return String(decoding: UnsafeBufferPointer(rebasing: b[t.start..<end]), as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(end - t.start)
        var j = t.start
        while j < end {
            if b[j] == UInt8(ascii: "\\"), j + 1 < end { out.append(b[j + 1]); j += 2; continue }
            out.append(b[j])
            j += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Addresses

    /// `10.244.1.7:8080` to `10.244.1.7`, `[fd00::7]:8080` to `fd00::7`, `http://10.0.0.2:80/x`
    /// to `10.0.0.2`; nil unless what is left is an IP address (a name, `-`, `<NOSRV>`).
    static func address(_ text: Substring) -> String? {
        var s = text
        if let scheme = s.range(of: "://") { s = s[scheme.upperBound...] }
        if let slash = s.firstIndex(of: "/") { s = s[..<slash] }
        if let at = s.lastIndex(of: "@") { s = s[s.index(after: at)...] }
        if s.hasPrefix("["), let close = s.firstIndex(of: "]") {
            let inner = s[s.index(after: s.startIndex)..<close]
            return isIPv6(inner) ? String(inner) : nil
        }
        let colons = s.reduce(0) { $0 + ($1 == ":" ? 1 : 0) }
        if colons == 1, let c = s.firstIndex(of: ":") { s = s[..<c] }
        if isIPv4(s) || (colons > 1 && isIPv6(s)) { return String(s) }
        return nil
    }

    static func isIPv4(_ s: Substring) -> Bool {
        var parts = 0
        var digits = 0
        var value = 0
        for c in s.utf8 {
            if c == UInt8(ascii: ".") {
                guard digits > 0, value <= 255 else { return false }
                parts += 1
                digits = 0
                value = 0
            } else if c >= 0x30 && c <= 0x39 {
                digits += 1
                value = value * 10 + Int(c - 0x30)
                if digits > 3 { return false }
            } else {
                return false
            }
        }
        return parts == 3 && digits > 0 && value <= 255
    }

    static func isIPv6(_ s: Substring) -> Bool {
        guard s.count >= 2, s.count <= 45, s.contains(":") else { return false }
        return s.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46) || c == UInt8(ascii: ":")
                || c == UInt8(ascii: ".")
        }
    }

    /// A loopback address (a sidecar's inbound upstream, `127.0.0.1:8080`): says nothing of which pod.
    static func isLoopback(_ ip: String) -> Bool { ip.hasPrefix("127.") || ip == "::1" }

    // MARK: Times

    static let months: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `26/Nov/2026:10:00:01 +0000` (nginx, Traefik CLF) or `06/Feb/2009:12:14:14.655`
    /// (HAProxy, local time without a zone: read as UTC).
    static func clfTime(_ s: UnsafeBufferPointer<UInt8>) -> Instant? {
        // dd/Mon/yyyy:hh:mm:ss
        guard s.count >= 20, s[2] == UInt8(ascii: "/"), s[6] == UInt8(ascii: "/"), s[11] == UInt8(ascii: ":"),
              s[14] == UInt8(ascii: ":"), s[17] == UInt8(ascii: ":"),
              let day = int(UnsafeBufferPointer(rebasing: s[0..<2])), let year = int(UnsafeBufferPointer(rebasing: s[7..<11])),
              let hour = int(UnsafeBufferPointer(rebasing: s[12..<14])), let minute = int(UnsafeBufferPointer(rebasing: s[15..<17])),
              let second = int(UnsafeBufferPointer(rebasing: s[18..<20])) else { return nil }
        guard let month = months.firstIndex(where: { m in
            memcmp(s.baseAddress! + 3, m.utf8Start, 3) == 0
        }) else { return nil }
        guard year >= 1, (1...Instant.daysInMonth(year, month + 1)).contains(day), hour <= 23, minute <= 59, second <= 60 else { return nil }
        var j = 20
        var fraction = 0.0
        if j < s.count, s[j] == UInt8(ascii: ".") {
            j += 1
            var scale = 0.1
            while j < s.count, s[j] >= 0x30, s[j] <= 0x39 { fraction += Double(s[j] - 0x30) * scale; scale /= 10; j += 1 }
        }
        var offset = 0
        if j < s.count, s[j] == 0x20 {
            j += 1
            guard j + 5 <= s.count, s[j] == UInt8(ascii: "+") || s[j] == UInt8(ascii: "-"),
                  let zh = int(UnsafeBufferPointer(rebasing: s[(j + 1)..<(j + 3)])),
                  let zm = int(UnsafeBufferPointer(rebasing: s[(j + 3)..<(j + 5)])), zh <= 23, zm <= 59 else { return nil }
            offset = (zh * 3600 + zm * 60) * (s[j] == UInt8(ascii: "+") ? 1 : -1)
            j += 5
        }
        guard j == s.count else { return nil }
        let secs = Instant.daysFromCivil(year, month + 1, day) * 86400 + hour * 3600 + minute * 60 + second - offset
        guard let whole = Instant(validSeconds: Double(secs)) else { return nil }
        return whole + fraction
    }
}

extension LineScanner {
    /// The first tokens of a line, held on the stack.
    struct Tokens {
        let base: UnsafeMutablePointer<Token>
        let count: Int
        subscript(_ i: Int) -> Token { base[i] }
        /// The token at `i`, or nil past the end.
        func at(_ i: Int) -> Token? { i < count ? base[i] : nil }
    }

    /// Runs `body` with the line's first `limit` tokens, without allocating.
    static func withTokens<R>(_ b: UnsafeBufferPointer<UInt8>, limit: Int = 48, _ body: (LineScanner, Tokens) -> R) -> R {
        withUnsafeTemporaryAllocation(of: Token.self, capacity: limit) { buffer in
            var scanner = LineScanner(b)
            var n = 0
            while n < limit, let t = scanner.next() {
                buffer.initializeElement(at: n, to: t)
                n += 1
            }
            return body(scanner, Tokens(base: buffer.baseAddress!, count: n))
        }
    }
}
