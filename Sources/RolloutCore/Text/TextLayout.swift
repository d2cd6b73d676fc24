/// Fixed-width text for the terminal and the plain-text reports: padding, fitting, wrapping
/// and counted nouns. Widths are in characters (the panes and reports hold cleaned text, one
/// cell per character).
public enum TextLayout {
    /// `s` followed by spaces up to `width`; longer text is left as it is.
    public static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    /// `fill` (spaces unless told) up to `width`, then `s` (right-aligned); longer text is
    /// left as it is.
    public static func padLeft(_ s: String, _ width: Int, fill: Character = " ") -> String {
        s.count >= width ? s : String(repeating: fill, count: width - s.count) + s
    }

    /// `v` in decimal with leading zeros up to `width` characters: `07`, `0042`.
    public static func zeroPadded(_ v: Int, _ width: Int) -> String {
        padLeft(String(v), width, fill: "0")
    }

    /// `s` cut to `width` characters by replacing its middle with `ellipsis`, so both ends stay
    /// (pod names differ at the end). Too narrow to keep two characters on each side, it is
    /// simply cut.
    public static func fit(_ s: String, _ width: Int, ellipsis: String = "…") -> String {
        guard s.count > width else { return s }
        guard width - ellipsis.count >= 4 else { return String(s.prefix(max(0, width))) }
        let tail = (width - ellipsis.count) / 2
        return String(s.prefix(width - ellipsis.count - tail)) + ellipsis + String(s.suffix(tail))
    }

    /// Words of `text` in lines of at most `width` characters (a longer word gets a line of its
    /// own). The first line starts with `first`, the others with `indent`.
    public static func wrap(_ text: String, width: Int, first: String = "", indent: String = "") -> [String] {
        var lines: [String] = []
        var current = first
        var empty = true
        for word in text.split(separator: " ") {
            if !empty && current.count + 1 + word.count > width {
                lines.append(current)
                current = indent
                empty = true
            }
            current += (empty ? "" : " ") + word
            empty = false
        }
        if !empty { lines.append(current) }
        return lines
    }

    /// "1 pod", "3 pods", "0 pods"; `plural` for nouns that do not take an s.
    public static func count(_ n: Int, _ singular: String, plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
    }
}
