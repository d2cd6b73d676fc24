import Foundation
import Synchronization
import Testing
@testable import RolloutCore
import RolloutSim

/// The two-thread array decoder leaves the reader exactly as one thread does (every counter,
/// offset and position), on adversarial layouts.
@Suite struct ParallelSplitStateTests {
    /// Everything a caller can observe of a reader.
    static func state(_ r: JSONReader) -> [String] {
        [
            "pos \(r.pos)", "depth \(r.depth)", "first \(r.first)",
            "mismatches \(r.typeMismatches) first \(r.firstMismatch ?? "-") at \(r.firstMismatchOffset)",
            "invalidUTF8 \(r.invalidUTF8) at \(r.firstInvalidUTF8Offset)",
            "longNames \(r.longNames) first \(r.firstLongName ?? "-")",
            "longStrings \(r.longStrings) at \(r.firstLongStringOffset)",
            "lastKey \(r.lastKey?.string ?? "-")",
        ]
    }

    /// Decodes `items` of `bytes` with the threshold; the names, the reader's state right after
    /// the array and at the end, or the error.
    static func run(_ bytes: [UInt8], threshold: Int) -> [String] {
        var bytes = bytes
        return bytes.withUnsafeMutableBytes { raw in
            JSONReader.read(UnsafeRawBufferPointer(raw)) { r -> [String] in
                var out: [String] = []
                do {
                    try r.forEachKey { (r, key) throws(JSONError) in
                        guard key.equals("items") else { try r.skipValue(); return }
                        let names = try r.decodeElements(parallelAbove: threshold) { (r) throws(JSONError) -> String? in
                            var name: String?
                            try r.forEachKey { (r, k) throws(JSONError) in
                                switch k {
                                case "name": name = try r.readName()
                                case "msg": _ = try r.readString()
                                case "n": _ = try r.readInt()
                                case "t": _ = try r.readTime()
                                default: try r.skipValue()
                                }
                            }
                            return name
                        }
                        out.append("names " + names.joined(separator: ","))
                        out += state(r).map { "after items: " + $0 }
                    }
                    out.append("atEnd \(r.isAtEnd())")
                } catch {
                    out.append("error \(error)")
                }
                return out + state(r)
            }
        }
    }

    static func expectSame(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let one = run(bytes, threshold: .max)
        let two = run(bytes, threshold: 0)
        #expect(one == two, sourceLocation: sourceLocation)
    }

    static func element(_ i: Int, indent: String, nl: String = "\n", extra: [UInt8] = []) -> [UInt8] {
        Array("\(indent){\(nl)\(indent)    \"name\": \"pod-\(i)\",\(nl)\(indent)    \"spec\": {\"a\": [1, {\"b\": \"c\"}]}".utf8)
            + extra + Array("\(nl)\(indent)}".utf8)
    }

    static func compactElement(_ i: Int) -> [UInt8] {
        Array("{\"name\":\"pod-\(i)\",\"spec\":{\"a\":[1,{\"b\":\"c\"}]}}".utf8)
    }

    static func document(_ elements: [[UInt8]], nl: String = "\n", tail: String = "") -> [UInt8] {
        var out = Array("{\(nl)    \"items\": [\(nl)".utf8)
        for (i, e) in elements.enumerated() {
            out += e
            if i + 1 < elements.count { out += Array(",\(nl)".utf8) }
        }
        out += Array("\(nl)    ],\(nl)    \"kind\": \"List\"\(nl)}\(nl)\(tail)".utf8)
        return out
    }

    static func extra(_ key: String, _ raw: [UInt8]) -> [UInt8] { Array(",\n            \"\(key)\": ".utf8) + raw }

    static let eight = String(repeating: " ", count: 8)

    // MARK: - Counters of the second half

    @Test func invalidUTF8InTheSecondHalfIsCounted() {
        var elements = (0..<60).map { Self.element($0, indent: Self.eight) }
        elements[50] = Self.element(50, indent: Self.eight, extra: Self.extra("msg", [0x22, 0x61, 0xFF, 0xFE, 0x62, 0x22]))
        let doc = Self.document(elements)
        Self.expectSame(doc)
        #expect(Self.run(doc, threshold: 0).contains { $0.hasPrefix("invalidUTF8 1 ") })
    }

