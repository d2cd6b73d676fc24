import Foundation
import Testing
@testable import RolloutCore

/// The two-thread array decoder must give exactly what one thread gives, whatever the guess.
@Suite struct ParallelDecodeTests {
    /// An element as kubectl prints it, at the given indentation.
    static func element(_ i: Int, indent: Int, extra: String = "") -> String {
        let pad = String(repeating: " ", count: indent)
        return """
        \(pad){
        \(pad)    "name": "pod-\(i)",
        \(pad)    "spec": {"a": [1, 2, {"b": "c"}]}\(extra)
        \(pad)}
        """
    }

    static func document(_ elements: [String]) -> String {
        "{\n    \"items\": [\n" + elements.joined(separator: ",\n") + "\n    ],\n    \"kind\": \"List\"\n}\n"
    }

    /// Decodes `items` with the given threshold; returns the names, the mismatch count, the key
    /// after `items`, or the error text.
    func decode(_ text: String, threshold: Int) -> (names: [String], mismatches: Int, next: String?, error: String?) {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { raw in
            JSONReader.read(UnsafeRawBufferPointer(raw)) { r in
                var names: [String] = []
                var next: String?
                do {
                    try r.forEachKey { (r, key) throws(JSONError) in
                        if key.equals("items") {
                            names = try r.decodeElements(parallelAbove: threshold) { (r) throws(JSONError) -> String? in
                                var name: String?
                                try r.forEachKey { (r, k) throws(JSONError) in
                                    if k.equals("name") { name = try r.readString() } else if k.equals("n") { _ = try r.readInt() } else { try r.skipValue() }
                                }
                                return name
                            }
                        } else {
                            if next == nil { next = key.string }
                            try r.skipValue()
                        }
                    }
                } catch {
                    return (names, r.typeMismatches, next, String(describing: error))
                }
                return (names, r.typeMismatches, next, nil)
            }
        }
    }

    func expectSameBothWays(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let one = decode(text, threshold: .max)
        let two = decode(text, threshold: 0)
        #expect(one.names == two.names, sourceLocation: sourceLocation)
        #expect(one.mismatches == two.mismatches, sourceLocation: sourceLocation)
        #expect(one.next == two.next, sourceLocation: sourceLocation)
        #expect(one.error == two.error, sourceLocation: sourceLocation)
    }

    @Test func aPrettyListSplitsAndKeepsOrder() {
        let text = Self.document((0..<200).map { Self.element($0, indent: 8) })
        let two = decode(text, threshold: 0)
        #expect(two.names == (0..<200).map { "pod-\($0)" })
        #expect(two.next == "kind")
        #expect(two.error == nil)
        expectSameBothWays(text)
    }

    @Test func theGuessIsAnElementStartNearTheMiddle() {
        let text = Self.document((0..<200).map { Self.element($0, indent: 8) })
        var bytes = Array(text.utf8)
        let split: Int? = bytes.withUnsafeMutableBytes { raw in
            JSONReader.read(UnsafeRawBufferPointer(raw)) { r -> Int? in
                guard (try? r.beginObject()) == true, (try? r.nextKey()) != nil, (try? r.beginArray()) == true else { return nil }
                r.skipWhitespace()
                return r.splitCandidate()
            }
        }
        guard let split else { Issue.record("no split found"); return }
        #expect(bytes[split] == UInt8(ascii: "{"))
        #expect(abs(split - bytes.count / 2) < 200)
        #expect(String(decoding: bytes[split...].prefix(30), as: UTF8.self).contains("\"name\": \"pod-"))
    }

    @Test func aWrongGuessInsideAnElementFallsBackToOneThread() {
        // One element in the middle holds an array indented like the items themselves.
        var elements = (0..<40).map { Self.element($0, indent: 8) }
        let inner = "\n        {\"x\": 1},\n        {\"x\": 2},\n        {\"x\": 3}\n"
        elements[20] = Self.element(20, indent: 8, extra: ",\n            \"tricky\": [" + String(repeating: inner + ",", count: 200) + inner + "]")
        expectSameBothWays(Self.document(elements))
        #expect(decode(Self.document(elements), threshold: 0).names.count == 40)
    }

    @Test func errorsInEitherHalfReadAsWithOneThread() {
        let good = (0..<100).map { Self.element($0, indent: 8) }
        var late = good
        late[80] = "        {\"name\": \"pod-80\", \"spec\": [1, 2,, 3]}"
        expectSameBothWays(Self.document(late))
        #expect(decode(Self.document(late), threshold: 0).error != nil)
        var early = good
        early[10] = "        {\"name\": \"pod-10\" \"spec\": 1}"
        expectSameBothWays(Self.document(early))
        // Truncated in the second half.
        let full = Self.document(good)
        expectSameBothWays(String(full.prefix(full.count * 3 / 4)))
    }

    @Test func typeMismatchesInTheSecondHalfAreCounted() {
        var elements = (0..<100).map { Self.element($0, indent: 8) }
        elements[90] = "        {\"name\": \"pod-90\", \"n\": {\"a\": 1}}"
        elements[5] = "        {\"name\": \"pod-5\", \"n\": [1]}"
        expectSameBothWays(Self.document(elements))
        #expect(decode(Self.document(elements), threshold: 0).mismatches == 2)
    }

    @Test func aGuessBeyondTheArrayIsIgnored() {
        // A short `items`, then a long array indented the same way under another key.
        let later = (0..<200).map { Self.element($0, indent: 8) }.joined(separator: ",\n")
        let text = "{\n    \"items\": [\n" + Self.element(1, indent: 8) + "\n    ],\n    \"more\": [\n" + later + "\n    ]\n}\n"
        let two = decode(text, threshold: 0)
        #expect(two.names == ["pod-1"])
        #expect(two.next == "more")
        expectSameBothWays(text)
    }

    @Test func compactArraysDecodeOnOneThread() {
        let text = "{\"items\":[" + (0..<50).map { "{\"name\":\"pod-\($0)\"}" }.joined(separator: ",") + "]}"
        #expect(decode(text, threshold: 0).names.count == 50)
        expectSameBothWays(text)
    }
}
