import Foundation
import RolloutCore
@testable import RolloutSim
import Testing

/// The cluster `watch -A` is tested and measured against: many namespaces at rest, churn, one
/// rollout; and the core keeping same-named workloads apart.
@Suite struct SimClusterTests {
    static let config = SimClusterConfig(namespaces: 4, workloadsPerNamespace: 3, replicas: 5, churnPerSecond: 2)

    @Test func objectsAreUniqueAcrossTheClusterAndResourceVersionsGrowWithTime() {
        let out = SimCluster.run(Self.config)
        var uids: [String: String] = [:], ips: [String: String] = [:]
        var lastRV = 0, lastTime = out.start
        var modifiedQuiet = 0
        for r in out.records {
            #expect(r.time >= lastTime)
            lastTime = r.time
            let o = r.kind.object
            let rv = Int(o?.at("metadata.resourceVersion")?.stringValue ?? "") ?? 0
            #expect(rv > lastRV, "resourceVersions rise with time")
            lastRV = rv
            guard case .pod(let type, let pod) = r.kind else { continue }
            let ns = pod.at("metadata.namespace")?.stringValue ?? ""
            let name = ns + "/" + (pod.at("metadata.name")?.stringValue ?? "")
            if let uid = pod.at("metadata.uid")?.stringValue {
                #expect(uids[uid] == nil || uids[uid] == name, "uid \(uid) of \(name) and \(uids[uid] ?? "")")
                uids[uid] = name
            }
            if let ip = pod.at("status.podIP")?.stringValue, ns != "shop" {
                #expect(ips[ip] == nil || ips[ip] == name, "IP \(ip) of \(name) and \(ips[ip] ?? "")")
                ips[ip] = name
            }
            if type == "MODIFIED" && ns != "shop" { modifiedQuiet += 1 }
        }
        #expect(uids.values.filter { !$0.hasPrefix("shop/") }.count == Self.config.quietPods)
        #expect(modifiedQuiet > 100, "churn: \(modifiedQuiet)")
    }

    @Test func theQuietNamespacesStayQuietAndEachWebIsItsOwnWorkload() throws {
        let out = SimCluster.run(Self.config)
        var model = Correlator()
        var observations: [Observation] = []
        for r in out.records {
            guard case .pod(let type, let pod) = r.kind else { continue }
            let line = KubectlPrinter.raw(["type": .string(type), "object": pod])
            observations += try InputLoader.decode(data: Data(line.utf8), name: "w", source: 0, explicitTime: r.time, scope: "w").observations
        }
        model.apply(observations)
        let rollouts = model.model().rollouts
        let webs = rollouts.filter { $0.workload == "web" }
        #expect(Set(webs.map(\.namespace)) == Set(["shop"] + Self.config.namespaceNames))
        for r in rollouts where r.namespace != "shop" {
            #expect(r.progress.state == .steady && r.pods.count == 5, "\(r.namespace)/\(r.workload) \(r.progress)")
        }
        let shop = try #require(webs.first { $0.namespace == "shop" })
        #expect(shop.progress.isComplete)
    }

    @Test func aDeploymentAndAStatefulSetOfOneNameStayApart() throws {
        var sts = SimScenario.statefulset
        sts.deployment = "web"
        var deployment = SimScenario.healthy
        deployment.seed = 99
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-kinds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("sts.json").path, b = dir.appendingPathComponent("deploy.json").path
        try Data(Simulator.run(sts).watchStream().utf8).write(to: URL(fileURLWithPath: a))
        try Data(Simulator.run(deployment).watchStream().utf8).write(to: URL(fileURLWithPath: b))
        let rollouts = try Analysis.run(inputs: [a, b]).rollouts.filter { $0.namespace == "shop" && $0.workload == "web" }
        #expect(Set(rollouts.map { $0.kind }) == [.statefulSet, .deployment], "\(rollouts.map { $0.kind })")
        #expect(rollouts.allSatisfy { r in r.pods.allSatisfy { $0.kind == r.kind } })
    }
}
