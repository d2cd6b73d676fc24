/// A key the UI understands, already decoded from the terminal.
public enum Key: Equatable, Sendable {
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, tab, backTab, escape, backspace
    case char(Character)

    /// The key's name in the help and the footer, in the glyph set's characters.
    public func name(_ glyphs: Glyphs) -> String {
        switch self {
        case .up: glyphs.keyUp
        case .down: glyphs.keyDown
        case .left: glyphs.keyLeft
        case .right: glyphs.keyRight
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .char(" "): "space"
        case .char(let c): String(c)
        }
    }
}
