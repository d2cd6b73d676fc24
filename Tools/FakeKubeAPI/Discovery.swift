import Foundation
import RolloutCore
import RolloutSim

/// One resource the fake server knows.
struct ResourceInfo: Sendable {
    enum Source: Sendable {
        case pods, events, eventsV1, endpointSlices, deployments, replicaSets, statefulSets, daemonSets, controllerRevisions
        /// Argo Rollouts: served only while the server has the CRD.
        case rollouts
        case namespaces, nodes, services
        /// Listed (empty) and watched (nothing ever happens), so discovery-driven clients work.
        case empty
    }

    var group: String
    var version: String
    var plural: String
    var singular: String
    var kind: String
    var namespaced: Bool
    var shortNames: [String] = []
    var categories: [String] = []
    var subresources: [String] = []
    var source: Source

    var groupVersion: String { group.isEmpty ? version : group + "/" + version }

    static let verbs: [JSONValue] = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
}

enum Registry {
    static let all: [ResourceInfo] = [
        ResourceInfo(group: "", version: "v1", plural: "pods", singular: "pod", kind: "Pod", namespaced: true,
                     shortNames: ["po"], categories: ["all"], subresources: ["log", "status"], source: .pods),
        ResourceInfo(group: "", version: "v1", plural: "events", singular: "event", kind: "Event", namespaced: true,
                     shortNames: ["ev"], source: .events),
        ResourceInfo(group: "", version: "v1", plural: "namespaces", singular: "namespace", kind: "Namespace",
                     namespaced: false, shortNames: ["ns"], subresources: ["status"], source: .namespaces),
        ResourceInfo(group: "", version: "v1", plural: "nodes", singular: "node", kind: "Node", namespaced: false,
                     shortNames: ["no"], subresources: ["status"], source: .nodes),
        ResourceInfo(group: "", version: "v1", plural: "services", singular: "service", kind: "Service", namespaced: true,
                     shortNames: ["svc"], categories: ["all"], subresources: ["status"], source: .services),
        ResourceInfo(group: "", version: "v1", plural: "endpoints", singular: "endpoints", kind: "Endpoints",
                     namespaced: true, shortNames: ["ep"], source: .empty),
        ResourceInfo(group: "", version: "v1", plural: "configmaps", singular: "configmap", kind: "ConfigMap",
                     namespaced: true, shortNames: ["cm"], source: .empty),
        ResourceInfo(group: "", version: "v1", plural: "secrets", singular: "secret", kind: "Secret", namespaced: true,
                     source: .empty),
        ResourceInfo(group: "", version: "v1", plural: "serviceaccounts", singular: "serviceaccount",
                     kind: "ServiceAccount", namespaced: true, shortNames: ["sa"], source: .empty),
        ResourceInfo(group: "apps", version: "v1", plural: "deployments", singular: "deployment", kind: "Deployment",
                     namespaced: true, shortNames: ["deploy"], categories: ["all"], subresources: ["scale", "status"],
                     source: .deployments),
        ResourceInfo(group: "apps", version: "v1", plural: "replicasets", singular: "replicaset", kind: "ReplicaSet",
                     namespaced: true, shortNames: ["rs"], categories: ["all"], subresources: ["scale", "status"],
                     source: .replicaSets),
        ResourceInfo(group: "apps", version: "v1", plural: "statefulsets", singular: "statefulset", kind: "StatefulSet",
                     namespaced: true, shortNames: ["sts"], categories: ["all"], subresources: ["scale", "status"],
                     source: .statefulSets),
        ResourceInfo(group: "apps", version: "v1", plural: "daemonsets", singular: "daemonset", kind: "DaemonSet",
                     namespaced: true, shortNames: ["ds"], categories: ["all"], subresources: ["status"], source: .daemonSets),
        ResourceInfo(group: "apps", version: "v1", plural: "controllerrevisions", singular: "controllerrevision",
                     kind: "ControllerRevision", namespaced: true, source: .controllerRevisions),
        ResourceInfo(group: "discovery.k8s.io", version: "v1", plural: "endpointslices", singular: "endpointslice",
                     kind: "EndpointSlice", namespaced: true, source: .endpointSlices),
        ResourceInfo(group: "events.k8s.io", version: "v1", plural: "events", singular: "event", kind: "Event",
                     namespaced: true, shortNames: ["ev"], source: .eventsV1),
    ]

    /// Argo Rollouts' CRD (rollouts.argoproj.io), as the API server serves a custom resource.
    static let rollouts = ResourceInfo(group: "argoproj.io", version: "v1alpha1", plural: "rollouts", singular: "rollout",
                                       kind: "Rollout", namespaced: true, shortNames: ["ro"], subresources: ["scale", "status"],
                                       source: .rollouts)

    /// Groups in the order the API server lists them (core first); `argo` adds argoproj.io.
    static func groups(argo: Bool) -> [String] {
        ["", "apps", "events.k8s.io", "discovery.k8s.io"] + (argo ? ["argoproj.io"] : [])
    }

