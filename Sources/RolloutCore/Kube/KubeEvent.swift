/// A Kubernetes Event from either API (core/v1 or events.k8s.io/v1), normalised.
public struct KubeEvent: Sendable, Equatable {
    public var uid: String?
    public var namespace: String
    public var regarding: ObjectRef
    public var reason: String
    public var message: String
    /// `Normal` or `Warning`.
    public var type: String
    /// When it first happened.
    public var at: Instant?
    /// When it last happened (series, lastTimestamp).
    public var lastAt: Instant?
    public var count: Int

    public init?(_ o: KubeObject) {
        guard let ref = o.involvedObject else { return nil }
        uid = o.metadata.uid
        namespace = o.metadata.namespace ?? ref.namespace ?? ""
        regarding = ref
        reason = o.reason ?? ""
        message = o.message ?? ""
        type = o.type ?? "Normal"
        at = o.eventTime ?? o.firstTimestamp ?? o.lastTimestamp ?? o.seriesLastObserved ?? o.metadata.creationTimestamp
        lastAt = o.seriesLastObserved ?? o.lastTimestamp ?? at
        count = o.seriesCount ?? o.count ?? 1
    }
}
