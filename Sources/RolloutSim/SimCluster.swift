import RolloutCore

/// A whole cluster for `watch -A`: many namespaces of Deployments at rest, their pods changed
/// now and then (churn), and one real rollout (`rollout`, a `Simulator` run) in its own
/// namespace. Every object is the simulator's: each quiet Deployment is the simulator's cluster
/// before its rollout (`Engine.atRest`: its pods, EndpointSlice and Deployment once, no Events,
/// as after the API server's event TTL), never rolled; the churn re-writes one of those pods (a
/// controller annotating it, as Istio's, Calico's or an autoscaler's do), which a watch
/// delivers as MODIFIED with a new resourceVersion while nothing rollscope reads changes.
///
/// The output is one `SimOutput` for `FakeKubeAPI`: records in time order, resourceVersions
/// renumbered across the cluster (one etcd revision counter), the rollout's own truth kept.
public struct SimClusterConfig: Sendable {
    /// Quiet namespaces, `team-01` ... `team-NN`.
    public var namespaces: Int
    /// Deployments per quiet namespace, and replicas of each.
    public var workloadsPerNamespace: Int
    public var replicas: Int
    /// Pods re-written per simulated second, across the quiet namespaces.
    public var churnPerSecond: Double
    /// The real rollout (its namespace should not be one of the quiet ones).
    public var rollout: SimScenario
    /// Simulated seconds the cluster rests before the rollout starts (churn runs throughout).
    public var leadSeconds: Double
    public var seed: UInt64

    public init(namespaces: Int = 40, workloadsPerNamespace: Int = 3, replicas: Int = 26, churnPerSecond: Double = 2,
                rollout: SimScenario = .healthy, leadSeconds: Double = 30, seed: UInt64 = 13) {
        self.namespaces = namespaces
        self.workloadsPerNamespace = workloadsPerNamespace
        self.replicas = replicas
        self.churnPerSecond = churnPerSecond
        self.rollout = rollout
        self.leadSeconds = leadSeconds
        self.seed = seed
    }

    /// Pods at rest in the quiet namespaces.
    public var quietPods: Int { namespaces * workloadsPerNamespace * replicas }

    /// The quiet namespaces' names.
    public var namespaceNames: [String] { (1...max(1, namespaces)).map { "team-" + String($0).leftPadded(2) } }

    static let workloadNames = ["api", "worker", "web", "search", "cache", "billing", "auth", "feed"]
}

public enum SimCluster {
    public static func run(_ config: SimClusterConfig) -> SimOutput {
        let rollout = Simulator.run(config.rollout)
        let rest = config.rollout.start.seconds - config.leadSeconds
        var records: [SimRecord] = []
        // Quiet pods, by index, for the churn.
        var quiet: [JSONValue] = []
        for (n, ns) in config.namespaceNames.enumerated() {
            for w in 0..<config.workloadsPerNamespace {
                let name = SimClusterConfig.workloadNames[w % SimClusterConfig.workloadNames.count]
                    + (w >= SimClusterConfig.workloadNames.count ? "-\(w)" : "")
                var sc = SimScenario(name: "\(ns)-\(name)", title: "at rest", replicas: config.replicas, maxSurge: "100%",
                                     initContainers: [], preStop: .execSleep(5), readinessDelaySeconds: 2, requestsPerSecond: 0,
                                     start: Instant(seconds: rest - 3600 * Double(1 + (n + w) % 20)),
                                     seed: config.seed &* 1000 &+ UInt64(n * 16 + w), horizonSeconds: 900)
                sc.namespace = ns
                sc.deployment = name
                // Pod IPs unique across the cluster: a /24 per node per workload.
                sc.nodes = (1...3).map { i in
                    SimNode(name: "worker-\(i)", internalIP: "172.18.0.\(i + 2)", podCIDR: "10.\(64 + n % 160).\(w * 3 + i).0/24")
                }
                for r in Engine(sc).atRest() {
                    records.append(SimRecord(time: Instant(seconds: rest), kind: r.kind))
                    if case .pod(_, let o) = r.kind { quiet.append(o) }
                }
            }
        }
        // Churn: a pod of a quiet namespace re-written, about `churnPerSecond` a second.
        var random = SimRandom(seed: config.seed, stream: 7)
        var latest = quiet
        if config.churnPerSecond > 0 && !quiet.isEmpty {
            var t = rest + random.uniform(0, 2 / config.churnPerSecond)
            var count = 0
            while t < rollout.end.seconds + 600 {
                let i = random.int(quiet.count)
                count += 1
                latest[i] = annotated(latest[i], count: count, at: Instant(seconds: t.rounded(.down)))
                records.append(SimRecord(time: Instant(seconds: t), kind: .pod(watchType: "MODIFIED", object: latest[i])))
                t += random.uniform(0, 2 / config.churnPerSecond)
            }
        }
        // The rollout's workload rests with the others until its rollout starts; the run's own
        // first sight of those objects (ADDED at its start) is then no news.
        let resting = Engine(config.rollout).atRest()
        var restingNames = Set<String>()
        for r in resting {
            records.append(SimRecord(time: Instant(seconds: rest), kind: r.kind))
            if case .pod(_, let o) = r.kind, let n = o.at("metadata.name")?.stringValue { restingNames.insert("pod/" + n) }
            if case .endpointSlice(_, let o) = r.kind, let n = o.at("metadata.name")?.stringValue { restingNames.insert("slice/" + n) }
        }
        records += rollout.records.filter { r in
            switch r.kind {
            case .accessLog: return false
            case .pod("ADDED", let o) where r.time == config.rollout.start:
                return !restingNames.contains("pod/" + (o.at("metadata.name")?.stringValue ?? ""))
            case .endpointSlice("ADDED", let o) where r.time == config.rollout.start:
                return !restingNames.contains("slice/" + (o.at("metadata.name")?.stringValue ?? ""))
            default: return true
            }
        }
        // Time order (stable), then one resourceVersion counter for the whole cluster.
        records = records.enumerated().sorted { a, b in
            a.element.time != b.element.time ? a.element.time < b.element.time : a.offset < b.offset
        }.map(\.element)
        var rv = 1000
        for i in records.indices {
            rv += 1
            records[i].kind = renumbered(records[i].kind, rv)
        }
        var output = rollout
        output.records = records
        output.start = Instant(seconds: rest)
        return output
    }

