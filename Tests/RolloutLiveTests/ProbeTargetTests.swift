import RolloutCore
@testable import RolloutLive
import Testing

/// `--probe URL`, `--probe-rate` and `--probe-pod-header` as typed: taken apart or refused in
/// one line before anything starts.
@Suite struct ProbeTargetTests {
    @Test(arguments: [
        ("http://shop.example.com/healthz", ProbeTarget.Scheme.http, "shop.example.com", 80, "/healthz", "shop.example.com"),
        ("HTTPS://Shop.Example.com", .https, "shop.example.com", 443, "/", "Shop.Example.com"),
        ("http://127.0.0.1:8080?x=1#frag", .http, "127.0.0.1", 8080, "/?x=1", "127.0.0.1:8080"),
        ("https://[::1]:8443/a/b?c", .https, "::1", 8443, "/a/b?c", "[::1]:8443"),
        ("http://user:pw@web:80/", .http, "web", 80, "/", "web"),
    ])
    func validURLs(_ text: String, _ scheme: ProbeTarget.Scheme, _ host: String, _ port: Int, _ path: String, _ hostHeader: String) throws {
        let t = try ProbeTarget.parse(text)
        #expect(t.scheme == scheme && t.host == host && t.port == port && t.path == path && t.hostHeader == hostHeader)
    }

    @Test func userinfoBecomesBasicAuthorizationAndNothingElseDoes() throws {
        #expect(try ProbeTarget.parse("http://user:pw@web/").authorization == "Basic dXNlcjpwdw==")
        #expect(try ProbeTarget.parse("http://web/").authorization == nil)
        let request = String(decoding: HTTPProbe.request(try ProbeTarget.parse("http://web:81/x?y")), as: UTF8.self)
        #expect(request == "GET /x?y HTTP/1.1\r\nHost: web:81\r\nUser-Agent: rollscope-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n")
    }

    @Test(arguments: [
        ("web.example.com", "it needs http:// or https://"),
        ("ftp://web/", "only http:// and https:// can be probed"),
        ("http:///x", "it has no host"),
        ("http://web:0/", "the port must be a number from 1 to 65535"),
        ("http://web:99999/", "the port must be a number from 1 to 65535"),
        ("http://web:8o/", "the port must be a number from 1 to 65535"),
        ("http://we b/", "spaces, control characters and non-ASCII characters must be percent-encoded"),
        ("http://web/\u{1b}[2J", "spaces, control characters and non-ASCII characters must be percent-encoded"),
        ("http://[::1/", "an IPv6 address needs its closing ]"),
        ("http://[nope]/", "'nope' is not an IPv6 address"),
        ("http://we!b/", "'we!b' is not a host name or an IP address"),
    ])
    func invalidURLs(_ text: String, _ why: String) {
        #expect(throws: ProbeTarget.Invalid(description: "'\(text)' is not a URL to probe: \(why)")) { try ProbeTarget.parse(text) }
    }

    @Test func rates() {
        #expect(ProbeConfig.rate("10/s") == 10)
        #expect(ProbeConfig.rate("600/m") == 10)
        #expect(ProbeConfig.rate("2.5") == 2.5)
        #expect(ProbeConfig.rate("10/h") == nil)
        #expect(ProbeConfig.rate("fast") == nil)
        #expect(ProbeConfig.rate("inf/s") == nil)
    }

    @Test func headerNames() {
        #expect(ProbeConfig.isHeaderName("X-Served-By"))
        #expect(ProbeConfig.isHeaderName("x-envoy-upstream-host"))
        #expect(!ProbeConfig.isHeaderName("X Served"))
        #expect(!ProbeConfig.isHeaderName("X-Pod:"))
        #expect(!ProbeConfig.isHeaderName(""))
    }

    @Test func theStatsLineSaysWhatWasSent() {
        var stats = ProbeStats()
        stats.sent = 1204
        stats.failed = 7
        stats.slow = 2
        #expect(stats.line(rate: 10) == "probe 10/s: 1204 sent, 7 failed, 2 slow")
        stats.skipped = 3
        #expect(stats.line(rate: 0.5) == "probe 0.5/s: 1204 sent, 7 failed, 2 slow, 3 not sent (too many waiting)")
    }
}
