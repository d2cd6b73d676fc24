import Foundation
import RolloutCore
@testable import RolloutLive
import Synchronization
import TestSupport
import Testing

/// The prober against a loopback server the test starts: each kind of failure from the
/// socket's own error, the pod header, the rate ceiling, the bound on requests in flight,
/// redirects not followed, credentials only when given, and a stop that is quick.
@Suite(.serialized) struct ProberTests {
    /// Signals a prober emitted, in order.
    final class Collected: Sendable {
        let signals = Mutex<[Signal]>([])
        var all: [Signal] { signals.withLock { $0 } }
        func add(_ s: Signal) { signals.withLock { $0.append(s) } }
    }

    static func config(_ url: String, rate: Double = 10, timeout: Double = 2, slow: Double = 1, header: String? = "X-Served-By",
                       maxInFlight: Int = ProbeConfig.defaultMaxInFlight) throws -> ProbeConfig {
        ProbeConfig(target: try ProbeTarget.parse(url), rate: rate, timeout: timeout, slow: slow, podHeader: header,
                    maxInFlight: maxInFlight)
    }

    /// Runs a prober until `until` holds of what it emitted (or `limit` seconds), then stops it.
    @discardableResult
    static func run(_ config: ProbeConfig, limit: Double = 5, until: ([Signal], ProbeStats) -> Bool) throws -> (Prober, [Signal]) {
        let prober = try Prober(config)
        let collected = Collected()
        prober.start(now: { Instant(seconds: Date().timeIntervalSince1970) }, emit: collected.add)
        let deadline = Date().addingTimeInterval(limit)
        while Date() < deadline && !until(collected.all, prober.stats) { usleep(5_000) }
        prober.stop()
        return (prober, collected.all)
    }

    /// The first signal of a prober against `path` of a fresh default server.
    static func firstSignal(_ path: String, timeout: Double = 2, slow: Double = 1) throws -> Signal? {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let (_, signals) = try run(config(server.url + path, timeout: timeout, slow: slow)) { s, _ in !s.isEmpty }
        return signals.first
    }

    @Test func aClosedPortIsRefused() throws {
        let before = Date().timeIntervalSince1970
        let (_, signals) = try Self.run(Self.config("http://127.0.0.1:\(LoopbackHTTPServer.closedPort())/")) { s, _ in !s.isEmpty }
        let s = try #require(signals.first)
        #expect(s.kind == "refused")
        #expect(s.dropped && s.source == .probe && s.status == nil)
        // No answer, so no pod: a rollout-level signal.
        #expect(s.pod == nil && s.ip == nil)
        // Timed by when the request started.
        #expect(s.time.seconds >= before.rounded(.down) && s.requestStart == s.time)
        #expect(s.summary.hasPrefix("GET / refused after"), "\(s.summary)")
    }

    @Test func aServerThatResetsMidAnswerIsAReset() throws {
        let s = try #require(try Self.firstSignal("/reset"))
        #expect(s.kind == "reset" && s.dropped)
    }

    @Test func aServerThatClosesWithoutAnsweringIsAReset() throws {
        let s = try #require(try Self.firstSignal("/close"))
        #expect(s.kind == "reset" && s.dropped)
        #expect(s.summary.contains("before any answer"), "\(s.summary)")
    }

    @Test func a5xxNamesThePodFromTheHeader() throws {
        let s = try #require(try Self.firstSignal("/status/503?by=web-7d4b9c8f6d-b6wkc"))
        #expect(s.kind == "5xx" && s.status == 503 && s.dropped)
        #expect(s.pod == "web-7d4b9c8f6d-b6wkc" && s.ip == nil)
        #expect(s.summary.contains("503") && s.summary.contains("from web-7d4b9c8f6d-b6wkc"), "\(s.summary)")
    }

    @Test func aPodIPInTheHeaderIsAnIP() throws {
        let s = try #require(try Self.firstSignal("/status/502?by=10.244.1.7:8080"))
        #expect(s.ip == "10.244.1.7" && s.pod == nil && s.status == 502)
        #expect(Prober.servedBy("[fd00::7]:8080") == (nil, "fd00::7"))
        #expect(Prober.servedBy("fd00::7") == (nil, "fd00::7"))
        #expect(Prober.servedBy("web-1\u{1b}[2J") == ("web-1\\e[2J", nil))
        #expect(Prober.servedBy("  ") == (nil, nil))
    }

    @Test func aSlowAnswerIsASignalButNotAFailure() throws {
        let s = try #require(try Self.firstSignal("/slow/300", slow: 0.1))
        #expect(s.kind == "slow" && !s.dropped && s.status == 200)
    }

