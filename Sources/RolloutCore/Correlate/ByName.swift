/// A few values by container name, in the order the names were first given. A pod has a
/// handful of containers: a linear search is cheaper than hashing the name, and than allocating
/// a dictionary for each of thousands of pods. Past `indexAbove` names (only hostile input has
/// that many) the names are indexed, so that lookups stay constant-time.
struct ByName<Value: Sendable>: Sendable {
    private(set) var names: [String] = []
    /// The values, in the order of `names`.
    private(set) var values: [Value] = []
    private var index: [String: Int]?
    static var indexAbove: Int { 16 }

    private func position(of name: String) -> Int? {
        if let index { return index[name] }
        return names.firstIndex(of: name)
    }

    subscript(name: String) -> Value? {
        get { position(of: name).map { values[$0] } }
        set {
            if let i = position(of: name) {
                if let newValue {
                    values[i] = newValue
                } else {
                    names.remove(at: i)
                    values.remove(at: i)
                    if index != nil { reindex() }
                }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
                if index != nil {
                    index![name] = names.count - 1
                } else if names.count > ByName.indexAbove {
                    reindex()
                }
            }
        }
    }

    var isEmpty: Bool { names.isEmpty }

    /// Changes the value of `name` in place, if there is one.
    mutating func update(_ name: String, _ body: (inout Value) -> Void) {
        if let i = position(of: name) { body(&values[i]) }
    }

    private mutating func reindex() {
        index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
