import RolloutCore

/// An Event as the API server stores it, shown through either API: core/v1 (`kubectl get
/// events`) or events.k8s.io/v1 (`kubectl get events.v1.events.k8s.io`), which the API server
/// converts field by field.
///
/// Two kinds of writers exist: the old `record.EventRecorder` (kubelet, controllers) sets
/// first/lastTimestamp, count and `source`, and bumps `count` for a repeat; the new
/// `events.EventRecorder` (the scheduler) sets `eventTime` with microseconds, `action`, and no
/// timestamps or count.
public struct SimEvent: Sendable, Equatable {
    /// An `involvedObject` / `regarding` reference.
    public struct Reference: Sendable, Equatable {
        public var kind: String
        public var namespace: String
        public var name: String
        public var uid: String
        public var apiVersion: String
        public var resourceVersion: String?
        public var fieldPath: String?

        public init(kind: String, namespace: String, name: String, uid: String, apiVersion: String,
                    resourceVersion: String? = nil, fieldPath: String? = nil) {
            self.kind = kind
            self.namespace = namespace
            self.name = name
            self.uid = uid
            self.apiVersion = apiVersion
            self.resourceVersion = resourceVersion
            self.fieldPath = fieldPath
        }

        var json: JSONValue {
            .members([("kind", .string(kind)), ("namespace", .string(namespace)), ("name", .string(name)),
                      ("uid", .string(uid)), ("apiVersion", .string(apiVersion)),
                      ("resourceVersion", resourceVersion.map(JSONValue.string)), ("fieldPath", fieldPath.map(JSONValue.string))])
        }
    }

    public var name: String
    public var namespace: String
    public var uid: String
    public var resourceVersion: String
    public var regarding: Reference
    public var reason: String
    public var message: String
    /// `Normal` or `Warning`.
    public var type: String
    /// `source.component` / `reportingController`.
    public var component: String
    /// `source.host` (a kubelet's node).
    public var host: String?
    public var firstTimestamp: Double
    public var lastTimestamp: Double
    public var count: Int
    /// Written through events.k8s.io by the new recorder (the scheduler's `Binding`).
    public var newRecorder: Bool
    public var action: String?
    /// `reportingInstance` of the new recorder.
    public var instance: String?

    public init(name: String, namespace: String, uid: String, resourceVersion: String, regarding: Reference, reason: String,
                message: String, type: String = "Normal", component: String, host: String? = nil, at time: Double,
                count: Int = 1, newRecorder: Bool = false, action: String? = nil, instance: String? = nil) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.regarding = regarding
        self.reason = reason
        self.message = message
        self.type = type
        self.component = component
        self.host = host
        firstTimestamp = time
        lastTimestamp = time
        self.count = count
        self.newRecorder = newRecorder
        self.action = action
        self.instance = instance
    }

    var metadata: JSONValue {
        ["name": .string(name), "namespace": .string(namespace), "uid": .string(uid), "resourceVersion": .string(resourceVersion),
         "creationTimestamp": KubeTime.json(firstTimestamp)]
    }

    var source: JSONValue {
        newRecorder ? [:] : .members([("component", .string(component)), ("host", host.map(JSONValue.string))])
    }

    /// core/v1, in `v1.Event` field order.
    public var coreV1: JSONValue {
        .members([
            ("kind", "Event"), ("apiVersion", "v1"),
            ("metadata", metadata),
            ("involvedObject", regarding.json),
            ("reason", .string(reason)),
            ("message", .string(message)),
            ("source", source),
            ("firstTimestamp", newRecorder ? .null : KubeTime.json(firstTimestamp)),
            ("lastTimestamp", newRecorder ? .null : KubeTime.json(lastTimestamp)),
            ("count", newRecorder ? nil : .int(count)),
            ("type", .string(type)),
            ("eventTime", newRecorder ? .string(KubeTime.micro(firstTimestamp)) : .null),
            ("action", action.map(JSONValue.string)),
            ("reportingComponent", .string(component)),
            ("reportingInstance", .string(instance ?? host ?? "")),
        ])
    }

    /// events.k8s.io/v1, as the API server converts the same Event.
    public var eventsV1: JSONValue {
        .members([
            ("kind", "Event"), ("apiVersion", "events.k8s.io/v1"),
            ("metadata", metadata),
            ("eventTime", newRecorder ? .string(KubeTime.micro(firstTimestamp)) : .null),
            ("reportingController", .string(component)),
            ("reportingInstance", .string(instance ?? host ?? "")),
            ("action", action.map(JSONValue.string)),
            ("reason", .string(reason)),
            ("regarding", regarding.json),
            ("note", .string(message)),
            ("type", .string(type)),
            ("deprecatedSource", source),
            ("deprecatedFirstTimestamp", newRecorder ? .null : KubeTime.json(firstTimestamp)),
            ("deprecatedLastTimestamp", newRecorder ? .null : KubeTime.json(lastTimestamp)),
            ("deprecatedCount", newRecorder ? nil : .int(count)),
        ])
    }
}
