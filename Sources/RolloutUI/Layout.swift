/// Where each pane goes: a function of the state, the terminal's size and the timeline's row
/// count (the timeline gets what its rows need, the rest goes below), never of the last frame.
/// Keys use it too, for the page size and to keep the selected pod on screen.
public struct Layout: Sendable, Equatable {
    public static let minWidth = 60
    public static let minHeight = 15

    /// False below `minWidth` x `minHeight`: the screen then only says it is too small.
    public let fits: Bool
    /// Two rows: source, workload and mode; progress.
    public let header: Rect
    public let timeline: Rect
    /// Below the timeline; nil when the narrow layout shows the log instead.
    public let detail: Rect?
    /// Beside the detail when wide; instead of it when narrow and the log has the focus.
    public let log: Rect?
    public let footer: Rect

    public init(state: AppState, size: Size, timelineRows: Int) {
        let none = Rect(x: 0, y: 0, width: 0, height: 0)
        guard size.width >= Layout.minWidth, size.height >= Layout.minHeight else {
            (fits, header, timeline, detail, log, footer) = (false, none, none, nil, nil, none)
            return
        }
        fits = true
        header = Rect(x: 0, y: 0, width: size.width, height: 2)
        footer = Rect(x: 0, y: size.height - 1, width: size.width, height: 1)
        let body = Rect(x: 0, y: 2, width: size.width, height: size.height - 3)
        let wide = body.width >= 110
        let lowerShare = state.detailExpanded ? 0.6 : (wide ? 0.4 : 0.45)
        var lower = Int((Double(body.height) * lowerShare).rounded())
        // The timeline needs its rows plus ruler and border; spare rows go to detail and log.
        lower = max(lower, body.height - (timelineRows + 4))
        lower = min(max(lower, 6), body.height - 5)
        timeline = Rect(x: body.x, y: body.y, width: body.width, height: body.height - lower)
        let bottom = Rect(x: body.x, y: timeline.maxY, width: body.width, height: lower)
        if wide {
            let detailWidth = state.detailExpanded ? bottom.width * 2 / 3 : bottom.width / 2
            detail = Rect(x: bottom.x, y: bottom.y, width: detailWidth, height: bottom.height)
            log = Rect(x: bottom.x + detailWidth, y: bottom.y, width: bottom.width - detailWidth, height: bottom.height)
        } else if state.focus == .log {
            // Narrow: one lower pane, the log when it has the focus, else the detail.
            (detail, log) = (nil, bottom)
        } else {
            (detail, log) = (bottom, nil)
        }
    }

    /// Timeline rows shown at once (border, ruler and tick line take four); PgUp and PgDn move
    /// by one less.
    public var pageSize: Int { max(1, timeline.height - 4) }

    /// The first timeline row to show so the selected row stays on screen: unchanged while it
    /// is, else just enough to bring it in (with its group's header when moving up). Applying it
    /// again changes nothing.
    public func timelineScroll(_ scroll: Int, selectedRow: Int, rows: Int) -> Int {
        var scroll = scroll
        if selectedRow < scroll { scroll = max(0, selectedRow - 1) }
        if selectedRow >= scroll + pageSize { scroll = selectedRow - pageSize + 1 }
        return max(0, min(scroll, max(0, rows - pageSize)))
    }
}
