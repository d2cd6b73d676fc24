import Foundation
import RolloutCore
@testable import RolloutLive
import TestSupport
import Testing

/// `https://` against OpenSSL's own test server (`openssl s_server -www`) on loopback, with a
/// certificate made for the test: trusted through `--probe-ca`, refused without it.
@Suite(.serialized) struct ProberTLSTests {
    static let available = (try? Spawn.run(["openssl", "version"]).status) == 0

    final class TLSServer {
        let dir: String
        let port = LoopbackHTTPServer.closedPort()
        let process: ChildProcess
        var ca: String { dir + "/cert.pem" }

        init() throws {
            dir = NSTemporaryDirectory() + "rollscope-tls-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let made = try Spawn.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                      "-nodes", "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem", "-days", "1",
                                      "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
            guard made.status == 0 else { throw POSIXError(.EINVAL) }
            process = try Spawn.start(["openssl", "s_server", "-accept", "127.0.0.1:\(port)", "-cert", dir + "/cert.pem",
                                       "-key", dir + "/key.pem", "-www", "-quiet"])
            // Listening once a plain connection is accepted.
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline {
                if case .success(let addresses) = ProbeAddress.resolve("127.0.0.1", port: port),
                   (try? ProbeConnection.open(addresses, deadline: ProbeConnection.monotonic() + 1, stopFD: -1)) != nil { return }
                usleep(20_000)
            }
        }

        deinit {
            process.signal(SIGTERM)
            _ = process.wait(timeout: 2)
            try? FileManager.default.removeItem(atPath: dir)
        }
    }

    @Test(.enabled(if: available)) func aTrustedCertificateAnswers() throws {
        let server = try TLSServer()
        let config = ProbeConfig(target: try ProbeTarget.parse("https://127.0.0.1:\(server.port)/"), rate: 20, caFile: server.ca)
        let (prober, signals) = try ProberTests.run(config) { s, stats in stats.answered >= 3 || !s.isEmpty }
        #expect(signals.isEmpty, "\(signals.map(\.summary))")
        #expect(prober.stats.answered >= 3)
    }

    @Test(.enabled(if: available)) func anUntrustedCertificateIsATLSFailure() throws {
        let server = try TLSServer()
        let config = ProbeConfig(target: try ProbeTarget.parse("https://127.0.0.1:\(server.port)/"), rate: 20)
        let (_, signals) = try ProberTests.run(config) { s, _ in !s.isEmpty }
        let s = try #require(signals.first)
        #expect(s.kind == "tls" && s.dropped)
        #expect(s.summary.contains("certificate"), "\(s.summary)")
    }

    @Test(.enabled(if: available)) func aCAFileOpenSSLCannotReadIsASetupError() throws {
        let file = temporaryFile("not a certificate", name: "ca.pem")
        let config = ProbeConfig(target: try ProbeTarget.parse("https://127.0.0.1:1/"), caFile: file)
        #expect(throws: Prober.SetupError.self) { try Prober(config) }
    }

    @Test func plainHTTPAgainstATLSServerIsABadResponseOrReset() throws {
        guard Self.available else { return }
        let server = try TLSServer()
        let config = ProbeConfig(target: try ProbeTarget.parse("http://127.0.0.1:\(server.port)/"), rate: 20)
        let (_, signals) = try ProberTests.run(config) { s, _ in !s.isEmpty }
        let s = try #require(signals.first)
        #expect(["bad-response", "reset"].contains(s.kind), "\(s.kind): \(s.summary)")
    }
}
