import Testing
@testable import RolloutCore
@testable import RolloutUI

/// Each pane drawn into a tiny buffer filled with `x`: the expected rows show every cell the
/// pane wrote and, as `x`, every cell it left alone. One behaviour, one to five rows.
@Suite struct PaneTests {
    /// Draws `lines` of runs from the left edge of a buffer `width` wide.
    static func draw(_ lines: [[Run]], width: Int) -> [String] {
        var buf = marked(width, lines.count)
        for (i, runs) in lines.enumerated() { Panes.line(&buf, 0, i, runs, width: width) }
        return buf.rows
    }

    // MARK: Header

    static func header(_ state: AppState, rollout: Rollout? = Sample.rollout(), workloads: Int = 1, earlier: Int = 0,
                       width: Int = 72, glyphs: Glyphs = .ascii) -> ScreenBuffer {
        var buf = marked(width, 2)
        Panes.header(&buf, Rect(x: 0, y: 0, width: width, height: 2), state: state, rollout: rollout, workloads: workloads,
                     earlier: earlier, glyphs: glyphs)
        return buf
    }

    @Test func headerShowsSourceWorkloadModeAndProgress() {
        let buf = Self.header(Sample.state())
        #expect(buf.rows == [
            " rollscope test  shop/web                    || REPLAY x1  14:20:40 UTC ",
            "xnew 1/1 ready  old 0 serving  stopping 1  40s so far  1 error 0 warninx",
        ])
        #expect(buf.maskRows[0] == String(repeating: "H", count: 44) + String(repeating: "P", count: 14) + String(repeating: "H", count: 14))
    }

    @Test(arguments: [
        (Mode.replay, true, true, Glyphs.unicode, " ▶ REPLAY x1 "), (.replay, true, false, .unicode, " ❚❚ REPLAY x1 "),
        (.live, false, true, .unicode, " ● LIVE "), (.live, false, false, .unicode, " ❚❚ LIVE (paused) "),
        (.replay, true, true, .ascii, " > REPLAY x1 "), (.replay, true, false, .ascii, " || REPLAY x1 "),
        (.live, false, true, .ascii, " * LIVE "), (.live, false, false, .ascii, " || LIVE (paused) "),
    ])
    func headerModeMarks(mode: Mode, playing: Bool, moving: Bool, glyphs: Glyphs, expected: String) {
        var state = Sample.state(mode)
        if mode == .replay { state.playing = moving } else { state.follow = moving }
        let top = Self.header(state, glyphs: glyphs).rows[0]
        #expect(top.hasSuffix(expected + " 14:20:40 UTC "), "\(top)")
    }

    @Test func headerCountsWorkloadsAndEarlierRollouts() {
        let buf = Self.header(Sample.state(), workloads: 3, earlier: 2, width: 100)
        #expect(buf.rows[0] == " rollscope test  shop/web (3 workloads, w lists them)  +2 earlier        || REPLAY x1  14:20:40 UTC ")
    }

    @Test func headerWithoutARollout() {
        #expect(Self.header(Sample.state(), rollout: nil, width: 60).rows == [
            " rollscope test                  || REPLAY x1  14:20:40 UTC ",
            "xno pods yetxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ])
    }

    @Test func headerShowsFilterAndSort() {
        var state = Sample.state()
        state.filter = "old"
        state.sort = .name
        let row = Self.header(state, rollout: Sample.rollout(findings: []), width: 110).rows[1]
        #expect(row == "xnew 1/1 ready  old 0 serving  stopping 1  40s so far  0 errors 0 warnings  filter old  sort namexxxxxxxxxxxxx")
    }

    // MARK: Timeline

    /// 14:19:50 to 14:20:50, ten seconds a column.
    static var chart: TimelineChart { TimelineChart(start: Sample.at("14:19:50"), step: 10, columns: 6) }

    static func podRow(_ pod: PodTimeline, selected: Bool = false, cursor: String = "14:20:40", glyphs: Glyphs) -> String {
        var buf = marked(20, 1)
        Panes.podRow(&buf, x: 0, y: 0, pod: pod, selected: selected, focused: true, nameWidth: 12, chart: chart, cursor: Sample.at(cursor),
                     cursorColumn: nil, glyphs: glyphs)
        return buf.rows[0]
    }

    @Test func podRowShowsPhasesDropsAndTheKill() {
        // Ready, preStop, a dropped request, the SIGKILL (it wins over the second drop in its
        // column); nothing after it. The gap after the name is not the row's.
        #expect(Self.podRow(Sample.oldPod, cursor: "14:20:50", glyphs: .unicode) == " web-old-a  x█▓▓◆✗xx")
        #expect(Self.podRow(Sample.oldPod, cursor: "14:20:50", glyphs: .ascii) == " web-old-a  x=~~*Xxx")
    }

    @Test func podRowShowsOnlyWhatHappenedBeforeTheCursor() {
        var stopping = Sample.oldPod
        stopping.signals = []
        #expect(Self.podRow(stopping, cursor: "14:20:20", glyphs: .ascii) == " web-old-a  x=~~xxxx")
        #expect(Self.podRow(Sample.newPod, selected: true, cursor: "14:20:20", glyphs: .ascii) == ">web-new-b  xxi=xxxx")
    }

    @Test func podRowMarksTheSelectionAndTheCursor() {
        var buf = marked(20, 1)
        Panes.podRow(&buf, x: 0, y: 0, pod: Sample.newPod, selected: true, focused: true, nameWidth: 12, chart: Self.chart,
                     cursor: Sample.at("14:20:50"), cursorColumn: 2, glyphs: .unicode)
        #expect(buf.rows == ["▶web-new-b  xx▒┃███x"])
        #expect(buf.maskRows == ["SSSSSSSSSSSS  i|=== "])
    }

    @Test func podRowFitsLongNames() {
        var pod = Sample.newPod
        pod.name = "web-5f8d7c9b4a-k2hdz"
        #expect(Self.podRow(pod, cursor: "14:20:00", glyphs: .unicode).hasPrefix(" web-5…k2hdzx"))
        #expect(Self.podRow(pod, cursor: "14:20:00", glyphs: .ascii).hasPrefix(" web-5..2hdzx"))
    }

    static func timeline(scroll: Int, height: Int, glyphs: Glyphs = .ascii) -> [String] {
        let pods = [Sample.oldPod, Sample.newPod]
        var buf = marked(40, height)
        Panes.timeline(&buf, Rect(x: 0, y: 0, width: 40, height: height), state: Sample.state(), rollout: Sample.rollout(), pods: pods,
                       rows: ViewModel.rows(pods), scroll: scroll, window: (Sample.at("14:19:50"), 60), glyphs: glyphs)
        return buf.rows
    }

    @Test func timelineGroupsPodsByRoleAndMarksHiddenRows() {
        // Four rows (two groups, two pods), two shown: more below.
        #expect(Self.timeline(scroll: 0, height: 6).suffix(3) == [
            "|old web-old (1)                       |",
            "|>web-old-a   ====~~~~~~~~~~*~~X  |    |",
            "+-----------------------------------v--+",
        ])
        // Scrolled by two: more above, none below.
        #expect(Self.timeline(scroll: 2, height: 6, glyphs: .unicode)[0] == "┌─ Timeline ────────────────────────▲──┐")
        #expect(Self.timeline(scroll: 2, height: 6, glyphs: .unicode).suffix(3) == [
            "│new web-new (1)                       │",
            "│ web-new-b       ·▒▒░░███████████┃    │",
            "└──────────────────────────────────────┘",
        ])
    }

    // MARK: Detail sections

    @Test func detailIdentity() {
        #expect(Self.draw(Panes.identityLines(Sample.oldPod), width: 48) == [
            "old  Terminating  node worker-1  ip 10.0.0.1xxxx",
            "created 14:00:00  scheduled 14:00:01xxxxxxxxxxxx",
            "initialized 14:00:09  ready 14:00:12 (+12s)xxxxx",
        ])
        var starting = Sample.newPod
        starting.readyAt = nil
        starting.initializedAt = nil
        #expect(Self.draw(Panes.identityLines(starting), width: 48).last == "not ready yetxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
    }

    @Test func detailInitContainers() {
        #expect(Self.draw(Panes.initContainerLines(Sample.oldPod, glyphs: .unicode), width: 44)
            == ["init migrate 14:00:03→14:00:08 5s exit 0xxxx"])
        var crashing = Sample.newPod
        crashing.initContainers[0].exitCode = 1
        crashing.initContainers[0].waitingReason = "CrashLoopBackOff"
        crashing.initContainers[0].restarts = 4
        let lines = Panes.initContainerLines(crashing, glyphs: .ascii)
        #expect(Self.draw(lines, width: 76)
            == ["init migrate 14:20:02->14:20:07 5s exit 1 CrashLoopBackOff restarts 4xxxxxxx"])
        #expect(lines[0].filter { $0.style == .error }.map(\.text) == [" exit 1", " CrashLoopBackOff"])
        var sidecar = Sample.newPod
        sidecar.initContainers = [InitContainerTimeline(name: "proxy", sidecar: true, startedAt: Sample.at("14:20:03"), restarts: 0, running: true)]
        #expect(Self.draw(Panes.initContainerLines(sidecar, glyphs: .ascii), width: 44) == ["init proxy sidecar running since 14:20:03xxx"])
    }

    @Test func detailContainers() {
        #expect(Self.draw(Panes.containerLines(Sample.oldPod), width: 80)
            == ["ctr  nginx started 14:00:10 exit 137 Error at 14:20:32 preStop exec (sleep 40)xx"])
        #expect(Self.draw(Panes.containerLines(Sample.newPod), width: 48) == ["ctr  nginx started 14:20:09 preStop sleep 5sxxxx"])
        var hookless = Sample.newPod
        hookless.containers[0].preStop = .none
        hookless.containers[0].preStopSleepSeconds = nil
        #expect(Panes.containerLines(hookless)[0].last == Run(" preStop none", .warning))
    }

    @Test func detailTermination() {
        #expect(Self.draw(Panes.terminationLines(Sample.oldPod, cursor: Sample.at("14:20:40")), width: 74) == [
            "term requested 14:20:00  grace 30s  Killing 14:20:00xxxxxxxxxxxxxxxxxxxxxx",
            "     took 32s (finished 14:20:32)  exit nginx=137  SIGKILL: grace exceeded",
        ])
        // Still stopping at the cursor: how long so far.
        var stopping = Sample.oldPod
        stopping.termination = Termination(requestedAt: Sample.at("14:20:00"), gracePeriodSeconds: 30, preStop: .exec, exitCodes: [])
        #expect(Self.draw(Panes.terminationLines(stopping, cursor: Sample.at("14:20:12")), width: 40).last
            == "     stopping for 12sxxxxxxxxxxxxxxxxxxx")
        // Polled: the end was not seen, only bounds.
        stopping.termination?.secondsAtLeast = 20
        stopping.termination?.secondsAtMost = 30
        #expect(Self.draw(Panes.terminationLines(stopping, cursor: Sample.at("14:20:40")), width: 40).last
            == "     end not observed: 20s to 30sxxxxxxx")
        #expect(Panes.terminationLines(Sample.newPod, cursor: Sample.at("14:20:40")).isEmpty)
    }

    @Test func detailEndpointSignalsAndEvents() {
        #expect(Self.draw(Panes.endpointLines(Sample.oldPod), width: 66)
            == ["endp web-x1 ready=false serving=true terminating=true at 14:20:01x"])
        // Where they were read: the file without its folders, and the format.
        #expect(Self.draw(Panes.signalLines(Sample.oldPod, glyphs: .ascii), width: 55)
            == ["sigs 2 dropped 14:20:25->14:20:31 from log (JSON Lines)"])
        #expect(Self.draw(Panes.eventLines(Sample.oldPod), width: 48) == ["evt  14:20:00 Killing Stopping container nginxxx"])
        #expect(Panes.endpointLines(Sample.newPod).isEmpty && Panes.signalLines(Sample.newPod, glyphs: .ascii).isEmpty)
    }

    @Test func detailPaneWrapsAndScrolls() {
        var state = Sample.state()
        state.focus = .detail
        var buf = marked(40, 5)
        Panes.detail(&buf, Rect(x: 0, y: 0, width: 40, height: 5), state: state, pod: Sample.oldPod, glyphs: .ascii)
        #expect(buf.rows == [
            "+- Pod web-old-a ----------------------+",
            "| old  Terminating  node worker-1  ip  |",
            "|      10.0.0.1                        |",
            "| created 14:00:00  scheduled 14:00:01 |",
            "+--------------------------------------+",
        ])
        state.detailScroll = 2
        buf = marked(40, 5)
        Panes.detail(&buf, Rect(x: 0, y: 0, width: 40, height: 5), state: state, pod: Sample.oldPod, glyphs: .ascii)
        #expect(buf.rows[1] == "| created 14:00:00  scheduled 14:00:01 |")
    }

    // MARK: Log

    @Test func logShowsTheNewestEntriesWithTheirPods() {
        let entries = ViewModel.logEntries(Sample.rollout())
        var buf = marked(60, 4)
        Panes.log(&buf, Rect(x: 0, y: 0, width: 60, height: 4), state: Sample.state(), entries: entries[...], glyphs: .ascii)
        #expect(buf.rows == [
            "+- Log (5) ------------------------------------------------+",
            "| 14:20:30 web-old-a      grace-exceeded nginx was still ru|",
            "| 14:20:31 web-old-a      dropped POST /pay 502 log (JSON L|",
            "+----------------------------------------------------------+",
        ])
        var empty = marked(30, 3)
        Panes.log(&empty, Rect(x: 0, y: 0, width: 30, height: 3), state: Sample.state(), entries: [], glyphs: .ascii)
        #expect(empty.rows[1] == "| nothing yet                |")
    }

    @Test func logEntriesAreInTimeOrderAndCutAtTheCursor() {
        let rollout = Sample.rollout()
        let view = ViewModel.logEntries(rollout)
        #expect(view.map { $0.time.clock } == ["14:20:00", "14:20:08", "14:20:25", "14:20:30", "14:20:31"])
        #expect(view.map { $0.runs[0].text } == ["Killing", "Pulled", "dropped", "grace-exceeded", "dropped"])
        // Up to the cursor, the instant itself included.
        #expect(ViewModel.entries(view, upTo: Sample.at("14:20:25")).map { $0.time.clock } == ["14:20:00", "14:20:08", "14:20:25"])
        #expect(ViewModel.entries(view, upTo: Sample.at("14:20:24")).count == 2)
        #expect(ViewModel.entries(view, upTo: Sample.at("14:19:00")).isEmpty)
        #expect(ViewModel.entries(view, upTo: Sample.at("14:21:00")).count == 5)
    }

    // MARK: Footer

    static func footer(_ state: AppState, width: Int = 60, glyphs: Glyphs = .unicode) -> String {
        var buf = marked(width, 1)
        Panes.footer(&buf, Rect(x: 0, y: 0, width: width, height: 1), state: state, glyphs: glyphs)
        return buf.rows[0]
    }

    @Test func footerShowsWholeHintsThatFit() {
        #expect(Self.footer(Sample.state()) == "x? help  q quit  ↑↓ select  Enter detail  Tab focus  ←→ panx")
        #expect(Self.footer(Sample.state(), glyphs: .ascii) == "x? help  q quit  Up/Dn select  Enter detail  Tab focus  xxxx")
        #expect(Self.footer(Sample.state(.live), width: 150, glyphs: .ascii)
            == "x? help  q quit  Up/Dn select  Enter detail  Tab focus  Lt/Rt pan  +- zoom  0 fit  space pause  n/N change  G live  / filter  s sort  f findings  xxxx")
        #expect(Self.footer(Sample.state(.replay), width: 150).contains("space play  [ ] speed  n/N change  g/G start/end  / filter"))
    }

    @Test func footerNoteAndProblem() {
        var state = Sample.state(.live)
        state.liveProblem = "kubectl: connection refused"
        // The whole line in the error style.
        #expect(Self.footer(state, width: 34) == " ! kubectl: connection refused    ")
        state.message = "sorted by name"
        #expect(Self.footer(state, width: 34) == "xsorted by namexxxxxxxxxxxxxxxxxxx")
    }

    // MARK: Overlays

    @Test func findingsListsEachWithItsWrappedMessage() {
        var buf = marked(50, 9)
        Panes.findings(&buf, rollout: Sample.rollout(), state: Sample.state(), glyphs: .ascii)
        #expect(buf.rows[1...5] == [
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxx+- Findings (1)  Esc closes ---------------+xxx",
            "xxx| ERROR grace-exceeded web-old-a at 14:20: |xxx",
            "xxx|   nginx was still running 32 s after the |xxx",
            "xxx|   deletion request; grace period 30 s.   |xxx",
        ])
        var none = marked(50, 9)
        Panes.findings(&none, rollout: Sample.rollout(findings: []), state: Sample.state(), glyphs: .ascii)
        #expect(none.rows[3] == "xxx| No findings at 14:20:40.                 |xxx")
    }

    @Test func workloadRowsShowStateProgressAndErrors() {
        #expect(Self.draw([Panes.workloadRow(Sample.rollout(), selected: false, glyphs: .ascii)], width: 72)
            == ["shop/web                          rolling      1/1        0    1 errorxx"])
        let done = Sample.rollout(.complete, oldServing: 0, terminating: 0, findings: [], finished: "14:20:40")
        #expect(Self.draw([Panes.workloadRow(done, selected: true, glyphs: .ascii)], width: 72)
            == ["shop/web                          rolled       1/1        0    -xxxxxxxx"])
    }

    @Test func workloadsOverlayListsEveryWorkload() {
        var state = Sample.state()
        state.workloadCursor = 0
        var buf = marked(80, 9)
        Panes.workloads(&buf, rollouts: [Sample.rollout()], state: state, glyphs: .ascii)
        #expect(buf.rows[1...4] == [
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xx+- Workloads (1)  Enter opens, Esc closes ---------------------------------+xx",
            "xx| WORKLOAD                          STATE        NEW READY  OLD  FINDINGS  |xx",
            "xx| shop/web                          rolling      1/1        0    1 error   |xx",
        ])
    }

    @Test func helpListsTheKeyTableForTheMode() {
        var replay = marked(80, 24)
        Panes.help(&replay, mode: .replay, glyphs: .ascii)
        #expect(replay.rows[3...7] == [
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "x+- Keys  (Esc closes) -------------------------------------------------------+x",
            "x| ?         this help                  0         fit the whole rollout       |x",
            "x| q         quit                       space     play / pause                |x",
            "x| Up Dn j k select pod / scroll pane   [ ]       slower / faster replay      |x",
        ])
        // Live: no speed; space holds the cursor, G follows now again.
        var live = marked(80, 24)
        Panes.help(&live, mode: .live, glyphs: .ascii)
        #expect(live.rows[6...9] == [
            "x| q         quit                       space     hold / follow live          |x",
            "x| Up Dn j k select pod / scroll pane   n N       next / previous change      |x",
            "x| PgUp PgDn page up / down             , .       step one column back / on   |x",
            "x| Home End  first / last pod           g G       start / follow live         |x",
        ])
    }

    @Test func filterPromptTakesTheBottomLine() {
        var buf = marked(30, 2)
        Panes.filterPrompt(&buf, draft: "web-o")
        #expect(buf.rows == ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", " filter pods: web-o_          "])
        #expect(buf.maskRows[1] == " kkkkkkkkkkkkkmmmmm|          ")
    }

    @Test func tooSmallSaysSoInTheMiddle() {
        var buf = marked(24, 5)
        Panes.tooSmall(&buf)
        #expect(buf.rows == [
            "xxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxterminal too smallxxx",
            "xxx24x5, needs 60x15xxxx",
            "xxxxxxxxq quitsxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxx",
        ])
    }
}
