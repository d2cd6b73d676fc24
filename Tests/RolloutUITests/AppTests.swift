import Foundation
import Testing
@testable import RolloutCore
@testable import RolloutUI

@Suite struct KeyTests {
    func app() throws -> App { try replayApp(["sigkill/pods-watch.json", "sigkill/events.json"]) }

    @Test func opensAtTheEndPaused() throws {
        let a = try app()
        #expect(a.state.cursor == a.store.end)
        #expect(!a.state.playing)
        #expect(a.rollout()?.pods.count == 6)
    }

    @Test func selectionMovesAndClamps() throws {
        var a = try app()
        a.resize(to: Size(width: 120, height: 40))
        a.handle(.down); a.handle(.char("j"))
        #expect(a.state.selected == 2)
        a.handle(.up)
        #expect(a.state.selected == 1)
        for _ in 0..<20 { a.handle(.down) }
        #expect(a.state.selected == 5)
        a.handle(.pageUp)
        #expect(a.state.selected < 5)
        a.handle(.home)
        #expect(a.state.selected == 0)
        a.handle(.end)
        #expect(a.state.selected == 5)
    }

    @Test func replayControls() throws {
        var a = try app()
        let start = a.rolloutStart(), end = a.store.end!
        a.handle(.char("g"))
        #expect(a.state.cursor == start)
        a.handle(.char("n"))
        #expect(a.state.cursor > start)
        let afterOne = a.state.cursor
        a.handle(.char("n"))
        #expect(a.state.cursor > afterOne)
        a.handle(.char("N"))
        #expect(a.state.cursor == afterOne)
        a.handle(.char("G"))
        #expect(a.state.cursor == end)
        // Space at the end restarts from the beginning and plays.
        a.handle(.char(" "))
        #expect(a.state.playing)
        #expect(a.state.cursor == start)
        a.handle(.char("]")); a.handle(.char("]"))
        #expect(a.state.speed == 4)
        a.advance(seconds: 2)
        #expect(a.state.cursor == start + 8)
        a.handle(.char("[")); a.handle(.char("[")); a.handle(.char("[")); a.handle(.char("["))
        #expect(a.state.speed == 0.25)
        a.handle(.char(" "))
        #expect(!a.state.playing)
        a.advance(seconds: 5)
        #expect(a.state.cursor == start + 8)
    }

    @Test func playingStopsAtTheEnd() throws {
        var a = try app()
        a.handle(.char("g"))
        a.handle(.char(" "))
        a.state.speed = 64
        a.advance(seconds: 3600)
        #expect(a.state.cursor == a.store.end)
        #expect(!a.state.playing)
    }

    @Test func panZoomAndFit() throws {
        var a = try app()
        let fitted = a.viewWindow()
        a.handle(.char("+"))
        #expect(abs(a.viewWindow().span - fitted.span / 2) < 0.001)
        a.handle(.right)
        #expect(a.viewWindow().start > fitted.start)
        a.handle(.char("-")); a.handle(.char("-"))
        #expect(abs(a.viewWindow().span - fitted.span * 2) < 0.001)
        a.handle(.char("0"))
        #expect(a.state.viewSpan == nil)
        #expect(a.viewWindow().start == fitted.start)
    }

    @Test func filterSortAndOverlays() throws {
        var a = try app()
        a.handle(.char("/"))
        #expect(a.state.overlay == .filter)
        for c in "x5l" { a.handle(.char(c)) }
        a.handle(.backspace); a.handle(.char("l"))
        a.handle(.enter)
        #expect(a.state.filter == "x5l")
        #expect(a.visiblePods().map(\.name) == ["web-7d4b9c8f6d-x5lqm"])
        a.handle(.escape)
        #expect(a.state.filter == "")
        a.handle(.char("/")); a.handle(.char("z")); a.handle(.escape)
        #expect(a.state.filter == "" && a.state.overlay == .none)
        a.handle(.char("s"))
        #expect(a.state.sort == .name)
        #expect(a.visiblePods().map(\.role) == [.old, .old, .old, .new, .new, .new])
        a.handle(.char("?"))
        #expect(a.state.overlay == .help)
        a.handle(.char("j"))
        #expect(a.state.selected == 0)
        a.handle(.escape)
        a.handle(.char("f"))
        #expect(a.state.overlay == .findings)
        a.handle(.escape)
        #expect(a.state.overlay == .none)
        a.handle(.tab)
        #expect(a.state.focus == .detail)
        a.handle(.backTab)
        #expect(a.state.focus == .timeline)
        a.handle(.enter)
        #expect(a.state.detailExpanded)
        a.handle(.char("q"))
        #expect(a.state.quit)
    }

    @Test func liveFollowsNowUntilPaused() throws {
        var a = App(store: ObservationStore(), mode: .live, source: "ctx")
        a.setNow(t0 + 5)
        #expect(a.state.cursor == t0 + 5)
        a.handle(.char(" "))
        #expect(!a.state.follow)
        a.setNow(t0 + 9)
        #expect(a.state.cursor == t0 + 5)
        a.handle(.char("G"))
        a.setNow(t0 + 10)
        #expect(a.state.cursor == t0 + 10)
    }

