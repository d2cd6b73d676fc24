/// One observed state of an EndpointSlice.
public struct EndpointSliceState: Sendable, Equatable {
    public var name: String
    public var namespace: String
    public var endpoints: [SliceEndpoint]
    /// `endpoints.kubernetes.io/last-change-trigger-time`, when the controller set it.
    public var changeTime: Instant?
    public var createdAt: Instant?
    public var resourceVersion: String?

    /// Identifies this state of the slice.
    public var fingerprint: String { resourceVersion ?? "\(changeTime?.seconds ?? 0)|\(endpoints)" }

    public init?(_ o: KubeObject) {
        guard let eps = o.endpoints ?? (o.addressType != nil ? [] : nil) else { return nil }
        name = o.metadata.name ?? o.metadata.uid ?? "endpointslice"
        namespace = o.metadata.namespace ?? ""
        endpoints = eps
        changeTime = o.metadata.annotations["endpoints.kubernetes.io/last-change-trigger-time"].flatMap(Instant.init(rfc3339:))
        createdAt = o.metadata.creationTimestamp
        resourceVersion = o.metadata.resourceVersion
    }
}
