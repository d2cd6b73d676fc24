import Foundation
import RolloutCore
import Yams

/// `kubectl -o yaml` as sigs.k8s.io/yaml prints it: the JSON object re-read as YAML and written
/// by go-yaml v2, which is a port of libyaml's emitter. So the decisions go-yaml makes before
/// emitting are made here (key order, which strings must be quoted), and the emitting itself
/// (indentation, indentless sequences, single quotes when a plain scalar is not allowed, long
/// scalars folded at column 80) is done by libyaml, through Yams.
public enum KubeYAML {
    /// One document, ending in a newline.
    public static func document(_ value: JSONValue) -> String {
        // Yams emits what it is given; it throws only for an emitter in a bad state.
        (try? Yams.serialize(node: node(value), width: 80, allowUnicode: true)) ?? ""
    }

    static func node(_ value: JSONValue) -> Node {
        switch value {
        case .null: .scalar(.init("null"))
        case .bool(let b): .scalar(.init(b ? "true" : "false"))
        case .number(let n): .scalar(.init(n))
        case .string(let s): .scalar(scalar(s))
        case .array(let items): .sequence(.init(items.map(node)))
        case .object(let members):
            .mapping(.init(members.sorted { naturalLess($0.key, $1.key) }.map { (Node.scalar(.init($0.key)), node($0.value)) }))
        }
    }

    /// go-yaml's `encoder.stringv`: a string that would read back as something else (a number,
    /// a boolean, null, a timestamp) is double-quoted; one with a line break is a literal
    /// block; any other is plain, which libyaml turns into single quotes where plain is not
    /// allowed (`: `, a leading `-`, ...).
    static func scalar(_ s: String) -> Node.Scalar {
        if s.contains("\n") { return .init(s, .implicit, .literal) }
        if s.isEmpty || resolvesToNonString(s) { return .init(s, .implicit, .doubleQuoted) }
        return .init(s, .implicit, .plain)
    }

    /// The words YAML 1.1 reads as null, booleans, infinities and NaN, and the merge key.
    static let special: Set<String> = [
        "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
        "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", ".inf", ".Inf", ".INF", "+.inf", "+.Inf",
        "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN", "<<",
    ]

    nonisolated(unsafe) static let int = #/^[-+]?(0|[1-9][0-9]*|0[0-7]+|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+)$/#
    nonisolated(unsafe) static let float = #/^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/#
    nonisolated(unsafe) static let timestamp = #/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?(Z|[-+][0-9]{1,2}(:[0-9]{2})?)?)?$/#
    nonisolated(unsafe) static let base60 = #/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/#

    /// go-yaml v2's `resolve` for a plain scalar, and `isBase60Float`.
    static func resolvesToNonString(_ s: String) -> Bool {
        if special.contains(s) { return true }
        guard let first = s.first, "0123456789+-.".contains(first) else { return false }
        let plain = s.replacingOccurrences(of: "_", with: "")
        return plain.wholeMatch(of: int) != nil || plain.wholeMatch(of: float) != nil
            || s.wholeMatch(of: timestamp) != nil || s.wholeMatch(of: base60) != nil
    }

    /// go-yaml v2's `keyList.Less` for two string keys: letters before other characters, runs
    /// of digits compared as numbers.
    static func naturalLess(_ a: String, _ b: String) -> Bool {
        let ar = Array(a.unicodeScalars), br = Array(b.unicodeScalars)
        func isLetter(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic }
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        for i in 0..<min(ar.count, br.count) where ar[i] != br[i] {
            let al = isLetter(ar[i]), bl = isLetter(br[i])
            if al && bl { return ar[i] < br[i] }
            if al || bl { return bl }
            var an = 0, bn = 0
            if ar[i] == "0" || br[i] == "0" {
                var j = i - 1
                while j >= 0 && isDigit(ar[j]) {
                    if ar[j] != "0" { an = 1; bn = 1; break }
                    j -= 1
                }
            }
            var ai = i
            while ai < ar.count && isDigit(ar[ai]) { an = an &* 10 &+ Int(ar[ai].value - 48); ai += 1 }
            var bi = i
            while bi < br.count && isDigit(br[bi]) { bn = bn &* 10 &+ Int(br[bi].value - 48); bi += 1 }
            if an != bn { return an < bn }
            if ai != bi { return ai < bi }
            return ar[i] < br[i]
        }
        return ar.count < br.count
    }
}
