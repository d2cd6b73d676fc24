/// Removes what must never be written to a recording: environment variable values, Secret
/// data, the last-applied-configuration annotation (it holds the whole manifest, env values
/// included), and managedFields (noise, and large).
public enum Redactor {
    /// What the recording header says was removed.
    public static let removed = [
        "env[].value of every container (names and valueFrom references kept)",
        "data and stringData of Secrets",
        "metadata.annotations[kubectl.kubernetes.io/last-applied-configuration]",
        "metadata.managedFields",
    ]

    static let lastApplied = "kubectl.kubernetes.io/last-applied-configuration"
    static let containerLists: Set<String> = ["containers", "initContainers", "ephemeralContainers"]

    /// The object with those fields removed, wherever they occur (lists, templates, envelopes).
    public static func redact(_ v: JSONValue) -> JSONValue {
        switch v {
        case .array(let items):
            return .array(items.map { redact($0) })
        case .object(let members):
            let secret = members.contains { $0.key == "kind" && $0.value == .string("Secret") }
            var out: [JSONValue.Member] = []
            out.reserveCapacity(members.count)
            for m in members {
                switch m.key {
                case "managedFields":
                    continue
                case "data", "stringData":
                    if !secret { out.append(.init(m.key, redact(m.value))) }
                case "annotations":
                    if case .object(let annotations) = m.value {
                        out.append(.init(m.key, .object(annotations.filter { $0.key != lastApplied })))
                    } else {
                        out.append(m)
                    }
                case let key where containerLists.contains(key):
                    out.append(.init(key, redactContainers(m.value)))
                default:
                    out.append(.init(m.key, redact(m.value)))
                }
            }
            return .object(out)
        default:
            return v
        }
    }

    /// Containers keep everything but the values of their environment variables.
    static func redactContainers(_ v: JSONValue) -> JSONValue {
        guard case .array(let containers) = v else { return v }
        return .array(containers.map { c in
            guard case .object(let members) = c else { return c }
            return .object(members.map { m in
                guard m.key == "env", case .array(let vars) = m.value else { return .init(m.key, redact(m.value)) }
                return .init("env", .array(vars.map { e in
                    guard case .object(let fields) = e else { return e }
                    return .object(fields.filter { $0.key != "value" })
                }))
            })
        })
    }
}
