import Foundation
import Testing
import RolloutCore
@testable import RolloutSim

/// Each preset through RolloutCore, exactly as a user would feed saved kubectl output to
/// `rollscope report`, checked against what the simulator knows happened.
@Suite struct PresetTests {
    @Test func healthy() throws {
        let a = try analyze(.healthy)
        let r = a.rollout
        #expect(r.findings.filter { $0.severity >= .warning }.isEmpty, "\(r.findings.map { "\($0.kind): \($0.message)" })")
        #expect(r.replicaSets.map(\.name) == ["web-7d4b9c8f6d", "web-5f8d7c9b4a"])
        #expect(r.replicaSets.map(\.templateHash) == ["7d4b9c8f6d", "5f8d7c9b4a"])
        #expect(r.replicaSets.map(\.role) == [.old, .new])
        #expect(r.replicaSets.map(\.pods) == [4, 4])
        #expect(a.oldPods.count == 4 && a.newPods.count == 4)
        for p in a.oldPods {
            let t = try #require(p.termination, "\(p.name) has no termination")
            #expect(t.exceededGrace == false, "\(p.name)")
            // preStop sleep 5, then the app exits 1 s after its stop signal.
            #expect(t.seconds == 6, "\(p.name): \(String(describing: t.seconds))")
            #expect(t.preStop == .exec)
            #expect(t.exitCodes.map(\.code) == [0])
            #expect(t.killingAt == t.requestedAt)
            #expect(p.droppedConnections == 0)
            #expect(p.goneAt != nil)
        }
        for p in a.newPods {
            #expect(p.readyAt != nil, "\(p.name) never ready")
            #expect(p.termination == nil)
            #expect(p.initContainers.map(\.name) == ["migrate"])
            #expect(p.initContainers.first?.exitCode == 0)
            #expect(p.initContainers.first.flatMap(\.seconds).map { (3...4).contains($0) } == true)
        }
        // Availability as RolloutCore reconstructs it never dips below replicas - maxUnavailable.
        let start = try #require(r.startedAt), end = try #require(r.finishedAt)
        for step in r.availability where step.time >= start && step.time <= end {
            #expect(step.ready >= 4, "ready \(step.ready) at \(step.time)")
        }
        #expect(r.desiredReplicas == 4 && r.maxSurge == 1 && r.maxUnavailable == 0)
        #expect(a.output.completedAt != nil)
        #expect(a.output.drops.isEmpty)
        #expect(a.model.unattributedSignals.isEmpty)
        #expect(a.model.warnings.isEmpty, "\(a.model.warnings)")
    }

