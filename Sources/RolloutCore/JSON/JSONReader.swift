/// A pull reader over JSON bytes: the caller asks for the value it expects and skips the rest.
///
/// Decoding is schema-directed: object keys are compared as raw bytes, values nobody asked
/// for are skipped without being built, and nesting is bounded by `maxDepth`, so hostile
/// input fails with a `JSONError` instead of exhausting the stack.
/// The reader borrows its bytes: use it only inside `JSONReader.read(_:_:)`.
public struct JSONReader {
    public static let maxDepth = 512

    let base: UnsafePointer<UInt8>
    let end: Int
    var pos: Int = 0
    var depth: Int = 0
    /// Values that could not be used: of another JSON type than the schema expects, numbers
    /// out of range, timestamps that are not RFC 3339 (kept for one warning).
    public var typeMismatches: Int = 0
    /// What the first of them was (`name: expected a string, found a number`), without its place.
    public var firstMismatch: String?
    /// Where the first of them was (a byte offset; see `line(of:)`).
    public var firstMismatchOffset: Int = 0
    /// Strings holding bytes that are not UTF-8 (shown with U+FFFD), and where the first was.
    public var invalidUTF8: Int = 0
    public var firstInvalidUTF8Offset: Int = 0
    /// Names longer than `maxNameLength` (cut), and the first of them (shortened).
    public var longNames: Int = 0
    public var firstLongName: String?
    /// Other strings longer than `maxStringLength` (cut), and where the first was.
    public var longStrings: Int = 0
    public var firstLongStringOffset: Int = 0
    /// The key of the member being read, to say where an unusable value was.
    var lastKey: JSONKey?
    // A counter added here must also be taken over in `continueWith(_:)`.

