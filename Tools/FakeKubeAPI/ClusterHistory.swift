import Foundation
import RolloutCore
import RolloutSim

/// One change to one object, as a watch delivers it.
struct Change: Sendable {
    /// Simulation time, in seconds since the epoch.
    var time: Double
    /// `ADDED`, `MODIFIED` or `DELETED`.
    var type: String
    var resourceVersion: Int
    var namespace: String
    var name: String
    /// The full object, with `kind` and `apiVersion`.
    var object: JSONValue
}

/// Every change to the objects of one resource, in time order.
struct ResourceHistory: Sendable {
    var changes: [Change] = []

    /// The objects that exist at `t` (every change at or before it applied), by namespace and name.
    func state(at t: Double) -> [JSONValue] {
        var current: [String: JSONValue] = [:]
        for c in changes {
            if c.time > t { break }
            let key = c.namespace + "/" + c.name
            if c.type == "DELETED" { current[key] = nil } else { current[key] = c.object }
        }
        return current.keys.sorted().map { current[$0]! }
    }

    /// The index of the first change after `t`.
    func firstIndex(after t: Double) -> Int {
        var lo = 0, hi = changes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if changes[mid].time <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// What the fake API server serves, worked out once from a simulation: a history per
/// resource and the cluster-wide resourceVersion (the etcd revision) over time.
struct ClusterHistory: Sendable {
    var pods = ResourceHistory()
    var events = ResourceHistory()
    /// The same Events as events.k8s.io/v1 serves them.
    var eventsV1 = ResourceHistory()
    var endpointSlices = ResourceHistory()
    var deployments = ResourceHistory()
    var replicaSets = ResourceHistory()
    var statefulSets = ResourceHistory()
    var daemonSets = ResourceHistory()
    var controllerRevisions = ResourceHistory()
    /// Argo Rollouts (argoproj.io/v1alpha1).
    var rollouts = ResourceHistory()
    /// Objects that never change during the run: namespaces, nodes, the Service.
    var namespaces: [JSONValue] = []
    var nodes: [JSONValue] = []
    var services: [JSONValue] = []
    /// (time, highest resourceVersion written at or before it), in time order.
    var revisions: [(time: Double, rv: Int)] = []
    var start: Double
    var end: Double
    var namespace: String

    /// The cluster's resourceVersion at `t`, what a list made then carries.
    func resourceVersion(at t: Double) -> Int {
        var lo = 0, hi = revisions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if revisions[mid].time <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? (revisions.first?.rv ?? 1) : revisions[lo - 1].rv
    }

    init(_ output: SimOutput, podEnv: [FakeKubeAPI.EnvVar]) {
        let sc = output.scenario
        start = output.start.seconds
        end = output.end.seconds
        namespace = sc.namespace
        var maxRV = 0
        var eventNames: Set<String> = []
        // Per object (kind/namespace/name): a cluster (`SimCluster`) has many Deployments.
        var workloadsSeen: Set<String> = []
        for record in output.records {
            let t = record.time.seconds
            let given: String
            let target: WritableKeyPath<ClusterHistory, ResourceHistory>
            switch record.kind {
            case .pod(let type, _): given = type; target = \.pods
            case .event: given = ""; target = \.events
            case .endpointSlice(let type, _): given = type; target = \.endpointSlices
            case .deployment: given = ""; target = \.deployments
            case .workload(let object):
                given = ""
                switch object["kind"]?.stringValue {
                case "DaemonSet": target = \.daemonSets
                case "Rollout": target = \.rollouts
                default: target = \.statefulSets
                }
            case .controllerRevision(let type, _): given = type; target = \.controllerRevisions
            case .replicaSet(let type, _): given = type; target = \.replicaSets
            case .accessLog: continue
            }
            guard var object = record.kind.object else { continue }
            let name = object.at("metadata.name")?.stringValue ?? ""
            let ns = object.at("metadata.namespace")?.stringValue ?? sc.namespace
            let rv = Int(object.at("metadata.resourceVersion")?.stringValue ?? "") ?? 0
            var type = given
            switch record.kind {
            case .event:
                type = eventNames.insert(name).inserted ? "ADDED" : "MODIFIED"
            case .deployment:
                type = workloadsSeen.insert("Deployment/" + ns + "/" + name).inserted ? "ADDED" : "MODIFIED"
                object = ClusterHistory.injectEnv(object, path: ["spec", "template", "spec"], podEnv)
            case .workload:
                let kind = object["kind"]?.stringValue ?? ""
                type = workloadsSeen.insert(kind + "/" + ns + "/" + name).inserted ? "ADDED" : "MODIFIED"
                object = ClusterHistory.injectEnv(object, path: ["spec", "template", "spec"], podEnv)
            case .pod:
                object = ClusterHistory.injectEnv(object, path: ["spec"], podEnv)
            default:
                break
            }
            self[keyPath: target].changes.append(
                Change(time: t, type: type, resourceVersion: rv, namespace: ns, name: name, object: object))
            if case .event(let e) = record.kind {
                eventsV1.changes.append(Change(time: t, type: type, resourceVersion: rv, namespace: ns, name: name, object: e.eventsV1))
            }
            maxRV = max(maxRV, rv)
            if let last = revisions.last, last.time == t {
                revisions[revisions.count - 1].rv = maxRV
            } else {
                revisions.append((t, maxRV))
            }
        }
        if sc.kind == .deployment {
            replicaSets = ClusterHistory.replicaSets(sc, pods: pods, events: events, deployments: deployments)
        }
        namespaces = ClusterHistory.namespaces(sc, also: Set(pods.changes.map(\.namespace)))
        nodes = ClusterHistory.nodes(sc)
        services = ClusterHistory.services(sc, slices: endpointSlices)
    }

    /// Appends `env` to every container of the pod spec found at `path` (the Pod's `spec`, the
    /// Deployment's `spec.template.spec`): RolloutSim has no per-scenario env for the
    /// application container, so the secret-like value is added here, at serve time.
    static func injectEnv(_ object: JSONValue, path: [String], _ env: [FakeKubeAPI.EnvVar]) -> JSONValue {
        guard !env.isEmpty else { return object }
        func edit(_ v: JSONValue, _ rest: ArraySlice<String>) -> JSONValue {
            guard let key = rest.first else {
                guard case .array(let containers)? = v["containers"] else { return v }
                var spec = v
                spec["containers"] = .array(containers.map { c in
                    var c = c
                    var list = c["env"]?.arrayValue ?? []
                    for e in env { list.append(["name": .string(e.name), "value": .string(e.value)]) }
                    c["env"] = .array(list)
                    return c
                })
                return spec
            }
            guard let inner = v[key] else { return v }
            var out = v
            out[key] = edit(inner, rest.dropFirst())
            return out
        }
        return edit(object, path[...])
    }

    // MARK: Objects the simulation implies but does not write

    /// The two ReplicaSets, worked out from the Deployment controller's `ScalingReplicaSet`
    /// Events (spec.replicas) and the pods (status), changed whenever either changes.
    static func replicaSets(_ sc: SimScenario, pods: ResourceHistory, events: ResourceHistory,
                            deployments: ResourceHistory) -> ResourceHistory {
        struct RS: Equatable {
            var name: String
            var hash: String
            var revision: Int
            var exists: Bool
            var spec: Int
            var created: Double?
            var replicas = 0, ready = 0, fullyLabeled = 0
        }
        var uids: [String: String] = [:]
        for c in pods.changes {
            for ref in c.object.at("metadata.ownerReferences")?.arrayValue ?? [] {
                if let n = ref["name"]?.stringValue, let u = ref["uid"]?.stringValue { uids[n] = u }
            }
        }
        let deploymentUID = deployments.changes.first?.object.at("metadata.uid")?.stringValue ?? ""
        var sets = [
            RS(name: sc.oldReplicaSet, hash: sc.oldTemplateHash, revision: sc.revision - 1, exists: true,
               spec: sc.replicas, created: sc.start.seconds - 2 * 86400),
            RS(name: sc.newReplicaSet, hash: sc.newTemplateHash, revision: sc.revision, exists: false, spec: 0),
        ]
        // Pod and event changes merged in time order: the scenario's own (a `SimCluster` has
        // thousands of other pods, none of them these ReplicaSets').
        let merged = (pods.changes.filter { $0.namespace == sc.namespace }.map { ($0, true) }
            + events.changes.filter { $0.namespace == sc.namespace }.map { ($0, false) })
            .enumerated()
            .sorted { a, b in a.element.0.time != b.element.0.time ? a.element.0.time < b.element.0.time : a.offset < b.offset }
            .map(\.element)
        var current: [String: JSONValue] = [:]
        var out = ResourceHistory()
        var last: [RS] = []
        for (change, isPod) in merged {
            if isPod {
                if change.type == "DELETED" { current[change.name] = nil } else { current[change.name] = change.object }
            } else if change.object["reason"]?.stringValue == "ScalingReplicaSet",
                      let message = change.object["message"]?.stringValue {
                // "Scaled up replica set web-5f8d7c9b4a from 0 to 1"
                let words = message.split(separator: " ")
                if words.count >= 8, let to = Int(words[words.count - 1]) {
                    let name = String(words[4])
                    if let i = sets.firstIndex(where: { $0.name == name }) {
                        sets[i].spec = to
                        if !sets[i].exists { sets[i].exists = true; sets[i].created = change.time }
                    }
                }
            }
            for i in sets.indices {
                let mine = current.values.filter { p in
                    p.at("metadata.labels")?["pod-template-hash"]?.stringValue == sets[i].hash
                        && p.at("metadata.deletionTimestamp") == nil && p.at("status.phase")?.stringValue != "Succeeded"
                        && p.at("status.phase")?.stringValue != "Failed"
                }
                sets[i].replicas = mine.count
                sets[i].fullyLabeled = mine.count
                sets[i].ready = mine.filter { p in
                    (p.at("status.conditions")?.arrayValue ?? []).contains {
                        $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True"
                    }
                }.count
                if !sets[i].exists, sets[i].replicas > 0 { sets[i].exists = true; sets[i].created = change.time }
            }
            if sets != last {
                for (i, rs) in sets.enumerated() where rs.exists && (last.count <= i || last[i] != rs) {
                    let object = replicaSetJSON(sc, rs.name, hash: rs.hash, revision: rs.revision, spec: rs.spec,
                                                created: rs.created ?? change.time, uid: uids[rs.name] ?? "",
                                                deploymentUID: deploymentUID, replicas: rs.replicas, ready: rs.ready,
                                                rv: change.resourceVersion)
                    let type = (last.count > i && last[i].exists) ? "MODIFIED" : "ADDED"
                    out.changes.append(Change(time: change.time, type: type, resourceVersion: change.resourceVersion,
                                              namespace: sc.namespace, name: rs.name, object: object))
                }
                last = sets
            }
        }
        return out
    }

    static func replicaSetJSON(_ sc: SimScenario, _ name: String, hash: String, revision: Int, spec: Int, created: Double,
                               uid: String, deploymentUID: String, replicas: Int, ready: Int, rv: Int) -> JSONValue {
        var status: JSONValue = ["fullyLabeledReplicas": .int(replicas), "observedGeneration": 1,
                                       "replicas": .int(replicas)]
        if ready > 0 { status["readyReplicas"] = .int(ready); status["availableReplicas"] = .int(ready) }
        let labels: JSONValue = ["app": .string(sc.deployment), "pod-template-hash": .string(hash)]
        return [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": [
                "annotations": ["deployment.kubernetes.io/desired-replicas": .int(sc.replicas).quotedNumber,
                                "deployment.kubernetes.io/max-replicas": .string(String(sc.replicas + sc.resolvedMaxSurge)),
                                "deployment.kubernetes.io/revision": .string(String(revision))],
                "creationTimestamp": .string(Instant(seconds: created.rounded(.down)).rfc3339),
                "generation": 1,
                "labels": labels,
                "name": .string(name),
                "namespace": .string(sc.namespace),
                "ownerReferences": [["apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true,
                                     "kind": "Deployment", "name": .string(sc.deployment), "uid": .string(deploymentUID)]],
                "resourceVersion": .string(String(rv)),
                "uid": .string(uid),
            ],
            "spec": ["replicas": .int(spec), "selector": ["matchLabels": labels],
                     "template": ["metadata": ["labels": labels]]],
            "status": status,
        ]
    }

    /// The scenario's namespace, those of every pod served (`also`), and the usual ones.
    static func namespaces(_ sc: SimScenario, also: Set<String> = []) -> [JSONValue] {
        Set([sc.namespace, "default", "kube-system", "ingress-nginx"]).union(also).sorted().map { name in
            ["apiVersion": "v1", "kind": "Namespace",
             "metadata": ["creationTimestamp": .string(Instant(seconds: sc.start.seconds - 263 * 86400).rfc3339),
                          "labels": ["kubernetes.io/metadata.name": .string(name)], "name": .string(name),
                          "resourceVersion": "1", "uid": .string(stableUID("namespace/" + name))],
             "spec": ["finalizers": ["kubernetes"]], "status": ["phase": "Active"]]
        }
    }

    static func nodes(_ sc: SimScenario) -> [JSONValue] {
        sc.nodes.map { n in
            ["apiVersion": "v1", "kind": "Node",
             "metadata": ["creationTimestamp": .string(Instant(seconds: sc.start.seconds - 263 * 86400).rfc3339),
                          "labels": ["kubernetes.io/hostname": .string(n.name), "kubernetes.io/os": "linux"],
                          "name": .string(n.name), "resourceVersion": "1", "uid": .string(stableUID("node/" + n.name))],
             "spec": ["podCIDR": .string(n.podCIDR), "podCIDRs": [.string(n.podCIDR)]],
             "status": ["addresses": [["address": .string(n.internalIP), "type": "InternalIP"],
                                      ["address": .string(n.name), "type": "Hostname"]],
                        "conditions": [["status": "True", "type": "Ready", "reason": "KubeletReady",
                                        "message": "kubelet is posting ready status"]],
                        "nodeInfo": ["kubeletVersion": "v1.32.4", "containerRuntimeVersion": "containerd://1.7.24"]]]
        }
    }

    static func services(_ sc: SimScenario, slices: ResourceHistory) -> [JSONValue] {
        let first = slices.changes.first?.object
        let uid = first?.at("metadata.ownerReferences")?.arrayValue?.first?["uid"]?.stringValue ?? stableUID("service/web")
        return [["apiVersion": "v1", "kind": "Service",
                 "metadata": ["creationTimestamp": .string(Instant(seconds: sc.start.seconds - 263 * 86400).rfc3339),
                              "labels": ["app": .string(sc.deployment)], "name": .string(sc.deployment),
                              "namespace": .string(sc.namespace), "resourceVersion": "1", "uid": .string(uid)],
                 "spec": ["clusterIP": "10.96.112.40", "clusterIPs": ["10.96.112.40"],
                          "ports": [["name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"]],
                          "selector": ["app": .string(sc.deployment)], "type": "ClusterIP"],
                 "status": ["loadBalancer": [:]]]]
    }

    /// A UUID-shaped string derived from a name only.
    static func stableUID(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var hex = ""
        var seed = s
        while hex.count < 32 {
            for b in seed.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            hex += String(h, radix: 16).leftPadded(16)
            seed += "+"
        }
        let c = Array(hex.prefix(32))
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-"
            + String(c[20..<32])
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}

extension JSONValue {
    /// A number written as a string (annotations hold text).
    var quotedNumber: JSONValue { if case .number(let n) = self { return .string(n) } else { return self } }
}
