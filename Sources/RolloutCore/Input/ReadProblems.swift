/// What a file held that rollscope could use only in part: unusable values (wrong type, out of
/// range, impossible times), strings that are not UTF-8, names cut to length. Each kind gives
/// one warning line naming the file and the first place it happened.
struct ReadProblems {
    var unusable = 0
    var firstUnusable: String?
    var unusablePlace = ""
    var invalidUTF8 = 0
    var invalidUTF8Place = ""
    var longNames = 0
    var firstLongName: String?
    var longStrings = 0
    var longStringPlace = ""

    init() {}

    /// Takes the reader's counts; `place` turns a byte offset into `line 3` or `document 2`.
    /// Call it while the reader's bytes are alive.
    init(_ r: JSONReader, place: (Int) -> String) {
        unusable = r.typeMismatches
        firstUnusable = r.firstMismatch
        if unusable > 0 { unusablePlace = place(r.firstMismatchOffset) }
        invalidUTF8 = r.invalidUTF8
        if invalidUTF8 > 0 { invalidUTF8Place = place(r.firstInvalidUTF8Offset) }
        longNames = r.longNames
        firstLongName = r.firstLongName
        longStrings = r.longStrings
        if longStrings > 0 { longStringPlace = place(r.firstLongStringOffset) }
    }

    var isEmpty: Bool { unusable == 0 && invalidUTF8 == 0 && longNames == 0 && longStrings == 0 }

    /// Adds another part's problems (YAML documents, recording lines); the first stays first.
    mutating func merge(_ o: ReadProblems) {
        if unusable == 0 { firstUnusable = o.firstUnusable; unusablePlace = o.unusablePlace }
        unusable += o.unusable
        if invalidUTF8 == 0 { invalidUTF8Place = o.invalidUTF8Place }
        invalidUTF8 += o.invalidUTF8
        if longNames == 0 { firstLongName = o.firstLongName }
        longNames += o.longNames
        if longStrings == 0 { longStringPlace = o.longStringPlace }
        longStrings += o.longStrings
    }

    func warnings(file: String) -> [String] {
        var out: [String] = []
        if unusable > 0 {
            out.append("\(file): ignored \(TextLayout.count(unusable, "unusable value")) (first, at \(unusablePlace): \(Sanitizer.clean(firstUnusable ?? "?")))")
        }
        if invalidUTF8 > 0 {
            out.append("\(file): \(TextLayout.count(invalidUTF8, "string")) \(invalidUTF8 == 1 ? "is" : "are") not valid UTF-8; the bad bytes show as \u{FFFD} (first at \(invalidUTF8Place))")
        }
        if longNames > 0 {
            out.append("\(file): cut \(TextLayout.count(longNames, "name")) longer than Kubernetes allows (\(JSONReader.maxNameLength) characters) to that length (first: \(Sanitizer.clean(firstLongName ?? "?")))")
        }
        if longStrings > 0 {
            out.append("\(file): cut \(TextLayout.count(longStrings, "text")) longer than \(JSONReader.maxStringLength / 1024) KB to that length (first at \(longStringPlace))")
        }
        return out
    }
}
