import FakeKubeAPI
import Foundation
import RolloutCore
import RolloutSim

/// The loopback fake Kubernetes API serving a whole cluster (`SimCluster`) for `watch -A`:
/// `--namespaces` quiet namespaces of `--workloads` Deployments of `--replicas` pods each,
/// `--churn` pod changes a second among them, and one rolling update (ingress-nginx's healthy
/// preset with `--rollout-replicas` pods, maxSurge 1) in namespace `shop` starting `--lead`
/// seconds after the server does. Real time (`--speed 1`) unless asked otherwise.
enum FakeCluster {
    static func config(namespaces: Int, workloads: Int, replicas: Int, churn: Double, lead: Double, rolloutReplicas: Int,
                       start: Instant) -> SimClusterConfig {
        var rollout = SimScenario.healthy
        rollout.replicas = rolloutReplicas
        rollout.requestsPerSecond = 2
        rollout.start = start
        return SimClusterConfig(namespaces: namespaces, workloadsPerNamespace: workloads, replicas: replicas,
                                churnPerSecond: churn, rollout: rollout, leadSeconds: lead)
    }

    static func run(kubeconfig: String, seconds: Double, namespaces: Int, workloads: Int, replicas: Int, churn: Double,
                    lead: Double, rolloutReplicas: Int, speed: Double) throws {
        let t0 = monotonic()
        let now = Date().timeIntervalSince1970.rounded(.down)
        let c = config(namespaces: namespaces, workloads: workloads, replicas: replicas, churn: churn, lead: lead,
                       rolloutReplicas: rolloutReplicas, start: Instant(seconds: now + lead))
        let output = SimCluster.run(c)
        let server = FakeKubeAPI(output: output, speed: speed, podEnv: [])
        try server.start()
        try server.writeKubeconfig(to: kubeconfig)
        let started = monotonic()
        let leadReal = lead / speed
        let rolloutSeconds = ((output.completedAt ?? output.end) - output.scenario.start) / speed
        print(String(format: "fake_api_url=%@ namespaces=%d quiet_pods=%d rollout_pods=%d records=%d startup_seconds=%.1f rollout_in_seconds=%.1f rollout_seconds=%.1f",
                     server.url, namespaces, c.quietPods, rolloutReplicas, output.records.count, started - t0, leadReal,
                     rolloutSeconds))
        fflush(nil)
        while monotonic() - started < seconds { usleep(200_000) }
        let counts = server.requestCounts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        FileHandle.standardError.write(Data("rollscope-bench: fake API requests: \(counts)\n".utf8))
        server.stop()
    }
}
