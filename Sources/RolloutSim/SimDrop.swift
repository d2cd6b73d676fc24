import RolloutCore

/// A request the ingress sent to a pod that could not answer it.
public struct SimDrop: Sendable, Equatable {
    /// When nginx logged it (the end of the request).
    public var loggedAt: Instant
    /// When nginx picked the upstream.
    public var sentAt: Instant
    /// The pod behind the address when the request was sent (or, when none was, the one the
    /// ingress still believed was there).
    public var pod: String
    public var ip: String
    /// The status of that upstream attempt as logged (`502`, `504`, or `499` for the client
    /// giving up first).
    public var status: Int
    /// The application closed the connection while answering (a long request cut by its pod's
    /// exit): the client sees a reset.
    public var reset: Bool = false
}
