import Foundation
import RolloutCore
import RolloutSim

/// A label selector as the API server parses `labelSelector`: `a=b`, `a==b`, `a!=b`, `a`,
/// `!a`, `a in (x,y)`, `a notin (x,y)`, comma-separated (all must hold).
struct LabelSelector: Sendable, Equatable {
    enum Requirement: Sendable, Equatable {
        case equals(String, String)
        case notEquals(String, String)
        case exists(String)
        case notExists(String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
    }

    var requirements: [Requirement] = []

    /// nil for a selector the server would reject.
    init?(_ text: String) {
        for raw in LabelSelector.splitTopLevel(text) {
            let part = raw.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            if let r = LabelSelector.requirement(part) { requirements.append(r) } else { return nil }
        }
    }

    /// Splits on commas outside parentheses.
    static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = [], current = "", depth = 0
        for c in text {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if c == ",", depth == 0 { parts.append(current); current = "" } else { current.append(c) }
        }
        parts.append(current)
        return parts
    }

    static func requirement(_ part: String) -> Requirement? {
        func set(_ s: Substring) -> Set<String>? {
            let t = s.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("("), t.hasSuffix(")") else { return nil }
            return Set(t.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        if let r = part.range(of: " notin ") {
            guard let s = set(part[r.upperBound...]) else { return nil }
            return .notIn(part[..<r.lowerBound].trimmingCharacters(in: .whitespaces), s)
        }
        if let r = part.range(of: " in ") {
            guard let s = set(part[r.upperBound...]) else { return nil }
            return .isIn(part[..<r.lowerBound].trimmingCharacters(in: .whitespaces), s)
        }
        for (op, make) in [("!=", Requirement.notEquals), ("==", Requirement.equals), ("=", Requirement.equals)] {
            if let r = part.range(of: op) {
                let key = part[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
                let value = part[r.upperBound...].trimmingCharacters(in: .whitespaces)
                guard !key.isEmpty else { return nil }
                return make(key, value)
            }
        }
        if part.hasPrefix("!") { return .notExists(part.dropFirst().trimmingCharacters(in: .whitespaces)) }
        return part.contains(" ") ? nil : .exists(part)
    }

    func matches(_ object: JSONValue) -> Bool {
        var labels: [String: String] = [:]
        if case .object(let d)? = object.at("metadata.labels") {
            for m in d { labels[m.key] = m.value.stringValue ?? "" }
        }
        return requirements.allSatisfy { r in
            switch r {
            case .equals(let k, let v): labels[k] == v
            case .notEquals(let k, let v): labels[k] != v
            case .exists(let k): labels[k] != nil
            case .notExists(let k): labels[k] == nil
            case .isIn(let k, let s): labels[k].map(s.contains) ?? false
            case .notIn(let k, let s): !(labels[k].map(s.contains) ?? false)
            }
        }
    }
}

/// A field selector: `path=value`, `path==value`, `path!=value`, comma-separated. Any field
/// path is looked up in the object (the real server allows only a few per kind; the fake is
/// more lenient).
struct FieldSelector: Sendable, Equatable {
    var requirements: [(path: String, value: String, equal: Bool)] = []

    init?(_ text: String) {
        for raw in text.split(separator: ",") {
            let part = String(raw).trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            if let r = part.range(of: "!=") {
                requirements.append((String(part[..<r.lowerBound]), String(part[r.upperBound...]), false))
            } else if let r = part.range(of: "==") ?? part.range(of: "=") {
                requirements.append((String(part[..<r.lowerBound]), String(part[r.upperBound...]), true))
            } else {
                return nil
            }
        }
    }

    static func == (a: FieldSelector, b: FieldSelector) -> Bool {
        a.requirements.elementsEqual(b.requirements) { $0.path == $1.path && $0.value == $1.value && $0.equal == $1.equal }
    }

    func matches(_ object: JSONValue) -> Bool {
        requirements.allSatisfy { r in
            let actual = object.at(r.path)?.selectorText ?? ""
            return (actual == r.value) == r.equal
        }
    }
}

extension JSONValue {
    /// A field's value as a field selector compares it: strings as they are, numbers and
    /// booleans as text, anything else (missing, null, objects) as "".
    var selectorText: String {
        switch self {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        default: ""
        }
    }
}