    /// Goes on as `later`, a reader over the same bytes that read on from where this one is
    /// (the second half of a split array): its place, and its counts added to these, the first
    /// of each kind staying first.
    mutating func continueWith(_ later: JSONReader) {
        pos = later.pos
        depth = later.depth
        first = later.first
        if later.lastKey != nil { lastKey = later.lastKey }
        if firstMismatch == nil, later.firstMismatch != nil {
            firstMismatch = later.firstMismatch
            firstMismatchOffset = later.firstMismatchOffset
        }
        typeMismatches += later.typeMismatches
        if invalidUTF8 == 0 { firstInvalidUTF8Offset = later.firstInvalidUTF8Offset }
        invalidUTF8 += later.invalidUTF8
        if firstLongName == nil { firstLongName = later.firstLongName }
        longNames += later.longNames
        if longStrings == 0 { firstLongStringOffset = later.firstLongStringOffset }
        longStrings += later.longStrings
    }

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.end = count
    }

    /// Runs `body` with a reader over `bytes`.
    public static func read<R, E: Error>(_ bytes: UnsafeRawBufferPointer, _ body: (inout JSONReader) throws(E) -> R) throws(E) -> R {
        if bytes.count == 0 {
            // An empty buffer has no base address; give the reader a valid one-byte location.
            let zero = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
            defer { zero.deallocate() }
            zero.pointee = 0
            var reader = JSONReader(base: zero, count: 0)
            return try body(&reader)
        }
        var reader = JSONReader(base: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        return try body(&reader)
    }

    // MARK: - Position

    @inline(__always) var atEnd: Bool { pos >= end }
    public var offset: Int { pos }

    @inline(__always) mutating func skipWhitespace() {
        // Pretty-printed input is mostly indentation: after each line break (or space), eight
        // spaces at a time.
        while pos < end {
            let c = base[pos]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            pos += 1
            while pos + 8 <= end, UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self) == 0x2020_2020_2020_2020 {
                pos += 8
            }
        }
    }

    /// The next significant byte, or nil at the end of input.
    public mutating func peek() -> UInt8? {
        skipWhitespace()
        return pos < end ? base[pos] : nil
    }

    /// True when only whitespace remains.
    public mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return pos >= end
    }

    public func error(_ message: String) -> JSONError {
        JSONError(message: message, offset: min(pos, end), location: location(of: min(pos, end)))
    }

    /// After malformed input: moves to the next line that starts with `{` (the next object of a
    /// watch stream) at or after `floor`, forgetting the nesting; false when there is none.
    public mutating func resync(from floor: Int) -> Bool {
        var i = Swift.max(pos, floor)
        while i < end {
            guard let hit = memchr(base + i, 0x0A, end - i) else { return false }
            let newline = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            if newline + 1 < end, base[newline + 1] == UInt8(ascii: "{") {
                pos = newline + 1
                depth = 0
                first = true
                lastKey = nil
                return true
            }
            i = newline + 1
        }
        return false
    }

    /// The start of the line holding `offset`, sanitized and shortened, for a message.
    public func lineText(at offset: Int) -> String {
        var start = Swift.min(offset, end)
        while start > 0 && base[start - 1] != 0x0A { start -= 1 }
        var stop = start
        while stop < end && stop - start < 60 && base[stop] != 0x0A && base[stop] != 0x0D { stop += 1 }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: stop - start), as: UTF8.self)
        return Sanitizer.clean(text) + (stop < end && base[stop] != 0x0A && base[stop] != 0x0D ? "..." : "")
    }

    /// The line (from 1) of a byte offset.
    public func line(of offset: Int) -> Int { location(of: min(offset, end)).line }

    func location(of offset: Int) -> (line: Int, column: Int) {
        var line = 1, col = 1
        var i = 0
        while i < offset {
            if base[i] == 0x0A { line += 1; col = 1 } else { col += 1 }
            i += 1
        }
        return (line, col)
    }

    mutating func expect(_ byte: UInt8, _ what: StaticString) throws(JSONError) {
        skipWhitespace()
        guard pos < end else { throw error("unexpected end of input, expected \(what)") }
        guard base[pos] == byte else { throw error("expected \(what), found \(describeByte(base[pos]))") }
        pos += 1
    }

    func describeByte(_ c: UInt8) -> String {
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return String(format: "byte 0x%02X", Int(c))
    }

    mutating func mismatch(_ expected: StaticString) throws(JSONError) {
        // Only the first is described: a file can hold thousands.
        if firstMismatch == nil { noteUnusable("expected \(expected), found \(describeValue(base[pos]))", at: pos) } else { typeMismatches += 1 }
        try skipValue()
    }

    /// Counts a value that cannot be used; the first is described (with the key it was under).
    mutating func noteUnusable(_ what: String, at offset: Int) {
        typeMismatches += 1
        guard firstMismatch == nil else { return }
        let key = lastKey.map { Sanitizer.clean(String($0.string.prefix(60))) + ": " } ?? ""
        firstMismatch = key + what
        firstMismatchOffset = offset
    }

    /// What kind of JSON value starts with `c`.
    func describeValue(_ c: UInt8) -> String {
        switch c {
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        case UInt8(ascii: "-"), 0x30...0x39: "a number"
        default: describeByte(c)
        }
    }

    /// A value quoted for a message: sanitized and short.
    static func snippet(_ s: String) -> String {
        let short = s.count > 40 ? String(s.prefix(40)) + "..." : s
        return "\"" + Sanitizer.clean(short) + "\""
    }

    // MARK: - Objects and arrays

    /// Consumes `{`. Returns false for `null`, and skips (counting a mismatch) any other non-object.
    public mutating func beginObject() throws(JSONError) -> Bool {
        skipWhitespace()
        guard pos < end else { throw error("unexpected end of input, expected a value") }
        if base[pos] == UInt8(ascii: "{") {
            depth += 1
            if depth > JSONReader.maxDepth { throw error("nesting deeper than \(JSONReader.maxDepth) levels") }
            pos += 1
            first = true
            return true
        }
        if try readNull() { return false }
        try mismatch("an object")
        return false
    }

    var first = true

    /// The next key of the current object, or nil after its closing `}`.
    public mutating func nextKey() throws(JSONError) -> JSONKey? {
        skipWhitespace()
        guard pos < end else { throw error("unexpected end of input inside an object") }
        var c = base[pos]
        if c == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            first = false
            return nil
        }
        if !first {
            guard c == UInt8(ascii: ",") else { throw error("expected ',' or '}' in object, found \(describeByte(c))") }
            pos += 1
            skipWhitespace()
            guard pos < end else { throw error("unexpected end of input inside an object") }
            c = base[pos]
        }
        guard c == UInt8(ascii: "\"") else { throw error("expected a string key, found \(describeByte(c))") }
        let key = try scanStringRaw()
        try expect(UInt8(ascii: ":"), "':'")
        first = false
        lastKey = key
        return key
    }

    /// Consumes `[`. Returns false for `null`, and skips (counting a mismatch) any other non-array.
    public mutating func beginArray() throws(JSONError) -> Bool {
        skipWhitespace()
        guard pos < end else { throw error("unexpected end of input, expected a value") }
        if base[pos] == UInt8(ascii: "[") {
            depth += 1
            if depth > JSONReader.maxDepth { throw error("nesting deeper than \(JSONReader.maxDepth) levels") }
            pos += 1
            first = true
            return true
        }
        if try readNull() { return false }
        try mismatch("an array")
        return false
    }

    /// True when another element follows in the current array; consumes `]` at the end.
    public mutating func nextElement() throws(JSONError) -> Bool {
        skipWhitespace()
        guard pos < end else { throw error("unexpected end of input inside an array") }
        let c = base[pos]
        if c == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            first = false
            return false
        }
        if !first {
            guard c == UInt8(ascii: ",") else { throw error("expected ',' or ']' in array, found \(describeByte(c))") }
            pos += 1
        }
        first = false
        return true
    }

    /// Calls `body` for each element of an array (or skips a value of another type).
    public mutating func forEachElement(_ body: (inout JSONReader) throws(JSONError) -> Void) throws(JSONError) {
        guard try beginArray() else { return }
        while try nextElement() {
            try body(&self)
            first = false
        }
    }

    /// Calls `body` for each key of an object (or skips a value of another type).
    /// `body` must consume the key's value.
    public mutating func forEachKey(_ body: (inout JSONReader, JSONKey) throws(JSONError) -> Void) throws(JSONError) {
        guard try beginObject() else { return }
        while let key = try nextKey() {
            try body(&self, key)
            first = false
        }
    }

    // MARK: - Scalars

    /// True (and consumes it) when the next value is `null`.
    public mutating func readNull() throws(JSONError) -> Bool {
        skipWhitespace()
        if pos + 4 <= end && base[pos] == UInt8(ascii: "n") && base[pos + 1] == UInt8(ascii: "u")
            && base[pos + 2] == UInt8(ascii: "l") && base[pos + 3] == UInt8(ascii: "l") {
            pos += 4
            return true
        }
        return false
    }

    /// A string value; nil for `null`; other types are skipped (counted as a mismatch).
    public mutating func readString() throws(JSONError) -> String? { try readString(countingLong: true) }

    /// `readString`; a string cut to `maxStringLength` is counted only when `countingLong`.
    @inline(__always) mutating func readString(countingLong: Bool) throws(JSONError) -> String? {
        skipWhitespace()
        guard pos < end else { throw error("unexpected end of input, expected a value") }
        if base[pos] == UInt8(ascii: "\"") {
            let start = pos
            let raw = try scanStringRaw()
            if raw.count > JSONReader.maxStringLength { return cut(raw, at: start, counted: countingLong) }
            return checked(raw, at: start)
        }
        if try readNull() { return nil }
        try mismatch("a string")
        return nil
    }

    /// The longest string rollscope keeps. Kubernetes bounds what it reads far below this (an
    /// event's message, a termination message: a few KB); longer ones would only slow every
    /// screen that shows them, so they are cut, and counted.
    public static let maxStringLength = 65_536

    mutating func cut(_ raw: JSONKey, at offset: Int, counted: Bool) -> String {
        if counted {
            longStrings += 1
            if longStrings == 1 { firstLongStringOffset = offset }
        }
        // Cut the raw bytes at a character boundary (an escape cut short decodes as U+FFFD).
        var n = JSONReader.maxStringLength
        while n > 0 && raw.start[n] & 0xC0 == 0x80 { n -= 1 }
        return checked(JSONKey(start: raw.start, count: n, hasEscapes: raw.hasEscapes), at: offset) + "…"
    }

    /// At most `bytes` bytes of `s`, cut at a character boundary.
    static func prefix(_ s: String, bytes limit: Int) -> String {
        guard s.utf8.count > limit else { return s }
        let bytes = Array(s.utf8.prefix(limit + 1))
        var n = limit
        // Back off while the first byte left out continues a character.
        while n > 0 && bytes[n] & 0xC0 == 0x80 { n -= 1 }
        return String(decoding: bytes[0..<n], as: UTF8.self)
    }

    /// The longest name rollscope keeps: Kubernetes names are DNS subdomains of at most 253
    /// characters. Longer ones (hostile or damaged input) are cut, and counted.
    public static let maxNameLength = 253

    /// A name (of an object, a container, a node, a label value): a string of at most
    /// `maxNameLength` bytes; a longer one is cut (with `…`) and counted.
    public mutating func readName() throws(JSONError) -> String? {
        // A name longer than any string is cut once, as a name.
        guard let s = try readString(countingLong: false) else { return nil }
        guard s.utf8.count > JSONReader.maxNameLength else { return s }
        longNames += 1
        let name = JSONReader.prefix(s, bytes: JSONReader.maxNameLength) + "…"
        if firstLongName == nil { firstLongName = String(name.prefix(40)) + "..." }
        return name
    }

    /// Decodes a scanned string, counting it when its bytes are not valid UTF-8.
    @inline(__always) mutating func checked(_ raw: JSONKey, at offset: Int) -> String {
        let bytes = UnsafeBufferPointer(start: raw.start, count: raw.count)
        if raw.hasEscapes {
            // Escapes are ASCII: the raw bytes are valid exactly when the unescaped text is,
            // so the unescaped bytes are checked, once.
            let (s, valid) = JSONKey.unescapeChecked(bytes)
            if !valid {
                invalidUTF8 += 1
                if invalidUTF8 == 1 { firstInvalidUTF8Offset = offset }
            }
            return s
        }
        // Almost every string is ASCII: checking that (eight bytes at a time) is far cheaper
        // than validating, which only the others need.
        if JSONReader.isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        invalidUTF8 += 1
        if invalidUTF8 == 1 { firstInvalidUTF8Offset = offset }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True when no byte has its high bit set.
    @inline(__always) static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = b.baseAddress else { return true }
        var acc: UInt64 = 0
        var i = 0
        while i + 8 <= b.count {
            acc |= UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            i += 8
        }
        while i < b.count { acc |= UInt64(base[i]); i += 1 }
        return acc & 0x8080_8080_8080_8080 == 0
    }

    /// An integer value; nil for `null`; fractions, overflow and other types give nil.
    public mutating func readInt() throws(JSONError) -> Int? {
        skipWhitespace()
        guard pos < end else { throw error("unexpected end of input, expected a value") }
        let c = base[pos]
        if c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) {
            let start = pos
            try scanNumber()
            var i = start
            var negative = false
            if base[i] == UInt8(ascii: "-") { negative = true; i += 1 }
            var value = 0
            while i < pos {
                let d = base[i]
                guard d >= 0x30 && d <= 0x39 else {
                    // A fraction or exponent: accept it when it is integral and in range.
                    if let v = Double(String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)),
                       v.rounded() == v, abs(v) < 9.0e18 {
                        return Int(v)
                    }
                    noteUnusable("\(numberText(start)) is not a whole number in range", at: start)
                    return nil
                }
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int(d - 0x30))
                if o1 || o2 {
                    noteUnusable("\(numberText(start)) is too large", at: start)
                    return nil
                }
                value = s
                i += 1
            }
            return negative ? -value : value
        }
        if try readNull() { return nil }
        // Kubernetes quantities and IntOrString values may arrive as strings.
        if c == UInt8(ascii: "\"") {
            let start = pos
            let s = try scanStringRaw().string
            if let v = Int(s) { return v }
            noteUnusable("expected a number, found \(JSONReader.snippet(s))", at: start)
            return nil
        }
        try mismatch("a number")
        return nil
    }

    /// The number that starts at `start` (up to `pos`), shortened for a message.
    func numberText(_ start: Int) -> String {
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: min(pos - start, 40)), as: UTF8.self)
        return pos - start > 40 ? text + "..." : text
    }

    /// A duration in whole seconds from 0 to a year; other values are counted as unusable.
    public mutating func readSeconds() throws(JSONError) -> Int? {
        let start = pos
        guard let v = try readInt() else { return nil }
        guard (0...31_536_000).contains(v) else {
            noteUnusable("\(v) seconds is out of range (0 to a year)", at: start)
            return nil
        }
        return v
    }

    /// A count (replicas, restarts) from 0 to ten million; other values are counted as unusable.
    public mutating func readCount() throws(JSONError) -> Int? {
        let start = pos
        guard let v = try readInt() else { return nil }
        guard (0...10_000_000).contains(v) else {
            noteUnusable("\(v) is out of range for a count", at: start)
            return nil
        }
        return v
    }

    /// A number as Double; nil for `null` or other types.
    public mutating func readDouble() throws(JSONError) -> Double? {
        skipWhitespace()
        guard pos < end else { throw error("unexpected end of input, expected a value") }
        let c = base[pos]
        if c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) {
            let start = pos
            try scanNumber()
            let text = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
            guard let v = Double(text), v.isFinite else {
                noteUnusable("\(numberText(start)) is out of range", at: start)
                return nil
            }
            return v
        }
        if try readNull() { return nil }
        try mismatch("a number")
        return nil
    }

    /// A boolean; nil for `null` or other types.
    public mutating func readBool() throws(JSONError) -> Bool? {
        skipWhitespace()
        guard pos < end else { throw error("unexpected end of input, expected a value") }
        if pos + 4 <= end && base[pos] == UInt8(ascii: "t") && base[pos + 1] == UInt8(ascii: "r")
            && base[pos + 2] == UInt8(ascii: "u") && base[pos + 3] == UInt8(ascii: "e") {
            pos += 4
            return true
        }
        if pos + 5 <= end && base[pos] == UInt8(ascii: "f") && base[pos + 1] == UInt8(ascii: "a")
            && base[pos + 2] == UInt8(ascii: "l") && base[pos + 3] == UInt8(ascii: "s") && base[pos + 4] == UInt8(ascii: "e") {
            pos += 5
            return false
        }
        if try readNull() { return nil }
        try mismatch("a boolean")
        return nil
    }

    /// An RFC 3339 timestamp; nil for `null`, empty or unparseable strings.
    public mutating func readTime() throws(JSONError) -> Instant? {
        skipWhitespace()
        guard pos < end else { throw error("unexpected end of input, expected a value") }
        if base[pos] == UInt8(ascii: "\"") {
            let start = pos
            let raw = try scanStringRaw()
            let t = raw.hasEscapes ? Instant(rfc3339: raw.string)
                : Instant.parseRFC3339(UnsafeBufferPointer(start: raw.start, count: raw.count))
            if t == nil && raw.count > 0 {
                if firstMismatch != nil { typeMismatches += 1; return nil }
                noteUnusable("\(JSONReader.snippet(raw.string)) is not an RFC 3339 time in years 0001 to 9999", at: start)
            }
            return t
        }
        if try readNull() { return nil }
        try mismatch("a timestamp string")
        return nil
    }

    // MARK: - Scanning

    /// Scans a string starting at `"`; returns its raw contents.
    mutating func scanStringRaw() throws(JSONError) -> JSONKey {
        pos += 1 // opening quote
        let start = pos
        var escapes = false
        while true {
            // Fast path: eight bytes at a time while none is a quote, a backslash or a control;
            // in the eight that hold one, straight to the first of them.
            while pos + 8 <= end {
                let x = UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self)
                let special = JSONReader.specialBytes(x)
                if special != 0 {
                    #if _endian(little)
                    pos += special.trailingZeroBitCount >> 3
                    #endif
                    break
                }
                pos += 8
            }
            while pos < end {
                let c = base[pos]
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 { break }
                pos += 1
            }
            guard pos < end else {
                pos = start - 1
                throw error("unterminated string")
            }
            let c = base[pos]
            if c == UInt8(ascii: "\"") {
                let key = JSONKey(start: base + start, count: pos - start, hasEscapes: escapes)
                pos += 1
                return key
            }
            if c == UInt8(ascii: "\\") {
                escapes = true
                pos += 2
                continue
            }
            throw error("control character \(describeByte(c)) inside a string")
        }
    }

    /// The high bit of each byte of `x` that is `"`, `\` or below 0x20 (SWAR: no byte-by-byte
    /// loop), and possibly of bytes after such a byte (a borrow carries up), never before: the
    /// lowest bit set marks the first (in memory order, on a little-endian machine).
    @inline(__always) static func specialBytes(_ x: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func zeroByte(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        let quote = zeroByte(x ^ (ones &* 0x22))
        let backslash = zeroByte(x ^ (ones &* 0x5C))
        // Bytes below 0x20: subtracting 0x20 borrows into the high bit (only where x < 0x80).
        let control = (x &- (ones &* 0x20)) & ~x & highs
        return quote | backslash | control
    }

    mutating func scanNumber() throws(JSONError) {
        if base[pos] == UInt8(ascii: "-") { pos += 1 }
        var digits = 0
        while pos < end, base[pos] >= 0x30, base[pos] <= 0x39 { pos += 1; digits += 1 }
        if digits == 0 { throw error("invalid number") }
        if pos < end, base[pos] == UInt8(ascii: ".") {
            pos += 1
            var frac = 0
            while pos < end, base[pos] >= 0x30, base[pos] <= 0x39 { pos += 1; frac += 1 }
            if frac == 0 { throw error("invalid number") }
        }
        if pos < end, base[pos] == UInt8(ascii: "e") || base[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < end, base[pos] == UInt8(ascii: "+") || base[pos] == UInt8(ascii: "-") { pos += 1 }
            var exp = 0
            while pos < end, base[pos] >= 0x30, base[pos] <= 0x39 { pos += 1; exp += 1 }
            if exp == 0 { throw error("invalid number") }
        }
    }

    /// Consumes `literal` when the input continues with it.
    mutating func matchLiteral(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard pos + n <= end, memcmp(base + pos, literal.utf8Start, n) == 0 else { return false }
        pos += n
        return true
    }

    /// Skips one value of any type, validating its structure, without recursion.
    public mutating func skipValue() throws(JSONError) {
        var nesting = 0
        // The kind of each open container: a bit per level for the first 64 levels (no
        // allocation for the values kubectl prints), an array beyond.
        var objectBits: UInt64 = 0
        var deeper: [Bool] = []
        @inline(__always) func push(_ isObject: Bool) {
            if nesting < 64 {
                if isObject { objectBits |= 1 << UInt64(nesting) } else { objectBits &= ~(1 << UInt64(nesting)) }
            } else {
                deeper.append(isObject)
            }
            nesting += 1
        }
        @inline(__always) func pop() {
            nesting -= 1
            if nesting >= 64 { deeper.removeLast() }
        }
        @inline(__always) func topIsObject() -> Bool {
            nesting <= 64 ? (objectBits >> UInt64(nesting - 1)) & 1 == 1 : deeper[deeper.count - 1]
        }
        var expectValue = true
        while true {
            skipWhitespace()
            guard pos < end else { throw error("unexpected end of input") }
            let c = base[pos]
            if expectValue {
                switch c {
                case UInt8(ascii: "{"):
                    if depth + nesting + 1 > JSONReader.maxDepth { throw error("nesting deeper than \(JSONReader.maxDepth) levels") }
                    push(true)
                    pos += 1
                    skipWhitespace()
                    if pos < end, base[pos] == UInt8(ascii: "}") {
                        pos += 1; pop()
                        expectValue = false
                    } else {
                        guard pos < end, base[pos] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                        _ = try scanStringRaw()
                        try expect(UInt8(ascii: ":"), "':'")
                    }
                    if nesting == 0 && !expectValue { return }
                    continue
                case UInt8(ascii: "["):
                    if depth + nesting + 1 > JSONReader.maxDepth { throw error("nesting deeper than \(JSONReader.maxDepth) levels") }
                    push(false)
                    pos += 1
                    skipWhitespace()
                    if pos < end, base[pos] == UInt8(ascii: "]") {
                        pos += 1; pop()
                        expectValue = false
                        if nesting == 0 { return }
                    }
                    continue
                case UInt8(ascii: "\""):
                    _ = try scanStringRaw()
                case UInt8(ascii: "t"):
                    guard matchLiteral("true") else { throw error("invalid literal") }
                case UInt8(ascii: "f"):
                    guard matchLiteral("false") else { throw error("invalid literal") }
                case UInt8(ascii: "n"):
                    guard matchLiteral("null") else { throw error("invalid literal") }
                case UInt8(ascii: "-"), 0x30...0x39:
                    try scanNumber()
                default:
                    throw error("unexpected \(describeByte(c))")
                }
                expectValue = false
                if nesting == 0 { return }
            } else {
                // After a value inside a container: ',' or the closer.
                let isObject = topIsObject()
                let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if c == closer {
                    pos += 1
                    pop()
                    if nesting == 0 { return }
                } else if c == UInt8(ascii: ",") {
                    pos += 1
                    if isObject {
                        skipWhitespace()
                        guard pos < end, base[pos] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                        _ = try scanStringRaw()
                        try expect(UInt8(ascii: ":"), "':'")
                    }
                    expectValue = true
                } else {
                    throw error("expected ',' or '\(Character(Unicode.Scalar(closer)))', found \(describeByte(c))")
                }
            }
        }
    }
}

