extension KubeObject {
    /// Decodes one object; returns nil (and skips it) when the value is not an object.
    public static func decode(_ r: inout JSONReader) throws(JSONError) -> KubeObject? {
        guard try r.beginObject() else { return nil }
        let o = KubeObject()
        while let key = try r.nextKey() {
            switch key {
            case "kind": o.kind = try r.readString()
            case "metadata": o.metadata = try ObjectMeta.decode(&r)
            case "type": o.type = try r.readString()
            case "object": o.object = try decode(&r)
            case "items":
                // A List of thousands of pods is decoded on two threads.
                o.items = try r.decodeElements { (r) throws(JSONError) in try decode(&r) }
            case "spec": try o.decodeSpec(&r)
            case "status":
                if r.peek() == UInt8(ascii: "\"") {
                    o.statusString = try r.readString()
                } else {
                    try o.decodeStatus(&r)
                }
            case "code": o.code = try r.readInt()
            case "revision": o.revision = try r.readCount()
            // Events (core/v1 and events.k8s.io/v1 spellings).
            case "involvedObject", "regarding": o.involvedObject = try ObjectRef.decode(&r)
            case "reason": o.reason = try r.readString()
            case "message", "note": o.message = try r.readString()
            case "firstTimestamp", "deprecatedFirstTimestamp":
                if let t = try r.readTime() { o.firstTimestamp = t }
            case "lastTimestamp", "deprecatedLastTimestamp":
                if let t = try r.readTime() { o.lastTimestamp = t }
            case "eventTime": o.eventTime = try r.readTime()
            case "count", "deprecatedCount":
                if let c = try r.readInt() { o.count = c }
            case "series":
                try r.forEachKey { (r, k) throws(JSONError) in
                    switch k {
                    case "count": o.seriesCount = try r.readInt()
                    case "lastObservedTime": o.seriesLastObserved = try r.readTime()
                    default: try r.skipValue()
                    }
                }
            // EndpointSlice.
            case "addressType": o.addressType = try r.readString()
            case "endpoints":
                var eps: [SliceEndpoint] = []
                try r.forEachElement { (r) throws(JSONError) in eps.append(try SliceEndpoint.decode(&r)) }
                o.endpoints = eps
            default:
                try r.skipValue()
            }
        }
        return o
    }

    /// A StatefulSet or DaemonSet, or an object whose kind is not known yet (a raw list's
    /// items): only these are asked for the controller fields, so a pod's keys are compared with
    /// no more names than before.
    var mayBeController: Bool { kind == nil || kind == "StatefulSet" || kind == "DaemonSet" }

    func decodeSpec(_ r: inout JSONReader) throws(JSONError) {
        if kind == "Rollout" { try ArgoRollout.decodeSpec(&r, into: self); return }
        let controller = mayBeController
        try r.forEachKey { (r, key) throws(JSONError) in
            switch key {
            case "containers": self.containers = try ContainerSpec.decodeList(&r)
            case "initContainers": self.initContainers = try ContainerSpec.decodeList(&r)
            case "nodeName": self.nodeName = try r.readName()
            case "terminationGracePeriodSeconds": self.terminationGracePeriodSeconds = try r.readSeconds()
            case "replicas": self.replicas = try r.readCount()
            case "progressDeadlineSeconds": self.progressDeadlineSeconds = try r.readSeconds()
            case "strategy": try decodeStrategy(&r, controller: false)
            default:
                guard controller else { try r.skipValue(); return }
                switch key {
                case "updateStrategy": try decodeStrategy(&r, controller: true)
                case "podManagementPolicy": self.podManagementPolicy = try r.readString()
                default: try r.skipValue()
                }
            }
        }
    }

