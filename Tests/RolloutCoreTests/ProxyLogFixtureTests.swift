import Foundation
import Testing
import TestSupport
@testable import RolloutCore

/// Real access-log lines written by others (Tests/Fixtures/proxy-logs, sources in its README),
/// read with the right meaning: which lines are read, which are skipped, which are dropped
/// connections and for which address.
@Suite struct ProxyLogFixtureTests {
    func read(_ name: String) throws -> (SignalParser.Result, [String]) {
        try SignalParser.parse(file: Fixtures.path("proxy-logs/" + name))
    }

    @Test func ingressNginxRetriedUpstreamBlamesOnlyTheOneThatFailed() throws {
        let (r, warnings) = try read("ingress-nginx.log")
        #expect(r.formats == [.ingressNginx: 4])
        #expect(warnings.isEmpty)
        // `[2a02:cf40::7]:5000, [2a02:cf40::4e36]:5000` with `502, 403`: the first failed.
        #expect(r.signals.map(\.ip) == ["2a02:cf40::7"])
        #expect(r.signals.map(\.status) == [502])
        #expect(r.signals[0].time == t("2022-08-24T18:05:41Z"))
        #expect(r.signals[0].service == "localhost-8080")
        // A 400 with no upstream is the client's fault: nothing.
        #expect(!r.signals.contains { $0.noHealthyUpstream })
    }

    @Test func istio418ViaUpstreamIsTheApplicationsAnswer() throws {
        let (r, warnings) = try read("istio-text.log")
        #expect(r.formats == [.envoy: 2])
        #expect(warnings.isEmpty)
        #expect(r.signals.isEmpty)
    }

    @Test func envoy503UFIsThePodsDrop() throws {
        let (r, _) = try read("envoy-default.log")
        #expect(r.formats == [.envoy: 1])
        #expect(r.signals.count == 1)
        let s = try #require(r.signals.first)
        #expect(s.ip == "10.244.8.27")
        #expect(s.status == 503)
        #expect(s.kind == "503 UF")
        #expect(s.format == .envoy)
        #expect(s.requestStart == t("2024-02-06T15:18:17.437Z"))
        // START_TIME plus %DURATION% (1998 ms).
        #expect(abs(s.time.seconds - t("2024-02-06T15:18:19.435Z").seconds) < 0.0005)
        #expect(s.summary == "GET / 503 UF")
    }

    @Test func envoyGatewayDirectResponseIsNoDrop() throws {
        let (r, warnings) = try read("envoy-gateway.jsonl")
        #expect(r.formats == [.envoyJSON: 1])
        #expect(warnings.isEmpty)
        #expect(r.signals.isEmpty)
    }

    @Test func traefikCommonLogFormatLinesAreReadAndApacheLinesSkipped() throws {
        let (r, warnings) = try read("traefik-clf.log")
        #expect(r.formats == [.traefikCLF: 5])
        #expect(r.skipped == 1)
        #expect(r.firstSkipped == 6)
        #expect(warnings.count == 1)
        #expect(r.signals.isEmpty)
    }

    @Test func traefikJSONv1AndV2AreRead() throws {
        let (r, warnings) = try read("traefik.jsonl")
        #expect(r.formats == [.traefikJSON: 4])
        #expect(warnings.isEmpty)
        #expect(r.signals.isEmpty)
    }

