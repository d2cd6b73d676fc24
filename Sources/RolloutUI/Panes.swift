import RolloutCore

/// A run of text in one style; a line is a list of runs.
public struct Run: Sendable, Equatable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = .normal) {
        self.text = text
        self.style = style
    }
}

/// The panes: each draws values (the state, the view, a pod) into its rectangle of the buffer
/// and nothing else. None reads the controller or changes state.
public enum Panes {
    /// A border with a title; the border is highlighted when the pane has the focus.
    static func box(_ buf: inout ScreenBuffer, _ r: Rect, title: String, focused: Bool, glyphs g: Glyphs) {
        guard r.width >= 2, r.height >= 2 else { return }
        let style: Style = focused ? .borderFocus : .border
        for x in r.x..<r.maxX {
            buf.put(x, r.y, g.horizontal, style)
            buf.put(x, r.maxY - 1, g.horizontal, style)
        }
        for y in r.y..<r.maxY {
            buf.put(r.x, y, g.vertical, style)
            buf.put(r.maxX - 1, y, g.vertical, style)
        }
        buf.put(r.x, r.y, g.topLeft, style)
        buf.put(r.maxX - 1, r.y, g.topRight, style)
        buf.put(r.x, r.maxY - 1, g.bottomLeft, style)
        buf.put(r.maxX - 1, r.maxY - 1, g.bottomRight, style)
        buf.text(r.x + 2, r.y, " \(title) ", focused ? .borderFocus : .title, maxWidth: r.width - 4)
    }

    /// Draws runs from (x, y), clipped to `width`; returns the column after the text.
    @discardableResult
    static func line(_ buf: inout ScreenBuffer, _ x: Int, _ y: Int, _ runs: [Run], width: Int) -> Int {
        var col = x
        for run in runs {
            let left = x + width - col
            if left <= 0 { break }
            col = buf.text(col, y, Sanitizer.clean(run.text), run.style, maxWidth: left)
        }
        return col
    }

    static func clock(_ t: Instant?) -> String { t?.clock ?? "--:--:--" }

    /// Below `Layout.minWidth` x `Layout.minHeight`: the size, the size needed, how to leave.
    static func tooSmall(_ buf: inout ScreenBuffer) {
        let lines = ["terminal too small", "\(buf.width)x\(buf.height), needs \(Layout.minWidth)x\(Layout.minHeight)", "q quits"]
        let top = max(0, (buf.height - lines.count) / 2)
        for (i, l) in lines.enumerated() {
            let text = String(l.prefix(buf.width))
            buf.text(max(0, (buf.width - text.count) / 2), top + i, text, i == 0 ? .warning : .dim)
        }
    }
}
