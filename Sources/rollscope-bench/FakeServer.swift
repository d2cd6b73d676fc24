import FakeKubeAPI
import Foundation
import RolloutCore
import RolloutSim
#if canImport(Glibc)
import Glibc
#endif

/// The loopback fake Kubernetes API (target FakeKubeAPI) serving the 1000-pod Deployment at
/// rest: its clock starts `restSeconds` after the rollout that created the pods ended and runs
/// at real speed, so nothing changes while rollscope watches. Events older than an hour are
/// left out, as the API server's default `--event-ttl` of 1 h would have removed them.
enum FakeServer {
    static func run(kubeconfig: String, seconds: Double, restSeconds: Double, keepEvents: Bool) throws {
        var output = Simulator.run(Scenarios.steady1000)
        let now = output.end + restSeconds
        if !keepEvents {
            output.records.removeAll { r in
                if case .event = r.kind { return now - r.time > 3600 }
                return false
            }
        }
        let server = FakeKubeAPI(output: output, speed: 1, startOffset: now - output.start, podEnv: [])
        try server.start()
        try server.writeKubeconfig(to: kubeconfig)
        print("fake_api_url=\(server.url) kubeconfig=\(kubeconfig) pods=1000 events_kept=\(keepEvents)")
        fflush(nil)
        let t0 = monotonic()
        while monotonic() - t0 < seconds {
            usleep(200_000)
            if getppid() == 1 { break }
        }
        let counts = server.requestCounts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        FileHandle.standardError.write(Data("rollscope-bench: fake API requests: \(counts)\n".utf8))
        server.stop()
    }
}