    @Test func longNamesInTheSecondHalfAreCounted() {
        var elements = (0..<60).map { Self.element($0, indent: Self.eight) }
        elements[55] = Array("        {\"name\": \"\(String(repeating: "x", count: 300))\"}".utf8)
        let doc = Self.document(elements)
        Self.expectSame(doc)
        #expect(Self.run(doc, threshold: 0).contains { $0.hasPrefix("longNames 1 ") })
    }

    @Test func longStringsInTheSecondHalfAreCounted() {
        var elements = (0..<60).map { Self.element($0, indent: Self.eight) }
        elements[45] = Self.element(45, indent: Self.eight, extra: Self.extra("msg", Array("\"\(String(repeating: "y", count: 70_000))\"".utf8)))
        let doc = Self.document(elements)
        Self.expectSame(doc)
        #expect(Self.run(doc, threshold: 0).contains { $0.hasPrefix("longStrings 1 ") })
    }

    @Test func theFirstMismatchOfTheSecondHalfKeepsItsPlace() {
        var elements = (0..<60).map { Self.element($0, indent: Self.eight) }
        elements[52] = Self.element(52, indent: Self.eight, extra: Self.extra("n", Array("{\"a\": 1}".utf8)))
        elements[57] = Self.element(57, indent: Self.eight, extra: Self.extra("t", Array("\"yesterday\"".utf8)))
        Self.expectSame(Self.document(elements))
        // And with a first one in the first half: the first stays first, the counts add.
        elements[3] = Self.element(3, indent: Self.eight, extra: Self.extra("n", Array("[1]".utf8)))
        elements[56] = Self.element(56, indent: Self.eight, extra: Self.extra("msg", [0x22, 0xC3, 0x22]))
        elements[10] = Self.element(10, indent: Self.eight, extra: Self.extra("msg", [0x22, 0xED, 0xA0, 0x80, 0x22]))
        Self.expectSame(Self.document(elements))
    }

    @Test func theLastKeyIsTheSecondHalfs() {
        var elements = (0..<60).map { Self.element($0, indent: Self.eight) }
        elements[59] = Self.element(59, indent: Self.eight, extra: Self.extra("zzz", Array("1".utf8)))
        Self.expectSame(Self.document(elements))
    }

    // MARK: - Layouts

    @Test func adversarialLayoutsReadAsWithOneThread() {
        let e = { (i: Int) in Self.element(i, indent: Self.eight) }
        // Empty, one and two elements.
        Self.expectSame(Self.document([]))
        Self.expectSame(Array("{\"items\": []}".utf8))
        Self.expectSame(Array("{\"items\": [\n        ]}".utf8))
        Self.expectSame(Self.document([e(0)]))
        Self.expectSame(Self.document([e(0), e(1)]))
        Self.expectSame(Self.document([e(0), e(1), e(2)]))
        // CRLF and tabs.
        Self.expectSame(Self.document((0..<30).map { Self.element($0, indent: Self.eight, nl: "\r\n") }, nl: "\r\n"))
        Self.expectSame(Self.document((0..<30).map { Self.element($0, indent: "\t\t") }))
        // Indentation that changes half way, or from element to element.
        Self.expectSame(Self.document((0..<30).map { Self.element($0, indent: $0 < 15 ? Self.eight : "    ") }))
        Self.expectSame(Self.document((0..<30).map { Self.element($0, indent: String(repeating: " ", count: 8 + ($0 % 3) * 4)) }))
        // An array of strings holding the element pattern (escaped newlines only: raw ones are errors).
        Self.expectSame(Self.document((0..<30).map { Self.element($0, indent: Self.eight, extra: Self.extra("s", Array("\"\\n        },\\n        {\"".utf8))) }))
        // Trailing garbage and a second document.
        Self.expectSame(Self.document((0..<30).map(e), tail: "garbage"))
        Self.expectSame(Self.document((0..<30).map(e), tail: "{\"items\": [1]}"))
        // Not objects in the array.
        Self.expectSame(Self.document((0..<30).map { $0 % 7 == 3 ? Array("        \"str\"".utf8) : e($0) }))
        // A raw newline in a string in the second half (an error), and in the first.
        var broken = (0..<30).map(e)
        broken[25] = Self.element(25, indent: Self.eight, extra: Self.extra("msg", Array("\"a\n        },\n        {\"b\"".utf8)))
        Self.expectSame(Self.document(broken))
        broken[2] = broken[25]
        Self.expectSame(Self.document(broken))
        // Cut off at every byte of a small list.
        let small = Self.document((0..<6).map(e))
        for n in stride(from: 0, through: small.count, by: 7) { Self.expectSame(Array(small.prefix(n))) }
    }

