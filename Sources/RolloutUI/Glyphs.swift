import RolloutCore

/// The characters used to draw: Unicode when the locale is UTF-8, ASCII otherwise.
/// Every phase has its own glyph, so the timeline reads without colour too.
public struct Glyphs: Sendable {
    public var phase: [Segment.Phase: Character]
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character
    public var teeDown: Character
    public var cursor: Character
    public var tick: Character
    public var ellipsis: String
    public var selected: Character
    public var arrowRight: String

    public static let unicode = Glyphs(
        phase: [.pending: "·", .initializing: "▒", .initFailed: "!", .starting: "░", .ready: "█",
                .notReady: "▁", .preStop: "▓", .terminating: "▚", .unobserved: "?", .killed: "✗"],
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        teeDown: "┬", cursor: "┃", tick: "┴", ellipsis: "…", selected: "▶", arrowRight: "→")

    public static let ascii = Glyphs(
        phase: TimelineChart.glyphs, horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
        bottomLeft: "+", bottomRight: "+", teeDown: "+", cursor: "|", tick: "+", ellipsis: "..",
        selected: ">", arrowRight: "->")
}
