/// The 16 colours every colour terminal has, by their ANSI numbers. The terminal UI asks for
/// them by number (so it follows the user's palette); the HTML and SVG reports need actual
/// colours, and take them from `rgb`: the palette the README's screenshots are taken with
/// (scripts/screenshots.sh sets exactly these in its xterm), so a page shows a rollout in the
/// colours the terminal pictures show.
public enum AnsiColour: Int16, Sendable, CaseIterable {
    case black, red, green, yellow, blue, magenta, cyan, white
    case brightBlack, brightRed, brightGreen, brightYellow, brightBlue, brightMagenta, brightCyan, brightWhite

    /// The colour number curses and the escape sequences use.
    public var number: Int16 { rawValue }

    /// `#rrggbb` in the reference palette: xterm-like shades for a dark (#1e1e1e) background.
    public var rgb: String {
        switch self {
        case .black: "#000000"
        case .red: "#cd3131"
        case .green: "#0dbc79"
        case .yellow: "#e5e510"
        case .blue: "#2472c8"
        case .magenta: "#bc3fbc"
        case .cyan: "#11a8cd"
        case .white: "#e5e5e5"
        case .brightBlack: "#666666"
        case .brightRed: "#f14c4c"
        case .brightGreen: "#23d18b"
        case .brightYellow: "#f5f543"
        case .brightBlue: "#3b8eea"
        case .brightMagenta: "#d670d6"
        case .brightCyan: "#29b8db"
        case .brightWhite: "#ffffff"
        }
    }

    /// The terminal's default background and foreground in the reference palette.
    public static let backgroundRGB = "#1e1e1e"
    public static let foregroundRGB = "#d4d4d4"
}

/// How a phase or a mark is coloured: a foreground for 8-colour terminals (`basic`) and one
/// for 16 and more (`rich`, the shade the reports use), an optional background, and bold.
public struct Ink: Sendable, Equatable {
    public var basic: AnsiColour
    public var rich: AnsiColour
    public var background: AnsiColour?
    public var bold: Bool

    public init(_ basic: AnsiColour, _ rich: AnsiColour, background: AnsiColour? = nil, bold: Bool = false) {
        self.basic = basic
        self.rich = rich
        self.background = background
        self.bold = bold
    }
}