    @Test func sigkill() throws {
        let a = try analyze(.sigkill)
        #expect(a.oldPods.count == 4)
        let graceFindings = a.findings("grace-exceeded")
        for p in a.oldPods {
            let t = try #require(p.termination)
            #expect(t.exceededGrace == true, "\(p.name)")
            #expect(t.killed)
            #expect(t.exitCodes.map(\.code) == [137])
            // The kubelet waits out the grace period on the hook, then gives the stop signal its
            // 2 s minimum before SIGKILL: 32 s after the Killing event.
            #expect(t.seconds == 32, "\(p.name): \(String(describing: t.seconds))")
            #expect(p.containers.first?.reason == "Error")
            #expect(p.phase == "Failed")
            #expect(graceFindings.contains { $0.pod == p.name }, "no grace-exceeded for \(p.name)")
            let truth = try #require(a.truth(p.name))
            #expect(truth.sigkilled && truth.exitCode == 137)
        }
        #expect(graceFindings.allSatisfy { $0.severity == .error })
        // Exports still running at SIGKILL end in 502s on the killed pods only.
        #expect(!a.output.drops.isEmpty)
        for d in a.output.drops {
            #expect(d.pod.hasPrefix("web-7d4b9c8f6d-"))
            #expect(d.status == 502)
        }
        for p in a.newPods { #expect(p.droppedConnections == 0 && p.readyAt != nil) }
    }

    @Test func noPrestop() throws {
        let a = try analyze(.noPrestop)
        let noHook = a.findings("no-prestop")
        let dropped = a.findings("dropped-connections")
        #expect(noHook.count == 4)
        for p in a.oldPods {
            #expect(noHook.contains { $0.pod == p.name })
            #expect(dropped.contains { $0.pod == p.name }, "no dropped-connections for \(p.name)")
            let t = try #require(p.termination)
            #expect(t.preStop == PreStopKind.none)
            #expect(t.seconds == 1)
            #expect(t.exceededGrace == false)
            let truth = try #require(a.truth(p.name))
            #expect(truth.drops > 0)
            // nginx logs a request when it ends; RolloutCore blames the pod that held the IP
            // when the request was sent, so even a 504 after a 5 s timeout counts here.
            #expect(p.droppedConnections == truth.drops, "\(p.name): \(p.droppedConnections) vs \(truth.drops)")
        }
        for p in a.newPods {
            #expect(p.droppedConnections == 0, "\(p.name)")
            #expect(!dropped.contains { $0.pod == p.name })
        }
        #expect(a.model.unattributedSignals.isEmpty)
        // Every drop happened after the pod's deletion request and before the ingress caught up
        // (plus the time the failure took to be logged).
        for d in a.output.drops {
            let truth = try #require(a.truth(d.pod))
            let requested = try #require(truth.deletionRequestedAt)
            #expect(d.sentAt >= requested)
            #expect(d.sentAt.seconds <= requested.seconds + SimScenario.noPrestop.ingressLagSeconds + 0.3)
            #expect([499, 502, 504].contains(d.status))
        }
        #expect(a.output.drops.contains { $0.status == 502 })
    }

    @Test func initCrashloop() throws {
        let a = try analyze(.initCrashloop)
        let r = a.rollout
        #expect(r.finishedAt == nil)
        #expect(!a.findings("rollout-stalled").isEmpty)
        let failed = a.findings("init-failed")
        #expect(failed.count == 1)
        #expect(a.newPods.count == 1)
        let p = try #require(a.newPods.first)
        #expect(failed.first?.pod == p.name)
        #expect(p.status == "Init:CrashLoopBackOff")
        #expect(p.readyAt == nil && p.initializedAt == nil)
        let migrate = try #require(p.initContainers.first)
        #expect(migrate.exitCode == 1)
        #expect(migrate.restarts >= 5)
        // Old pods keep serving: nothing was deleted.
        for old in a.oldPods {
            #expect(old.termination == nil && old.goneAt == nil)
        }
        #expect(a.output.drops.isEmpty)
        // Restarts: the first at once, then after back-offs of 10, 20, 40, 80, 160 s (the
        // kubelet notices the expiry at its next pod sync, within ~12 s).
        let starts = runStarts(a.output, pod: p.name, container: "migrate")
        #expect(starts.count == migrate.restarts + 1)
        var previousEnd: Double?
        var gaps: [Double] = []
        for (start, end) in starts {
            if let e = previousEnd { gaps.append(start - e) }
            previousEnd = end
        }
        let backoffs: [Double] = [0, 10, 20, 40, 80, 160, 300, 300]
        for (i, gap) in gaps.enumerated() {
            #expect(gap >= backoffs[i] && gap <= backoffs[i] + 14, "restart \(i + 1) after \(gap) s")
        }
        // BackOff Warnings, aggregated into one Event with a growing count.
        let backOff = p.events.filter { $0.reason == "BackOff" }
        #expect(backOff.count == 1)
        #expect((backOff.first?.count ?? 0) > 5)
        #expect(backOff.first?.type == "Warning")
    }
}

/// (startedAt, finishedAt) of each run of an init container, from the pod records.
func runStarts(_ output: SimOutput, pod: String, container: String) -> [(Double, Double)] {
    var runs: [Double: Double] = [:]
    for r in output.records {
        guard case .pod(_, let object) = r.kind, let o = parse(object), (o["metadata"] as? [String: Any])?["name"] as? String == pod,
              let status = o["status"] as? [String: Any], let inits = status["initContainerStatuses"] as? [[String: Any]],
              let c = inits.first(where: { $0["name"] as? String == container }) else { continue }
        for key in ["state", "lastState"] {
            if let t = (c[key] as? [String: Any])?["terminated"] as? [String: Any],
               let s = (t["startedAt"] as? String).flatMap(Instant.init(rfc3339:)),
               let f = (t["finishedAt"] as? String).flatMap(Instant.init(rfc3339:)) {
                runs[s.seconds] = f.seconds
            }
        }
    }
    return runs.keys.sorted().map { ($0, runs[$0]!) }
}

func parse(_ json: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
}

func parse(_ object: JSONValue) -> [String: Any]? { parse(KubectlPrinter.raw(object)) }