    /// A Deployment's `strategy` (maxSurge, maxUnavailable), or a StatefulSet's or DaemonSet's
    /// `updateStrategy` (its type too, and a partition).
    func decodeStrategy(_ r: inout JSONReader, controller: Bool) throws(JSONError) {
        try r.forEachKey { (r, k) throws(JSONError) in
            switch k {
            case "type" where controller: self.updateStrategy = try r.readString()
            case "rollingUpdate":
                try r.forEachKey { (r, k) throws(JSONError) in
                    switch k {
                    case "maxSurge": self.maxSurge = try readIntOrString(&r)
                    case "maxUnavailable": self.maxUnavailable = try readIntOrString(&r)
                    case "partition" where controller: self.partition = try r.readCount()
                    default: try r.skipValue()
                    }
                }
            default: try r.skipValue()
            }
        }
    }

    func decodeStatus(_ r: inout JSONReader) throws(JSONError) {
        if kind == "Rollout" { try ArgoRollout.decodeStatus(&r, into: self); return }
        let controller = mayBeController
        // A pod's observedGeneration (1.33+) is not read; a StatefulSet's or DaemonSet's is.
        let known = kind != nil
        try r.forEachKey { (r, key) throws(JSONError) in
            switch key {
            case "phase": self.phase = try r.readString()
            case "conditions":
                var list: [Condition] = []
                try r.forEachElement { (r) throws(JSONError) in list.append(try Condition.decode(&r)) }
                self.conditions = list
            case "podIP": self.podIP = try r.readString()
            case "podIPs":
                if self.podIP == nil {
                    try r.forEachElement { (r) throws(JSONError) in
                        try r.forEachKey { (r, k) throws(JSONError) in
                            if k.equals("ip"), let ip = try r.readString(), self.podIP == nil { self.podIP = ip } else { try r.skipValue() }
                        }
                    }
                } else {
                    try r.skipValue()
                }
            case "startTime": self.startTime = try r.readTime()
            case "initContainerStatuses": self.initContainerStatuses = try ContainerStatus.decodeList(&r)
            case "containerStatuses": self.containerStatuses = try ContainerStatus.decodeList(&r)
            case "reason": self.statusReason = try r.readString()
            default:
                guard controller else { try r.skipValue(); return }
                // StatefulSet and DaemonSet status.
                switch key {
                case "observedGeneration" where known: self.observedGeneration = try r.readCount()
                case "readyReplicas": self.readyReplicas = try r.readCount()
                case "updatedReplicas": self.updatedReplicas = try r.readCount()
                case "currentReplicas": self.currentReplicas = try r.readCount()
                case "currentRevision": self.currentRevision = try r.readName()
                case "updateRevision": self.updateRevision = try r.readName()
                case "desiredNumberScheduled": self.desiredNumberScheduled = try r.readCount()
                case "updatedNumberScheduled": self.updatedNumberScheduled = try r.readCount()
                case "numberAvailable": self.numberAvailable = try r.readCount()
                default: try r.skipValue()
                }
            }
        }
    }
}

/// An IntOrString (`1`, `"25%"`) as text.
func readIntOrString(_ r: inout JSONReader) throws(JSONError) -> String? {
    if r.peek() == UInt8(ascii: "\"") { return try r.readString() }
    if let v = try r.readInt() { return String(v) }
    return nil
}

extension ObjectMeta {
    /// The labels rollscope reads (workload identity, revision, ordinal, Service of a slice);
    /// others are skipped.
    static let keptLabels: Set<String> = [
        "pod-template-hash", "controller-revision-hash", "app", "app.kubernetes.io/name",
        "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index", "pod-template-generation",
        "controller.kubernetes.io/hash", "rollouts-pod-template-hash",
    ]

    static let keptAnnotations: Set<String> = [
        "deployment.kubernetes.io/revision", "rollout.argoproj.io/revision",
        "endpoints.kubernetes.io/last-change-trigger-time",
    ]

    /// The kept names with their bytes, to tell a key apart without making a String of it
    /// (a pod has dozens of labels and annotations, and keeps a few).
    static let keptLabelList: [(name: String, bytes: [UInt8])] = keptLabels.sorted().map { ($0, Array($0.utf8)) }
    static let keptAnnotationList: [(name: String, bytes: [UInt8])] = keptAnnotations.sorted().map { ($0, Array($0.utf8)) }

