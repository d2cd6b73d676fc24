/// Reading one JSON document's Kubernetes objects: top-level objects and arrays of them, one
/// after another (a watch stream), reading on past a damaged stretch from the next line, and
/// what went wrong on the way, to refuse the file or warn about it.
struct JSONDocumentScan {
    var objects: [KubeObject] = []
    /// The first malformed stretch, the one that ended reading (if any), and how many were skipped.
    var firstFailure: (error: JSONError, text: String)?
    var ending: (error: JSONError, text: String, objectsBefore: Int)?
    var skipped = 0
    /// What the document starts with when that is not an object (`null`, a number...).
    var notAnObject: String?
    var strayValues = 0
    var problems = ReadProblems()

    mutating func read(_ r: inout JSONReader) {
        var floor = 0
        while true {
            do {
                try readObjects(&r)
                break
            } catch {
                let failure = (error: error, text: r.lineText(at: error.offset))
                if firstFailure == nil { firstFailure = failure }
                // Watch streams hold one object per line: read on from the next one.
                floor = max(error.offset, floor) + 1
                if r.resync(from: floor) {
                    skipped += 1
                    continue
                }
                ending = (error, failure.text, objects.count)
                break
            }
        }
        let reader = r
        problems = ReadProblems(reader) { "line \(reader.line(of: $0))" }
    }

    mutating func readObjects(_ r: inout JSONReader) throws(JSONError) {
        while !r.isAtEnd() {
            switch r.peek() {
            case UInt8(ascii: "{"):
                if let o = try KubeObject.decode(&r) { objects.append(o) }
            case UInt8(ascii: "["):
                try r.forEachElement { (r) throws(JSONError) in
                    if r.peek() == UInt8(ascii: "{") {
                        if let o = try KubeObject.decode(&r) { objects.append(o) }
                    } else {
                        strayValues += 1
                        try r.skipValue()
                    }
                }
            default:
                let kind = InputLoader.describeTopLevel(r.peek())
                if objects.isEmpty, firstFailure == nil, r.offset == 0 || kind != "text" { notAnObject = kind }
                throw r.error(kind == "text" ? "text that is not JSON" : "\(kind) between objects")
            }
        }
    }

    /// Why `file` is refused: it failed before any object was read.
    func refusal(file: String) -> InputError? {
        guard let first = firstFailure, objects.isEmpty else { return nil }
        if let kind = notAnObject, first.error.location.line == 1 {
            let what = kind == "null" ? "JSON null" : first.text == kind ? kind : "\(kind) (\(first.text))"
            return InputError(file: file, message: "holds \(what), not Kubernetes objects")
        }
        return InputError(file: file, message: "is not valid JSON: \(InputLoader.describe(first.error))")
    }

    /// What was skipped or ignored, one line each.
    func warnings(file: String) -> [String] {
        var warnings: [String] = []
        if skipped > 0, let first = firstFailure {
            warnings.append("\(file): skipped \(TextLayout.count(skipped, "damaged stretch", plural: "damaged stretches")) and read on from the next object (first at line \(first.error.location.line): \(first.error.message): \(first.text))")
        }
        if let ending {
            if InputLoader.cutOff(ending.error) {
                warnings.append("\(file): the file is cut off in the middle of an object at line \(ending.error.location.line); read the \(TextLayout.count(ending.objectsBefore, "object")) before it")
            } else {
                warnings.append("\(file): ignored the rest of the file from line \(ending.error.location.line): \(ending.error.message): \(ending.text) (read \(TextLayout.count(ending.objectsBefore, "object")) before it)")
            }
        }
        warnings += problems.warnings(file: file)
        if strayValues > 0 {
            warnings.append("\(file): skipped \(TextLayout.count(strayValues, "array element")) that \(strayValues == 1 ? "is" : "are") not objects")
        }
        return warnings
    }
}