    /// The version a group serves.
    static func version(of group: String) -> String { group == "argoproj.io" ? "v1alpha1" : "v1" }

    static func served(argo: Bool) -> [ResourceInfo] { argo ? all + [rollouts] : all }

    static func resource(group: String, version: String, plural: String, argo: Bool) -> ResourceInfo? {
        served(argo: argo).first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    static func resources(group: String, version: String, argo: Bool) -> [ResourceInfo] {
        served(argo: argo).filter { $0.group == group && $0.version == version }
    }

    // MARK: Legacy discovery

    /// `/api`: `APIVersions`.
    static func apiVersions(serverAddress: String) -> JSONValue {
        ["kind": "APIVersions", "versions": ["v1"],
         "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]]]
    }

    /// `/apis`: `APIGroupList`.
    static func apiGroupList(argo: Bool) -> JSONValue {
        let groups: [JSONValue] = self.groups(argo: argo).filter { !$0.isEmpty }.map { g in
            let gv: JSONValue = ["groupVersion": .string(g + "/" + version(of: g)), "version": .string(version(of: g))]
            return ["name": .string(g), "versions": [gv], "preferredVersion": gv]
        }
        return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups)]
    }

    /// `/api/v1`, `/apis/apps/v1`, ...: `APIResourceList`, nil for a group version not served.
    static func apiResourceList(group: String, version: String, argo: Bool) -> JSONValue? {
        let list = resources(group: group, version: version, argo: argo)
        guard !list.isEmpty else { return nil }
        var items: [JSONValue] = []
        for r in list {
            var d: JSONValue = ["name": .string(r.plural), "singularName": .string(r.singular), "namespaced": .bool(r.namespaced),
                            "kind": .string(r.kind), "verbs": .array(ResourceInfo.verbs),
                            "storageVersionHash": .string(String(ClusterHistory.stableUID(r.groupVersion + r.plural).prefix(11)))]
            if !r.shortNames.isEmpty { d["shortNames"] = .array(r.shortNames.map { .string($0) }) }
            if !r.categories.isEmpty { d["categories"] = .array(r.categories.map { .string($0) }) }
            items.append(d)
            for s in r.subresources {
                let kind = s == "scale" ? "Scale" : r.kind
                var sub: JSONValue = ["name": .string(r.plural + "/" + s), "singularName": "", "namespaced": .bool(r.namespaced),
                                  "kind": .string(kind), "verbs": s == "log" ? ["get"] : ["get", "patch", "update"]]
                if s == "scale" { sub["group"] = "autoscaling"; sub["version"] = "v1" }
                items.append(sub)
            }
        }
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(group.isEmpty ? version : group + "/" + version),
                "resources": .array(items)]
    }

    // MARK: Aggregated discovery (apidiscovery.k8s.io/v2)

    static let aggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

    /// True when the Accept header asks for the v2 aggregated document.
    static func wantsAggregated(_ accept: String) -> Bool {
        accept.split(separator: ",").contains { part in
            let params = Set(part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) })
            return params.contains("g=apidiscovery.k8s.io") && params.contains("v=v2")
                && params.contains("as=APIGroupDiscoveryList")
        }
    }

    /// `/api` (core only) or `/apis` (every named group) as an `APIGroupDiscoveryList`.
    static func aggregated(core: Bool, argo: Bool) -> JSONValue {
        let groups = self.groups(argo: argo).filter { core ? $0.isEmpty : !$0.isEmpty }
        let items: [JSONValue] = groups.map { g in
            let resources: [JSONValue] = resources(group: g, version: version(of: g), argo: argo).map { r in
                var d: JSONValue = [
                    "resource": .string(r.plural),
                    "responseKind": ["group": "", "version": "", "kind": .string(r.kind)],
                    "scope": r.namespaced ? "Namespaced" : "Cluster",
                    "singularResource": .string(r.singular),
                    "verbs": .array(ResourceInfo.verbs),
                ]
                if !r.shortNames.isEmpty { d["shortNames"] = .array(r.shortNames.map { .string($0) }) }
                if !r.categories.isEmpty { d["categories"] = .array(r.categories.map { .string($0) }) }
                if !r.subresources.isEmpty {
                    d["subresources"] = .array(r.subresources.map { s in
                        let kind: JSONValue = s == "scale" ? ["group": "autoscaling", "version": "v1", "kind": "Scale"]
                            : ["group": "", "version": "", "kind": .string(r.kind)]
                        return ["subresource": .string(s), "responseKind": kind,
                                "verbs": s == "log" ? ["get"] : ["get", "patch", "update"]]
                    })
                }
                return d
            }
            var metadata: JSONValue = ["creationTimestamp": .null]
            if !g.isEmpty { metadata["name"] = .string(g) }
            return ["metadata": metadata,
                    "versions": [["version": .string(version(of: g)), "resources": .array(resources), "freshness": "Current"]]]
        }
        return ["kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": [:],
                "items": .array(items)]
    }
}
