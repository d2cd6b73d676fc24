import RolloutCore

/// An EndpointSlice (discovery.k8s.io/v1) as the EndpointSlice controller writes it for one
/// Service.
public struct SimEndpointSlice: Sendable, Equatable {
    /// One address and its conditions: `ready` is never true while terminating, `serving`
    /// ignores termination, `terminating` marks it.
    public struct Endpoint: Sendable, Equatable {
        public var ip: String
        public var ready: Bool
        public var serving: Bool
        public var terminating: Bool
        public var nodeName: String?
        public var podName: String
        public var podUID: String

        public init(ip: String, ready: Bool, serving: Bool, terminating: Bool, nodeName: String?, podName: String, podUID: String) {
            self.ip = ip
            self.ready = ready
            self.serving = serving
            self.terminating = terminating
            self.nodeName = nodeName
            self.podName = podName
            self.podUID = podUID
        }
    }

    public var metadata: SimObjectMeta
    public var endpoints: [Endpoint]
    public var port: (name: String, number: Int) = ("http", 8080)

    public init(metadata: SimObjectMeta, endpoints: [Endpoint]) {
        self.metadata = metadata
        self.endpoints = endpoints
    }

    public static func == (a: SimEndpointSlice, b: SimEndpointSlice) -> Bool {
        a.metadata == b.metadata && a.endpoints == b.endpoints && a.port == b.port
    }

    /// `endpoints.kubernetes.io/last-change-trigger-time`: the controller sets it from the
    /// earliest pod change it acts on, and removes it when none triggered the write.
    public static let triggerTimeAnnotation = "endpoints.kubernetes.io/last-change-trigger-time"

    public var json: JSONValue {
        let namespace = metadata.namespace ?? ""
        let items: [JSONValue] = endpoints.map { e in
            .members([
                ("addresses", [.string(e.ip)]),
                ("conditions", ["ready": .bool(e.ready), "serving": .bool(e.serving), "terminating": .bool(e.terminating)]),
                ("targetRef", ["kind": "Pod", "namespace": .string(namespace), "name": .string(e.podName), "uid": .string(e.podUID)]),
                ("nodeName", e.nodeName.map(JSONValue.string)),
            ])
        }
        // An EndpointSlice without endpoints carries `endpoints: null`.
        return ["kind": "EndpointSlice", "apiVersion": "discovery.k8s.io/v1", "metadata": metadata.json,
                "addressType": "IPv4", "endpoints": items.isEmpty ? .null : .array(items),
                "ports": [["name": .string(port.name), "protocol": "TCP", "port": .int(port.number)]]]
    }
}
