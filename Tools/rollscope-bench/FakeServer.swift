import FakeKubeAPI
import Foundation
import RolloutCore
import RolloutSim
#if canImport(Glibc)
import Glibc
#endif

/// The loopback fake Kubernetes API (target FakeKubeAPI) serving the 1000-pod Deployment at
/// rest. The simulation's history is cut down to the state after the rollout that created the
/// pods: each pod, the Deployment and the EndpointSlices once, in their final versions, and no
/// events (the API server's default `--event-ttl` of 1 h has removed them by the time a
/// deployment has rested for a while; `--keep-events` keeps them). The server's clock starts
/// after all that and runs at real speed, so nothing changes while rollscope watches.
/// (The whole history would make FakeKubeAPI's start-up work through every change.)
enum FakeServer {
    static func steadyState(_ full: SimOutput, keepEvents: Bool) -> SimOutput {
        var output = full
        var podOrder: [String] = []
        var pods: [String: SimRecord] = [:]
        var slices: [String: SimRecord] = [:]
        var deployment: SimRecord?
        var events: [SimRecord] = []
        func name(_ object: JSONValue) -> String { object.at("metadata.name")?.stringValue ?? "" }
        for r in full.records {
            switch r.kind {
            case .pod(let type, let object):
                let n = name(object)
                if type == "DELETED" { pods[n] = nil } else {
                    if pods[n] == nil { podOrder.append(n) }
                    pods[n] = SimRecord(time: r.time, kind: .pod(watchType: "ADDED", object: object))
                }
            case .endpointSlice(let type, let object):
                let n = name(object)
                slices[n] = type == "DELETED" ? nil : SimRecord(time: r.time, kind: .endpointSlice(watchType: "ADDED", object: object))
            case .deployment:
                deployment = r
            case .event:
                if keepEvents { events.append(r) }
            case .accessLog, .workload, .controllerRevision, .replicaSet:
                continue
            }
        }
        let at = full.end
        var records: [SimRecord] = events
        if let deployment { records.append(SimRecord(time: at, kind: deployment.kind)) }
        for n in podOrder { if let r = pods[n] { records.append(SimRecord(time: at, kind: r.kind)) } }
        for n in slices.keys.sorted() { records.append(SimRecord(time: at, kind: slices[n]!.kind)) }
        output.records = records
        return output
    }

    static func run(kubeconfig: String, seconds: Double, restSeconds: Double, keepEvents: Bool) throws {
        let t0 = monotonic()
        let output = steadyState(Simulator.run(Scenarios.steady1000), keepEvents: keepEvents)
        let server = FakeKubeAPI(output: output, speed: 1, startOffset: output.end - output.start + restSeconds, podEnv: [])
        try server.start()
        try server.writeKubeconfig(to: kubeconfig)
        print(String(format: "fake_api_url=%@ pods=1000 records=%d events_kept=%@ startup_seconds=%.1f",
                     server.url, output.records.count, keepEvents ? "yes" : "no", monotonic() - t0))
        fflush(nil)
        let started = monotonic()
        while monotonic() - started < seconds {
            usleep(200_000)
        }
        let counts = server.requestCounts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        FileHandle.standardError.write(Data("rollscope-bench: fake API requests: \(counts)\n".utf8))
        server.stop()
    }
}
