import RolloutCore

/// A Pod as the API server holds it at one moment: the simulator's kubelet, the soak's churn and
/// the benchmark's cluster all describe pods with it, and `json` is the one place a pod becomes
/// JSON (in the API server's field order; `KubectlPrinter` prints it as kubectl would).
///
/// The spec is data the simulator carries (the template plus what admission and the scheduler
/// add); the status is what the kubelet reports, field by field.
public struct SimPod: Sendable, Equatable {
    public var metadata: SimObjectMeta
    public var spec: JSONValue
    public var status: Status

    public init(metadata: SimObjectMeta, spec: JSONValue, status: Status) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public var json: JSONValue {
        ["kind": "Pod", "apiVersion": "v1", "metadata": metadata.json, "spec": spec, "status": status.json]
    }

    /// `status` of a Pod.
    public struct Status: Sendable, Equatable {
        /// `metadata.generation` the kubelet last acted on (1.33+); nil before the kubelet wrote.
        public var observedGeneration: Int?
        public var phase: String
        public var conditions: [Condition] = []
        /// `Evicted` and the like.
        public var reason: String?
        public var message: String?
        public var hostIP: String?
        public var podIP: String?
        public var startTime: Double?
        /// nil until the kubelet reports container statuses.
        public var initContainerStatuses: [ContainerStatus]?
        public var containerStatuses: [ContainerStatus]?
        public var qosClass: String?

        public init(phase: String, qosClass: String? = nil) {
            self.phase = phase
            self.qosClass = qosClass
        }

        var json: JSONValue {
            .members([
                ("observedGeneration", observedGeneration.map(JSONValue.int)),
                ("phase", .string(phase)),
                ("conditions", conditions.isEmpty ? nil : .array(conditions.map(\.json))),
                ("message", message.map(JSONValue.string)),
                ("reason", reason.map(JSONValue.string)),
                ("hostIP", hostIP.map(JSONValue.string)),
                ("hostIPs", hostIP.map { [["ip": .string($0)]] }),
                ("podIP", podIP.map(JSONValue.string)),
                ("podIPs", podIP.map { [["ip": .string($0)]] }),
                ("startTime", startTime.map(KubeTime.json)),
                ("initContainerStatuses", initContainerStatuses.map { .array($0.map(\.json)) }),
                ("containerStatuses", containerStatuses.map { .array($0.map(\.json)) }),
                ("qosClass", qosClass.map(JSONValue.string)),
            ])
        }
    }

    /// One entry of `status.conditions`.
    public struct Condition: Sendable, Equatable {
        public var type: String
        public var status: Bool
        public var lastTransitionTime: Double
        public var reason: String?
        public var message: String?
        public var observedGeneration: Int?

        public init(_ type: String, _ status: Bool, at time: Double, reason: String? = nil, message: String? = nil,
                    observedGeneration: Int? = nil) {
            self.type = type
            self.status = status
            lastTransitionTime = time
            self.reason = reason
            self.message = message
            self.observedGeneration = observedGeneration
        }

        var json: JSONValue {
            .members([("type", .string(type)), ("observedGeneration", observedGeneration.map(JSONValue.int)),
                      ("status", status ? "True" : "False"), ("lastProbeTime", .null),
                      ("lastTransitionTime", KubeTime.json(lastTransitionTime)), ("reason", reason.map(JSONValue.string)),
                      ("message", message.map(JSONValue.string))])
        }
    }

    /// How a container ended.
    public struct Terminated: Sendable, Equatable {
        public var exitCode: Int
        public var reason: String
        public var message: String?
        public var startedAt: Double?
        public var finishedAt: Double
        public var containerID: String?

        public init(exitCode: Int, reason: String, message: String? = nil, startedAt: Double?, finishedAt: Double,
                    containerID: String?) {
            self.exitCode = exitCode
            self.reason = reason
            self.message = message
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.containerID = containerID
        }

        var json: JSONValue {
            .members([("exitCode", .int(exitCode)), ("reason", .string(reason)), ("message", message.map(JSONValue.string)),
                      ("startedAt", startedAt.map(KubeTime.json) ?? .null), ("finishedAt", KubeTime.json(finishedAt)),
                      ("containerID", containerID.map(JSONValue.string))])
        }
    }

    /// `state` of a container.
    public enum ContainerState: Sendable, Equatable {
        case waiting(reason: String, message: String?)
        case running(startedAt: Double)
        case terminated(Terminated)

        var json: JSONValue {
            switch self {
            case .waiting(let reason, let message):
                ["waiting": .members([("reason", .string(reason)), ("message", message.map(JSONValue.string))])]
            case .running(let start):
                ["running": ["startedAt": KubeTime.json(start)]]
            case .terminated(let t):
                ["terminated": t.json]
            }
        }
    }

    /// One entry of `status.containerStatuses` or `initContainerStatuses`.
    public struct ContainerStatus: Sendable, Equatable {
        public var name: String
        public var state: ContainerState
        public var lastState: Terminated?
        public var ready: Bool
        public var restartCount: Int
        /// As the runtime reports it (`ContainerImage.normalized` once a container exists).
        public var image: String
        public var imageID: String
        public var containerID: String?
        public var started: Bool?
        public var resources: JSONValue?
        /// The volumes mounted, by name and path (status shows them since 1.30).
        public var volumeMounts: [(name: String, path: String)] = []
        /// The user the process runs as (`status.containerStatuses[].user.linux`, 1.31+).
        public var uid: Int?

        public init(name: String, state: ContainerState, lastState: Terminated? = nil, ready: Bool, restartCount: Int,
                    image: String, imageID: String, containerID: String? = nil, started: Bool? = nil) {
            self.name = name
            self.state = state
            self.lastState = lastState
            self.ready = ready
            self.restartCount = restartCount
            self.image = image
            self.imageID = imageID
            self.containerID = containerID
            self.started = started
        }

        public static func == (a: ContainerStatus, b: ContainerStatus) -> Bool {
            a.name == b.name && a.state == b.state && a.lastState == b.lastState && a.ready == b.ready
                && a.restartCount == b.restartCount && a.image == b.image && a.imageID == b.imageID
                && a.containerID == b.containerID && a.started == b.started && a.resources == b.resources
                && a.volumeMounts.elementsEqual(b.volumeMounts) { $0 == $1 } && a.uid == b.uid
        }

        var json: JSONValue {
            .members([
                ("name", .string(name)),
                ("state", state.json),
                ("lastState", lastState.map { ["terminated": $0.json] } ?? [:]),
                ("ready", .bool(ready)),
                ("restartCount", .int(restartCount)),
                ("image", .string(image)),
                ("imageID", .string(imageID)),
                ("containerID", containerID.map(JSONValue.string)),
                ("started", started.map(JSONValue.bool)),
                ("resources", resources),
                ("volumeMounts", volumeMounts.isEmpty ? nil : .array(volumeMounts.map { m in
                    ["name": .string(m.name), "mountPath": .string(m.path), "readOnly": true, "recursiveReadOnly": "Disabled"]
                })),
                ("user", uid.map { ["linux": ["uid": .int($0), "gid": .int($0), "supplementalGroups": [.int($0)]]] }),
            ])
        }
    }
}