    let t0 = Instant(rfc3339: "2026-11-20T10:00:00Z")!

    @Test func theScreenShowsTheStateAtTheCursor() throws {
        var a = try app()
        // Before the rollout began, only the old pods exist and none is terminating.
        a.state.cursor = Instant(rfc3339: "2026-11-21T14:20:00Z")!
        let early = a.render(width: 120, height: 40, glyphs: .ascii).text
        #expect(!early.contains("web-5f8d7c9b4a-k2hdz"))
        #expect(!early.contains("X"))
        a.handle(.char("G"))
        let late = a.render(width: 120, height: 40, glyphs: .ascii).text
        #expect(late.contains("web-5f8d7c9b4a-k2hdz"))
        #expect(late.contains("~X") || late.contains("tX"))
    }
}

@Suite struct ScreenTests {
    @Test func sigkillReplayAt120x40() throws {
        let a = try replayApp(["sigkill/pods-watch.json", "sigkill/events.json"])
        expectScreen(a.render(width: 120, height: 40, glyphs: .unicode), "sigkill-120x40.txt")
    }

    @Test func noPrestopAt80x24Ascii() throws {
        let a = try replayApp(["no-prestop/pods-watch.json", "no-prestop/events.json"], signals: ["no-prestop/ingress-nginx.log"])
        expectScreen(a.render(width: 80, height: 24, glyphs: .ascii), "no-prestop-80x24-ascii.txt")
    }

    @Test func crashloopDetailAndLog() throws {
        var a = try replayApp(["init-crashloop/pods.json", "init-crashloop/events.json"])
        a.handle(.end)
        a.handle(.tab); a.handle(.tab)
        expectScreen(a.render(width: 80, height: 24, glyphs: .unicode), "init-crashloop-80x24-log.txt")
    }

    @Test func helpAndFindingsOverlays() throws {
        var a = try replayApp(["sigkill/pods-watch.json", "sigkill/events.json"])
        a.handle(.char("?"))
        expectScreen(a.render(width: 80, height: 24, glyphs: .unicode), "help-80x24.txt")
        a.handle(.escape)
        a.handle(.char("f"))
        expectScreen(a.render(width: 100, height: 30, glyphs: .unicode), "findings-100x30.txt")
    }

    @Test(arguments: [(59, 24), (80, 14), (40, 12), (1, 1), (0, 0)])
    func tooSmallShowsANote(width: Int, height: Int) throws {
        let a = try replayApp(["sigkill/pods-watch.json"])
        let buf = a.render(width: width, height: height)
        #expect(buf.width == width && buf.height == height)
        if width >= 20 && height >= 3 { #expect(buf.text.contains("terminal too small")) }
    }

    @Test func everySizeRendersWithinBounds() throws {
        var a = try replayApp(["sigkill/pods-watch.json", "sigkill/events.json"])
        for w in stride(from: 60, through: 200, by: 7) {
            for h in stride(from: 15, through: 60, by: 5) {
                a.state.detailExpanded = (w + h) % 2 == 0
                a.state.focus = Focus(rawValue: (w / 7) % 3)!
                let buf = a.render(width: w, height: h)
                #expect(buf.cells.count == w * h)
            }
        }
    }

    @Test func hostileNamesNeverReachTheGrid() throws {
        let evil = "web-\u{1B}]0;pwned\u{07}\u{9B}2J-x"
        let pod = #"{"kind": "Pod", "metadata": {"name": "# + JSONWriter.quote(evil) + #", "uid": "1", "namespace": "shop", "creationTimestamp": "2026-11-20T10:00:00Z"}, "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-11-20T10:00:05Z"}]}}"#
        let event = #"{"kind": "Event", "metadata": {"name": "e", "namespace": "shop"}, "involvedObject": {"kind": "Pod", "name": "# + JSONWriter.quote(evil).dropFirst().dropLast() + #", "uid": "1"}, "reason": "Bad\u001b[31m", "message": "line1\nline2\u0007", "firstTimestamp": "2026-11-20T10:00:06Z", "type": "Warning"}"#
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rs-ui-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data((pod + "\n" + event).utf8).write(to: dir.appendingPathComponent("in.json"))
        var a = App(store: try ObservationStore.load(inputs: [dir.appendingPathComponent("in.json").path], signalFiles: []), mode: .replay, source: "x")
        for focus in Focus.allCases {
            a.state.focus = focus
            let buf = a.render(width: 120, height: 40)
            for cell in buf.cells {
                for u in cell.char.unicodeScalars { #expect(!Sanitizer.isUnsafe(u), "control U+\(String(u.value, radix: 16)) in a cell") }
            }
            #expect(buf.text.contains("\\e]0;pwned\\x07"))
        }
    }
}