    @Test func noAnswerWithinTheTimeoutIsATimeout() throws {
        let start = Date()
        let s = try #require(try Self.firstSignal("/hang", timeout: 0.3, slow: 0.1))
        #expect(s.kind == "timeout" && s.dropped)
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func goodAnswersAreCountedNotSignalled() throws {
        for path in ["/", "/chunked", "/status/404"] {
            let server = try LoopbackHTTPServer()
            let (prober, signals) = try Self.run(Self.config(server.url + path, rate: 20)) { _, stats in stats.answered >= 3 }
            #expect(signals.isEmpty, "\(path): \(signals.map(\.summary))")
            #expect(prober.stats.answered >= 3 && prober.stats.failed == 0, "\(path)")
            server.stop()
        }
    }

    @Test func redirectsAreAnswersAndNotFollowed() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let (prober, signals) = try Self.run(Self.config(server.url + "/redirect", rate: 20)) { _, stats in stats.answered >= 3 }
        #expect(signals.isEmpty)
        #expect(prober.stats.answered >= 3)
        // Every request the server saw was to the URL given; none went where the 302 pointed.
        #expect(server.requests.allSatisfy { $0.path == "/redirect" && $0.headers["host"] == "127.0.0.1:\(server.port)" })
    }

    @Test func onlyTheCredentialsOfTheURLAreSentAndNoCookie() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        // The server sets a cookie on every answer; it must never come back.
        try Self.run(Self.config(server.url + "/", rate: 20)) { _, stats in stats.answered >= 3 }
        #expect(server.requests.count >= 3)
        #expect(server.requests.allSatisfy { $0.headers["authorization"] == nil && $0.headers["cookie"] == nil })
        #expect(server.requests.allSatisfy { $0.headers["connection"] == "close" })

        let withUser = try LoopbackHTTPServer()
        defer { withUser.stop() }
        try Self.run(Self.config("http://probe:s%40cret@127.0.0.1:\(withUser.port)/", rate: 20)) { _, stats in stats.answered >= 1 }
        let auth = try #require(withUser.requests.first?.headers["authorization"])
        #expect(auth == "Basic " + Data("probe:s@cret".utf8).base64EncodedString())
    }

    @Test func theRateIsACeiling() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let prober = try Prober(Self.config(server.url + "/", rate: 20))
        prober.start(now: { Instant(seconds: 0) }, emit: { _ in })
        usleep(1_600_000)
        prober.stop()
        let times = server.requests.map(\.at).sorted()
        // Sent 50 ms apart, so any one second holds at most 20 sends; arrivals jitter by the
        // time a connection takes, so the server may count one more. The pace keeps up, too.
        for (i, t) in times.enumerated() {
            let inSecond = times[i...].prefix { $0 < t + 1 }.count
            #expect(inSecond <= 21, "\(inSecond) requests in the second from request \(i)")
        }
        #expect(times.count >= 25, "only \(times.count) requests in 1.6 s at 20/s")
        // Spaced, never in a burst: no two within a fifth of the interval.
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 > 0.01 }, "\(gaps.min() ?? 0)")
    }

    @Test func requestsInFlightAreBounded() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let config = try Self.config(server.url + "/hang", rate: 50, timeout: 10, slow: 1, maxInFlight: 4)
        let (prober, signals) = try Self.run(config, limit: 0.6) { _, _ in false }
        #expect(server.mostOpen <= 4, "\(server.mostOpen) connections at once")
        #expect(server.requests.count == 4)
        #expect(prober.stats.skipped >= 15)
        #expect(prober.stats.line(rate: 50).contains("not sent (too many waiting)"))
        // Stopping is not a failure of the service.
        #expect(signals.isEmpty)
    }

    @Test func stopEndsEveryRequestWithinAFractionOfASecond() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let prober = try Prober(Self.config(server.url + "/hang", rate: 50, timeout: 30))
        let collected = Collected()
        prober.start(now: { Instant(seconds: 0) }, emit: collected.add)
        usleep(400_000)
        #expect(server.requests.count >= 10)
        let start = Date()
        prober.stop()
        let took = Date().timeIntervalSince(start)
        #expect(took < 0.25, "stop took \(took) s")
        #expect(prober.state.withLock { $0.threads } == 0)
        let count = server.requests.count
        usleep(200_000)
        #expect(server.requests.count == count, "requests after stop")
        #expect(collected.all.isEmpty)
    }

    @Test func probeSignalsGoThroughARecordingUnchanged() throws {
        let file = temporaryFile("", name: "probe.rollout")
        try FileManager.default.removeItem(atPath: file)
        let header = Recording.Header(startedAt: Instant(seconds: 1_790_000_000), target: "deployment/web", namespace: "shop",
                                      context: nil, mode: "watch", tool: "test")
        let recorder = try Recorder(path: file, header: header)
        let start = Instant(seconds: 1_790_000_010.123456)
        let signals: [Signal] = [
            .probe(start: start, kind: .serverError, status: 503, pod: "web-1", ip: nil, summary: "GET / 503 in 3 ms from web-1"),
            .probe(start: start + 1, kind: .slow, status: 200, pod: nil, ip: "10.244.1.7", summary: "GET / 200 in 1.20 s"),
            .probe(start: start + 2, kind: .refused, status: nil, pod: nil, ip: nil, summary: "GET / refused after 0 ms"),
        ]
        for s in signals { recorder.recordSignal(line: ProbeRecord.line(s), source: ProbeRecord.source, at: s.time + 0.5) }
        recorder.close()
        let read = try RecordingReader.read(try Data(contentsOf: URL(fileURLWithPath: file)), name: file, source: 0)
        #expect(read.signals == signals)
        #expect(read.signals.map(\.source) == [.probe, .probe, .probe])
        #expect(read.signals.map(\.dropped) == [true, false, true])
    }
}
