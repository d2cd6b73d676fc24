/// Writes the HTML and SVG reports. Text from the cluster and from logs is untrusted, so the
/// writer has one way in for it: every text node and every attribute value goes through
/// `escape`, and element and attribute names are `StaticString`s, which only this program's
/// own source can supply. Markup in a pod name or a log line therefore stays text; it cannot
/// open an element, close one, or add an attribute.
///
/// Why our own writer rather than a library: Plot 0.14.0 (the HTML DSL on these machines)
/// escapes text nodes but writes attribute values as given (`title="" onmouseover="…"` comes
/// out of a value holding a quote), and has no SVG elements; this writer is small and escapes
/// both by construction.
public struct MarkupWriter {
    public private(set) var text = ""
    private var openElements: [StaticString] = []

    public init(capacity: Int = 1 << 16) {
        text.reserveCapacity(capacity)
    }

    /// The one escaping function for text nodes and attribute values, HTML and SVG alike:
    /// control characters and the bidi and line controls become visible stand-ins
    /// (`Sanitizer.clean`), `& < > " '` become character references, and the two characters
    /// XML forbids (U+FFFE, U+FFFF), which would make a standalone SVG unreadable, become
    /// stand-ins too.
    public static func escape(_ s: String) -> String {
        let cleaned = Sanitizer.clean(s)
        var needs = false
        for u in cleaned.unicodeScalars where isSpecial(u) {
            needs = true
            break
        }
        guard needs else { return cleaned }
        var out = ""
        out.reserveCapacity(cleaned.utf8.count + 16)
        for u in cleaned.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{FFFE}": out += "\\ufffe"
            case "\u{FFFF}": out += "\\uffff"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    @inline(__always)
    static func isSpecial(_ u: Unicode.Scalar) -> Bool {
        switch u {
        case "&", "<", ">", "\"", "'", "\u{FFFE}", "\u{FFFF}": true
        default: false
        }
    }

    // MARK: Elements

    /// Opens `name` with `attributes` (a nil value leaves the attribute out).
    public mutating func start(_ name: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:]) {
        text += "<"
        text += name.description
        writeAttributes(attributes)
        text += ">"
        openElements.append(name)
    }

    /// Closes the element opened last.
    public mutating func end() {
        guard let name = openElements.popLast() else { return }
        text += "</"
        text += name.description
        text += ">"
    }

    /// An element holding `content` as text.
    public mutating func element(_ name: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:], _ content: String) {
        start(name, attributes)
        self.text(content)
        end()
    }

    /// An element without attributes holding `content` as text.
    public mutating func element(_ name: StaticString, _ content: String) {
        element(name, [:], content)
    }

    /// An element whose children `body` writes.
    public mutating func element(_ name: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:],
                                 body: (inout MarkupWriter) -> Void) {
        start(name, attributes)
        body(&self)
        end()
    }

    /// An element without content: `<meta … />`, `<rect … />` (valid in HTML and in XML).
    public mutating func empty(_ name: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:]) {
        text += "<"
        text += name.description
        writeAttributes(attributes)
        text += "/>"
    }

    /// A text node.
    public mutating func text(_ content: String) {
        text += Self.escape(content)
    }

    /// A line break between elements, for people who read the source.
    public mutating func newline() { text += "\n" }

    /// Markup that is part of this program, never data: the doctype, an XML declaration.
    public mutating func markup(_ fixed: StaticString) {
        text += fixed.description
    }

    /// The content of the page's own `<style>` or `<script>`: text this program wrote (its
    /// CSS with the palette's colours, its script), never data, made `inert` first.
    mutating func ownCode(_ code: String) {
        text += Self.inert(code)
    }

    /// `code` without `</`, so it cannot end its element early. Applying it twice changes
    /// nothing, so a hash of `inert(code)` is the hash of what `ownCode` writes.
    static func inert(_ code: String) -> String {
        code.replacingOccurrences(of: "</", with: "<\\/")
    }

    /// Appends what another writer wrote (already escaped), for parts whose size is known
    /// only once they are written (an SVG's height).
    mutating func append(_ other: MarkupWriter) {
        text += other.text
    }

    private mutating func writeAttributes(_ attributes: KeyValuePairs<StaticString, String?>) {
        for (name, value) in attributes {
            guard let value else { continue }
            text += " "
            text += name.description
            text += "=\""
            text += Self.escape(value)
            text += "\""
        }
    }
}
