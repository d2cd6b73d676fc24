import FakeKubeAPI
import Foundation
import RolloutCore
import RolloutSim
import TestSupport
import Testing

/// `watch -A` and `record -A` through the real kubectl against a loopback API serving a whole
/// cluster (`SimCluster`): 40 namespaces of 3,120 pods at rest, some re-written now and then,
/// and one rolling update in namespace shop.
@Suite(.serialized) struct AllNamespacesEndToEndTests {
    final class Cluster {
        let config: SimClusterConfig
        let output: SimOutput
        let api: FakeKubeAPI
        let dir: URL
        let kubeconfig: String

        /// The rollout starts `lead` simulated seconds after the server does.
        init(lead: Double, speed: Double) throws {
            var rollout = SimScenario.healthy
            rollout.replicas = 4
            rollout.requestsPerSecond = 2
            rollout.start = Instant(seconds: Date().timeIntervalSince1970.rounded(.down) + lead)
            config = SimClusterConfig(namespaces: 40, workloadsPerNamespace: 3, replicas: 26, churnPerSecond: 1,
                                      rollout: rollout, leadSeconds: lead)
            output = SimCluster.run(config)
            api = FakeKubeAPI(output: output, speed: speed)
            try api.start()
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-allns-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            // The kubeconfig's namespace is shop: -A must reach past it.
            kubeconfig = try api.writeKubeconfig(to: dir.appendingPathComponent("kubeconfig").path, namespace: "shop")
        }

        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

        deinit {
            ProcessTable.killRunning(ProcessTable.kubectl(kubeconfig: kubeconfig))
            api.stop()
            try? FileManager.default.removeItem(at: dir)
        }
    }

    /// The dashboard's row of a workload ("shop/web   rolling ...") on `screen`.
    static func row(_ name: String, in screen: String) -> String? {
        screen.split(separator: "\n").map(String.init).first { $0.contains(name + " ") && !$0.contains("──") }
    }

