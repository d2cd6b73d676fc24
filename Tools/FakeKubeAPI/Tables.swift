import Foundation
import RolloutCore
import RolloutSim

/// Server-side printing (`meta.k8s.io/v1` `Table`), what kubectl asks for when it prints for
/// people (`kubectl get pods` without `-o`): the columns the real API server's printers give
/// for pods, Deployments, ReplicaSets, StatefulSets, DaemonSets, ControllerRevisions,
/// EndpointSlices, Events, namespaces, nodes and Services; NAME and AGE for anything else. Ages are counted from the simulation's "now".
enum Tables {
    static let contentType = "application/json;as=Table;v=v1;g=meta.k8s.io"

    /// True when the Accept header asks for a `Table` (kubectl: `application/json;as=Table;
    /// v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json`).
    static func wanted(_ accept: String) -> Bool {
        accept.split(separator: ",").contains { part in
            let params = Set(part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) })
            return params.contains("as=Table") && params.contains("g=meta.k8s.io") && params.contains("v=v1")
        }
    }

    struct Column {
        var name: String
        var type: String = "string"
        var format: String = ""
        var priority: Int = 0
        var description: String = ""
    }

    static func columns(_ kind: String) -> [Column] {
        let name = Column(name: "Name", format: "name",
                          description: "Name must be unique within a namespace. Cannot be updated.")
        let age = Column(name: "Age",
                         description: "CreationTimestamp is a timestamp representing the server time when this object was created.")
        switch kind {
        case "Pod":
            return [name, Column(name: "Ready", description: "The aggregate readiness state of this pod for accepting traffic."),
                    Column(name: "Status", description: "The aggregate status of the containers in this pod."),
                    Column(name: "Restarts", description: "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
                    age, Column(name: "IP", priority: 1, description: "IP address allocated to the pod."),
                    Column(name: "Node", priority: 1, description: "Name of the node this pod is assigned to."),
                    Column(name: "Nominated Node", priority: 1, description: "Name of the node this pod is nominated to run on."),
                    Column(name: "Readiness Gates", priority: 1, description: "The readiness gates of this pod.")]
        case "Deployment":
            return [name, Column(name: "Ready", description: "Number of the pod with ready state"),
                    Column(name: "Up-to-date", type: "integer", description: "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
                    Column(name: "Available", type: "integer", description: "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
                    age, Column(name: "Containers", priority: 1, description: "Names of each container in the template."),
                    Column(name: "Images", priority: 1, description: "Images referenced by each container in the template."),
                    Column(name: "Selector", priority: 1, description: "Label selector for pods.")]
        case "ReplicaSet":
            return [name, Column(name: "Desired", type: "integer", description: "Replicas is the number of desired replicas."),
                    Column(name: "Current", type: "integer", description: "Replicas is the most recently observed number of replicas."),
                    Column(name: "Ready", type: "integer", description: "The number of ready replicas for this replica set."),
                    age, Column(name: "Containers", priority: 1, description: "Names of each container in the template."),
                    Column(name: "Images", priority: 1, description: "Images referenced by each container in the template."),
                    Column(name: "Selector", priority: 1, description: "Label selector for pods.")]
        case "StatefulSet":
            return [name, Column(name: "Ready", description: "Number of the pod with ready state"), age,
                    Column(name: "Containers", priority: 1, description: "Names of each container in the template."),
                    Column(name: "Images", priority: 1, description: "Images referenced by each container in the template.")]
        case "DaemonSet":
            return [name, Column(name: "Desired", type: "integer", description: "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod)."),
                    Column(name: "Current", type: "integer", description: "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
                    Column(name: "Ready", type: "integer", description: "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition."),
                    Column(name: "Up-to-date", type: "integer", description: "The total number of nodes that are running updated daemon pod"),
                    Column(name: "Available", type: "integer", description: "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
                    Column(name: "Node Selector", description: "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
                    age, Column(name: "Containers", priority: 1, description: "Names of each container in the template."),
                    Column(name: "Images", priority: 1, description: "Images referenced by each container in the template."),
                    Column(name: "Selector", priority: 1, description: "A label query over pods that are managed by the daemon set.")]
        case "Rollout":
            // The CRD's additionalPrinterColumns (argo-rollouts manifests/crds/rollout-crd.yaml).
            return [name, Column(name: "Desired", type: "integer", description: "Number of desired pods"),
                    Column(name: "Current", type: "integer", description: "Total number of non-terminated pods targeted by this rollout"),
                    Column(name: "Up-to-date", type: "integer", description: "Total number of non-terminated pods targeted by this rollout that have the desired template spec"),
                    Column(name: "Available", type: "integer", description: "Total number of available pods (ready for at least minReadySeconds) targeted by this rollout"),
                    age]
        case "ControllerRevision":
            return [name, Column(name: "Controller", description: "Controller of the object"),
                    Column(name: "Revision", type: "integer", description: "Revision indicates the revision of the state represented by Data."), age]
        case "EndpointSlice":
            return [name, Column(name: "AddressType", description: "addressType specifies the type of address carried by this EndpointSlice."),
                    Column(name: "Ports", description: "ports specifies the list of network ports exposed by each endpoint in this slice."),
                    Column(name: "Endpoints", description: "endpoints is a list of unique endpoints in this slice."), age]
        case "Event":
            return [Column(name: "Last Seen", description: "Time when this Event was last seen"),
                    Column(name: "Type", description: "Type of this event (Normal, Warning), new types could be added in the future."),
                    Column(name: "Reason", description: "This should be a short, machine understandable string that gives the reason for this event being generated."),
                    Column(name: "Object", description: "The object that this event is about."),
                    Column(name: "Subobject", priority: 1, description: "The subobject that this event is about."),
                    Column(name: "Source", priority: 1, description: "The component reporting this event."),
                    Column(name: "Message", description: "A human-readable description of the status of this operation."),
                    Column(name: "First Seen", priority: 1, description: "The time at which the event was first recorded."),
                    Column(name: "Count", priority: 1, description: "The number of times this event has occurred."),
                    Column(name: "Name", format: "name", priority: 1, description: "Name of the event.")]
        case "Namespace":
            return [name, Column(name: "Status", description: "The status of the namespace"), age]
        case "Node":
            return [name, Column(name: "Status", description: "The status of the node"),
                    Column(name: "Roles", description: "The roles of the node"), age,
                    Column(name: "Version", description: "Kubelet Version reported by the node.")]
        case "Service":
            return [name, Column(name: "Type", description: "The type of service."),
                    Column(name: "Cluster-IP", description: "The cluster IP of the service."),
                    Column(name: "External-IP", description: "The external IP of the service."),
                    Column(name: "Port(s)", description: "The ports of the service."), age,
                    Column(name: "Selector", priority: 1, description: "The selector of the service.")]
        default:
            return [name, age]
        }
    }

    /// A Table of `objects` (with `kind`), as of simulation time `now`.
    static func table(kind: String, objects: [JSONValue], now: Double, resourceVersion: Int?, columns includeColumns: Bool,
                      includeObject: String?) -> JSONValue {
        let defs: [JSONValue] = columns(kind).map { c in
            ["name": .string(c.name), "type": .string(c.type), "format": .string(c.format),
             "description": .string(c.description), "priority": .int(c.priority)]
        }
        let rows: [JSONValue] = objects.map { o in
            var embedded: JSONValue
            switch includeObject {
            case "None": embedded = .null
            case "Object": embedded = o
            default:
                var meta = o["metadata"] ?? [:]
                meta["managedFields"] = nil
                embedded = ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": meta]
            }
            return ["cells": .array(cells(kind, o, now: now)), "object": embedded]
        }
        var t: JSONValue = ["kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": [:], "rows": .array(rows)]
        t["columnDefinitions"] = includeColumns ? .array(defs) : .array([])
        if let resourceVersion { t["metadata"] = ["resourceVersion": .string(String(resourceVersion))] }
        return t
    }

    // MARK: Cells

    static func cells(_ kind: String, _ o: JSONValue, now: Double) -> [JSONValue] {
        let name = JSONValue.string(o.at("metadata.name")?.stringValue ?? "")
        let age = JSONValue.string(since(o.at("metadata.creationTimestamp")?.stringValue, now))
        func int(_ path: String) -> JSONValue { .int(o.at(path)?.intValue ?? 0) }
        switch kind {
        case "Pod":
            let p = podColumns(o, now: now)
            let ip = o.at("status.podIP")?.stringValue ?? "<none>"
            let node = o.at("spec.nodeName")?.stringValue ?? "<none>"
            return [name, .string(p.ready), .string(p.status), .string(p.restarts), age, .string(ip), .string(node),
                    "<none>", "<none>"]
        case "Deployment":
            let (containers, images) = template(o)
            return [name, .string("\(o.at("status.readyReplicas")?.intValue ?? 0)/\(o.at("spec.replicas")?.intValue ?? 0)"),
                    int("status.updatedReplicas"), int("status.availableReplicas"), age, .string(containers),
                    .string(images), .string(selector(o))]
        case "ReplicaSet":
            let (containers, images) = template(o)
            return [name, int("spec.replicas"), int("status.replicas"), int("status.readyReplicas"), age,
                    .string(containers), .string(images), .string(selector(o))]
        case "StatefulSet":
            let (containers, images) = template(o)
            return [name, .string("\(o.at("status.readyReplicas")?.intValue ?? 0)/\(o.at("spec.replicas")?.intValue ?? 0)"), age,
                    .string(containers), .string(images)]
        case "DaemonSet":
            let (containers, images) = template(o)
            return [name, int("status.desiredNumberScheduled"), int("status.currentNumberScheduled"), int("status.numberReady"),
                    int("status.updatedNumberScheduled"), int("status.numberAvailable"), "<none>", age, .string(containers),
                    .string(images), .string(selector(o))]
        case "Rollout":
            return [name, int("spec.replicas"), int("status.replicas"), int("status.updatedReplicas"), int("status.availableReplicas"), age]
        case "ControllerRevision":
            let owner = o.at("metadata.ownerReferences")?.arrayValue?.first
            let controller = owner.map { "\(($0["kind"]?.stringValue ?? "").lowercased()).apps/\($0["name"]?.stringValue ?? "")" } ?? "<none>"
            return [name, .string(controller), int("revision"), age]
        case "EndpointSlice":
            let ports = (o["ports"]?.arrayValue ?? []).compactMap { $0["port"]?.intValue.map(String.init) }
            let addresses = (o["endpoints"]?.arrayValue ?? []).flatMap { $0["addresses"]?.arrayValue ?? [] }
                .compactMap(\.stringValue)
            var shown = addresses.prefix(3).joined(separator: ",")
            if addresses.count > 3 { shown += " + \(addresses.count - 3) more..." }
            return [name, .string(o["addressType"]?.stringValue ?? ""),
                    .string(ports.isEmpty ? "<unset>" : ports.joined(separator: ",")),
                    .string(addresses.isEmpty ? "<none>" : shown), age]
        case "Event":
            let last = o["lastTimestamp"]?.stringValue ?? o["eventTime"]?.stringValue
            let first = o["firstTimestamp"]?.stringValue ?? o["eventTime"]?.stringValue
            let involved = o["involvedObject"] ?? [:]
            let object = (involved["kind"]?.stringValue ?? "").lowercased() + "/" + (involved["name"]?.stringValue ?? "")
            var source = o.at("source.component")?.stringValue ?? o["reportingComponent"]?.stringValue ?? ""
            if let host = o.at("source.host")?.stringValue, !host.isEmpty { source += ", " + host }
            return [.string(since(last, now)), .string(o["type"]?.stringValue ?? ""), .string(o["reason"]?.stringValue ?? ""),
                    .string(object), .string(involved["fieldPath"]?.stringValue ?? ""), .string(source),
                    .string(o["message"]?.stringValue ?? ""), .string(since(first, now)), .int(o["count"]?.intValue ?? 1), name]
        case "Namespace":
            return [name, .string(o.at("status.phase")?.stringValue ?? ""), age]
        case "Node":
            return [name, "Ready", "<none>", age, .string(o.at("status.nodeInfo.kubeletVersion")?.stringValue ?? "")]
        case "Service":
            let ports = (o.at("spec.ports")?.arrayValue ?? []).map { p in
                "\(p["port"]?.intValue ?? 0)/\(p["protocol"]?.stringValue ?? "TCP")"
            }
            return [name, .string(o.at("spec.type")?.stringValue ?? ""), .string(o.at("spec.clusterIP")?.stringValue ?? ""),
                    "<none>", .string(ports.joined(separator: ",")), age, .string(selector(o, path: "spec.selector"))]
        default:
            return [name, age]
        }
    }

    static func template(_ o: JSONValue) -> (String, String) {
        let containers = o.at("spec.template.spec.containers")?.arrayValue ?? []
        return (containers.compactMap { $0["name"]?.stringValue }.joined(separator: ","),
                containers.compactMap { $0["image"]?.stringValue }.joined(separator: ","))
    }

    static func selector(_ o: JSONValue, path: String = "spec.selector.matchLabels") -> String {
        guard case .object(let d)? = o.at(path) else { return "<none>" }
        return d.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: ",")
    }

    /// kubectl's pod status column (`printPod` in pkg/printers/internalversion), for the
    /// states the simulation produces.
    static func podColumns(_ pod: JSONValue, now: Double) -> (ready: String, status: String, restarts: String) {
        let specInits = pod.at("spec.initContainers")?.arrayValue ?? []
        var total = pod.at("spec.containers")?.arrayValue?.count ?? 0
        var ready = 0, restarts = 0, sidecarRestarts = 0
        var lastRestart: Double?
        var reason = pod.at("status.reason")?.stringValue ?? pod.at("status.phase")?.stringValue ?? ""
        func noteRestart(_ c: JSONValue) {
            if let t = c.at("lastState.terminated.finishedAt")?.stringValue.flatMap(Instant.init(rfc3339:)) {
                lastRestart = max(lastRestart ?? t.seconds, t.seconds)
            }
        }
        func terminatedReason(_ term: JSONValue, prefix: String) -> String {
            if let r = term["reason"]?.stringValue, !r.isEmpty { return prefix + r }
            if let s = term["signal"]?.intValue, s != 0 { return prefix + "Signal:\(s)" }
            return prefix + "ExitCode:\(term["exitCode"]?.intValue ?? 0)"
        }
        var initializing = false
        let inits = pod.at("status.initContainerStatuses")?.arrayValue ?? []
        for (i, c) in inits.enumerated() {
            let count = c["restartCount"]?.intValue ?? 0
            restarts += count
            noteRestart(c)
            let sidecar = i < specInits.count && specInits[i]["restartPolicy"]?.stringValue == "Always"
            if sidecar {
                sidecarRestarts += count
                total += 1
                if c["started"]?.boolValue == true && c["ready"]?.boolValue == true { ready += 1 }
            }
            if let term = c.at("state.terminated"), term.at("exitCode")?.intValue == 0 { continue }
            if sidecar && c["started"]?.boolValue == true { continue }
            if let term = c.at("state.terminated") {
                reason = terminatedReason(term, prefix: "Init:")
            } else if let w = c.at("state.waiting.reason")?.stringValue, !w.isEmpty, w != "PodInitializing" {
                reason = "Init:" + w
            } else {
                reason = "Init:\(i)/\(specInits.count)"
            }
            initializing = true
            break
        }
        let conditions = pod.at("status.conditions")?.arrayValue ?? []
        func condition(_ type: String) -> Bool {
            conditions.contains { $0["type"]?.stringValue == type && $0["status"]?.stringValue == "True" }
        }
        if !initializing || condition("Initialized") {
            restarts = sidecarRestarts
            var running = false
            for c in (pod.at("status.containerStatuses")?.arrayValue ?? []).reversed() {
                restarts += c["restartCount"]?.intValue ?? 0
                noteRestart(c)
                if let w = c.at("state.waiting.reason")?.stringValue, !w.isEmpty {
                    reason = w
                } else if let term = c.at("state.terminated") {
                    reason = terminatedReason(term, prefix: "")
                } else if c["ready"]?.boolValue == true, c.at("state.running") != nil {
                    running = true
                    ready += 1
                }
            }
            if reason == "Completed" && running { reason = condition("Ready") ? "Running" : "NotReady" }
        }
        let phase = pod.at("status.phase")?.stringValue ?? ""
        if pod.at("metadata.deletionTimestamp") != nil {
            if pod.at("status.reason")?.stringValue == "NodeLost" {
                reason = "Unknown"
            } else if phase != "Succeeded" && phase != "Failed" {
                reason = "Terminating"
            }
        }
        var restartText = String(restarts)
        if restarts != 0, let lastRestart { restartText += " (\(humanDuration(now - lastRestart)) ago)" }
        return ("\(ready)/\(total)", reason, restartText)
    }

    static func since(_ rfc3339: String?, _ now: Double) -> String {
        guard let text = rfc3339, let t = Instant(rfc3339: text) else { return "<unknown>" }
        return humanDuration(now - t.seconds)
    }

    /// `duration.HumanDuration` from k8s.io/apimachinery.
    static func humanDuration(_ d: Double) -> String {
        let seconds = Int(d.rounded(.towardZero))
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let s = seconds % 60
            return s == 0 ? "\(minutes)m" : "\(minutes)m\(s)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = seconds / 3600
        if hours < 8 {
            let m = minutes % 60
            return m == 0 ? "\(hours)h" : "\(hours)h\(m)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let h = hours % 24
            return h == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(h)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let days = (hours / 24) % 365
            return days == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(days)d"
        }
        return "\(hours / 24 / 365)y"
    }
}
