import Foundation
import RolloutCore

/// A label selector for kubectl from a Deployment's `spec.selector`.
public enum Selector {
    /// `matchLabels` and `matchExpressions` in kubectl's syntax (`app=web,tier in (a,b),!canary`).
    public static func from(_ deployment: JSONValue) -> String? {
        guard let selector = deployment["spec"]?["selector"] else { return nil }
        var parts: [String] = []
        if case .object(let labels)? = selector["matchLabels"] {
            for m in labels.sorted(by: { $0.key < $1.key }) {
                if case .string(let v) = m.value { parts.append("\(m.key)=\(v)") }
            }
        }
        if case .array(let exprs)? = selector["matchExpressions"] {
            for e in exprs {
                guard case .string(let key)? = e["key"], case .string(let op)? = e["operator"] else { continue }
                var values: [String] = []
                if case .array(let vs)? = e["values"] { for v in vs { if case .string(let s) = v { values.append(s) } } }
                switch op {
                case "In": parts.append("\(key) in (\(values.joined(separator: ",")))")
                case "NotIn": parts.append("\(key) notin (\(values.joined(separator: ",")))")
                case "Exists": parts.append(key)
                case "DoesNotExist": parts.append("!\(key)")
                default: continue
                }
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: ",")
    }
}
