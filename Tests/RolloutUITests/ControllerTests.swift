import Testing
@testable import RolloutCore
@testable import RolloutUI

/// Selection and scrolling are kept within bounds where keys, data and time arrive, at the
/// terminal's size; drawing changes nothing.
@Suite struct ControllerTests {
    @Test func thePageSizeComesFromTheLayoutOfTheTerminalSize() throws {
        var a = try manyPodsApp(60)
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 60, height: 15)] {
            a.resize(to: size)
            a.handle(.home)
            a.handle(.pageDown)
            let page = Layout(state: a.state, size: size, timelineRows: 61).pageSize
            #expect(a.state.selected == page - 1, "\(size)")
        }
        // 80x24: 21 rows below the header, 45% of them for detail and log, four for the
        // timeline's border and ruler.
        #expect(Layout(state: a.state, size: Size(width: 80, height: 24), timelineRows: 61).pageSize == 8)
    }

    @Test func theTimelineScrollFollowsTheSelectionAsKeysArrive() throws {
        var a = try manyPodsApp(60)
        a.resize(to: Size(width: 80, height: 24))
        a.handle(.end)
        // 61 rows (a group header and 60 pods), 8 shown: the last eight.
        #expect(a.state.scroll == 53)
        a.handle(.home)
        #expect(a.state.scroll == 0)
        for _ in 0..<10 { a.handle(.down) }
        // The eleventh pod is row 11: rows 4 to 11 are shown.
        #expect(a.state.scroll == 4)
        let rows = a.render(width: 80, height: 24, glyphs: .ascii).text.split(separator: "\n")
        let selected = try #require(a.selectedPod()).name, first = a.visiblePods()[0].name
        #expect(rows.contains { $0.hasPrefix("|>\(selected) ") })
        #expect(!rows.contains { $0.contains("\(first) ") })
        // A smaller terminal (two rows) keeps the selection in sight.
        a.resize(to: Size(width: 60, height: 15))
        #expect(a.state.scroll == 10)
    }

    @Test func theSelectionStaysOnAPodWhenTheCursorGoesBack() throws {
        var a = try replayApp(["sigkill/pods-watch.json", "sigkill/events.json"])
        a.handle(.end)
        #expect(a.state.selected == 5)
        // At the rollout's start only the three old pods exist.
        a.handle(.char("g"))
        #expect(a.visiblePods().count == 3)
        #expect(a.state.selected == 2)
    }

    @Test func drawingChangesNothingAndShowsTheStateAsItIs() throws {
        var a = try replayApp(["sigkill/pods-watch.json", "sigkill/events.json"])
        a.resize(to: Size(width: 120, height: 40))
        a.handle(.end)
        let state = a.state
        _ = a.render(width: 60, height: 15)
        #expect(a.state == state)
        // A state changed directly (not through a key) is drawn with the nearest valid
        // selection, as refreshing it would make it.
        a.state.cursor = Instant(rfc3339: "2026-11-21T14:20:00Z")!
        let direct = a.render(width: 120, height: 40)
        #expect(a.state.selected == 5)
        a.refresh()
        #expect(a.state.selected == 2)
        let refreshed = a.render(width: 120, height: 40)
        #expect(refreshed.text == direct.text && refreshed.styleMask == direct.styleMask)
    }

    @Test func theDetailStopsScrollingAtItsLastLine() throws {
        var a = try replayApp(["sigkill/pods-watch.json", "sigkill/events.json"])
        a.resize(to: Size(width: 80, height: 24))
        a.handle(.tab)
        for _ in 0..<50 { a.handle(.down) }
        let lines = Panes.detailContent(a.selectedPod(), cursor: a.state.cursor, width: 78, glyphs: .unicode).count
        let height = try #require(a.layout.detail).height - 2
        #expect(a.state.detailScroll == lines - height)
        a.handle(.up)
        #expect(a.state.detailScroll == lines - height - 1)
    }

    @Test func theLogAndTheFindingsStopScrollingAtTheirEnds() throws {
        var a = try replayApp(["sigkill/pods-watch.json", "sigkill/events.json"])
        a.resize(to: Size(width: 80, height: 24))
        a.handle(.tab)
        a.handle(.tab)
        for _ in 0..<500 { a.handle(.up) }
        let entries = a.view.log(upTo: a.state.cursor).count
        let height = try #require(a.layout.log).height - 2
        #expect(a.state.logScroll == entries - height)
        a.handle(.down)
        #expect(a.state.logScroll == entries - height - 1)

        // A small terminal, so the findings do not fit.
        a.resize(to: Size(width: 60, height: 15))
        a.handle(.char("f"))
        for _ in 0..<50 { a.handle(.pageDown) }
        let box = Panes.findingsRect(a.size).inset(1)
        let findings = Panes.findingsContent(a.rollout(), cursor: a.state.cursor, width: box.width).count
        #expect(a.state.findingsScroll == findings - box.height)
        a.handle(.up)
        #expect(a.state.findingsScroll == findings - box.height - 1)
    }

    @Test func theWorkloadIndexStaysWithinTheModel() throws {
        var a = try replayApp(["sigkill/pods-watch.json"])
        a.state.rolloutIndex = 7
        a.refresh()
        #expect(a.state.rolloutIndex == 0)
        #expect(a.rollout()?.workload == "web")
    }

    @Test func aFollowingCursorAloneKeepsTheView() throws {
        let source = try store(["sigkill/pods-watch.json"])
        var a = App(store: ObservationStore(), mode: .live, source: "live")
        a.receive(source.observations)
        let end = try #require(source.end)
        a.setNow(end + 1)
        let inputs = a.view.inputs
        for s in 2...5 { a.setNow(end + Double(s)) }
        #expect(a.view.inputs == inputs)
        #expect(a.state.cursor == end + 5)
    }
}
