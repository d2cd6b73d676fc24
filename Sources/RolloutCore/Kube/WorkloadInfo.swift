/// What a Deployment or ReplicaSet tells about a rollout: desired size, strategy, revision.
public struct WorkloadInfo: Sendable, Equatable {
    public var kind: String
    public var name: String
    public var namespace: String
    public var replicas: Int?
    public var maxSurge: String?
    public var maxUnavailable: String?
    public var progressDeadlineSeconds: Int?
    public var revision: Int?
    public var createdAt: Instant?

    public init?(_ o: KubeObject) {
        guard let kind = o.kind, let name = o.metadata.name else { return nil }
        self.kind = kind
        self.name = name
        namespace = o.metadata.namespace ?? ""
        replicas = o.replicas
        maxSurge = o.maxSurge
        maxUnavailable = o.maxUnavailable
        progressDeadlineSeconds = o.progressDeadlineSeconds
        revision = o.metadata.annotations["deployment.kubernetes.io/revision"].flatMap { Int($0) }
        createdAt = o.metadata.creationTimestamp
    }

    /// Resolves an IntOrString like `25%` or `1` against `replicas`; `roundUp` as Kubernetes does for maxSurge.
    public static func resolve(_ value: String?, replicas: Int, roundUp: Bool, default def: String) -> Int {
        let v = value ?? def
        var result = 0
        if v.hasSuffix("%") {
            if let pct = Double(v.dropLast()), pct.isFinite, (0...100).contains(pct) {
                let raw = Double(replicas) * pct / 100
                result = Int(roundUp ? raw.rounded(.up) : raw.rounded(.down))
            }
        } else {
            result = Int(v) ?? 0
        }
        return min(max(result, 0), max(replicas, 0))
    }
}