    /// Compact arrays (`jq -c`, the API server's own output) and irregular whitespace are split
    /// by how their first element begins; every guess, right or wrong, reads as one thread does.
    @Test func compactLayoutsReadAsWithOneThread() {
        let compact = { (i: Int) in Self.compactElement(i) }
        Self.expectSame(Self.document((0..<40).map(compact), nl: ""))
        Self.expectSame(Self.document((0..<40).map(compact), nl: "", tail: "garbage"))
        // Nested objects that begin like an element: a wrong guess, read past.
        Self.expectSame(Self.document((0..<40).map { i in
            Self.element(i, indent: "", nl: "", extra: Array(",\"inner\":[{\"name\":\"x\",\"spec\":{}},{\"name\":\"y\",\"spec\":{}}]".utf8))
        }, nl: ""))
        // Elements each indented their own way, and a line break inside the first.
        Self.expectSame(Self.document((0..<40).map { Self.element($0, indent: String(repeating: " ", count: $0 % 5), nl: $0 % 2 == 0 ? "" : "\n") }))
        // Damage after the middle and a cut-off end.
        var broken = (0..<40).map(compact)
        broken[30] = Array("{\"name\":\"pod-30\",\"spec\":{\"a\":[1,,2]}}".utf8)
        Self.expectSame(Self.document(broken, nl: ""))
        let doc = Self.document((0..<40).map(compact), nl: "")
        for n in stride(from: doc.count / 2, through: doc.count, by: 11) { Self.expectSame(Array(doc.prefix(n))) }
    }

    /// The guess for a compact List lands on an element boundary, so both threads are used.
    @Test func aCompactListIsSplitAtAnElement() throws {
        var bytes = Self.document((0..<40).map(Self.compactElement), nl: "")
        let split: Int? = bytes.withUnsafeMutableBytes { raw in
            JSONReader.read(UnsafeRawBufferPointer(raw)) { r -> Int? in
                var at: Int?
                try? r.forEachKey { (r, key) throws(JSONError) in
                    guard key.equals("items") else { try r.skipValue(); return }
                    _ = try r.beginArray()
                    r.skipWhitespace()
                    at = r.splitCandidate()
                    try r.skipValue()
                    while try r.nextElement() { try r.skipValue() }
                }
                return at
            }
        }
        let at = try #require(split)
        #expect(at > bytes.count / 2 - 60)
        #expect(Array(bytes[at..<(at + 9)]) == Array("{\"name\":\"".utf8))
        #expect(bytes[at - 1] == UInt8(ascii: ",") && bytes[at - 2] == UInt8(ascii: "}"))
    }

    /// Every element boundary put at the exact middle of the rest of the input.
    @Test func boundariesAtTheMiddle() {
        for pad in 0..<40 {
            var elements = (0..<8).map { Self.element($0, indent: Self.eight) }
            elements[0] = Self.element(0, indent: Self.eight, extra: Self.extra("pad", Array("\"\(String(repeating: "p", count: pad))\"".utf8)))
            Self.expectSame(Self.document(elements))
        }
    }

    /// Random documents: layouts, damage and problems anywhere.
    @Test func randomDocumentsReadAsWithOneThread() {
        var rng = SimRandom(seed: 0x5EED)
        for _ in 0..<400 {
            let count = Int(rng.next() % 14)
            let indent = ["        ", "        ", "    ", "  ", "\t"][Int(rng.next() % 5)]
            var elements: [[UInt8]] = []
            for i in 0..<count {
                var extra: [UInt8] = []
                switch rng.next() % 12 {
                case 0: extra = Self.extra("msg", [0x22, 0x78, 0xFF, 0x22])
                case 1: extra = Self.extra("n", Array("\"abc\"".utf8))
                case 2: extra = Self.extra("t", Array("\"2026-13-01T00:00:00Z\"".utf8))
                case 3: extra = Self.extra("name", Array("\"\(String(repeating: "n", count: 260))\"".utf8))
                case 4: extra = Self.extra("inner", Array("[\n\(indent){\"x\": 1},\n\(indent){\"x\": 2}\n]".utf8))
                case 5: extra = Self.extra("bad", Array("[1,,2]".utf8))
                default: break
                }
                let pad = rng.next() % 5 == 0 ? String(repeating: " ", count: Int(rng.next() % 6)) : ""
                elements.append(Self.element(i, indent: indent + pad, extra: extra))
            }
            var doc = Self.document(elements, nl: rng.next() % 8 == 0 ? "\r\n" : "\n")
            if rng.next() % 6 == 0 { doc = Array(doc.prefix(Int(rng.next() % UInt64(doc.count + 1)))) }
            Self.expectSame(doc)
        }
    }
}

