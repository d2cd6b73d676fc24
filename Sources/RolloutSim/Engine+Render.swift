import Foundation
import RolloutCore

// MARK: Time formats

/// RFC 3339 in whole seconds (metav1.Time), as the API writes every timestamp but eventTime.
func timestamp(_ t: Double) -> JSONValue { .string(Instant(seconds: t.rounded(.down)).rfc3339) }

/// RFC 3339 with six fraction digits (metav1.MicroTime), for eventTime.
func microTime(_ t: Double) -> String {
    let whole = t.rounded(.down)
    let micros = min(999_999, Int(((t - whole) * 1_000_000).rounded(.down)))
    let digits = String(micros)
    return String(Instant(seconds: whole).rfc3339.dropLast()) + "." + String(repeating: "0", count: 6 - digits.count) + digits + "Z"
}

/// nginx's `$time_local` in UTC: `20/Nov/2026:10:00:05 +0000`.
func nginxTime(_ t: Double) -> String {
    let s = Instant(seconds: t.rounded(.down)).rfc3339   // 2026-11-20T10:00:05Z
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    let year = s.prefix(4), month = Int(s.dropFirst(5).prefix(2))!, day = s.dropFirst(8).prefix(2)
    return "\(day)/\(months[month - 1])/\(year):\(s.dropFirst(11).prefix(8)) +0000"
}

/// Go's `time.Duration.String()` of a duration truncated to milliseconds: `512ms`, `2.41s`, `1m20s`.
func goDuration(_ seconds: Double) -> String {
    let ms = Int((seconds * 1000).rounded(.down))
    if ms < 1000 { return "\(ms)ms" }
    func secs(_ ms: Int) -> String {
        var s = String(ms / 1000)
        if ms % 1000 != 0 {
            var frac = String(ms % 1000)
            frac = String(repeating: "0", count: 3 - frac.count) + frac
            while frac.hasSuffix("0") { frac.removeLast() }
            s += "." + frac
        }
        return s + "s"
    }
    if ms < 60_000 { return secs(ms) }
    let minutes = ms / 60_000
    if minutes < 60 { return "\(minutes)m" + secs(ms % 60_000) }
    return "\(minutes / 60)h\(minutes % 60)m" + secs(ms % 60_000)
}

/// A number derived from a string only (FNV-1a), for values that must not depend on the run.
func stableHash(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return h
}

/// `nginx:1.27` as the runtime reports it: `docker.io/library/nginx:1.27`.
func normalizedImage(_ image: String) -> String {
    let first = image.split(separator: "/").first.map(String.init) ?? image
    if image.contains("/"), first.contains(".") || first.contains(":") || first == "localhost" { return image }
    return "docker.io/" + (image.contains("/") ? image : "library/" + image)
}

func imageID(_ image: String) -> String {
    var r = SimRandom(seed: stableHash(image), stream: 9)
    let repo = normalizedImage(image).split(separator: ":").dropLast().joined(separator: ":")
    return repo + "@sha256:" + r.hex(64)
}

func imageSize(_ image: String) -> Int { 14_000_000 + Int(stableHash(image) % 60_000_000) }

extension Engine {
    // MARK: Pods

