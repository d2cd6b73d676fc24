internal import CNCurses
import RolloutUI

/// Maps semantic styles to curses colour pairs and attributes, once, in one table.
/// Monochrome (NO_COLOR, --no-color, or a terminal without colours) uses attributes only;
/// the phases stay apart by their glyphs.
struct Theme {
    enum Depth { case none, eight, sixteen, full }

    /// Per style: (foreground, background, attributes) for colour terminals.
    typealias Spec = (fg: Int16, bg: Int16, attrs: attr_t)

    let depth: Depth
    private var specs: [Style: (pair: Int16, attrs: attr_t)] = [:]

    init(depth: Depth) {
        self.depth = depth
        let bold = rs_a_bold(), dim = rs_a_dim(), rev = rs_a_reverse(), under = rs_a_underline()
        if depth == .none {
            let mono: [Style: attr_t] = [
                .bold: bold, .title: bold, .borderFocus: bold, .selection: rev, .ruler: dim, .cursor: bold, .dim: dim,
                .headerBar: rev, .live: rev | bold, .replay: rev | bold, .paused: rev, .error: bold, .warning: bold | under,
                .info: under, .ok: 0, .killed: bold | rev, .initFailed: bold, .terminating: 0, .preStop: 0,
                .unobserved: dim, .signal: bold, .key: bold, .searchMatch: under, .pending: dim, .starting: 0, .notReady: dim,
            ]
            for style in Style.allCases { specs[style] = (0, mono[style] ?? 0) }
            return
        }
        let rich = depth == .full || depth == .sixteen
        // 256-colour and 16-colour terminals get brighter shades; 8 colours use the basics.
        func c(_ basic: Int16, _ bright: Int16) -> Int16 { rich ? bright : basic }
        let table: [Style: Spec] = [
            .normal: (-1, -1, 0), .dim: (c(7, 8), -1, 0), .bold: (-1, -1, bold), .title: (c(6, 14), -1, bold),
            .border: (c(4, 8), -1, 0), .borderFocus: (c(6, 14), -1, bold), .selection: (c(0, 0), c(6, 14), 0),
            .ruler: (c(7, 8), -1, 0), .cursor: (c(3, 11), -1, bold),
            .headerBar: (c(7, 15), c(4, 4), 0), .live: (c(7, 15), c(2, 2), bold), .replay: (c(0, 0), c(3, 11), bold),
            .paused: (c(0, 0), c(7, 7), 0), .error: (c(1, 9), -1, bold), .warning: (c(3, 11), -1, bold),
            .info: (c(6, 14), -1, 0), .ok: (c(2, 10), -1, 0),
            .pending: (c(7, 8), -1, 0), .initializing: (c(5, 13), -1, 0), .initFailed: (c(1, 9), -1, bold),
            .starting: (c(6, 14), -1, 0), .ready: (c(2, 10), -1, 0), .notReady: (c(3, 11), -1, 0),
            .preStop: (c(4, 12), -1, bold), .terminating: (c(3, 11), -1, 0), .unobserved: (c(7, 8), -1, 0),
            .killed: (c(7, 15), c(1, 1), bold), .signal: (c(1, 9), -1, bold), .event: (c(6, 14), -1, 0),
            .key: (c(3, 11), -1, bold), .searchMatch: (c(0, 0), c(3, 11), 0),
        ]
        var pair: Int16 = 1
        for style in Style.allCases {
            let spec = table[style] ?? (-1, -1, 0)
            if spec.fg == -1 && spec.bg == -1 {
                specs[style] = (0, spec.attrs)
                continue
            }
            init_pair(pair, spec.fg, spec.bg)
            specs[style] = (pair, spec.attrs)
            pair += 1
        }
    }

    func attributes(_ style: Style) -> (pair: Int16, attrs: attr_t) { specs[style] ?? (0, 0) }
}
