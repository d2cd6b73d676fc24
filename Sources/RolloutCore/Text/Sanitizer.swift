/// Makes untrusted text (names, messages, log lines from the cluster) safe to show.
///
/// C0 and C1 control characters, DEL and the Unicode line and bidi controls are replaced by
/// visible, inert stand-ins (`\e`, `\x07`, `\u202e`), so no escape sequence reaches a terminal.
public enum Sanitizer {
    /// One line of safe text: newlines and tabs become spaces, other controls become escapes.
    public static func clean(_ s: String) -> String {
        var needs = false
        for u in s.unicodeScalars where isUnsafe(u) || u == "\n" || u == "\t" || u == "\r" {
            needs = true
            break
        }
        guard needs else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch u {
            case "\n", "\t", "\r": out.append(" ")
            case "\u{1B}": out.append(contentsOf: "\\e".unicodeScalars)
            default:
                if isUnsafe(u) {
                    let hex = String(u.value, radix: 16)
                    let text = u.value < 0x100 ? "\\x" + TextLayout.padLeft(hex, 2, fill: "0") : "\\u" + TextLayout.padLeft(hex, 4, fill: "0")
                    out.append(contentsOf: text.unicodeScalars)
                } else {
                    out.append(u)
                }
            }
        }
        return String(out)
    }

    /// True for characters that must never reach a terminal raw.
    @inline(__always)
    public static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0x20 || v == 0x7F { return true }
        if v >= 0x80 && v <= 0x9F { return true }
        // Line/paragraph separators and bidi overrides/isolates reorder or break lines.
        if v == 0x2028 || v == 0x2029 || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { return true }
        return false
    }
}