    @Test func watchAllNamespacesShowsTheRolloutWithItsNamespaceWhileTheRestStaysQuiet() throws {
        let cluster = try Cluster(lead: 40, speed: 4)
        let tmux = Tmux()
        // 80x24: the size a terminal opens at.
        try tmux.start("\(Binary.rollscope) watch -A --kubeconfig \(cluster.kubeconfig) --interval 1s", width: 80, height: 24)
        var s = try tmux.wait(for: "121 in 41 namespaces", seconds: 15)
        #expect(s.contains("rollscope fake, all namespaces"), "\(s)")
        #expect(s.contains("LIVE"), "the mode fits on 80 columns: \(s)")
        #expect(s.contains("── shop"), "\(s)")
        // Thousands of quiet pods, every one listed and ready.
        #expect(Self.row("team-01/api", in: s)?.contains("26/26") == true, "\(s)")

        // The rollout starts: its namespace comes first, marked, with the workload rolling.
        s = try tmux.wait(for: "1 workload, 1 rolling", seconds: 20)
        let shop = try #require(Self.row("shop/web", in: s), "\(s)")
        #expect(shop.contains("rolling"), "\(s)")
        let lines = s.split(separator: "\n").map(String.init)
        let shopHeading = try #require(lines.firstIndex { $0.contains("── shop") })
        let firstTeam = try #require(lines.firstIndex { $0.contains("── team-") })
        #expect(shopHeading < firstTeam, "the namespace with a rollout first: \(s)")
        // Elsewhere nothing rolls, churn or not.
        #expect(lines.filter { $0.contains("rolling") }.count == 2, "only shop rolls: \(s)")
        for line in lines.dropFirst(2) where line.contains("team-") && !line.contains("──") {
            #expect(line.contains("steady") && line.contains("26/26"), "\(line)")
        }

        // One cluster-wide list and watch per resource, never one per namespace.
        let paths = cluster.api.requestCounts.keys
        #expect(paths.contains("/api/v1/pods"), "\(paths.sorted())")
        #expect(paths.contains("/api/v1/events"), "\(paths.sorted())")
        #expect(paths.contains("/apis/discovery.k8s.io/v1/endpointslices"), "\(paths.sorted())")
        #expect(paths.contains("/apis/apps/v1/deployments"), "\(paths.sorted())")
        #expect(!paths.contains { $0.hasPrefix("/api/v1/namespaces/") || $0.hasPrefix("/apis/apps/v1/namespaces/") },
                "namespaced requests: \(paths.sorted())")
        let kubectls = ProcessTable.kubectl(kubeconfig: cluster.kubeconfig)
        #expect(kubectls.contains { $0.argv.contains("pods") && $0.argv.contains("--all-namespaces") && $0.argv.contains("--watch") },
                "\(kubectls)")

        // `/` on the dashboard filters by namespace and name; Enter opens the workload.
        try tmux.keys("/")
        try tmux.keys("-l", "shop/web")
        try tmux.keys("Enter")
        s = try tmux.wait(for: "1 of 121", seconds: 5)
        #expect(s.contains("filter shop/web") && Self.row("shop/web", in: s) != nil && Self.row("team-01/web", in: s) == nil, "\(s)")
        try tmux.keys("Enter")
        s = try tmux.wait(for: "  shop/web", seconds: 5)
        #expect(s.split(separator: "\n").first?.contains("shop/web") == true, "the header names the namespace: \(s)")
        try tmux.keys("q")
        #expect(try tmux.wait(for: "EXIT=", seconds: 10).contains("EXIT=0"))
        #expect(ProcessTable.kubectl(kubeconfig: cluster.kubeconfig).isEmpty)
    }

    @Test func recordAllNamespacesKeepsEveryNamespaceAndReplaysWithThem() throws {
        // The watch must be up before the rollout starts (a pod gone between the list and the
        // watch is not seen going): 10 s here.
        let cluster = try Cluster(lead: 50, speed: 5)
        let recording = cluster.path("cluster.rollout")
        let run = try Binary.run(["record", "-A", "--kubeconfig", cluster.kubeconfig, "--record", recording,
                                  "--timeout", "60s", "--interval", "500ms"], timeout: 90)
        #expect(run.status == 0, "record -A: \(run.stderr)")
        #expect(run.stderr.contains("rollout complete"), "\(run.stderr)")
        #expect(cluster.api.requestCount(path: "/api/v1/pods") >= 1)

        let text = try String(contentsOfFile: recording, encoding: .utf8)
        #expect(text.hasPrefix("{\"schema\":\"rollscope.recording/1\""))
        #expect(text.split(separator: "\n").first?.contains("\"target\":\"all namespaces\"") == true)

        // Read back: every namespace's workloads apart, same names or not.
        let model = try Analysis.run(inputs: [recording])
        let webs = model.rollouts.filter { $0.workload == "web" }
        #expect(Set(webs.map(\.namespace)) == Set(["shop"] + cluster.config.namespaceNames), "\(webs.map(\.namespace))")
        #expect(webs.count == 41)
        let shop = try #require(webs.first { $0.namespace == "shop" })
        #expect(shop.progress.isComplete)
        #expect(shop.pods.count == 8, "4 old, 4 new: \(shop.pods.map(\.name))")
        #expect(model.rollouts.filter { $0.namespace != "shop" }.allSatisfy { $0.pods.count == 26 })
        #expect(model.rollouts.map(\.pods.count).reduce(0, +) == 3120 + 8)

        // The report names each namespace.
        let report = try Binary.run(["report", recording, "--fail-on", "never"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("ROLLOUT  shop/web") && report.stdout.contains("ROLLOUT  team-40/web"))

        // So does the replay's dashboard, grouped by namespace.
        let tmux = Tmux()
        try tmux.start("\(Binary.rollscope) replay \(recording)", width: 80, height: 24)
        _ = try tmux.wait(for: "REPLAY", seconds: 15)
        try tmux.keys("w")
        let s = try tmux.wait(for: "121 in 41 namespaces", seconds: 5)
        #expect(s.contains("── shop") && s.contains("── team-01"), "\(s)")
        try tmux.keys("/")
        try tmux.keys("-l", "team-07")
        try tmux.keys("Enter")
        let filtered = try tmux.wait(for: "3 of 121", seconds: 5)
        #expect(Self.row("team-07/web", in: filtered) != nil && Self.row("shop/web", in: filtered) == nil, "\(filtered)")
        try tmux.keys("q")
        try tmux.keys("q")
    }
}
