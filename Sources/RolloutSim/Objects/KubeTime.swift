import RolloutCore

/// The time formats Kubernetes and its neighbours write, from seconds since the epoch.
public enum KubeTime {
    /// RFC 3339 in whole seconds (metav1.Time), as the API writes every timestamp but eventTime:
    /// the fraction is cut off, not rounded.
    public static func rfc3339(_ t: Double) -> String { Instant(seconds: t.rounded(.down)).rfc3339 }

    static func json(_ t: Double) -> JSONValue { .string(rfc3339(t)) }

    /// RFC 3339 with six fraction digits (metav1.MicroTime), for eventTime.
    public static func micro(_ t: Double) -> String {
        let whole = t.rounded(.down)
        let micros = min(999_999, Int(((t - whole) * 1_000_000).rounded(.down)))
        let digits = String(micros)
        return String(Instant(seconds: whole).rfc3339.dropLast()) + "." + String(repeating: "0", count: 6 - digits.count) + digits + "Z"
    }

    /// nginx's `$time_local` in UTC: `20/Nov/2026:10:00:05 +0000`.
    public static func nginx(_ t: Double) -> String {
        let s = rfc3339(t)   // 2026-11-20T10:00:05Z
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let year = s.prefix(4), month = Int(s.dropFirst(5).prefix(2))!, day = s.dropFirst(8).prefix(2)
        return "\(day)/\(months[month - 1])/\(year):\(s.dropFirst(11).prefix(8)) +0000"
    }

    /// Go's `time.Duration.String()` of a duration truncated to milliseconds: `512ms`, `2.41s`,
    /// `1m20s`.
    public static func goDuration(_ seconds: Double) -> String {
        let ms = Int((seconds * 1000).rounded(.down))
        if ms < 1000 { return "\(ms)ms" }
        func secs(_ ms: Int) -> String {
            var s = String(ms / 1000)
            if ms % 1000 != 0 {
                var frac = String(ms % 1000)
                frac = String(repeating: "0", count: 3 - frac.count) + frac
                while frac.hasSuffix("0") { frac.removeLast() }
                s += "." + frac
            }
            return s + "s"
        }
        if ms < 60_000 { return secs(ms) }
        let minutes = ms / 60_000
        if minutes < 60 { return "\(minutes)m" + secs(ms % 60_000) }
        return "\(minutes / 60)h\(minutes % 60)m" + secs(ms % 60_000)
    }
}
