import RolloutCore

extension Panes {
    /// The bottom line: the footer's note, else the live source's problem, else the hints of
    /// the main screen's keys (`KeyCommand`), as many whole ones as fit.
    static func footer(_ buf: inout ScreenBuffer, _ r: Rect, state s: AppState, glyphs g: Glyphs) {
        if let message = s.message {
            line(&buf, r.x + 1, r.y, [Run(message, .bold)], width: r.width - 2)
            return
        }
        if let problem = s.liveProblem {
            buf.fill(r, " ", .error)
            line(&buf, r.x + 1, r.y, [Run("! " + problem, .error)], width: r.width - 2)
            return
        }
        // Whole hints only: the ones that do not fit are left out, never cut mid-word.
        var runs: [Run] = []
        var used = 0
        for hint in KeyCommand.mainScreen(s.mode).compactMap(\.hint) {
            let keys = hint.label(g)
            let w = keys.count + hint.text.count + 3
            if used + w - 2 > r.width - 2 { break }
            runs += [Run(keys, .key), Run(" \(hint.text)  ", .dim)]
            used += w
        }
        line(&buf, r.x + 1, r.y, runs, width: r.width - 2)
    }
}
