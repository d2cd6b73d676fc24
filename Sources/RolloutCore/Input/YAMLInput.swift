import Foundation
import Yams

/// `kubectl -o yaml` input: each YAML document becomes JSON text for the one decoder.
enum YAMLInput {
    /// Deeper than this, YAML is refused before the recursive composer sees it.
    static let maxDepth = 256

    static func parse(data: Data, name: String, warnings: inout [String]) throws(InputError) -> [KubeObject] {
        let text = String(decoding: data, as: UTF8.self)
        if let problem = depthProblem(text) ?? aliasProblem(text) {
            throw InputError(file: name, message: problem)
        }
        var documents: [Node] = []
        var failure: String?
        do {
            // The parser directly: YamlSequence swallows errors met while iterating.
            let parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() { documents.append(node) }
        } catch {
            failure = String(Sanitizer.clean(oneLine("\(error)")).prefix(200))
        }
        if let failure, documents.isEmpty {
            throw InputError(file: name, message: "is neither JSON nor valid YAML: \(failure)")
        }
        var objects: [KubeObject] = []
        var scalars = 0
        var problems = ReadProblems()
        for (index, doc) in documents.enumerated() {
            guard case .mapping = doc else {
                if case .scalar = doc, doc.tag == Tag(.null) { continue }
                scalars += 1
                continue
            }
            var json = JSONWriter(pretty: false)
            write(doc, into: &json)
            let bytes = Data(json.output.utf8)
            let decoded: Result<KubeObject?, JSONError> = bytes.withUnsafeBytes { raw in
                JSONReader.read(raw) { r in
                    let result = Result { () throws(JSONError) in try KubeObject.decode(&r) }
                    // Offsets are in the JSON made from the document: name the document instead.
                    problems.merge(ReadProblems(r) { _ in "YAML document \(index + 1)" })
                    return result
                }
            }
            switch decoded {
            case .success(let o?): objects.append(o)
            case .success(nil): break
            case .failure(let e): throw InputError(file: name, message: "has a YAML document rollscope cannot use: \(e.message)")
            }
        }
        if objects.isEmpty {
            throw InputError(file: name, message: scalars > 0
                ? "is plain text, not JSON or YAML of Kubernetes objects (\(Sniffer(data).firstLine))"
                : "holds no YAML documents")
        }
        if let failure {
            warnings.append("\(name): ignored the rest of the YAML after an error: \(failure)")
        }
        warnings += problems.warnings(file: name)
        return objects
    }

    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// Refuses flow or block nesting deeper than `maxDepth` (a hostile file would overflow the
    /// stack): brackets, indentation, and compact sequences (`- - - x`) on one line.
    static func depthProblem(_ text: String) -> String? {
        var flow = 0
        var maxFlow = 0
        var maxIndent = 0
        var lineStart = true
        var indent = 0
        var dashes = 0
        var previous: UInt8 = 0x0A
        for b in text.utf8 {
            defer { previous = b }
            switch b {
            case UInt8(ascii: "["), UInt8(ascii: "{"): flow += 1; maxFlow = max(maxFlow, flow)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): flow -= 1
            case 0x0A: lineStart = true; indent = 0; dashes = 0; continue
            case UInt8(ascii: " ") where lineStart: indent += 1; continue
            case UInt8(ascii: "-"), UInt8(ascii: "?"):
                if previous == UInt8(ascii: " ") || previous == 0x0A || lineStart {
                    dashes += 1
                    if dashes > maxDepth { return "nesting deeper than \(maxDepth) levels" }
                }
            default: break
            }
            if lineStart { maxIndent = max(maxIndent, indent); lineStart = false }
        }
        if maxFlow > maxDepth { return "nesting deeper than \(maxDepth) levels" }
        if maxIndent / 2 > maxDepth * 2 { return "indentation deeper than \(maxDepth * 2) levels" }
        return nil
    }

    /// kubectl never writes anchors and aliases; refusing them stops alias bombs (a few lines
    /// that expand to gigabytes) before they are expanded.
    static func aliasProblem(_ text: String) -> String? {
        var anchors = false, aliases = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            for marker in [": &", "- &", ": *", "- *", "[&", "[*", ", &", ", *"] where line.contains(marker) {
                if marker.hasSuffix("&") { anchors = true } else { aliases = true }
            }
            if anchors && aliases {
                return "uses YAML anchors and aliases, which kubectl never writes (refused: they can expand without bound)"
            }
        }
        return nil
    }

    static func write(_ node: Node, into json: inout JSONWriter) {
        switch node {
        case .mapping(let mapping):
            json.beginObject()
            for (key, value) in mapping {
                json.key(text: key.scalar?.string ?? "")
                write(value, into: &json)
            }
            json.endObject()
        case .sequence(let seq):
            json.beginArray()
            for value in seq { write(value, into: &json) }
            json.endArray()
        case .scalar(let scalar):
            // The resolved tag (`node.tag`): a plain `true`, `3` or `null` has no tag of its own.
            switch node.tag.description {
            case Tag.Name.null.rawValue: json.null()
            case Tag.Name.bool.rawValue: json.bool(Bool.construct(from: scalar))
            case Tag.Name.int.rawValue:
                // Decimal only: Yams' Int.construct traps on overflow in sexagesimal (`1:0:0:…`).
                if let v = Int(scalar.string) { json.int(v) } else { json.string(scalar.string) }
            case Tag.Name.float.rawValue:
                if let v = Double.construct(from: scalar), v.isFinite { json.number(v) } else { json.string(scalar.string) }
            default: json.string(scalar.string)
            }
        }
    }
}
