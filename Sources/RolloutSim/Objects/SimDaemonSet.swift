import RolloutCore

/// A DaemonSet (apps/v1) as the API server holds it: the spec as applied, the status as the
/// DaemonSet controller last wrote it (`updateDaemonSetStatus`, counting the oldest pod on
/// each node).
public struct SimDaemonSet: Sendable, Equatable {
    public var metadata: SimObjectMeta
    public var selector: [String: String]
    public var template: JSONValue
    /// `RollingUpdate` or `OnDelete`.
    public var updateStrategy: String
    public var maxUnavailable: IntOrString
    public var maxSurge: IntOrString
    public var observedGeneration: Int?
    public var currentNumberScheduled = 0
    public var desiredNumberScheduled = 0
    public var numberReady = 0
    public var updatedNumberScheduled = 0
    public var numberAvailable = 0

    public init(metadata: SimObjectMeta, selector: [String: String], template: JSONValue, updateStrategy: String,
                maxUnavailable: IntOrString, maxSurge: IntOrString) {
        self.metadata = metadata
        self.selector = selector
        self.template = template
        self.updateStrategy = updateStrategy
        self.maxUnavailable = maxUnavailable
        self.maxSurge = maxSurge
    }

    public var json: JSONValue {
        let labels: JSONValue = .object(selector.keys.sorted().map { .init($0, .string(selector[$0]!)) })
        let rolling: JSONValue? = updateStrategy == "RollingUpdate"
            ? ["maxUnavailable": maxUnavailable.json, "maxSurge": maxSurge.json] : nil
        let unavailable = max(0, desiredNumberScheduled - numberAvailable)
        return [
            "kind": "DaemonSet", "apiVersion": "apps/v1",
            "metadata": metadata.json,
            "spec": .members([
                ("selector", ["matchLabels": labels]),
                ("template", ["metadata": ["creationTimestamp": .null, "labels": labels], "spec": template]),
                ("updateStrategy", .members([("type", .string(updateStrategy)), ("rollingUpdate", rolling)])),
                ("revisionHistoryLimit", 10),
            ]),
            "status": .members([
                ("currentNumberScheduled", .int(currentNumberScheduled)),
                ("numberMisscheduled", 0),
                ("desiredNumberScheduled", .int(desiredNumberScheduled)),
                ("numberReady", .int(numberReady)),
                ("observedGeneration", observedGeneration.map(JSONValue.int)),
                ("updatedNumberScheduled", updatedNumberScheduled > 0 ? .int(updatedNumberScheduled) : nil),
                ("numberAvailable", numberAvailable > 0 ? .int(numberAvailable) : nil),
                ("numberUnavailable", unavailable > 0 ? .int(unavailable) : nil),
            ]),
        ]
    }
}