    /// The kept name `key` is, if it is one.
    @inline(__always) static func kept(_ key: JSONKey, _ list: [(name: String, bytes: [UInt8])]) -> String? {
        if key.hasEscapes {
            let s = key.string
            return list.contains { $0.name == s } ? s : nil
        }
        for entry in list where entry.bytes.count == key.count {
            if entry.bytes.elementsEqual(UnsafeBufferPointer(start: key.start, count: key.count)) { return entry.name }
        }
        return nil
    }

    static func decode(_ r: inout JSONReader) throws(JSONError) -> ObjectMeta {
        var m = ObjectMeta()
        try r.forEachKey { (r, key) throws(JSONError) in
            switch key {
            case "name": m.name = try r.readName()
            case "generateName": m.generateName = try r.readName()
            case "namespace": m.namespace = try r.readName()
            case "uid": m.uid = try r.readString()
            case "resourceVersion": m.resourceVersion = try r.readString()
            case "generation": m.generation = try r.readCount()
            case "creationTimestamp": m.creationTimestamp = try r.readTime()
            case "deletionTimestamp": m.deletionTimestamp = try r.readTime()
            case "deletionGracePeriodSeconds": m.deletionGracePeriodSeconds = try r.readSeconds()
            case "labels":
                try r.forEachKey { (r, k) throws(JSONError) in
                    if let name = ObjectMeta.kept(k, ObjectMeta.keptLabelList), let v = try r.readName() {
                        m.labels[name] = v
                    } else {
                        try r.skipValue()
                    }
                }
            case "annotations":
                try r.forEachKey { (r, k) throws(JSONError) in
                    if let name = ObjectMeta.kept(k, ObjectMeta.keptAnnotationList), let v = try r.readString() {
                        m.annotations[name] = v
                    } else {
                        try r.skipValue()
                    }
                }
            case "ownerReferences":
                try r.forEachElement { (r) throws(JSONError) in
                    var o = OwnerRef()
                    try r.forEachKey { (r, k) throws(JSONError) in
                        switch k {
                        case "kind": o.kind = try r.readString()
                        case "name": o.name = try r.readName()
                        case "controller": o.controller = try r.readBool() ?? false
                        default: try r.skipValue()
                        }
                    }
                    m.ownerReferences.append(o)
                }
            default: try r.skipValue()
            }
        }
        return m
    }
}

extension ObjectRef {
    static func decode(_ r: inout JSONReader) throws(JSONError) -> ObjectRef {
        var o = ObjectRef()
        try r.forEachKey { (r, k) throws(JSONError) in
            switch k {
            case "kind": o.kind = try r.readString()
            case "name": o.name = try r.readName()
            case "namespace": o.namespace = try r.readName()
            case "uid": o.uid = try r.readString()
            default: try r.skipValue()
            }
        }
        return o
    }
}

extension ContainerSpec {
    static func decodeList(_ r: inout JSONReader) throws(JSONError) -> [ContainerSpec] {
        var list: [ContainerSpec] = []
        try r.forEachElement { (r) throws(JSONError) in
            var c = ContainerSpec()
            try r.forEachKey { (r, k) throws(JSONError) in
                switch k {
                case "name": c.name = try r.readName() ?? ""
                case "restartPolicy": c.restartPolicy = try r.readString()
                case "lifecycle":
                    try r.forEachKey { (r, k) throws(JSONError) in
                        guard k.equals("preStop") else { try r.skipValue(); return }
                        try r.forEachKey { (r, k) throws(JSONError) in
                            switch k {
                            case "exec":
                                c.preStop = max(c.preStop, .exec)
                                try r.forEachKey { (r, k) throws(JSONError) in
                                    guard k.equals("command") else { try r.skipValue(); return }
                                    var parts: [String] = []
                                    try r.forEachElement { (r) throws(JSONError) in
                                        if let s = try r.readString() { parts.append(s) }
                                    }
                                    c.preStopCommand = parts.joined(separator: " ")
                                }
                            case "httpGet": c.preStop = max(c.preStop, .httpGet); try r.skipValue()
                            case "tcpSocket": c.preStop = max(c.preStop, .tcpSocket); try r.skipValue()
                            case "sleep":
                                c.preStop = max(c.preStop, .sleep)
                                try r.forEachKey { (r, k) throws(JSONError) in
                                    if k.equals("seconds") { c.preStopSleepSeconds = try r.readSeconds() } else { try r.skipValue() }
                                }
                            default: try r.skipValue()
                            }
                        }
                    }
                default: try r.skipValue()
                }
            }
            list.append(c)
        }
        return list
    }
}