/// A guess in a later, larger array must not keep the second thread busy with it (wasted
/// work the first thread then waits for): it stops once the first half no longer needs it.
@Suite struct WrongGuessStopsTests {
    final class Calls: Sendable { let count = Atomic<Int>(0) }

    @Test func aShortArrayDoesNotWaitForTheSecondThreadToDecodeALaterOne() {
        let eight = String(repeating: " ", count: 8)
        let small = ParallelSplitStateTests.document((0..<3).map { ParallelSplitStateTests.element($0, indent: eight) })
        let big = String(decoding: ParallelSplitStateTests.document((0..<2000).map { ParallelSplitStateTests.element($0, indent: eight) }), as: UTF8.self)
            .replacingOccurrences(of: "\"pod-", with: "\"big-")
        var bytes = small + Array(big.utf8)
        let calls = Calls()
        let names: [String] = bytes.withUnsafeMutableBytes { raw in
            JSONReader.read(UnsafeRawBufferPointer(raw)) { r -> [String] in
                var names: [String] = []
                try? r.forEachKey { (r, key) throws(JSONError) in
                    guard key.equals("items") else { try r.skipValue(); return }
                    names = try r.decodeElements(parallelAbove: 0) { (r) throws(JSONError) -> String? in
                        calls.count.add(1, ordering: .relaxed)
                        var name: String?
                        try r.forEachKey { (r, k) throws(JSONError) in
                            if k.equals("name") { name = try r.readString() } else { try r.skipValue() }
                        }
                        // The elements of the later array are slow: only a thread not told to stop gets far.
                        if name?.hasPrefix("big-") == true { usleep(1000) }
                        return name
                    }
                }
                return names
            }
        }
        #expect(names == ["pod-0", "pod-1", "pod-2"])
        #expect(calls.count.load(ordering: .relaxed) < 50)
    }
}

/// What a user sees: a List large enough for two threads warns about damage in either half.
@Suite struct ParallelDecodeWarningTests {
    static func replacing(_ data: Data, _ target: String, with bytes: [UInt8]) -> (Data, line: Int) {
        var b = [UInt8](data)
        let t = Array(target.utf8)
        guard let at = (0...(b.count - t.count)).first(where: { b[$0..<($0 + t.count)].elementsEqual(t) }) else { return (data, 0) }
        b.replaceSubrange(at..<(at + t.count), with: bytes)
        return (Data(b), b[..<at].filter { $0 == 0x0A }.count + 1)
    }

    @Test func damageInTheSecondHalfOfALargeListIsReported() throws {
        var data = ParallelWorkTests.podList(6000)
        #expect(data.count >= JSONReader.parallelThreshold)
        let utf8Line: Int, unusableLine: Int
        (data, utf8Line) = Self.replacing(data, "\"uid-4000\"", with: Array("\"uid-4000".utf8) + [0xFF, 0x22])
        (data, unusableLine) = Self.replacing(data, "\"uid-4500\"", with: Array("\"uid-4500\", \"deletionGracePeriodSeconds\": \"x\"".utf8))
        let long = String(repeating: "n", count: 300)
        (data, _) = Self.replacing(data, "\"web-7d9f8b6c5d-p5000\"", with: Array("\"\(long)\"".utf8))
        let decoded = try InputLoader.decode(data: data, name: "pods.json", source: 0, explicitTime: nil, scope: "pods.json")
        let warnings = decoded.warnings.joined(separator: "\n")
        #expect(warnings.contains("1 string is not valid UTF-8; the bad bytes show as \u{FFFD} (first at line \(utf8Line))"), "\(warnings)")
        #expect(warnings.contains("ignored 1 unusable value (first, at line \(unusableLine): deletionGracePeriodSeconds"), "\(warnings)")
        #expect(warnings.contains("cut 1 name longer than Kubernetes allows"), "\(warnings)")
    }
}
