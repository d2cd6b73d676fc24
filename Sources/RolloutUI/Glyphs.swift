import RolloutCore

/// The characters used to draw: Unicode when the locale is UTF-8, ASCII otherwise. Each set
/// names every glyph explicitly, so a new glyph is a compile error until both sets have it, and
/// nothing is guessed from one glyph. Every phase has its own glyph, so the timeline reads
/// without colour too; the ASCII phases are those of the text report's chart.
public enum Glyphs: Sendable, Equatable {
    case unicode, ascii

    /// The glyph of a pod phase on the timeline (`Segment.Phase+Look`, shared with the reports).
    public func phase(_ phase: Segment.Phase) -> Character {
        switch self {
        case .unicode: phase.unicodeGlyph
        case .ascii: phase.asciiGlyph
        }
    }

    // MARK: Boxes and the ruler

    public var horizontal: Character { switch self { case .unicode: "─"; case .ascii: "-" } }
    public var vertical: Character { switch self { case .unicode: "│"; case .ascii: "|" } }
    public var topLeft: Character { switch self { case .unicode: "┌"; case .ascii: "+" } }
    public var topRight: Character { switch self { case .unicode: "┐"; case .ascii: "+" } }
    public var bottomLeft: Character { switch self { case .unicode: "└"; case .ascii: "+" } }
    public var bottomRight: Character { switch self { case .unicode: "┘"; case .ascii: "+" } }
    /// A label's mark on the ruler.
    public var tick: Character { switch self { case .unicode: "┴"; case .ascii: "+" } }
    /// The cursor's column, on the ruler and every pod row.
    public var cursor: Character { switch self { case .unicode: "┃"; case .ascii: "|" } }

    // MARK: Marks

    /// Before the selected pod's name.
    public var selected: Character { switch self { case .unicode: "▶"; case .ascii: ">" } }
    /// Where a dropped connection hit a pod.
    public var signal: Character { mark(.dropped) }
    /// A mark's glyph (`TimelineMark`, shared with the reports).
    public func mark(_ mark: TimelineMark) -> Character {
        switch self {
        case .unicode: mark.unicodeGlyph
        case .ascii: mark.asciiGlyph
        }
    }
    /// On a pane's border when rows are hidden above or below.
    public var moreAbove: Character { switch self { case .unicode: "▲"; case .ascii: "^" } }
    public var moreBelow: Character { switch self { case .unicode: "▼"; case .ascii: "v" } }
    /// Text cut in the middle.
    public var ellipsis: String { switch self { case .unicode: "…"; case .ascii: ".." } }
    /// From one time to the next ("14:20:05→14:20:09").
    public var arrowRight: String { switch self { case .unicode: "→"; case .ascii: "->" } }

    // MARK: Header mode marks

    /// Live, the cursor following now.
    public var following: String { switch self { case .unicode: "●"; case .ascii: "*" } }
    /// Live and held, or a paused replay.
    public var paused: String { switch self { case .unicode: "❚❚"; case .ascii: "||" } }
    /// A replay playing.
    public var playing: String { switch self { case .unicode: "▶"; case .ascii: ">" } }

    // MARK: Key names (help and footer)

    public var keyUp: String { switch self { case .unicode: "↑"; case .ascii: "Up" } }
    public var keyDown: String { switch self { case .unicode: "↓"; case .ascii: "Dn" } }
    public var keyLeft: String { switch self { case .unicode: "←"; case .ascii: "Lt" } }
    public var keyRight: String { switch self { case .unicode: "→"; case .ascii: "Rt" } }
}
