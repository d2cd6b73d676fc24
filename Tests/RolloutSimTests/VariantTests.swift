import Foundation
import Testing
import RolloutCore
@testable import RolloutSim

/// Scenario knobs beyond the presets.
@Suite struct VariantTests {
    /// Who held each IP, and when (from the pod records: first seen with it until DELETED).
    func ipHolders(_ output: SimOutput) -> [String: [(pod: String, from: Instant, to: Instant?)]] {
        var spans: [String: [(pod: String, from: Instant, to: Instant?)]] = [:]
        for r in output.records {
            guard case .pod(let type, let object) = r.kind, let o = parse(object),
                  let name = (o["metadata"] as? [String: Any])?["name"] as? String,
                  let ip = (o["status"] as? [String: Any])?["podIP"] as? String else { continue }
            var list = spans[ip] ?? []
            if let i = list.lastIndex(where: { $0.pod == name }) {
                if type == "DELETED" { list[i].to = r.time }
            } else {
                list.append((name, r.time, nil))
            }
            spans[ip] = list
        }
        return spans
    }

    @Test func ipsAreReusedButNeverShared() throws {
        var s = SimScenario.healthy
        s.name = "reuse"
        s.nodes = SimNode.workers(1)
        s.ipAllocation = .lowestFree(cooldownSeconds: 0)
        let a = try analyze(s)
        let spans = ipHolders(a.output)
        let reused = spans.filter { $0.value.count > 1 }
        #expect(!reused.isEmpty, "no IP was reused")
        for (ip, holders) in reused {
            for (x, y) in zip(holders, holders.dropFirst()) {
                let end = try #require(x.to, "\(x.pod) still holds \(ip) when \(y.pod) gets it")
                #expect(end <= y.from)
            }
            // RolloutCore keeps both pods apart even though they share the address.
            #expect(Set(holders.map(\.pod)).count == holders.count)
        }
        #expect(a.rollout.findings.filter { $0.severity >= .warning }.isEmpty, "\(a.rollout.findings.map(\.kind))")
        #expect(a.oldPods.allSatisfy { $0.termination?.seconds == 6 })
    }

    @Test func hostLocalAllocatorWalksForward() throws {
        var s = SimScenario.healthy
        s.nodes = SimNode.workers(1)
        s.ipAllocation = .nextAfterLast(lastReservedOctet: 252)
        let output = Simulator.run(s)
        let octets = output.pods.compactMap { $0.ip?.split(separator: ".").last.flatMap { Int($0) } }
        #expect(octets.count == 8)
        // It wraps at the end of the range and never hands out an address twice here.
        #expect(Set(octets).count == 8)
        #expect(octets.contains(253) && octets.contains(254))
        #expect(octets.contains { $0 < 20 })
        #expect(ipHolders(output).allSatisfy { $0.value.count == 1 })
    }

    @Test func sidecarStartsAndStaysRunning() throws {
        var s = SimScenario.healthy
        s.name = "sidecar"
        s.initContainers = [
            SimInitContainer(name: "log-shipper", image: "fluent/fluent-bit:3.2", seconds: 1, sidecar: true),
            .migrate(),
        ]
        let a = try analyze(s)
        #expect(a.rollout.findings.filter { $0.severity >= .warning }.isEmpty, "\(a.rollout.findings.map(\.kind))")
        for p in a.newPods {
            #expect(p.initContainers.map(\.name) == ["log-shipper", "migrate"])
            let shipper = try #require(p.initContainers.first)
            #expect(shipper.sidecar && shipper.running)
            #expect(p.readyAt != nil)
        }
        for p in a.oldPods {
            let t = try #require(p.termination)
            // The sidecar stops after nginx, within a second.
            let codes = Dictionary(uniqueKeysWithValues: t.exitCodes.map { ($0.container, $0.code) })
            #expect(codes == ["nginx": 0, "log-shipper": 0])
            #expect(t.seconds.map { (6...7).contains($0) } == true)
            #expect(t.exceededGrace == false)
        }
        // The API shows the running sidecar as started (and ready: it has no probe).
        let last = try #require(parse(a.output.podList()))
        for pod in last["items"] as? [[String: Any]] ?? [] {
            let inits = (pod["status"] as? [String: Any])?["initContainerStatuses"] as? [[String: Any]] ?? []
            let shipper = try #require(inits.first { $0["name"] as? String == "log-shipper" })
            #expect(shipper["started"] as? Bool == true && (shipper["state"] as? [String: Any])?["running"] != nil)
            let spec = ((pod["spec"] as? [String: Any])?["initContainers"] as? [[String: Any]])?.first
            #expect(spec?["restartPolicy"] as? String == "Always")
        }
    }

