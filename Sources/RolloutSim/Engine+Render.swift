import Foundation
import RolloutCore

/// The simulated state as API objects: each builder gives the object as the API server holds it
/// at `now`, in its field order.
extension Engine {
    // MARK: Pods

    func podObject(_ p: PodState) -> SimPod {
        var meta = podMetadata(p)
        if let d = p.deletionTimestamp, let g = p.deletionGrace {
            meta.deletionTimestamp = d
            meta.deletionGracePeriodSeconds = g
        }
        var pod = SimPod(metadata: meta, spec: podSpec(rs: p.rs, pod: p), status: podStatus(p))
        if sc.managedFields {
            let json = pod.json
            let controller: JSONValue = [
                "metadata": .object((json["metadata"]?.objectMembers ?? []).filter { ["generateName", "labels", "ownerReferences"].contains($0.key) }),
                "spec": .object((json["spec"]?.objectMembers ?? []).filter { $0.key != "nodeName" }),
            ]
            pod.metadata.managedFields = [SimManagedFields.entry(manager: "kube-controller-manager", apiVersion: "v1", time: p.createdAt,
                                                                  fields: controller)]
            if let written = p.statusWrittenAt, let status = json["status"] {
                pod.metadata.managedFields.append(SimManagedFields.entry(manager: "kubelet", apiVersion: "v1", time: written,
                                                                         subresource: "status", fields: ["status": status]))
            }
        }
        return pod
    }

    func podJSON(_ p: PodState) -> JSONValue { podObject(p).json }

    /// What the pod's controller writes into its metadata: a ReplicaSet's pods take
    /// `generateName` and `pod-template-hash`; a StatefulSet's their fixed name, the
    /// ControllerRevision's name as `controller-revision-hash`, `statefulset.kubernetes.io/pod-name`
    /// and `apps.kubernetes.io/pod-index` (1.28+); a DaemonSet's the bare hash and
    /// `pod-template-generation`.
    func podMetadata(_ p: PodState) -> SimObjectMeta {
        let rs = replicaSets[p.rs]
        switch sc.kind {
        case .deployment:
            return SimObjectMeta(
                name: p.name, generateName: rs.name + "-", namespace: sc.namespace, uid: p.uid,
                resourceVersion: String(p.resourceVersion), generation: p.generation, creationTimestamp: p.createdAt,
                labels: ["app": sc.deployment, "pod-template-hash": rs.hash],
                owner: .init(apiVersion: "apps/v1", kind: "ReplicaSet", name: rs.name, uid: rs.uid))
        case .rollout:
            return SimObjectMeta(
                name: p.name, generateName: rs.name + "-", namespace: sc.namespace, uid: p.uid,
                resourceVersion: String(p.resourceVersion), generation: p.generation, creationTimestamp: p.createdAt,
                labels: ["app": sc.deployment, "rollouts-pod-template-hash": rs.hash],
                owner: .init(apiVersion: "apps/v1", kind: "ReplicaSet", name: rs.name, uid: rs.uid))
        case .statefulSet:
            return SimObjectMeta(
                name: p.name, namespace: sc.namespace, uid: p.uid,
                resourceVersion: String(p.resourceVersion), generation: p.generation, creationTimestamp: p.createdAt,
                labels: ["app": sc.deployment, "apps.kubernetes.io/pod-index": String(p.ordinal ?? 0),
                         "controller-revision-hash": rs.name, "statefulset.kubernetes.io/pod-name": p.name],
                owner: .init(apiVersion: "apps/v1", kind: "StatefulSet", name: sc.deployment, uid: statefulSet!.uid))
        case .daemonSet:
            return SimObjectMeta(
                name: p.name, generateName: sc.deployment + "-", namespace: sc.namespace, uid: p.uid,
                resourceVersion: String(p.resourceVersion), generation: p.generation, creationTimestamp: p.createdAt,
                labels: ["app": sc.deployment, "controller-revision-hash": rs.hash,
                         "pod-template-generation": String(p.templateGeneration)],
                owner: .init(apiVersion: "apps/v1", kind: "DaemonSet", name: sc.deployment, uid: daemonSet!.uid))
        }
    }

    static let serviceAccountMount = "/var/run/secrets/kubernetes.io/serviceaccount"

