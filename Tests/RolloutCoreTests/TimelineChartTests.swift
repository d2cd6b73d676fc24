import Testing
@testable import RolloutCore

/// The plain-text chart in a few columns: which phase each column shows, and the time axis.
@Suite struct TimelineChartTests {
    typealias S = Segment

    static func seg(_ phase: S.Phase, _ from: Double, _ to: Double) -> S { S(phase: phase, from: Hand.at(from), to: Hand.at(to)) }

    @Test(arguments: [
        // One phase a column.
        ([seg(.pending, 0, 2), seg(.starting, 2, 4), seg(.ready, 4, 8)], 8, "..ss===="),
        // Before and after the segments: blank.
        ([seg(.ready, 2, 5)], 7, "  ===  "),
        // A column shows the phase covering most of it; a tie goes to the later phase.
        ([seg(.pending, 0, 1.4), seg(.ready, 1.4, 3)], 3, ".=="),
        ([seg(.pending, 0, 1.5), seg(.ready, 1.5, 3)], 3, ".=="),
        ([seg(.pending, 0, 1.6), seg(.ready, 1.6, 3)], 3, "..="),
        // A SIGKILL is an instant: it takes its column, and one just past the end the last.
        ([seg(.ready, 0, 2), seg(.preStop, 2, 4), seg(.terminating, 4, 5), seg(.killed, 5, 5)], 6, "==~~tX"),
        ([seg(.ready, 0, 3), seg(.killed, 3, 3)], 3, "==X"),
        // Every phase's character.
        ([seg(.pending, 0, 1), seg(.initializing, 1, 2), seg(.initFailed, 2, 3), seg(.starting, 3, 4), seg(.ready, 4, 5),
          seg(.notReady, 5, 6), seg(.preStop, 6, 7), seg(.terminating, 7, 8), seg(.unobserved, 8, 9)], 9, ".i!s=-~t?"),
    ] as [([S], Int, String)])
    func row(segments: [S], columns: Int, expected: String) {
        #expect(Hand.row(segments, columns: columns) == expected)
    }

    @Test func coarseColumnsKeepTheLongestPhase() {
        // Ten seconds a column: 4 s pending and 6 s ready in the first column show as ready.
        let chart = TimelineChart(start: Hand.t0, step: 10, columns: 3)
        #expect(chart.row([Self.seg(.pending, 0, 4), Self.seg(.ready, 4, 30)]) == "===")
        #expect(chart.row([Self.seg(.pending, 0, 6), Self.seg(.ready, 6, 30)]) == ".==")
    }

    @Test func fittingPicksARoundStepAndAlignsTheStart() {
        // 95 s into 10 columns: 9.5 s a column rounds up to 10 s; the start to a whole 10 s.
        let chart = TimelineChart(from: Hand.at(3), to: Hand.at(98), columns: 10)
        #expect(chart.step == 10)
        #expect(chart.start == Hand.t0)
        #expect(chart.columns == 10)
        // Only as many columns as the span needs (plus one).
        #expect(TimelineChart(from: Hand.at(0), to: Hand.at(20), columns: 60).columns == 21)
        #expect(TimelineChart(from: Hand.at(0), to: Hand.at(7200), columns: 10).step == 900)
    }

    @Test func columnOfAnInstant() {
        let chart = TimelineChart(start: Hand.t0, step: 5, columns: 4)
        #expect(chart.column(of: Hand.at(0)) == 0)
        #expect(chart.column(of: Hand.at(4.9)) == 0)
        #expect(chart.column(of: Hand.at(5)) == 1)
        #expect(chart.column(of: Hand.at(19.9)) == 3)
        #expect(chart.column(of: Hand.at(20)) == nil)
        #expect(chart.column(of: Hand.at(-1)) == nil)
    }

    @Test func rulerLabelsEveryTwelveColumns() {
        let ruler = TimelineChart(start: Hand.t0, step: 5, columns: 30).ruler()
        #expect(ruler.labels == "14:00:00    14:01:00    14:02:00")
        #expect(ruler.ticks == "|           |           |")
    }

    @Test func rulerDropsSecondsFromMinuteSteps() {
        let ruler = TimelineChart(start: Hand.t0, step: 60, columns: 8).ruler(every: 6)
        #expect(ruler.labels == "14:00 14:06")
        #expect(ruler.ticks == "|     |")
    }

    @Test func legendNamesEveryGlyph() {
        let legend = TimelineChart.legend.joined(separator: " ")
        for phase in Segment.Phase.allCases {
            #expect(legend.contains("\(TimelineChart.glyph(phase)) "), "\(phase)")
        }
        #expect(Set(Segment.Phase.allCases.map(TimelineChart.glyph)).count == Segment.Phase.allCases.count)
        #expect(TimelineChart.glyphs[.killed] == "X")
    }
}
