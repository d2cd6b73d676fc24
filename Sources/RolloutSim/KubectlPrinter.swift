import RolloutCore

/// How kubectl and the API server print the objects the simulator builds. Objects are built in
/// the API server's field order (Go struct order); kubectl decodes them into unstructured maps,
/// so whatever it prints has its keys sorted.
public enum KubectlPrinter {
    /// `kubectl get ... -o json`: keys sorted, four-space indent, `managedFields` omitted
    /// (`--show-managed-fields` is off by default), a final newline.
    public static func json(_ object: JSONValue) -> String {
        var w = JSONWriter.kubectl(pretty: true)
        object.removingMembers(named: "managedFields").write(to: &w, sortedKeys: true)
        w.finalNewline()
        return w.output
    }

    /// A `kind: List` as `kubectl get ... -o json` prints several objects.
    public static func list(_ items: [JSONValue]) -> String {
        json(listObject(items))
    }

    static func listObject(_ items: [JSONValue]) -> JSONValue {
        ["apiVersion": "v1", "items": .array(items), "kind": "List", "metadata": ["resourceVersion": ""]]
    }

    /// One line of `kubectl get ... -w -o json --output-watch-events`: cli-runtime's JSONPrinter
    /// writes a `metav1.WatchEvent` with `json.Marshal`, so it is compact, `type` comes first
    /// (struct order), the object's keys are sorted, and `managedFields` stay
    /// (`OmitManagedFieldsPrinter` does not look inside a WatchEvent).
    public static func watchEvent(_ type: String, _ object: JSONValue) -> String {
        var w = JSONWriter.kubectl(pretty: false)
        w.beginObject()
        w.key("type")
        w.string(type)
        w.key("object")
        object.write(to: &w, sortedKeys: true)
        w.endObject()
        w.finalNewline()
        return w.output
    }

    /// The same event pretty-printed, `{"object": ..., "type": ...}` with keys sorted.
    public static func prettyWatchEvent(_ type: String, _ object: JSONValue) -> String {
        json(["type": .string(type), "object": object])
    }

    /// What the API server sends (`kubectl get --raw`): compact, in struct order, managedFields
    /// included, no final newline.
    public static func raw(_ value: JSONValue) -> String {
        var w = JSONWriter.kubectl(pretty: false)
        value.write(to: &w)
        return w.output
    }

    /// `kubectl get ... -o yaml`.
    public static func yaml(_ object: JSONValue) -> String {
        KubeYAML.document(object.removingMembers(named: "managedFields"))
    }
}