    var resources: JSONValue { ["limits": ["memory": "128Mi"], "requests": ["cpu": "100m", "memory": "64Mi"]] }

    func mounts(_ volume: String) -> JSONValue {
        [["name": .string(volume), "readOnly": true, "mountPath": .string(Engine.serviceAccountMount)]]
    }

    /// A StatefulSet's volumeClaimTemplate `data`, mounted in the application container.
    static let dataMount: JSONValue = ["name": "data", "mountPath": "/var/lib/data"]

    /// The application container's mounts: the template's (`data` for a StatefulSet), then the
    /// service account token the admission plugin adds to a pod.
    func appMounts(_ pod: PodState?) -> JSONValue? {
        var list: [JSONValue] = sc.kind == .statefulSet ? [Engine.dataMount] : []
        if let pod { list += mounts(pod.volumeName).arrayValue ?? [] }
        return list.isEmpty ? nil : .array(list)
    }

    /// What the DaemonSet controller adds to its pods: node affinity to their node (the
    /// scheduler then binds them there) and tolerations of the node conditions.
    func daemonPodAffinity(_ node: Int) -> JSONValue {
        ["nodeAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": ["nodeSelectorTerms": [
            ["matchFields": [["key": "metadata.name", "operator": "In", "values": [.string(nodes[node].spec.name)]]]],
        ]]]]
    }

    static let daemonPodTolerations: JSONValue = .array(
        [("node.kubernetes.io/not-ready", "NoExecute"), ("node.kubernetes.io/unreachable", "NoExecute"),
         ("node.kubernetes.io/disk-pressure", "NoSchedule"), ("node.kubernetes.io/memory-pressure", "NoSchedule"),
         ("node.kubernetes.io/pid-pressure", "NoSchedule"), ("node.kubernetes.io/unschedulable", "NoSchedule")].map {
            ["key": .string($0.0), "operator": "Exists", "effect": .string($0.1)]
        })

    /// The pod template's spec (`pod` nil), or a pod's spec with what admission and the
    /// scheduler add; in `v1.PodSpec` and `v1.Container` field order.
    func podSpec(rs: Int, pod: PodState?) -> JSONValue {
        let lifecycle: JSONValue? = switch sc.preStop {
        case .none: nil
        case .execSleep(let n): ["preStop": ["exec": ["command": ["/bin/sh", "-c", "sleep \(n)"]]]]
        case .sleep(let n): ["preStop": ["sleep": ["seconds": .int(n)]]]
        case .httpGet(let path, _): ["preStop": ["httpGet": ["path": .string(path), "port": "http", "scheme": "HTTP"]]]
        }
        let app: JSONValue = .members([
            ("name", .string(sc.containerName)),
            ("image", .string(rs == 0 ? sc.oldImage : sc.newImage)),
            ("ports", [["name": "http", "containerPort": 8080, "protocol": "TCP"]]),
            ("resources", resources),
            ("volumeMounts", appMounts(pod)),
            ("readinessProbe", ["httpGet": ["path": "/healthz", "port": "http", "scheme": "HTTP"],
                                "initialDelaySeconds": .int(Int(sc.readinessDelaySeconds.rounded(.down))), "timeoutSeconds": 1,
                                "periodSeconds": .int(sc.probePeriodSeconds), "successThreshold": 1, "failureThreshold": 3]),
            ("lifecycle", lifecycle),
            ("terminationMessagePath", "/dev/termination-log"),
            ("terminationMessagePolicy", "File"),
            ("imagePullPolicy", "IfNotPresent"),
        ])
        let inits: [JSONValue] = sc.initContainers.map { c in
            .members([
                ("name", .string(c.name)),
                ("image", .string(rs == 0 ? (c.oldImage ?? c.image) : c.image)),
                ("command", c.command.isEmpty ? nil : .array(c.command.map(JSONValue.string))),
                ("args", c.args.isEmpty ? nil : .array(c.args.map(JSONValue.string))),
                ("env", c.name == "migrate" ? [["name": "DATABASE_URL", "valueFrom": ["secretKeyRef": ["name": "web-db", "key": "url"]]]] : nil),
                ("resources", [:]),
                ("restartPolicy", c.sidecar ? "Always" : nil),
                ("volumeMounts", pod.map { mounts($0.volumeName) }),
                ("terminationMessagePath", "/dev/termination-log"),
                ("terminationMessagePolicy", "File"),
                ("imagePullPolicy", "IfNotPresent"),
            ])
        }
        guard let pod else {
            return .members([
                ("initContainers", inits.isEmpty ? nil : .array(inits)),
                ("containers", [app]),
                ("restartPolicy", "Always"),
                ("terminationGracePeriodSeconds", .int(sc.terminationGracePeriodSeconds)),
                ("dnsPolicy", "ClusterFirst"),
                ("securityContext", [:]),
                ("schedulerName", "default-scheduler"),
            ])
        }
        let claim: JSONValue? = sc.kind == .statefulSet
            ? ["name": "data", "persistentVolumeClaim": ["claimName": .string("data-" + pod.name)]] : nil
        let volume: JSONValue = ["name": .string(pod.volumeName), "projected": [
            "sources": [
                ["serviceAccountToken": ["expirationSeconds": 3607, "path": "token"]],
                ["configMap": ["name": "kube-root-ca.crt", "items": [["key": "ca.crt", "path": "ca.crt"]]]],
                ["downwardAPI": ["items": [["path": "namespace", "fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.namespace"]]]]],
            ],
            "defaultMode": 420,
        ]]
        let daemon = sc.kind == .daemonSet
        return .members([
            ("volumes", .array([claim, volume].compactMap { $0 })),
            ("initContainers", inits.isEmpty ? nil : .array(inits)),
            ("containers", [app]),
            ("restartPolicy", "Always"),
            ("terminationGracePeriodSeconds", .int(sc.terminationGracePeriodSeconds)),
            ("dnsPolicy", "ClusterFirst"),
            ("serviceAccountName", "default"),
            ("serviceAccount", "default"),
            ("nodeName", pod.node.map { .string(nodes[$0].spec.name) }),
            ("securityContext", [:]),
            ("hostname", sc.kind == .statefulSet ? .string(pod.name) : nil),
            ("subdomain", sc.kind == .statefulSet ? .string(sc.deployment) : nil),
            ("affinity", daemon ? pod.pinnedNode.map(daemonPodAffinity) : nil),
            ("schedulerName", "default-scheduler"),
            ("tolerations", daemon ? Engine.daemonPodTolerations : [
                ["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
                ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300],
            ]),
            ("priority", 0),
            ("enableServiceLinks", true),
            ("preemptionPolicy", "PreemptLowerPriority"),
        ])
    }

    static let conditionOrder = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]

    func podStatus(_ p: PodState) -> SimPod.Status {
        var status = SimPod.Status(phase: p.startTime == nil ? "Pending" : p.phase, qosClass: "Burstable")
        guard p.node != nil else { return status }
        guard let startTime = p.startTime else {
            if let c = p.conditions["PodScheduled"] {
                status.conditions = [SimPod.Condition("PodScheduled", c.status, at: c.time, observedGeneration: 1)]
            }
            return status
        }
        status.observedGeneration = p.observedGeneration
        for type in Engine.conditionOrder {
            if let c = p.conditions[type] {
                status.conditions.append(SimPod.Condition(type, c.status, at: c.time, reason: c.reason, message: c.message,
                                                          observedGeneration: type == "PodScheduled" ? 1 : p.observedGeneration))
            }
        }
        status.hostIP = nodes[p.node!].spec.internalIP
        status.podIP = p.ip
        status.startTime = startTime
        if !p.inits.isEmpty {
            status.initContainerStatuses = p.inits.enumerated().map { c, run in
                containerStatus(run, volume: p.volumeName, uid: sc.initContainers[c].uid)
            }
        }
        status.containerStatuses = [containerStatus(p.main, volume: p.volumeName, uid: 101)]
        return status
    }

    func containerStatus(_ c: ContainerRun, volume: String, uid: Int) -> SimPod.ContainerStatus {
        var s = SimPod.ContainerStatus(
            name: c.name, state: c.state, lastState: c.lastState, ready: c.ready, restartCount: c.restartCount,
            image: ContainerImage.normalized(c.image), imageID: c.containerID == nil ? "" : ContainerImage.id(c.image),
            containerID: c.containerID, started: c.started)
        s.volumeMounts = [(volume, Engine.serviceAccountMount)]
        if c.containerID != nil { s.uid = uid }
        if !c.isInit { s.resources = resources }
        return s
    }

    // MARK: EndpointSlice

    func sliceObject() -> SimEndpointSlice {
        var meta = SimObjectMeta(
            name: sliceName, generateName: sc.deployment + "-", namespace: sc.namespace, uid: sliceUID,
            resourceVersion: String(sliceRV), generation: sliceGeneration, creationTimestamp: sliceCreated,
            labels: ["app": sc.deployment, "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
                     "kubernetes.io/service-name": sc.deployment],
            owner: .init(apiVersion: "v1", kind: "Service", name: sc.deployment, uid: serviceUID))
        if let t = sliceTrigger {
            meta.annotations[SimEndpointSlice.triggerTimeAnnotation] = Instant(seconds: t).rfc3339
        }
        var slice = SimEndpointSlice(metadata: meta, endpoints: sliceEndpoints.map { e in
            .init(ip: e.ip, ready: e.ready, serving: e.serving, terminating: e.terminating, nodeName: e.node,
                  podName: pods[e.pod].name, podUID: pods[e.pod].uid)
        })
        if sc.managedFields {
            let json = slice.json
            var fields = json
            fields["kind"] = nil
            fields["apiVersion"] = nil
            fields["metadata"] = .object((json["metadata"]?.objectMembers ?? []).filter {
                ["annotations", "generateName", "labels", "ownerReferences"].contains($0.key)
            })
            slice.metadata.managedFields = [SimManagedFields.entry(manager: "kube-controller-manager", apiVersion: "discovery.k8s.io/v1",
                                                                    time: lastSliceWrite ?? sliceCreated, fields: fields)]
        }
        return slice
    }

    func sliceJSON() -> JSONValue { sliceObject().json }

    // MARK: Deployment

    func deploymentJSON() -> JSONValue {
        let revision = deployment.templateRS == 1 ? sc.revision : sc.revision - 1
        let rs = deployment.templateRS
        var meta = SimObjectMeta(name: sc.deployment, namespace: sc.namespace, uid: deployment.uid,
                                 resourceVersion: String(deployment.resourceVersion), generation: deployment.generation,
                                 creationTimestamp: deployment.createdAt, labels: ["app": sc.deployment],
                                 annotations: ["deployment.kubernetes.io/revision": String(revision)])
        meta.annotations["kubectl.kubernetes.io/last-applied-configuration"] = lastApplied(rs: rs)
        var d = SimDeployment(metadata: meta, replicas: sc.replicas, selector: ["app": sc.deployment],
                              template: podSpec(rs: rs, pod: nil), maxSurge: sc.maxSurge, maxUnavailable: sc.maxUnavailable,
                              progressDeadlineSeconds: sc.progressDeadlineSeconds)
        d.observedGeneration = deployment.observedGeneration
        d.statusReplicas = deployment.replicas
        d.updatedReplicas = deployment.updated
        d.readyReplicas = deployment.ready
        d.availableReplicas = deployment.available
        d.conditions = [
            .init(type: "Available", status: deployment.availableCond.status, lastUpdateTime: deployment.availableCond.time,
                  lastTransitionTime: deployment.availableCond.time, reason: deployment.availableCond.reason,
                  message: deployment.availableCond.message),
            .init(type: "Progressing", status: deployment.progressingCond.status, lastUpdateTime: deployment.progressingUpdate,
                  lastTransitionTime: deployment.progressingCond.time, reason: deployment.progressingCond.reason,
                  message: deployment.progressingCond.message),
        ]
        return d.json
    }

    /// The manifest `kubectl apply` sent, as it keeps it in the annotation: compact JSON with
    /// keys sorted and a final newline.
    func lastApplied(rs: Int) -> String {
        let c = sc.initContainers
        let applied: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["annotations": [:], "labels": ["app": .string(sc.deployment)], "name": .string(sc.deployment),
                         "namespace": .string(sc.namespace)],
            "spec": [
                "replicas": .int(sc.replicas),
                "selector": ["matchLabels": ["app": .string(sc.deployment)]],
                "template": ["metadata": ["labels": ["app": .string(sc.deployment)]], "spec": .members([
                    ("initContainers", c.isEmpty ? nil : .array(c.map { .members([
                        ("name", .string($0.name)), ("image", .string(rs == 0 ? ($0.oldImage ?? $0.image) : $0.image)),
                        ("restartPolicy", $0.sidecar ? "Always" : nil)]) })),
                    ("containers", [["name": .string(sc.containerName), "image": .string(rs == 0 ? sc.oldImage : sc.newImage),
                                     "ports": [["name": "http", "containerPort": 8080]]]]),
                    ("terminationGracePeriodSeconds", .int(sc.terminationGracePeriodSeconds)),
                ])],
            ],
        ]
        var w = JSONWriter.kubectl(pretty: false)
        applied.write(to: &w, sortedKeys: true)
        return w.output + "\n"
    }

    // MARK: Events

    /// Records an Event, or counts a repeat of one (the client-side event correlator: same
    /// object, reason, message and source bump `count` and `lastTimestamp`).
    func emitEvent(regarding: SimEvent.Reference, key: String, reason: String, message: String, type: String,
                   component: String, host: String?, newRecorder: Bool = false) {
        let fullKey = [key, reason, message, type, component].joined(separator: "|")
        if !newRecorder, let i = eventIndex[fullKey] {
            events[i].count += 1
            events[i].lastTimestamp = now
            events[i].resourceVersion = String(nextRevision())
            record(.event(events[i]))
            return
        }
        var name: String
        // The recorder names an Event by its object and the clock's nanoseconds: later events
        // of an object sort after earlier ones, even within a microsecond.
        var nanos = max(UInt64((now * 1_000_000).rounded(.down)) * 1000 + UInt64(ids.int(1000)), lastEventNanos + 1)
        lastEventNanos = nanos
        repeat {
            name = regarding.name + "." + String(nanos, radix: 16)
            nanos += 1
        } while eventNames.contains(name)
        eventNames.insert(name)
        let e = SimEvent(name: name, namespace: sc.namespace, uid: ids.uuid(), resourceVersion: String(nextRevision()),
                         regarding: regarding, reason: reason, message: message, type: type, component: component, host: host,
                         at: now, newRecorder: newRecorder, action: newRecorder ? "Binding" : nil,
                         instance: newRecorder ? component + "-control-plane" : nil)
        events.append(e)
        if !newRecorder { eventIndex[fullKey] = events.count - 1 }
        record(.event(e))
    }

    func podRef(_ p: Int, fieldPath: String?) -> SimEvent.Reference {
        .init(kind: "Pod", namespace: sc.namespace, name: pods[p].name, uid: pods[p].uid, apiVersion: "v1",
              resourceVersion: String(pods[p].resourceVersion), fieldPath: fieldPath)
    }

    func kubeletEvent(_ p: Int, _ slot: Slot, _ reason: String, _ message: String, type: String = "Normal") {
        let path = fieldPath(p, slot)
        emitEvent(regarding: podRef(p, fieldPath: path), key: pods[p].uid + path, reason: reason, message: message, type: type,
                  component: "kubelet", host: nodes[pods[p].node!].spec.name)
    }

    func schedulerEvent(_ p: Int, _ message: String) {
        emitEvent(regarding: podRef(p, fieldPath: nil), key: pods[p].uid, reason: "Scheduled", message: message, type: "Normal",
                  component: "default-scheduler", host: nil, newRecorder: true)
    }

    func replicaSetEvent(_ rs: Int, _ reason: String, _ message: String) {
        let r = replicaSets[rs]
        emitEvent(regarding: .init(kind: "ReplicaSet", namespace: sc.namespace, name: r.name, uid: r.uid, apiVersion: "apps/v1",
                                   resourceVersion: String(r.resourceVersion)),
                  key: r.uid, reason: reason, message: message, type: "Normal", component: "replicaset-controller", host: nil)
    }

    func deploymentEvent(_ reason: String, _ message: String) {
        emitEvent(regarding: .init(kind: "Deployment", namespace: sc.namespace, name: sc.deployment, uid: deployment.uid,
                                   apiVersion: "apps/v1", resourceVersion: String(deployment.resourceVersion)),
                  key: deployment.uid, reason: reason, message: message, type: "Normal", component: "deployment-controller",
                  host: nil)
    }
}
