import Testing
@testable import RolloutCore
@testable import RolloutUI

/// Each glyph set names every glyph: an ASCII screen holds ASCII only, whatever it shows.
@Suite struct GlyphTests {
    /// The screens to check: replay paused and playing, scrolled both ways, each overlay, a
    /// note, live following and held.
    static func screens(_ glyphs: Glyphs) throws -> [ScreenBuffer] {
        var out: [ScreenBuffer] = []
        var a = try replayApp(["no-prestop/pods-watch.json", "no-prestop/events.json"], signals: ["no-prestop/ingress-nginx.log"])
        a.resize(to: Size(width: 60, height: 15))
        out.append(a.render(width: 60, height: 15, glyphs: glyphs))
        a.handle(.char("]"))
        a.handle(.char(" "))
        a.handle(.end)
        out.append(a.render(width: 60, height: 15, glyphs: glyphs))
        a.handle(.home)
        a.handle(.down)
        a.handle(.char("+"))
        out.append(a.render(width: 60, height: 15, glyphs: glyphs))
        for (key, wide) in [(Key.char("?"), false), (.char("f"), true), (.char("w"), true), (.char("/"), true)] {
            a.handle(key)
            out.append(a.render(width: wide ? 120 : 80, height: wide ? 40 : 24, glyphs: glyphs))
            a.handle(.escape)
        }
        a.handle(.enter)
        out.append(a.render(width: 120, height: 40, glyphs: glyphs))
        var live = try replayApp(["sigkill/pods-watch.json", "sigkill/events.json"])
        live.state.mode = .live
        live.state.follow = true
        out.append(live.render(width: 80, height: 24, glyphs: glyphs))
        live.handle(.char(" "))
        out.append(live.render(width: 80, height: 24, glyphs: glyphs))
        return out
    }

    @Test func asciiScreensHoldOnlyAscii() throws {
        for (i, screen) in try Self.screens(.ascii).enumerated() {
            let foreign = Set(screen.cells.map(\.char).filter { !$0.isASCII })
            #expect(foreign.isEmpty, "screen \(i): \(foreign.sorted())\n\(screen.text)")
        }
    }

    /// The same screens in Unicode do use the glyphs the ASCII set replaces, so the test above
    /// looks where they would be.
    @Test func theScreensShowEveryKindOfGlyph() throws {
        let text = try Self.screens(.unicode).map(\.text).joined(separator: "\n")
        for glyph in ["▲", "▼", "▶", "❚❚", "●", "◆", "→", "↑↓", "←→", "┃", "┴", "█", "…"] {
            #expect(text.contains(glyph), "no \(glyph) on any screen")
        }
    }

    /// The ASCII timeline speaks the text report's chart language.
    @Test func asciiPhasesAreTheReportsChartCharacters() {
        let t = Instant(seconds: 1000)
        for phase in Segment.Phase.allCases {
            let chart = TimelineChart(start: t, step: 10, columns: 1)
            let row = chart.row([Segment(phase: phase, from: t, to: phase == .killed ? t : t + 10)])
            #expect(row == String(Glyphs.ascii.phase(phase)), "\(phase)")
        }
    }

    /// Every cell is one column: no glyph of either set is replaced when drawn.
    @Test func everyGlyphIsOneCellWide() {
        for g in [Glyphs.unicode, .ascii] {
            var glyphs: [Character] = Segment.Phase.allCases.map { g.phase($0) }
            glyphs += [g.horizontal, g.vertical, g.topLeft, g.topRight, g.bottomLeft, g.bottomRight, g.tick, g.cursor, g.selected,
                       g.signal, g.moreAbove, g.moreBelow]
            let strings = [g.ellipsis, g.arrowRight, g.following, g.paused, g.playing, g.keyUp, g.keyDown, g.keyLeft, g.keyRight]
            glyphs += strings.flatMap { Array($0) }
            #expect(glyphs.allSatisfy { ScreenBuffer.safe($0) == $0 }, "\(g)")
            #expect(Set(Segment.Phase.allCases.map { g.phase($0) }).count == Segment.Phase.allCases.count, "two phases share a glyph in \(g)")
        }
    }
}