    func podJSON(_ p: PodState) -> JSONValue {
        let rs = replicaSets[p.rs]
        var meta: JSONValue = [
            "creationTimestamp": timestamp(p.createdAt),
            "generateName": .string(rs.name + "-"),
            "generation": .int(p.generation),
            "labels": ["app": .string(sc.deployment), "pod-template-hash": .string(rs.hash)],
            "name": .string(p.name),
            "namespace": .string(sc.namespace),
            "ownerReferences": [["apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true,
                                 "kind": "ReplicaSet", "name": .string(rs.name), "uid": .string(rs.uid)]],
            "resourceVersion": .string(String(p.resourceVersion)),
            "uid": .string(p.uid),
        ]
        if let d = p.deletionTimestamp, let g = p.deletionGrace {
            meta["deletionTimestamp"] = timestamp(d)
            meta["deletionGracePeriodSeconds"] = .int(g)
        }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": meta,
                "spec": podSpec(rs: p.rs, pod: p), "status": podStatus(p)]
    }

    var resources: JSONValue { ["limits": ["memory": "128Mi"], "requests": ["cpu": "100m", "memory": "64Mi"]] }

    func mounts(_ volume: String) -> JSONValue {
        [["mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": .string(volume), "readOnly": true]]
    }

    /// The pod template's spec (`pod` nil), or a pod's spec with what admission and the
    /// scheduler add.
    func podSpec(rs: Int, pod: PodState?) -> JSONValue {
        var app: JSONValue = [
            "image": .string(rs == 0 ? sc.oldImage : sc.newImage),
            "imagePullPolicy": "IfNotPresent",
            "name": "nginx",
            "ports": [["containerPort": 8080, "name": "http", "protocol": "TCP"]],
            "readinessProbe": ["failureThreshold": 3, "httpGet": ["path": "/healthz", "port": "http", "scheme": "HTTP"],
                               "initialDelaySeconds": .int(Int(sc.readinessDelaySeconds.rounded(.down))),
                               "periodSeconds": .int(sc.probePeriodSeconds), "successThreshold": 1, "timeoutSeconds": 1],
            "resources": resources,
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
        ]
        switch sc.preStop {
        case .none: break
        case .execSleep(let n): app["lifecycle"] = ["preStop": ["exec": ["command": ["/bin/sh", "-c", .string("sleep \(n)")]]]]
        case .sleep(let n): app["lifecycle"] = ["preStop": ["sleep": ["seconds": .int(n)]]]
        case .httpGet(let path, _): app["lifecycle"] = ["preStop": ["httpGet": ["path": .string(path), "port": "http", "scheme": "HTTP"]]]
        }
        if let pod { app["volumeMounts"] = mounts(pod.volumeName) }
        var inits: [JSONValue] = []
        for c in sc.initContainers {
            var d: JSONValue = [
                "image": .string(rs == 0 ? (c.oldImage ?? c.image) : c.image),
                "imagePullPolicy": "IfNotPresent",
                "name": .string(c.name),
                "resources": [:],
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
            ]
            if !c.command.isEmpty { d["command"] = .array(c.command.map { .string($0) }) }
            if c.name == "migrate" {
                d["env"] = [["name": "DATABASE_URL", "valueFrom": ["secretKeyRef": ["key": "url", "name": "web-db"]]]]
            }
            if c.sidecar { d["restartPolicy"] = "Always" }
            if let pod { d["volumeMounts"] = mounts(pod.volumeName) }
            inits.append(d)
        }
        var spec: JSONValue = [
            "containers": [app],
            "dnsPolicy": "ClusterFirst",
            "restartPolicy": "Always",
            "schedulerName": "default-scheduler",
            "securityContext": [:],
            "terminationGracePeriodSeconds": .int(sc.terminationGracePeriodSeconds),
        ]
        if !inits.isEmpty { spec["initContainers"] = .array(inits) }
        guard let pod else { return spec }
        spec["enableServiceLinks"] = true
        spec["preemptionPolicy"] = "PreemptLowerPriority"
        spec["priority"] = 0
        spec["serviceAccount"] = "default"
        spec["serviceAccountName"] = "default"
        spec["tolerations"] = [
            ["effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300],
            ["effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300],
        ]
        spec["volumes"] = [["name": .string(pod.volumeName), "projected": [
            "defaultMode": 420,
            "sources": [
                ["serviceAccountToken": ["expirationSeconds": 3607, "path": "token"]],
                ["configMap": ["items": [["key": "ca.crt", "path": "ca.crt"]], "name": "kube-root-ca.crt"]],
                ["downwardAPI": ["items": [["fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.namespace"], "path": "namespace"]]]],
            ],
        ]]]
        if let node = pod.node { spec["nodeName"] = .string(nodes[node].spec.name) }
        return spec
    }

    static let conditionOrder = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]

    func podStatus(_ p: PodState) -> JSONValue {
        func condition(_ type: String, _ c: Cond, generation: Int) -> JSONValue {
            var d: JSONValue = ["lastProbeTime": .null, "lastTransitionTime": timestamp(c.time),
                                        "observedGeneration": .int(generation), "status": c.status ? "True" : "False",
                                        "type": .string(type)]
            if let r = c.reason { d["reason"] = .string(r) }
            if let m = c.message { d["message"] = .string(m) }
            return d
        }
        guard p.node != nil else { return ["phase": "Pending", "qosClass": "Burstable"] }
        guard let startTime = p.startTime else {
            return ["conditions": .array(p.conditions["PodScheduled"].map { [condition("PodScheduled", $0, generation: 1)] } ?? []),
                    "phase": "Pending", "qosClass": "Burstable"]
        }
        var conditions: [JSONValue] = []
        for type in Engine.conditionOrder {
            if let c = p.conditions[type] {
                conditions.append(condition(type, c, generation: type == "PodScheduled" ? 1 : p.observedGeneration))
            }
        }
        let hostIP = nodes[p.node!].spec.internalIP
        var status: JSONValue = [
            "conditions": .array(conditions),
            "containerStatuses": [containerStatus(p.main, volume: p.volumeName)],
            "hostIP": .string(hostIP),
            "hostIPs": [["ip": .string(hostIP)]],
            "observedGeneration": .int(p.observedGeneration),
            "phase": .string(p.phase),
            "qosClass": "Burstable",
            "startTime": timestamp(startTime),
        ]
        if !p.inits.isEmpty { status["initContainerStatuses"] = .array(p.inits.map { containerStatus($0, volume: p.volumeName) }) }
        if let ip = p.ip {
            status["podIP"] = .string(ip)
            status["podIPs"] = [["ip": .string(ip)]]
        }
        return status
    }

    func terminated(_ t: Term) -> JSONValue {
        ["containerID": .string(t.containerID), "exitCode": .int(t.exitCode), "finishedAt": timestamp(t.finishedAt),
         "reason": .string(t.reason), "startedAt": timestamp(t.startedAt)]
    }

    func containerStatus(_ c: ContainerRun, volume: String) -> JSONValue {
        let state: JSONValue
        switch c.state {
        case .waiting(let reason, let message):
            state = ["waiting": .members([("reason", .string(reason)), ("message", message.map { .string($0) })])]
        case .running(let start):
            state = ["running": ["startedAt": timestamp(start)]]
        case .terminated(let t):
            state = ["terminated": terminated(t)]
        }
        var d: JSONValue = [
            "image": .string(normalizedImage(c.image)),
            "imageID": .string(c.containerID == nil ? "" : imageID(c.image)),
            "lastState": c.lastState.map { ["terminated": terminated($0)] } ?? [:],
            "name": .string(c.name),
            "ready": .bool(c.ready),
            "restartCount": .int(c.restartCount),
            "started": .bool(c.started),
            "state": state,
            "volumeMounts": [["mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": .string(volume),
                              "readOnly": true, "recursiveReadOnly": "Disabled"]],
        ]
        if let id = c.containerID {
            d["containerID"] = .string(id)
            let uid = c.isInit ? 65532 : 101
            d["user"] = ["linux": ["gid": .int(uid), "supplementalGroups": [.int(uid)], "uid": .int(uid)]]
        }
        if !c.isInit { d["resources"] = resources }
        return d
    }

    // MARK: EndpointSlice

    func sliceJSON() -> JSONValue {
        var meta: JSONValue = [
            "creationTimestamp": timestamp(sliceCreated),
            "generateName": .string(sc.deployment + "-"),
            "generation": .int(sliceGeneration),
            "labels": ["app": .string(sc.deployment),
                       "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
                       "kubernetes.io/service-name": .string(sc.deployment)],
            "name": .string(sliceName),
            "namespace": .string(sc.namespace),
            "ownerReferences": [["apiVersion": "v1", "blockOwnerDeletion": true, "controller": true, "kind": "Service",
                                 "name": .string(sc.deployment), "uid": .string(serviceUID)]],
            "resourceVersion": .string(String(sliceRV)),
            "uid": .string(sliceUID),
        ]
        if let t = sliceTrigger {
            meta["annotations"] = ["endpoints.kubernetes.io/last-change-trigger-time": .string(Instant(seconds: t).rfc3339)]
        }
        let endpoints: [JSONValue] = sliceEndpoints.map { e in
            ["addresses": [.string(e.ip)],
             "conditions": ["ready": .bool(e.ready), "serving": .bool(e.serving), "terminating": .bool(e.terminating)],
             "nodeName": .string(e.node),
             "targetRef": ["kind": "Pod", "name": .string(pods[e.pod].name), "namespace": .string(sc.namespace),
                           "uid": .string(pods[e.pod].uid)]]
        }
        var slice: JSONValue = [
            "addressType": "IPv4", "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": meta, "ports": [["name": "http", "port": 8080, "protocol": "TCP"]],
        ]
        // An EndpointSlice without endpoints carries `endpoints: null`.
        slice["endpoints"] = endpoints.isEmpty ? .null : .array(endpoints)
        return slice
    }

    // MARK: Deployment

    func deploymentJSON() -> JSONValue {
        let revision = deployment.templateRS == 1 ? sc.revision : sc.revision - 1
        let rs = deployment.templateRS
        func condition(_ type: String, _ c: Cond, update: Double) -> JSONValue {
            .members([("lastTransitionTime", timestamp(c.time)), ("lastUpdateTime", timestamp(update)),
                      ("message", c.message.map { .string($0) }), ("reason", c.reason.map { .string($0) }),
                      ("status", .string(c.status ? "True" : "False")), ("type", .string(type))])
        }
        var status: JSONValue = [
            "conditions": [condition("Available", deployment.availableCond, update: deployment.availableCond.time),
                           condition("Progressing", deployment.progressingCond, update: deployment.progressingUpdate)],
            "observedGeneration": .int(deployment.observedGeneration),
            "replicas": .int(deployment.replicas),
            "updatedReplicas": .int(deployment.updated),
        ]
        if deployment.ready > 0 { status["readyReplicas"] = .int(deployment.ready) }
        if deployment.available > 0 { status["availableReplicas"] = .int(deployment.available) }
        let unavailable = max(0, sc.replicas - deployment.available)
        if unavailable > 0 { status["unavailableReplicas"] = .int(unavailable) }
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": [
                "annotations": ["deployment.kubernetes.io/revision": .string(String(revision))],
                "creationTimestamp": timestamp(deployment.createdAt),
                "generation": .int(deployment.generation),
                "labels": ["app": .string(sc.deployment)],
                "name": .string(sc.deployment),
                "namespace": .string(sc.namespace),
                "resourceVersion": .string(String(deployment.resourceVersion)),
                "uid": .string(deployment.uid),
            ],
            "spec": [
                "progressDeadlineSeconds": .int(sc.progressDeadlineSeconds),
                "replicas": .int(sc.replicas),
                "revisionHistoryLimit": 10,
                "selector": ["matchLabels": ["app": .string(sc.deployment)]],
                "strategy": ["rollingUpdate": ["maxSurge": intOrString(sc.maxSurge), "maxUnavailable": intOrString(sc.maxUnavailable)],
                             "type": "RollingUpdate"],
                "template": ["metadata": ["labels": ["app": .string(sc.deployment)]], "spec": podSpec(rs: rs, pod: nil)],
            ],
            "status": status,
        ]
    }

    func intOrString(_ v: IntOrString) -> JSONValue {
        switch v {
        case .int(let i): .int(i)
        case .string(let s): .string(s)
        }
    }

    // MARK: Events

    /// Records an Event, or counts a repeat of one (the client-side event correlator: same
    /// object, reason, message and source bump `count` and `lastTimestamp`).
    func emitEvent(involved: JSONValue, involvedName: String, key: String, reason: String, message: String,
                   type: String, component: String, host: String?, series: Bool = false) {
        let fullKey = [key, reason, message, type, component].joined(separator: "|")
        if !series, let i = eventIndex[fullKey] {
            events[i].count += 1
            events[i].last = now
            events[i].resourceVersion = nextRevision()
            record(.event(object: eventJSON(events[i])))
            return
        }
        var name: String
        var nanos = UInt64((now * 1_000_000).rounded(.down)) * 1000 + UInt64(ids.int(1000))
        repeat {
            name = involvedName + "." + String(nanos, radix: 16)
            nanos += 1
        } while eventNames.contains(name)
        eventNames.insert(name)
        let e = EventState(name: name, uid: ids.uuid(), key: fullKey, involved: involved, reason: reason, message: message,
                           type: type, component: component, host: host, first: now, last: now, count: 1,
                           resourceVersion: nextRevision(), series: series)
        events.append(e)
        if !series { eventIndex[fullKey] = events.count - 1 }
        record(.event(object: eventJSON(e)))
    }

    func eventJSON(_ e: EventState) -> JSONValue {
        var d: JSONValue = [
            "apiVersion": "v1", "kind": "Event",
            "involvedObject": e.involved,
            "message": .string(e.message),
            "metadata": ["creationTimestamp": timestamp(e.first), "name": .string(e.name), "namespace": .string(sc.namespace),
                         "resourceVersion": .string(String(e.resourceVersion)), "uid": .string(e.uid)],
            "reason": .string(e.reason),
            "reportingComponent": .string(e.component),
            "type": .string(e.type),
        ]
        if e.series {
            d["action"] = "Binding"
            d["eventTime"] = .string(microTime(e.first))
            d["firstTimestamp"] = .null
            d["lastTimestamp"] = .null
            d["reportingInstance"] = .string(e.component + "-control-plane")
            d["source"] = [:]
        } else {
            d["count"] = .int(e.count)
            d["eventTime"] = .null
            d["firstTimestamp"] = timestamp(e.first)
            d["lastTimestamp"] = timestamp(e.last)
            d["reportingInstance"] = .string(e.host ?? "")
            d["source"] = .members([("component", .string(e.component)), ("host", e.host.map { .string($0) })])
        }
        return d
    }

    func podRefJSON(_ p: Int, fieldPath: String?) -> JSONValue {
        .members([("apiVersion", "v1"), ("fieldPath", fieldPath.map { .string($0) }), ("kind", "Pod"),
                  ("name", .string(pods[p].name)), ("namespace", .string(sc.namespace)),
                  ("resourceVersion", .string(String(pods[p].resourceVersion))), ("uid", .string(pods[p].uid))])
    }

    func kubeletEvent(_ p: Int, _ slot: Slot, _ reason: String, _ message: String, type: String = "Normal") {
        let path = fieldPath(p, slot)
        emitEvent(involved: podRefJSON(p, fieldPath: path), involvedName: pods[p].name, key: pods[p].uid + path,
                  reason: reason, message: message, type: type, component: "kubelet", host: nodes[pods[p].node!].spec.name)
    }

    func schedulerEvent(_ p: Int, _ message: String) {
        emitEvent(involved: podRefJSON(p, fieldPath: nil), involvedName: pods[p].name, key: pods[p].uid,
                  reason: "Scheduled", message: message, type: "Normal", component: "default-scheduler", host: nil,
                  series: true)
    }

    func replicaSetEvent(_ rs: Int, _ reason: String, _ message: String) {
        let r = replicaSets[rs]
        let ref: JSONValue = ["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": .string(r.name),
                            "namespace": .string(sc.namespace), "resourceVersion": .string(String(r.resourceVersion)),
                            "uid": .string(r.uid)]
        emitEvent(involved: ref, involvedName: r.name, key: r.uid, reason: reason, message: message, type: "Normal",
                  component: "replicaset-controller", host: nil)
    }

    func deploymentEvent(_ reason: String, _ message: String) {
        let ref: JSONValue = ["apiVersion": "apps/v1", "kind": "Deployment", "name": .string(sc.deployment),
                            "namespace": .string(sc.namespace), "resourceVersion": .string(String(deployment.resourceVersion)),
                            "uid": .string(deployment.uid)]
        emitEvent(involved: ref, involvedName: sc.deployment, key: deployment.uid, reason: reason, message: message,
                  type: "Normal", component: "deployment-controller", host: nil)
    }
}