    /// The pod with a controller's annotation written at `t` (nothing else changes).
    static func annotated(_ pod: JSONValue, count: Int, at t: Instant) -> JSONValue {
        var pod = pod
        var meta = pod["metadata"] ?? .object([])
        var annotations = meta["annotations"] ?? .object([])
        annotations["autoscaling.example.com/last-sample"] = .string(t.rfc3339)
        meta["annotations"] = annotations
        pod["metadata"] = meta
        return pod
    }

    /// The record with its object's resourceVersion set to `rv`.
    static func renumbered(_ kind: SimRecord.Kind, _ rv: Int) -> SimRecord.Kind {
        func set(_ o: JSONValue) -> JSONValue {
            var o = o
            var meta = o["metadata"] ?? .object([])
            meta["resourceVersion"] = .string(String(rv))
            o["metadata"] = meta
            return o
        }
        switch kind {
        case .pod(let type, let o): return .pod(watchType: type, object: set(o))
        case .endpointSlice(let type, let o): return .endpointSlice(watchType: type, object: set(o))
        case .deployment(let o): return .deployment(object: set(o))
        case .workload(let o): return .workload(object: set(o))
        case .controllerRevision(let type, let o): return .controllerRevision(watchType: type, object: set(o))
        case .replicaSet(let type, let o): return .replicaSet(watchType: type, object: set(o))
        case .event(var e):
            e.resourceVersion = String(rv)
            return .event(e)
        case .accessLog: return kind
        }
    }
}

private extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}

extension Engine {
    /// The workload at rest, as the simulator sets it up before a rollout: the Deployment (all
    /// its replicas updated, ready and available), the old revision's pods running and Ready,
    /// and the Service's EndpointSlice. Cheap: no rollout is run.
    func atRest() -> [SimRecord] {
        setUpHistory()
        let at = Instant(seconds: now)
        deployment.replicas = sc.replicas
        deployment.updated = sc.replicas
        deployment.ready = sc.replicas
        deployment.available = sc.replicas
        var out = [SimRecord(time: at, kind: .deployment(object: deploymentJSON()))]
        for i in pods.indices.sorted(by: { pods[$0].name < pods[$1].name }) {
            out.append(SimRecord(time: at, kind: .pod(watchType: "ADDED", object: podJSON(pods[i]))))
        }
        out.append(SimRecord(time: at, kind: .endpointSlice(watchType: "ADDED", object: sliceObject().json)))
        return out
    }
}