extension ContainerStatus {
    static func decodeList(_ r: inout JSONReader) throws(JSONError) -> [ContainerStatus] {
        var list: [ContainerStatus] = []
        try r.forEachElement { (r) throws(JSONError) in
            var s = ContainerStatus()
            try r.forEachKey { (r, k) throws(JSONError) in
                switch k {
                case "name": s.name = try r.readName() ?? ""
                case "restartCount": s.restartCount = try r.readCount() ?? 0
                case "state": s.state = try ContainerState.decode(&r)
                case "lastState": s.lastState = try ContainerState.decode(&r)
                default: try r.skipValue()
                }
            }
            list.append(s)
        }
        return list
    }
}

extension ContainerState {
    static func decode(_ r: inout JSONReader) throws(JSONError) -> ContainerState {
        var s = ContainerState()
        try r.forEachKey { (r, k) throws(JSONError) in
            switch k {
            case "waiting":
                try r.forEachKey { (r, k) throws(JSONError) in
                    if k.equals("reason") { s.waitingReason = try r.readString() } else { try r.skipValue() }
                }
                if s.waitingReason == nil { s.waitingReason = "Waiting" }
            case "running":
                s.running = true
                try r.forEachKey { (r, k) throws(JSONError) in
                    if k.equals("startedAt") { s.runningStartedAt = try r.readTime() } else { try r.skipValue() }
                }
            case "terminated":
                var t = TerminatedState()
                try r.forEachKey { (r, k) throws(JSONError) in
                    switch k {
                    case "exitCode": t.exitCode = try r.readInt()
                    case "signal": t.signal = try r.readInt()
                    case "reason": t.reason = try r.readString()
                    case "message": t.message = try r.readString()
                    case "startedAt": t.startedAt = try r.readTime()
                    case "finishedAt": t.finishedAt = try r.readTime()
                    default: try r.skipValue()
                    }
                }
                s.terminated = t
            default: try r.skipValue()
            }
        }
        return s
    }
}

extension Condition {
    static func decode(_ r: inout JSONReader) throws(JSONError) -> Condition {
        var c = Condition()
        try r.forEachKey { (r, k) throws(JSONError) in
            switch k {
            case "type": c.type = try r.readString() ?? ""
            case "status": c.status = try r.readString()
            case "lastTransitionTime": c.lastTransitionTime = try r.readTime()
            default: try r.skipValue()
            }
        }
        return c
    }
}

extension SliceEndpoint {
    static func decode(_ r: inout JSONReader) throws(JSONError) -> SliceEndpoint {
        var e = SliceEndpoint()
        try r.forEachKey { (r, k) throws(JSONError) in
            switch k {
            case "addresses":
                try r.forEachElement { (r) throws(JSONError) in
                    if let a = try r.readString() { e.addresses.append(a) }
                }
            case "conditions":
                try r.forEachKey { (r, k) throws(JSONError) in
                    switch k {
                    case "ready": e.ready = try r.readBool()
                    case "serving": e.serving = try r.readBool()
                    case "terminating": e.terminating = try r.readBool()
                    default: try r.skipValue()
                    }
                }
            case "targetRef": e.targetRef = try ObjectRef.decode(&r)
            default: try r.skipValue()
            }
        }
        return e
    }
}
