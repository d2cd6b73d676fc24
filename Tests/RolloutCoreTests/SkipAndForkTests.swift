import Foundation
import Testing
@testable import RolloutCore
import RolloutSim

/// `skipValue` beyond the 64 levels its bit stack holds, and `JSONWriter.fork`/`join` byte for byte.
@Suite struct SkipValueDepthTests {
    /// Skips the first value of `text`; where it stopped, or the error.
    static func skip(_ text: String, depth: Int = 0) -> String {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { raw in
            JSONReader.read(UnsafeRawBufferPointer(raw)) { r -> String in
                r.depth = depth
                do {
                    try r.skipValue()
                    return "ok \(r.pos) depth \(r.depth)"
                } catch let error as JSONError {
                    return "error \(error.message)"
                } catch {
                    return "error \(error)"
                }
            }
        }
    }

    /// Nested containers, objects where `kinds` says true.
    static func nested(_ kinds: [Bool], close: [Bool]? = nil) -> String {
        var s = ""
        for k in kinds { s += k ? "{\"k\": " : "[1, " }
        s += "0"
        for k in (close ?? kinds).reversed() { s += k ? "}" : "]" }
        return s
    }

    @Test func mixedNestingBeyond64Levels() {
        var rng = SimRandom(seed: 64)
        for levels in [63, 64, 65, 66, 100, 200, 511, 512] {
            let kinds = (0..<levels).map { _ in rng.next() % 2 == 0 }
            let text = Self.nested(kinds)
            #expect(Self.skip(text) == "ok \(text.utf8.count) depth 0", "levels \(levels)")
            // A wrong closer at any level is an error.
            for wrong in [0, levels / 2, levels - 1, max(0, levels - 65)] {
                var close = kinds
                close[wrong].toggle()
                #expect(Self.skip(Self.nested(kinds, close: close)).hasPrefix("error"), "levels \(levels) wrong \(wrong)")
            }
        }
    }

    @Test func depthLimitCountsTheReadersDepth() {
        let deepest = Self.nested(Array(repeating: false, count: JSONReader.maxDepth))
        #expect(Self.skip(deepest).hasPrefix("ok"))
        #expect(Self.skip(Self.nested(Array(repeating: true, count: JSONReader.maxDepth + 1))).hasPrefix("error nesting"))
        #expect(Self.skip(Self.nested(Array(repeating: false, count: 500)), depth: 12).hasPrefix("ok"))
        #expect(Self.skip(Self.nested(Array(repeating: false, count: 501)), depth: 12).hasPrefix("error nesting"))
    }

    @Test func skippingAgreesWithFoundation() throws {
        var rng = SimRandom(seed: 7)
        for _ in 0..<300 {
            let levels = Int(rng.next() % 140)
            let kinds = (0..<levels).map { _ in rng.next() % 2 == 0 }
            var text = Self.nested(kinds)
            if rng.next() % 3 == 0, !text.isEmpty {
                // Damage one byte.
                var b = Array(text.utf8)
                let i = Int(rng.next() % UInt64(b.count))
                b[i] = Array("{}[],:\" ".utf8)[Int(rng.next() % 8)]
                text = String(decoding: b, as: UTF8.self)
            }
            let foundation = (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil
            let mine = Self.skip(text)
            // Foundation also rejects trailing bytes; skipValue stops after one value.
            let whole = mine == "ok \(text.utf8.count) depth 0"
            #expect(foundation == whole, "\(text) -> \(mine)")
        }
    }
}

@Suite struct WriterForkTests {
    /// An element with nested containers (empty and not).
    static func element(_ i: Int, _ w: inout JSONWriter) {
        w.beginObject()
        w.key("name"); w.string("e\(i)")
        w.key("empty"); w.beginArray(); w.endArray()
        w.key("emptyObject"); w.beginObject(); w.endObject()
        w.key("list"); w.beginArray()
        for j in 0..<(i % 3) { w.int(j - 1) }
        w.endArray()
        w.key("time"); w.time(Instant(seconds: Double(i) * 1.5))
        w.endObject()
    }

    /// The same document written in one go and with its array split at `k` into two forks.
    static func both(count: Int, k: Int, pretty: Bool, depth: Int) -> ([UInt8], [UInt8]) {
        func prefix(_ w: inout JSONWriter) {
            w.beginObject()
            w.key("before"); w.int(1)
            for _ in 0..<depth { w.key("nest"); w.beginObject(); w.key("x"); w.null() }
            w.key("items"); w.beginArray()
        }
        func suffix(_ w: inout JSONWriter) {
            w.endArray()
            for _ in 0..<depth { w.endObject() }
            w.key("after"); w.bool(true)
            w.endObject()
            w.finalNewline()
        }
        var one = JSONWriter(pretty: pretty)
        prefix(&one)
        for i in 0..<count { element(i, &one) }
        suffix(&one)

        var two = JSONWriter(pretty: pretty)
        prefix(&two)
        let start = two.fork(capacity: 0)
        var a = start.fork(capacity: 16)
        for i in 0..<k { element(i, &a) }
        var b = start.fork(capacity: 16, afterMembers: k > 0)
        for i in k..<count { element(i, &b) }
        two.join(a)
        two.join(b)
        suffix(&two)
        return (one.bytes, two.chunks.flatMap { $0 })
    }

    @Test func forkAndJoinWriteWhatOneWriterWrites() {
        for pretty in [true, false] {
            for depth in [0, 2] {
                for count in 0..<5 {
                    for k in 0...count {
                        let (one, two) = Self.both(count: count, k: k, pretty: pretty, depth: depth)
                        #expect(one == two, "pretty \(pretty) depth \(depth) count \(count) k \(k)")
                    }
                }
            }
        }
    }
}
