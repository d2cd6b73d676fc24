import RolloutCore

/// A Deployment (apps/v1) as the API server holds it: the spec as applied, the status as the
/// Deployment controller last wrote it.
public struct SimDeployment: Sendable, Equatable {
    /// A `status.conditions` entry (`Available`, `Progressing`).
    public struct Condition: Sendable, Equatable {
        public var type: String
        public var status: Bool
        public var lastUpdateTime: Double
        public var lastTransitionTime: Double
        public var reason: String?
        public var message: String?

        public init(type: String, status: Bool, lastUpdateTime: Double, lastTransitionTime: Double, reason: String?,
                    message: String?) {
            self.type = type
            self.status = status
            self.lastUpdateTime = lastUpdateTime
            self.lastTransitionTime = lastTransitionTime
            self.reason = reason
            self.message = message
        }

        var json: JSONValue {
            .members([("type", .string(type)), ("status", status ? "True" : "False"),
                      ("lastUpdateTime", KubeTime.json(lastUpdateTime)), ("lastTransitionTime", KubeTime.json(lastTransitionTime)),
                      ("reason", reason.map(JSONValue.string)), ("message", message.map(JSONValue.string))])
        }
    }

    public var metadata: SimObjectMeta
    public var replicas: Int
    /// `spec.selector.matchLabels`, also the template's labels.
    public var selector: [String: String]
    /// The pod template's `spec`.
    public var template: JSONValue
    public var maxSurge: IntOrString
    public var maxUnavailable: IntOrString
    public var progressDeadlineSeconds: Int
    public var observedGeneration: Int?
    public var statusReplicas = 0
    public var updatedReplicas = 0
    public var readyReplicas = 0
    public var availableReplicas = 0
    public var conditions: [Condition] = []

    public init(metadata: SimObjectMeta, replicas: Int, selector: [String: String], template: JSONValue,
                maxSurge: IntOrString, maxUnavailable: IntOrString, progressDeadlineSeconds: Int = 600) {
        self.metadata = metadata
        self.replicas = replicas
        self.selector = selector
        self.template = template
        self.maxSurge = maxSurge
        self.maxUnavailable = maxUnavailable
        self.progressDeadlineSeconds = progressDeadlineSeconds
    }

    public var json: JSONValue {
        func intOrString(_ v: IntOrString) -> JSONValue {
            switch v {
            case .int(let i): .int(i)
            case .string(let s): .string(s)
            }
        }
        let labels: JSONValue = .object(selector.keys.sorted().map { .init($0, .string(selector[$0]!)) })
        let unavailable = max(0, replicas - availableReplicas)
        return [
            "kind": "Deployment", "apiVersion": "apps/v1",
            "metadata": metadata.json,
            "spec": [
                "replicas": .int(replicas),
                "selector": ["matchLabels": labels],
                "template": ["metadata": ["creationTimestamp": .null, "labels": labels], "spec": template],
                "strategy": ["type": "RollingUpdate",
                             "rollingUpdate": ["maxUnavailable": intOrString(maxUnavailable), "maxSurge": intOrString(maxSurge)]],
                "revisionHistoryLimit": 10,
                "progressDeadlineSeconds": .int(progressDeadlineSeconds),
            ],
            "status": .members([
                ("observedGeneration", observedGeneration.map(JSONValue.int)),
                ("replicas", statusReplicas > 0 ? .int(statusReplicas) : nil),
                ("updatedReplicas", updatedReplicas > 0 ? .int(updatedReplicas) : nil),
                ("readyReplicas", readyReplicas > 0 ? .int(readyReplicas) : nil),
                ("availableReplicas", availableReplicas > 0 ? .int(availableReplicas) : nil),
                ("unavailableReplicas", unavailable > 0 ? .int(unavailable) : nil),
                ("conditions", conditions.isEmpty ? nil : .array(conditions.map(\.json))),
            ]),
        ]
    }
}
