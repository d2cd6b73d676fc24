import Testing
@testable import RolloutCore
@testable import RolloutUI

/// The prober's signals where people look: the log names them `probe KIND` (on the rollout
/// when no pod claimed them), the detail counts them, the header says what was sent.
@Suite struct ProbePaneTests {
    static func probe(_ clock: String, _ kind: ProbeKind, pod: String? = nil, status: Int? = nil) -> Signal {
        .probe(start: Sample.at(clock), kind: kind, status: status, pod: pod, ip: nil, summary: "GET / \(status.map(String.init) ?? kind.rawValue)")
    }

    static var probedPod: PodTimeline {
        var p = Sample.oldPod
        p.signals = [Sample.drop("14:20:25", "POST /pay 502"), probe("14:20:26", .serverError, pod: p.name, status: 503),
                     probe("14:20:27", .slow, pod: p.name, status: 200)]
        return p
    }

    @Test func theLogNamesProbeSignalsAndShowsRolloutLevelOnesWithoutAPod() {
        var rollout = Sample.rollout()
        rollout.pods[0] = Self.probedPod
        let entries = ViewModel.logEntries(rollout, rolloutLevel: [Self.probe("14:20:28", .refused)])
        let probes = entries.filter { $0.runs[0].text.hasPrefix("probe") }
        #expect(probes.map(\.runs[0].text) == ["probe 5xx", "probe slow", "probe refused"])
        #expect(probes.map(\.pod) == ["web-old-a", "web-old-a", nil])
        #expect(probes.map(\.runs[0].style) == [.signal, .warning, .signal])
        var buf = marked(60, 5)
        Panes.log(&buf, Rect(x: 0, y: 0, width: 60, height: 5), state: Sample.state(), entries: ViewModel.entries(entries, upTo: Sample.at("14:20:28")), glyphs: .ascii)
        #expect(buf.rows == [
            "+- Log (6) ------------------------------------------------+",
            "| 14:20:26 web-old-a      probe 5xx GET / 503              |",
            "| 14:20:27 web-old-a      probe slow GET / 200             |",
            "| 14:20:28 rollout        probe refused GET / refused      |",
            "+----------------------------------------------------------+",
        ])
    }

    @Test func theDetailCountsProbeFailuresAndSlowAnswers() {
        // The log's drop names where it was read; the prober's are counted apart.
        let lines = PaneTests.draw(Panes.signalLines(Self.probedPod, glyphs: .ascii), width: 72)
        #expect(lines[0].hasPrefix("sigs 2 dropped (1 by probe) 14:20:25->14:20:26 from log (JSON Lines)x"), "\(lines[0])")
        #expect(lines[1] == "sigs 1 slow (probe)" + String(repeating: "x", count: 53))
    }

    @Test func theHeaderSaysWhatTheProberSent() {
        var state = Sample.state(.live)
        state.probe = "probe 10/s: 120 sent, 1 failed, 0 slow"
        let buf = PaneTests.header(state, width: 120)
        #expect(buf.rows[1].hasSuffix("1 error 0 warnings  probe 10/s: 120 sent, 1 failed, 0 slowxxxxxxx"), "\(buf.rows[1])")
    }
}