    @Test(arguments: [(SimPreStop.sleep(8), PreStopKind.sleep, 9.0), (.httpGet(path: "/drain", seconds: 4), .httpGet, 5.0)])
    func otherHooks(_ hook: SimPreStop, _ kind: PreStopKind, _ seconds: Double) throws {
        var s = SimScenario.healthy
        s.preStop = hook
        let a = try analyze(s)
        for p in a.oldPods {
            let t = try #require(p.termination)
            #expect(t.preStop == kind)
            #expect(t.seconds == seconds)
        }
        #expect(a.rollout.findings.filter { $0.severity >= .warning }.isEmpty)
    }

    @Test func initRetriesThenSucceeds() throws {
        var s = SimScenario.healthy
        s.initContainers = [.migrate(seconds: 2, failures: .times(2))]
        let a = try analyze(s)
        #expect(a.output.completedAt != nil)
        for p in a.newPods {
            let migrate = try #require(p.initContainers.first)
            #expect(migrate.restarts == 2 && migrate.exitCode == 0)
            #expect(p.readyAt != nil)
        }
        let failed = a.findings("init-failed")
        #expect(failed.count == 4 && failed.allSatisfy { $0.severity == .warning })
        #expect(a.findings("rollout-stalled").isEmpty)
    }

    @Test func graceLongerThanHookIsNotExtended() throws {
        // A hook that fits leaves the rest of the grace period to the stop signal: the app's own
        // 45 s drain is cut at grace (30 s), with no extra 2 s.
        var s = SimScenario.healthy
        s.preStop = .execSleep(5)
        s.appShutdownSeconds = 45
        let a = try analyze(s)
        for p in a.oldPods {
            #expect(p.termination?.seconds == 30 && p.termination?.exitCodes.map(\.code) == [137])
        }
    }
}

/// Regressions the simulator found in RolloutCore.
@Suite struct RolloutCoreRegressionTests {
    /// nginx writes `$time_local` when a request ends; a connect timeout is logged 5 s after the
    /// request was sent. Attributed by its logged time, such a 504 fell outside the pod's
    /// lifetime and matched no pod (or the IP's next holder); it is blamed by `time - request_time`.
    @Test func dropsAreAttributedByWhenTheRequestWasSent() throws {
        let a = try analyze(.noPrestop)
        #expect(a.model.unattributedSignals.isEmpty)
        for p in a.oldPods {
            #expect(p.droppedConnections == a.truth(p.name)?.drops)
        }
    }

    /// A crash-looping init container waiting in CrashLoopBackOff has run restartCount + 1
    /// times, all failed (the first run is not a restart).
    @Test func initFailureCountIncludesTheLatestRun() throws {
        let a = try analyze(.initCrashloop)
        let pod = try #require(a.newPods.first)
        let truth = try #require(a.truth(pod.name))
        let migrate = try #require(pod.initContainers.first)
        #expect(migrate.waitingReason == "CrashLoopBackOff")
        #expect(truth.initFailures == migrate.restarts + 1)
        let message = a.findings("init-failed").first?.message ?? ""
        #expect(message.contains("failed \(truth.initFailures) times"), "\(message)")
    }
}