/// A string's raw bytes inside the reader's buffer; valid only while the reader is.
public struct JSONKey {
    let start: UnsafePointer<UInt8>
    let count: Int
    let hasEscapes: Bool

    /// True when the key is exactly `literal` (keys with escapes are decoded first).
    @inline(__always)
    public func equals(_ literal: StaticString) -> Bool {
        if hasEscapes { return string == literal.description }
        guard literal.utf8CodeUnitCount == count else { return false }
        return memcmp(start, literal.utf8Start, count) == 0
    }

    public static func ~= (pattern: StaticString, key: JSONKey) -> Bool { key.equals(pattern) }

    /// The decoded string; invalid UTF-8 becomes U+FFFD.
    public var string: String {
        if !hasEscapes {
            return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
        }
        return JSONKey.unescape(UnsafeBufferPointer(start: start, count: count))
    }

    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: unescapedBytes(bytes), as: UTF8.self)
    }

    /// The decoded string, and whether its bytes were valid UTF-8 (escapes are ASCII and decode
    /// to whole characters, so the unescaped bytes are valid exactly when the raw ones are).
    static func unescapeChecked(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, valid: Bool) {
        let out = unescapedBytes(bytes)
        return out.withUnsafeBufferPointer { b in
            if JSONReader.isASCII(b) { return (String(decoding: b, as: UTF8.self), true) }
            if let s = String(validating: b, as: UTF8.self) { return (s, true) }
            return (String(decoding: b, as: UTF8.self), false)
        }
    }

    /// The bytes of a string's raw contents with its escapes decoded: the plain stretches
    /// between backslashes are copied whole; a `\u` escape that is not four hex digits, or a
    /// lone surrogate, becomes U+FFFD.
    static func unescapedBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        guard let base = bytes.baseAddress else { return out }
        let n = bytes.count
        out.reserveCapacity(n)
        var i = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= n else { return nil }
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = base[at + k]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: return nil
                }
                v = v << 4 | d
            }
            return v
        }
        func append(_ scalar: UInt32) {
            UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { out.append($0) }
        }
        while i < n {
            // The plain bytes up to the next backslash, at once.
            guard let hit = memchr(base + i, 0x5C, n - i) else {
                out.append(contentsOf: UnsafeBufferPointer(start: base + i, count: n - i))
                break
            }
            let slash = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            if slash > i { out.append(contentsOf: UnsafeBufferPointer(start: base + i, count: slash - i)) }
            i = slash
            guard i + 1 < n else { break }
            let e = base[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard let hi = hex4(i) else { append(0xFFFD); continue }
                i += 4
                if hi >= 0xD800 && hi < 0xDC00, i + 6 <= n, base[i] == UInt8(ascii: "\\"),
                   base[i + 1] == UInt8(ascii: "u"), let lo = hex4(i + 2), lo >= 0xDC00 && lo < 0xE000 {
                    i += 6
                    append(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                } else {
                    append(hi)
                }
            default: out.append(e) // \" \\ \/
            }
        }
        return out
    }
}

/// Malformed JSON, with the byte offset and line/column where it was found.
public struct JSONError: Error, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public let location: (line: Int, column: Int)
    public var description: String { "\(message) at line \(location.line), column \(location.column)" }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif
import Foundation
