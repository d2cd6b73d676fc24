import Foundation
import Testing
@testable import FakeKubeAPI

/// Prints what kubectl requests and shows, with FAKEKUBE_EXPLORE=1 (not part of the normal run).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["FAKEKUBE_EXPLORE"] != nil))
struct ExploreTests {
    @Test func explore() throws {
        let h = try Harness("explore", speed: 0, startOffset: 20)
        let commands: [[String]] = [
            ["get", "pods", "-n", "shop", "-o", "wide"],
            ["get", "pods", "-A"],
            ["get", "deploy,rs,svc,endpointslices", "-n", "shop"],
            ["get", "events", "-n", "shop"],
            ["get", "ns"],
            ["get", "nodes"],
            ["get", "pod", h.server.history.pods.state(at: h.server.simulationNow.seconds)[0].at("metadata.name")!.stringValue!, "-n", "shop"],
        ]
        for c in commands {
            let before = h.server.requests.count
            let r = try h.run(c)
            print("== kubectl \(c.joined(separator: " ")) -> \(r.status)")
            print(r.stdout)
            print("stderr: \(r.stderr.prefix(600))")
            for req in h.server.requests[before...] { print("   \(req)") }
        }
        h.server.mode = .unauthorized
        let denied = try h.run(["get", "pods", "-n", "shop", "-o", "json"])
        print("== unauthorized -> \(denied.status), last stderr line: \(denied.stderr.split(separator: "\n").last ?? "")")
        h.server.mode = .ok
        let rollout = try Harness("rollout", speed: 30)
        let before = rollout.server.requests.count
        let rs = try rollout.run(["rollout", "status", "deployment/web", "-n", "shop", "--timeout=20s"])
        print("== rollout status -> \(rs.status)\n\(rs.stdout)")
        for req in rollout.server.requests[before...] { print("   \(req)") }
        h.server.speed = 30
        let w = try h.launch(["get", "pods", "-n", "shop", "-w"])
        _ = w.waitForOutput(timeout: 3) { _ in false }
        let r = w.stop()
        print("== watch (table) -> \(r.status) stderr: \(r.stderr)")
        print(r.stdout)
        for req in h.server.requests.suffix(2) { print("   \(req)") }
    }
}
