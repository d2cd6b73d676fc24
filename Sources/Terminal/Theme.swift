internal import CNCurses
import RolloutCore
import RolloutUI

/// Maps semantic styles to curses colour pairs and attributes, once, in one table per depth: a
/// new style is a compile error until every table has it.
/// Monochrome (NO_COLOR, --no-color, or a terminal without colours) uses attributes only;
/// the phases stay apart by their glyphs.
struct Theme {
    enum Depth { case none, eight, sixteen, full }

    /// Pair and attributes per style, indexed by `Style.rawValue`.
    private var table: [(pair: Int16, attrs: attr_t)] = []

    init(depth: Depth) {
        guard depth != .none else {
            table = Style.allCases.map { (0, Theme.monochrome($0)) }
            return
        }
        // 256-colour and 16-colour terminals get brighter shades; 8 colours use the basics.
        let rich = depth == .full || depth == .sixteen
        var pair: Int16 = 1
        for style in Style.allCases {
            let spec = Theme.colour(style, rich: rich)
            if spec.fg == -1 && spec.bg == -1 {
                table.append((0, spec.attrs))
                continue
            }
            init_pair(pair, spec.fg, spec.bg)
            table.append((pair, spec.attrs))
            pair += 1
        }
    }

    func attributes(_ style: Style) -> (pair: Int16, attrs: attr_t) { table[Int(style.rawValue)] }

    /// Attributes only.
    static func monochrome(_ style: Style) -> attr_t {
        let bold = rs_a_bold(), dim = rs_a_dim(), rev = rs_a_reverse(), under = rs_a_underline()
        switch style {
        case .normal, .border, .ok, .initializing, .starting, .ready, .preStop, .terminating, .event: return 0
        case .bold, .title, .borderFocus, .cursor, .error, .initFailed, .signal, .key: return bold
        case .dim, .ruler, .unobserved, .pending, .notReady: return dim
        case .selection, .headerBar, .paused: return rev
        case .live, .replay, .killed: return rev | bold
        case .warning: return bold | under
        case .info, .searchMatch: return under
        }
    }

    /// Foreground, background (-1: the terminal's default) and attributes; `rich` picks the
    /// bright shade (16 and 256 colours) over the basic one (8 colours). The phases and the
    /// dropped-connection mark take their colours from RolloutCore's `Ink`, which the HTML
    /// and SVG reports read too.
    static func colour(_ style: Style, rich: Bool) -> (fg: Int16, bg: Int16, attrs: attr_t) {
        func c(_ basic: Int16, _ bright: Int16) -> Int16 { rich ? bright : basic }
        let bold = rs_a_bold()
        func ink(_ i: Ink) -> (fg: Int16, bg: Int16, attrs: attr_t) {
            (rich ? i.rich.number : i.basic.number, i.background?.number ?? -1, i.bold ? bold : 0)
        }
        switch style {
        case .pending: return ink(Segment.Phase.pending.ink)
        case .initializing: return ink(Segment.Phase.initializing.ink)
        case .initFailed: return ink(Segment.Phase.initFailed.ink)
        case .starting: return ink(Segment.Phase.starting.ink)
        case .ready: return ink(Segment.Phase.ready.ink)
        case .notReady: return ink(Segment.Phase.notReady.ink)
        case .preStop: return ink(Segment.Phase.preStop.ink)
        case .terminating: return ink(Segment.Phase.terminating.ink)
        case .unobserved: return ink(Segment.Phase.unobserved.ink)
        case .killed: return ink(Segment.Phase.killed.ink)
        case .signal: return ink(TimelineMark.dropped.ink)
        case .normal: return (-1, -1, 0)
        case .bold: return (-1, -1, bold)
        case .dim, .ruler: return (c(7, 8), -1, 0)
        case .title, .borderFocus: return (c(6, 14), -1, bold)
        case .border: return (c(4, 8), -1, 0)
        case .selection: return (c(0, 0), c(6, 14), 0)
        case .cursor, .warning, .key: return (c(3, 11), -1, bold)
        case .headerBar: return (c(7, 15), c(4, 4), 0)
        case .live: return (c(7, 15), c(2, 2), bold)
        case .replay: return (c(0, 0), c(3, 11), bold)
        case .paused: return (c(0, 0), c(7, 7), 0)
        case .error: return (c(1, 9), -1, bold)
        case .info, .event: return (c(6, 14), -1, 0)
        case .ok: return (c(2, 10), -1, 0)
        case .searchMatch: return (c(0, 0), c(3, 11), 0)
        }
    }
}
