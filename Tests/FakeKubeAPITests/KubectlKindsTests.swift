import Foundation
import Testing
import RolloutCore
import RolloutSim
@testable import FakeKubeAPI

/// StatefulSets, DaemonSets and ControllerRevisions through the real kubectl: discovery, lists,
/// gets, the short names, and `kubectl rollout status` itself, whose every line must be what
/// `KubectlVerdict` says kubectl would print.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: kubectlPath)))
struct KubectlKindsTests {
    static let statefulset = Simulator.run(.statefulset)
    static let daemonset = Simulator.run(.daemonset)

    /// The workload object `kubectl get KIND NAME -o json` printed, as rollscope reads it.
    static func info(_ json: String) throws -> WorkloadInfo? {
        let decoded = try InputLoader.decode(data: Data(json.utf8), name: "kubectl", source: 0, explicitTime: nil, scope: "kubectl")
        return decoded.observations.compactMap { o -> WorkloadInfo? in
            if case .workload(let w) = o.payload { return w } else { return nil }
        }.first
    }

    @Test func shortNamesListAndGetStatefulSets() throws {
        let h = try Harness("sts", output: Self.statefulset, speed: 0, startOffset: 50)
        let table = try h.run(["get", "sts", "-n", "shop"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("NAME") && table.stdout.contains("READY") && table.stdout.contains("db "), "\(table.stdout)")
        let one = try h.run(["get", "statefulset", "db", "-n", "shop", "-o", "json"])
        #expect(one.status == 0, "\(one.stderr)")
        let object = try #require(jsonObject(one.stdout))
        #expect(object["kind"] as? String == "StatefulSet")
        let expected = try #require(jsonObject(Self.statefulset.workloadJSON(at: h.server.simulationNow)))
        #expect(object.string("status.updateRevision") == expected.string("status.updateRevision"))
        #expect(object.string("status.currentRevision") == expected.string("status.currentRevision"))
        let revisions = try h.run(["get", "controllerrevisions", "-n", "shop", "-o", "json"])
        #expect(revisions.status == 0, "\(revisions.stderr)")
        let names = (jsonObject(revisions.stdout)?["items"] as? [[String: Any]] ?? []).compactMap { $0.string("metadata.name") }
        #expect(names == ["db-6c9d8b7f5c", "db-79f5c8d6b4"])
        let revisionTable = try h.run(["get", "controllerrevisions", "-n", "shop"])
        #expect(revisionTable.stdout.contains("statefulset.apps/db"), "\(revisionTable.stdout)")
    }

    static let canary = Simulator.run(.canary)

    /// Argo's CRD through kubectl's discovery (both kinds of it): the short name `ro`, the
    /// CRD's columns, a Rollout and its ReplicaSets as rollscope reads them; and without the
    /// CRD, kubectl's own "doesn't have a resource type".
    @Test(arguments: [FakeKubeAPI.Discovery.aggregated, .legacy])
    func rolloutsThroughDiscovery(discovery: FakeKubeAPI.Discovery) throws {
        let h = try Harness("ro", output: Self.canary, speed: 0, startOffset: 20, discovery: discovery)
        let table = try h.run(["get", "ro", "-n", "shop"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("DESIRED") && table.stdout.contains("UP-TO-DATE") && table.stdout.contains("web "), "\(table.stdout)")
        let one = try h.run(["get", "rollouts.argoproj.io", "web", "-n", "shop", "-o", "json"])
        #expect(one.status == 0, "\(one.stderr)")
        let w = try #require(try Self.info(one.stdout))
        #expect(w.workloadKind == .rollout && w.argo?.strategy == .canary && w.argo?.steps.count == 4)
        #expect(w.argo?.currentStepIndex == 1 && w.argo?.phase == "Paused" && w.argo?.currentPodHash == "85c4f9b6d8")
        let sets = try h.run(["get", "rs", "-n", "shop", "-o", "json"])
        let names = (jsonObject(sets.stdout)?["items"] as? [[String: Any]] ?? []).compactMap { $0.string("metadata.name") }
        #expect(names == ["web-6b8d9c5f7d", "web-85c4f9b6d8"], "\(sets.stdout.prefix(300))")
        let without = try Harness("noro", output: Self.canary, speed: 0, startOffset: 20, discovery: discovery, argoCRD: false)
        let missing = try without.run(["get", "rollout", "web", "-n", "shop"])
        #expect(missing.status != 0 && missing.stderr.contains("the server doesn't have a resource type \"rollout\""), "\(missing.stderr)")
    }

    @Test func shortNamesListAndGetDaemonSets() throws {
        let h = try Harness("ds", output: Self.daemonset, speed: 0, startOffset: 20)
        let table = try h.run(["get", "ds", "-n", "shop"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("DESIRED") && table.stdout.contains("UP-TO-DATE") && table.stdout.contains("node-agent"),
                "\(table.stdout)")
        let one = try h.run(["get", "daemonsets.apps", "node-agent", "-n", "shop", "-o", "json"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(jsonObject(one.stdout)?["kind"] as? String == "DaemonSet")
    }

    /// At moments through each rollout, kubectl's own `rollout status --watch=false` prints
    /// exactly the line `KubectlVerdict` gives for the object kubectl reads then.
    @Test(arguments: [("statefulset/db", 0.0), ("statefulset/db", 1), ("statefulset/db", 40), ("statefulset/db", 200),
                      ("daemonset/node-agent", 0), ("daemonset/node-agent", 12), ("daemonset/node-agent", 30),
                      ("daemonset/node-agent", 200)])
    func rolloutStatusIsWhatTheVerdictSays(target: String, at offset: Double) throws {
        let output = target.hasPrefix("statefulset") ? Self.statefulset : Self.daemonset
        let h = try Harness("status", output: output, speed: 0, startOffset: offset)
        let status = try h.run(["rollout", "status", target, "-n", "shop", "--watch=false"])
        let get = try h.run(["get", target, "-n", "shop", "-o", "json"])
        let info = try #require(try Self.info(get.stdout), "\(get.stderr)")
        let verdict = try #require(KubectlVerdict.of(info))
        let printed = (status.stdout + status.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(printed == verdict.message, "at +\(offset) s")
        // With --watch=false kubectl exits 0 whether done or not.
        #expect(status.status == 0, "exit \(status.status) at +\(offset) s: \(printed)")
        #expect(verdict.done == (offset == 200), "at +\(offset) s: \(printed)")
    }
}
