import RolloutCore

/// A ControllerRevision (apps/v1): one revision of a StatefulSet's or DaemonSet's pod template,
/// named `<workload>-<hash>`. Pods carry that name (StatefulSet) or the bare hash (DaemonSet)
/// in `controller-revision-hash`; the highest `revision` is the newest template.
public struct SimControllerRevision: Sendable, Equatable {
    public var metadata: SimObjectMeta
    /// The pod template this revision restores (`data.spec.template`, a `$patch: replace`).
    public var template: JSONValue
    public var revision: Int

    public init(metadata: SimObjectMeta, template: JSONValue, revision: Int) {
        self.metadata = metadata
        self.template = template
        self.revision = revision
    }

    public var json: JSONValue {
        var t = template
        if case .object(let members) = template { t = .object([.init("$patch", "replace")] + members) }
        return ["kind": "ControllerRevision", "apiVersion": "apps/v1", "metadata": metadata.json,
                "data": ["spec": ["template": t]], "revision": .int(revision)]
    }
}
