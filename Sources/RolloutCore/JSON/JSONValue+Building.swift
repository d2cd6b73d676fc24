/// Building and reading trees in code: literals, optional members, dotted paths. The simulator
/// builds every object it shows this way, in the API server's field order.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(stringInterpolation: DefaultStringInterpolation) { self = .string(String(stringInterpolation: stringInterpolation)) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements.map { Member($0.0, $0.1) }) }

    public static func int(_ v: Int) -> JSONValue { .number(String(v)) }

    /// An object from optional members, in the order given: nil members are left out (Go's
    /// `omitempty`).
    public static func members(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        .object(pairs.compactMap { k, v in v.map { Member(k, $0) } })
    }

    /// The value at a dotted path (`metadata.name`), or nil.
    public func at(_ path: String) -> JSONValue? {
        var v: JSONValue? = self
        for part in path.split(separator: ".") { v = v?[String(part)] }
        return v
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var intValue: Int? { if case .number(let n) = self { Int(n) } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    public var objectMembers: [Member]? { if case .object(let m) = self { m } else { nil } }
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The same value with every object's members in Go's map order (by their UTF-8 bytes), as
    /// kubectl prints what it decoded.
    public func sortingKeys() -> JSONValue {
        switch self {
        case .array(let items): .array(items.map { $0.sortingKeys() })
        case .object(let members):
            .object(members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { Member($0.key, $0.value.sortingKeys()) })
        default: self
        }
    }

    /// The same value without the members named `key` in any object, at any depth.
    public func removingMembers(named key: String) -> JSONValue {
        switch self {
        case .array(let items): .array(items.map { $0.removingMembers(named: key) })
        case .object(let members): .object(members.compactMap { $0.key == key ? nil : Member($0.key, $0.value.removingMembers(named: key)) })
        default: self
        }
    }
}