    @Test func albEntriesAreReadAndNLBLinesSkippedWithAWarning() throws {
        let (r, warnings) = try read("aws-alb.log")
        #expect(r.formats == [.awsALB: 4])
        #expect(r.skipped == 1)
        #expect(r.otherTypes == ["AWS NLB access log lines": 1])
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("1 AWS NLB access log lines") == true)
        // The failed Lambda request (502, no target) is no pod's and no rollout's.
        #expect(r.signals.isEmpty)
    }

    @Test func haproxyManualExamples() throws {
        let (r, warnings) = try read("haproxy.log")
        #expect(r.formats == [.haproxy: 4])
        #expect(r.otherTypes == ["HAProxy TCP log lines": 1])
        #expect(warnings.count == 1)
        // `502 PH--` and `503 SC--` to server srv1: dropped, but srv1 is a name, no address.
        #expect(r.signals.map(\.kind) == ["502 PH--", "503 SC--"])
        #expect(r.signals.allSatisfy { $0.ip == nil && $0.pod == "srv1" && !$0.noHealthyUpstream })
        // `408 cR--` for <NOSRV>: the client never sent its request; nobody's drop.
        #expect(r.signals[1].service == "px-http")
        #expect(r.signals[1].requestStart == t("2003-10-15T15:26:31.462Z"))
    }

    @Test func gcpEntriesAreRead() throws {
        let (r, warnings) = try read("gcp-lb.jsonl")
        #expect(r.formats == [.gcpLoadBalancer: 2])
        #expect(warnings.isEmpty)
        #expect(r.signals.isEmpty)
    }

    @Test func allTheFilesConcatenatedGiveTheSameAsEachAlone() throws {
        let names = ["ingress-nginx.log", "istio-text.log", "envoy-default.log", "envoy-gateway.jsonl", "traefik-clf.log",
                     "traefik.jsonl", "aws-alb.log", "haproxy.log", "gcp-lb.jsonl"]
        var all = ""
        var expected: [SignalFormat: Int] = [:]
        var signals = 0
        for name in names {
            all += try String(contentsOfFile: Fixtures.path("proxy-logs/" + name), encoding: .utf8)
            let (r, _) = try read(name)
            expected.merge(r.formats, uniquingKeysWith: +)
            signals += r.signals.count
        }
        let (r, _) = try SignalParser.parse(file: temporaryFile(all, name: "mixed.log"))
        #expect(r.formats == expected)
        #expect(r.signals.count == signals)
    }

    @Test func kubectlLogsPrefixAndTimestampsAreReadAsTheyAre() throws {
        let line = try String(contentsOfFile: Fixtures.path("proxy-logs/envoy-default.log"), encoding: .utf8)
        let prefixed = "[pod/istio-ingressgateway-7d4b9c8f6d-b6wkc/istio-proxy] 2024-02-06T15:18:19.436122015Z " + line
        let (r, warnings) = try SignalParser.parse(file: temporaryFile(prefixed, name: "kubectl.log"))
        #expect(warnings.isEmpty)
        #expect(r.signals.map(\.ip) == ["10.244.8.27"])
        let (timestamps, _) = try SignalParser.parse(file: temporaryFile("2024-02-06T15:18:19.436122015Z " + line, name: "t.log"))
        #expect(timestamps.signals.map(\.ip) == ["10.244.8.27"])
    }

    @Test func aSidecarsInboundLoopbackUpstreamIsThePrefixPodsDrop() throws {
        let line = #"[2020-11-25T21:26:18.409Z] "GET /status/418 HTTP/1.1" 503 UC upstream_reset_before_response_started{connection_termination} - "-" 0 95 3 - "-" "curl/7.73.0-DEV" "84961386-6d84-929d-98bd-c5aee93b5c88" "httpbin:8000" "127.0.0.1:80" inbound|8000|| 127.0.0.1:41854 10.44.1.27:80 10.44.1.23:37652 outbound_.8000_._.httpbin.foo.svc.cluster.local default"#
        let (r, _) = try SignalParser.parse(file: temporaryFile("[pod/httpbin-5f8d7c9b4a-k2hdz/istio-proxy] " + line, name: "s.log"))
        #expect(r.signals.map(\.pod) == ["httpbin-5f8d7c9b4a-k2hdz"])
        #expect(r.signals.map(\.ip) == [nil])
    }

    @Test func gzipFilesAreReadByContentNotByName() throws {
        let text = try String(contentsOfFile: Fixtures.path("proxy-logs/aws-alb.log"), encoding: .utf8)
        let gzip = try Spawn.run(["/bin/gzip", "-c", Fixtures.path("proxy-logs/aws-alb.log")])
        #expect(gzip.status == 0)
        // Named like a plain log: the content says gzip. Two members, as `cat a.gz b.gz` makes.
        let file = temporaryFile(gzip.stdoutData + gzip.stdoutData, name: "alb.log")
        let (r, _) = try SignalParser.parse(file: file)
        let (plain, _) = try SignalParser.parse(file: temporaryFile(text + text, name: "alb-plain.log"))
        #expect(r.formats == plain.formats)
        #expect(r.formats[.awsALB] == 8)
        #expect(r.skipped == 2)
        // Cut off: what was read is kept, with a warning; nothing at all is an error.
        let cut = temporaryFile(gzip.stdoutData.prefix(gzip.stdoutData.count - 12), name: "cut.log")
        let (partial, _) = try SignalParser.parse(file: cut)
        #expect(partial.formats[.awsALB] ?? 0 >= 1)
        #expect(throws: InputError.self) { try SignalParser.parse(file: temporaryFile(gzip.stdoutData.prefix(20), name: "head.log")) }
    }

    /// A large file is read on two cores; the result is exactly the one-thread result: the same
    /// signals in the same order, line numbers counted on across the split.
    @Test func aLargeFileReadOnTwoCoresGivesTheOneThreadResult() throws {
        var piece = ""
        for name in ["ingress-nginx.log", "envoy-default.log", "traefik.jsonl", "aws-alb.log", "haproxy.log"] {
            piece += try String(contentsOfFile: Fixtures.path("proxy-logs/" + name), encoding: .utf8)
        }
        var text = ""
        while text.utf8.count < 17 << 20 { text += piece }
        let data = Data(text.utf8)
        let (parallel, _) = try SignalParser.parse(data: data, name: "big.log")
        let single = data.withUnsafeBytes { raw in
            SignalParser.parseLines(raw.bindMemory(to: UInt8.self), from: 0, to: raw.count, firstLine: 1, origin: "big.log", options: .init())
        }
        #expect(parallel.signals == single.signals)
        #expect(parallel.signals.count > 1000)
        #expect(parallel.formats == single.formats && parallel.skipped == single.skipped && parallel.otherTypes == single.otherTypes)
        #expect(parallel.signals.last?.origin == single.signals.last?.origin)
    }
}
