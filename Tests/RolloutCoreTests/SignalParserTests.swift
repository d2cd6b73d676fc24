import Foundation
import Testing
import TestSupport
@testable import RolloutCore

@Suite struct SignalParserTests {
    let base = #"192.168.49.1 - - [20/Nov/2026:10:00:37 +0000] "GET /api/cart HTTP/1.1" "#

    func parse(_ text: String) throws -> (SignalParser.Result, [String]) {
        try SignalParser.parse(file: temporaryFile(text, name: "signals.log"))
    }

    @Test func nginx502CountsForTheUpstreamPod() throws {
        let (r, _) = try parse(base + #"502 150 "-" "curl/8.5.0" 89 0.003 [shop-web-80] [] 10.244.1.7:8080 0 0.002 502 7f3c"# + "\n")
        #expect(r.signals.count == 1)
        #expect(r.signals[0].ip == "10.244.1.7")
        #expect(r.signals[0].status == 502)
        #expect(r.signals[0].time == t("2026-11-20T10:00:37Z"))
        #expect(r.signals[0].dropped)
    }

    @Test func successfulRequestsAreNotSignals() throws {
        let (r, _) = try parse(base + #"200 150 "-" "curl/8.5.0" 89 0.003 [shop-web-80] [] 10.244.1.7:8080 150 0.002 200 7f3c"#)
        #expect(r.signals.isEmpty)
        #expect(r.linesRead == 1)
    }

    @Test func retriedRequestBlamesOnlyTheFailedUpstream() throws {
        let (r, _) = try parse(base + #"200 150 "-" "curl/8.5.0" 89 0.003 [shop-web-80] [] 10.244.1.7:8080, 10.244.2.9:8080 0, 150 0.002, 0.001 502, 200 7f3c"#)
        #expect(r.signals.map(\.ip) == ["10.244.1.7"])
    }

    @Test func clientCloseWithAnUpstreamCounts() throws {
        let (r, _) = try parse(base + #"499 0 "-" "curl/8.5.0" 89 1.003 [shop-web-80] [] 10.244.1.7:8080 0 1.002 - 7f3c"#)
        #expect(r.signals.map(\.status) == [499])
        let (none, _) = try parse(base + #"499 0 "-" "curl/8.5.0" 89 1.003 [shop-web-80] [] - - - - 7f3c"#)
        #expect(none.signals.isEmpty)
    }

    @Test func timeZoneOffsetsAreApplied() throws {
        let line = #"1.2.3.4 - - [20/Nov/2026:11:00:37 +0100] "GET / HTTP/1.1" 503 0 "-" "-" 1 0.1 [a-b-80] [] 10.0.0.1:80 0 0.1 503 x"#
        let (r, _) = try parse(line)
        #expect(r.signals.first?.time == t("2026-11-20T10:00:37Z"))
    }

    @Test func jsonLinesByIPOrPod() throws {
        let text = """
        {"time": "2026-11-20T10:00:01Z", "ip": "10.244.1.7:8080", "status": 502}
        {"time": "2026-11-20T10:00:02Z", "pod": "web-1", "kind": "reset"}
        {"time": "2026-11-20T10:00:03Z", "ip": "10.244.1.7", "status": 200}
        {"time": "2026-11-20T10:00:04Z", "pod": "web-1", "kind": "ok"}
        """
        let (r, warnings) = try parse(text)
        #expect(r.signals.count == 2)
        #expect(r.signals[0].ip == "10.244.1.7")
        #expect(r.signals[1].pod == "web-1")
        #expect(r.linesRead == 4)
        #expect(warnings.isEmpty)
    }

    @Test func unknownLinesAreCountedOnceAndAllUnknownIsAnError() throws {
        let (_, warnings) = try parse("{\"time\": \"2026-11-20T10:00:01Z\", \"ip\": \"10.0.0.1\", \"status\": 502}\nhello world\n")
        #expect(warnings.count == 1)
        #expect(warnings[0].contains("line 2"))
        #expect(throws: InputError.self) { try parse("hello\nworld\n") }
    }
}
