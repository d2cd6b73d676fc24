/// How every surface shows a phase: its name in the legends, its glyph in the text report and
/// the terminal, and its colour. The terminal theme, the glyph sets, the text chart and the
/// HTML and SVG reports all read these, so a phase cannot look one way on the screen and
/// another in a report. A new phase is a compile error here until it has all of them.
extension Segment.Phase {
    /// The legends' order: a pod's life from creation to its end, the SIGKILL before the
    /// "not observed" that only a poll can leave.
    public static let legendOrder: [Segment.Phase] = [
        .pending, .initializing, .initFailed, .starting, .ready, .notReady, .preStop, .terminating, .killed, .unobserved,
    ]

    /// The name in every legend.
    public var legendName: String {
        switch self {
        case .pending: "pending"
        case .initializing: "init"
        case .initFailed: "init failing"
        case .starting: "starting"
        case .ready: "ready"
        case .notReady: "not ready"
        case .preStop: "preStop"
        case .terminating: "shutting down"
        case .killed: "SIGKILL"
        case .unobserved: "end not observed"
        }
    }

    /// The plain-text chart's character, also the terminal's when the locale is not UTF-8.
    public var asciiGlyph: Character {
        switch self {
        case .pending: "."
        case .initializing: "i"
        case .initFailed: "!"
        case .starting: "s"
        case .ready: "="
        case .notReady: "-"
        case .preStop: "~"
        case .terminating: "t"
        case .unobserved: "?"
        case .killed: "X"
        }
    }

    /// The terminal's character in a UTF-8 locale. The shades say how far along a pod is
    /// (light while starting, full when ready, dark in preStop), so the timeline reads
    /// without colour too; the SVG timeline draws the same shapes.
    public var unicodeGlyph: Character {
        switch self {
        case .pending: "·"
        case .initializing: "▒"
        case .initFailed: "!"
        case .starting: "░"
        case .ready: "█"
        case .notReady: "▁"
        case .preStop: "▓"
        case .terminating: "▚"
        case .unobserved: "?"
        case .killed: "✗"
        }
    }

    /// Its colour. A SIGKILL is white on red, the one phase with a background, so it stands
    /// out even where it takes a single column.
    public var ink: Ink {
        switch self {
        case .pending, .unobserved: Ink(.white, .brightBlack)
        case .initializing: Ink(.magenta, .brightMagenta)
        case .initFailed: Ink(.red, .brightRed, bold: true)
        case .starting: Ink(.cyan, .brightCyan)
        case .ready: Ink(.green, .brightGreen)
        case .notReady, .terminating: Ink(.yellow, .brightYellow)
        case .preStop: Ink(.blue, .brightBlue, bold: true)
        case .killed: Ink(.white, .brightWhite, background: .red, bold: true)
        }
    }
}
