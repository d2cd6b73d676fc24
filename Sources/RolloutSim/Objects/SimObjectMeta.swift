import RolloutCore

/// `metadata` of an object, as the API server writes it. Times are seconds since the epoch; the
/// API shows them in whole seconds (metav1.Time).
public struct SimObjectMeta: Sendable, Equatable {
    /// An `ownerReferences` entry.
    public struct Owner: Sendable, Equatable {
        public var apiVersion: String
        public var kind: String
        public var name: String
        public var uid: String
        public var blockOwnerDeletion: Bool?

        public init(apiVersion: String, kind: String, name: String, uid: String, blockOwnerDeletion: Bool? = true) {
            self.apiVersion = apiVersion
            self.kind = kind
            self.name = name
            self.uid = uid
            self.blockOwnerDeletion = blockOwnerDeletion
        }

        /// Field order of `metav1.OwnerReference`.
        var json: JSONValue {
            .members([("apiVersion", .string(apiVersion)), ("kind", .string(kind)), ("name", .string(name)),
                      ("uid", .string(uid)), ("controller", true), ("blockOwnerDeletion", blockOwnerDeletion.map(JSONValue.bool))])
        }
    }

    public var name: String
    public var generateName: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int?
    public var creationTimestamp: Double?
    public var deletionTimestamp: Double?
    public var deletionGracePeriodSeconds: Int?
    public var labels: [String: String] = [:]
    public var annotations: [String: String] = [:]
    public var owner: Owner?
    public var finalizers: [String] = []
    /// `managedFields`, built from the object it belongs to (see `SimManagedFields`).
    public var managedFields: [JSONValue] = []

    public init(name: String, generateName: String? = nil, namespace: String?, uid: String?, resourceVersion: String?,
                generation: Int? = nil, creationTimestamp: Double?, labels: [String: String] = [:],
                annotations: [String: String] = [:], owner: Owner? = nil) {
        self.name = name
        self.generateName = generateName
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.generation = generation
        self.creationTimestamp = creationTimestamp
        self.labels = labels
        self.annotations = annotations
        self.owner = owner
    }

    /// Field order of `metav1.ObjectMeta`; a map (labels, annotations) is written sorted, as Go
    /// writes maps.
    public var json: JSONValue {
        func map(_ d: [String: String]) -> JSONValue? {
            d.isEmpty ? nil : .object(d.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { .init($0, .string(d[$0]!)) })
        }
        return .members([
            ("name", .string(name)),
            ("generateName", generateName.map(JSONValue.string)),
            ("namespace", namespace.map(JSONValue.string)),
            ("uid", uid.map(JSONValue.string)),
            ("resourceVersion", resourceVersion.map(JSONValue.string)),
            ("generation", generation.map(JSONValue.int)),
            ("creationTimestamp", creationTimestamp.map(KubeTime.json) ?? .null),
            ("deletionTimestamp", deletionTimestamp.map(KubeTime.json)),
            ("deletionGracePeriodSeconds", deletionGracePeriodSeconds.map(JSONValue.int)),
            ("labels", map(labels)),
            ("annotations", map(annotations)),
            ("ownerReferences", owner.map { [$0.json] }),
            ("finalizers", finalizers.isEmpty ? nil : .array(finalizers.map(JSONValue.string))),
            ("managedFields", managedFields.isEmpty ? nil : .array(managedFields)),
        ])
    }
}
