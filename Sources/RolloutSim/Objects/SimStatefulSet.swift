import RolloutCore

/// A StatefulSet (apps/v1) as the API server holds it: the spec as applied, the status as the
/// StatefulSet controller last wrote it (`computeReplicaStatus`).
public struct SimStatefulSet: Sendable, Equatable {
    public var metadata: SimObjectMeta
    public var replicas: Int
    /// `spec.selector.matchLabels`, also the template's labels.
    public var selector: [String: String]
    /// The pod template's `spec`.
    public var template: JSONValue
    public var serviceName: String
    public var podManagementPolicy: String
    /// `RollingUpdate` or `OnDelete`.
    public var updateStrategy: String
    /// `rollingUpdate.partition` (the API server defaults it to 0).
    public var partition: Int
    public var maxUnavailable: IntOrString?
    public var observedGeneration: Int?
    public var statusReplicas = 0
    public var readyReplicas = 0
    public var currentReplicas = 0
    public var updatedReplicas = 0
    public var availableReplicas = 0
    public var currentRevision: String?
    public var updateRevision: String?

    public init(metadata: SimObjectMeta, replicas: Int, selector: [String: String], template: JSONValue, serviceName: String,
                podManagementPolicy: String, updateStrategy: String, partition: Int, maxUnavailable: IntOrString?) {
        self.metadata = metadata
        self.replicas = replicas
        self.selector = selector
        self.template = template
        self.serviceName = serviceName
        self.podManagementPolicy = podManagementPolicy
        self.updateStrategy = updateStrategy
        self.partition = partition
        self.maxUnavailable = maxUnavailable
    }

    /// The claim template every pod gets a PersistentVolumeClaim from (`data-<pod>`).
    static let claimTemplate: JSONValue = [
        "apiVersion": "v1", "kind": "PersistentVolumeClaim",
        "metadata": ["name": "data", "creationTimestamp": .null],
        "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]], "volumeMode": "Filesystem"],
        "status": ["phase": "Pending"],
    ]

    public var json: JSONValue {
        let labels: JSONValue = .object(selector.keys.sorted().map { .init($0, .string(selector[$0]!)) })
        var rolling: JSONValue? = nil
        if updateStrategy == "RollingUpdate" {
            rolling = .members([("partition", .int(partition)), ("maxUnavailable", maxUnavailable.map { $0.json })])
        }
        return [
            "kind": "StatefulSet", "apiVersion": "apps/v1",
            "metadata": metadata.json,
            "spec": .members([
                ("replicas", .int(replicas)),
                ("selector", ["matchLabels": labels]),
                ("template", ["metadata": ["creationTimestamp": .null, "labels": labels], "spec": template]),
                ("volumeClaimTemplates", [SimStatefulSet.claimTemplate]),
                ("serviceName", .string(serviceName)),
                ("podManagementPolicy", .string(podManagementPolicy)),
                ("updateStrategy", .members([("type", .string(updateStrategy)), ("rollingUpdate", rolling)])),
                ("revisionHistoryLimit", 10),
                ("persistentVolumeClaimRetentionPolicy", ["whenDeleted": "Retain", "whenScaled": "Retain"]),
            ]),
            "status": .members([
                ("observedGeneration", observedGeneration.map(JSONValue.int)),
                ("replicas", .int(statusReplicas)),
                ("readyReplicas", readyReplicas > 0 ? .int(readyReplicas) : nil),
                ("currentReplicas", currentReplicas > 0 ? .int(currentReplicas) : nil),
                ("updatedReplicas", updatedReplicas > 0 ? .int(updatedReplicas) : nil),
                ("currentRevision", currentRevision.map(JSONValue.string)),
                ("updateRevision", updateRevision.map(JSONValue.string)),
                ("collisionCount", 0),
                ("availableReplicas", .int(availableReplicas)),
            ]),
        ]
    }
}

extension IntOrString {
    /// As the API writes it: a number, or a string such as `25%`.
    var json: JSONValue {
        switch self {
        case .int(let v): .int(v)
        case .string(let s): .string(s)
        }
    }
}
