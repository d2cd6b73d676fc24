/// A point in time as seconds since the Unix epoch (UTC). Time is data in rollscope:
/// instants come from the input, never from the clock.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var seconds: Double

    public init(seconds: Double) { self.seconds = seconds }

    /// Years 0001 to 9999: what RFC 3339 can write. Times outside are not real observations.
    public static let validRange: ClosedRange<Double> = -62_135_596_800 ... 253_402_300_799

    /// An instant from seconds since the epoch, or nil outside years 0001-9999 (or not finite).
    public init?(validSeconds: Double) {
        guard validSeconds.isFinite, Instant.validRange.contains(validSeconds) else { return nil }
        self.seconds = validSeconds
    }

    /// Seconds clamped into the writable range, so formatting never traps.
    var clampedSeconds: Double {
        guard seconds.isFinite else { return 0 }
        return min(max(seconds, Instant.validRange.lowerBound), Instant.validRange.upperBound)
    }

    public static func < (a: Instant, b: Instant) -> Bool { a.seconds < b.seconds }
    public static func + (a: Instant, d: Double) -> Instant { Instant(seconds: a.seconds + d) }
    public static func - (a: Instant, d: Double) -> Instant { Instant(seconds: a.seconds - d) }
    public static func - (a: Instant, b: Instant) -> Double { a.seconds - b.seconds }

    public var description: String { rfc3339 }

    /// Parses RFC 3339 (`2026-11-20T10:00:05Z`, fractions, `+02:00` offsets); nil when invalid.
    public init?(rfc3339 text: String) {
        var copy = text
        guard let v = copy.withUTF8({ Instant.parseRFC3339($0) }) else { return nil }
        self = v
    }

    /// Parses RFC 3339 from bytes without allocating.
    public static func parseRFC3339(_ b: UnsafeBufferPointer<UInt8>) -> Instant? {
        let n = b.count
        guard n >= 19 else { return nil }
        @inline(__always) func digits(_ at: Int, _ len: Int) -> Int? {
            var v = 0
            for i in at..<(at + len) {
                let c = b[i]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            return v
        }
        guard let year = digits(0, 4), b[4] == UInt8(ascii: "-"),
              let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
              let day = digits(8, 2),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              let hour = digits(11, 2), b[13] == UInt8(ascii: ":"),
              let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
              let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month),
              hour <= 23, minute <= 59, second <= 60 else { return nil }
        var i = 19
        var fraction = 0.0
        if i < n, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            let start = i
            while i < n, b[i] >= 0x30, b[i] <= 0x39 {
                fraction += Double(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            if i == start { return nil }
        }
        guard i < n else { return nil }
        var offset = 0
        let z = b[i]
        if z == UInt8(ascii: "Z") || z == UInt8(ascii: "z") {
            i += 1
        } else if z == UInt8(ascii: "+") || z == UInt8(ascii: "-") {
            guard i + 6 <= n, let oh = digits(i + 1, 2), b[i + 3] == UInt8(ascii: ":"), let om = digits(i + 4, 2),
                  oh <= 23, om <= 59 else { return nil }
            offset = (oh * 3600 + om * 60) * (z == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == n else { return nil }
        let days = daysFromCivil(year, month, day)
        let secs = days * 86400 + hour * 3600 + minute * 60 + second - offset
        // Year 0000, or a leap second or offset that leaves years 0001-9999: not a real observation.
        // (The whole second is checked: 9999-12-31T23:59:59.5Z is still in range.)
        guard Instant(validSeconds: Double(secs)) != nil else { return nil }
        return Instant(seconds: Double(secs) + fraction)
    }

    /// RFC 3339 in UTC; fractions only when present (up to microseconds).
    public var rfc3339: String {
        var b: [UInt8] = []
        b.reserveCapacity(27)
        appendRFC3339(to: &b)
        return String(decoding: b, as: UTF8.self)
    }

    /// Appends `rfc3339` as bytes: reports format tens of thousands of these.
    public func appendRFC3339(to out: inout [UInt8]) {
        let seconds = clampedSeconds
        let whole = seconds.rounded(.down)
        var micros = Int(((seconds - whole) * 1_000_000).rounded())
        var total = Int(whole)
        if micros >= 1_000_000 { total += 1; micros -= 1_000_000 }
        let (y, m, d, hh, mm, ss) = Instant.civil(total)
        guard (0...9999).contains(y) else {
            // Outside four-digit years RFC 3339 has no form; keep it readable all the same.
            let date: String = TextLayout.zeroPadded(y, 4) + "-" + TextLayout.zeroPadded(m, 2) + "-" + TextLayout.zeroPadded(d, 2)
            let clock: String = TextLayout.zeroPadded(hh, 2) + ":" + TextLayout.zeroPadded(mm, 2) + ":" + TextLayout.zeroPadded(ss, 2)
            out += (date + "T" + clock + "Z").utf8
            return
        }
        var b: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &b) { b in
            func put(_ v: Int, _ at: Int, _ width: Int) {
                var v = v
                for i in stride(from: at + width - 1, through: at, by: -1) { b[i] = UInt8(48 + v % 10); v /= 10 }
            }
            put(y, 0, 4); b[4] = 45; put(m, 5, 2); b[7] = 45; put(d, 8, 2); b[10] = 84
            put(hh, 11, 2); b[13] = 58; put(mm, 14, 2); b[16] = 58; put(ss, 17, 2)
            var n = 19
            if micros > 0 {
                b[19] = 46
                put(micros, 20, 6)
                n = 26
                while b[n - 1] == 48 { n -= 1 }
            }
            b[n] = 90
            out.append(contentsOf: b[0...n])
        }
    }

    /// `HH:MM:SS` in UTC, for compact tables.
    public var clock: String {
        let (_, _, _, hh, mm, ss) = Instant.civil(Int(clampedSeconds.rounded(.down)))
        return TextLayout.zeroPadded(hh, 2) + ":" + TextLayout.zeroPadded(mm, 2) + ":" + TextLayout.zeroPadded(ss, 2)
    }

    static func civil(_ total: Int) -> (Int, Int, Int, Int, Int, Int) {
        var days = total / 86400
        var rem = total % 86400
        if rem < 0 { rem += 86400; days -= 1 }
        let (y, m, d) = civilFromDays(days)
        return (y, m, d, rem / 3600, (rem % 3600) / 60, rem % 60)
    }

    // Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Formats a duration in seconds compactly: `4s`, `1m05s`, `2h03m`, `0.4s`.
public func formatDuration(_ seconds: Double) -> String {
    if seconds < 0 { return "-" + formatDuration(-seconds) }
    if seconds < 10 && seconds != seconds.rounded() {
        let tenths = (seconds * 10).rounded() / 10
        if tenths != tenths.rounded() { return "\(tenths)s" }
    }
    let s = Int(seconds.rounded())
    if s < 60 { return "\(s)s" }
    if s < 3600 { return "\(s / 60)m" + TextLayout.zeroPadded(s % 60, 2) + "s" }
    return "\(s / 3600)h" + TextLayout.zeroPadded((s % 3600) / 60, 2) + "m"
}
