import RolloutCore

/// `metadata.managedFields` (server-side apply's field ownership) as the API server records it
/// for `Update` operations: which manager last wrote which fields, as a FieldsV1 set. rollscope
/// reads none of it, but a watch with `--output-watch-events` prints it (kubectl's
/// `OmitManagedFieldsPrinter` does not look inside a WatchEvent), so a reader must skip it.
public enum SimManagedFields {
    /// Lists merged by key (`+listType=map`), and the key fields of their items; other lists are
    /// atomic (owned as a whole).
    static let listKeys: [String: [String]] = [
        "containers": ["name"], "initContainers": ["name"], "env": ["name"], "ports": ["containerPort", "protocol"],
        "volumes": ["name"], "volumeMounts": ["mountPath"], "conditions": ["type"], "podIPs": ["ip"], "hostIPs": ["ip"],
        "ownerReferences": ["uid"],
    ]

    /// One entry: `manager` wrote `fields` (a part of the object, with the object's own shape)
    /// at `time`.
    public static func entry(manager: String, apiVersion: String, time: Double, subresource: String? = nil,
                             fields: JSONValue) -> JSONValue {
        .members([("manager", .string(manager)), ("operation", "Update"), ("apiVersion", .string(apiVersion)),
                  ("time", .string(KubeTime.rfc3339(time))), ("fieldsType", "FieldsV1"),
                  ("fieldsV1", set(fields, top: true)), ("subresource", subresource.map(JSONValue.string))])
    }

    /// The FieldsV1 set of an object's fields: `f:<name>` per field, `k:{...}` per item of a
    /// keyed list, and `.` for a map or list item owned as such (not for the object's top-level
    /// sections, `f:metadata`, `f:spec`, `f:status`); keys in sorted order.
    static func set(_ value: JSONValue, top: Bool) -> JSONValue {
        guard case .object(let fields) = value, !fields.isEmpty else { return [:] }
        var members: [JSONValue.Member] = []
        for f in fields {
            let inner = child(f.value, field: f.key)
            if top, case .object(var m) = inner, m.first?.key == "." { m.removeFirst(); members.append(.init("f:" + f.key, .object(m))) } else {
                members.append(.init("f:" + f.key, inner))
            }
        }
        return .object(members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
    }

    /// One field's part of the set: `{}` for a scalar, an empty value or an atomic list.
    static func child(_ value: JSONValue, field: String) -> JSONValue {
        switch value {
        case .object(let m) where !m.isEmpty:
            return .object([.init(".", [:])] + (set(value, top: false).objectMembers ?? []))
        case .array(let items) where !items.isEmpty:
            guard let keys = listKeys[field] else { return [:] }
            var members: [JSONValue.Member] = [.init(".", [:])]
            for item in items {
                let key: JSONValue = .object(keys.sorted().compactMap { k in item[k].map { .init(k, $0) } })
                members.append(.init("k:" + KubectlPrinter.raw(key), .object([.init(".", [:])] + (set(item, top: false).objectMembers ?? []))))
            }
            return .object(members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
        default:
            return [:]
        }
    }
}
