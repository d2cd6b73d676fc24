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

/// Work split over two threads gives what one thread gives.
@Suite struct ParallelWorkTests {
    @Test func mapKeepsOrderAboveAndBelowTheMinimum() {
        #expect(Parallel.map(5000) { $0 * 3 } == (0..<5000).map { $0 * 3 })
        #expect(Parallel.map(10, minimum: 2) { String($0) } == (0..<10).map { String($0) })
        #expect(Parallel.map(0) { $0 }.isEmpty)
        #expect(Parallel.map(1, minimum: 0) { $0 } == [0])
    }

    /// A List of `count` pods of two workloads, some terminating, as kubectl prints it.
    static func podList(_ count: Int, workloads: Int = 2) -> Data {
        var items: [String] = []
        for i in 0..<count {
            let rs = Self.replicaSet(i, workloads: workloads)
            let deleting = i % 7 == 0 ? #", "deletionTimestamp": "2026-11-10T09:20:00Z", "deletionGracePeriodSeconds": 30"# : ""
            items.append("""
                    {
                        "apiVersion": "v1",
                        "kind": "Pod",
                        "metadata": {"creationTimestamp": "2026-11-10T09:\(10 + i % 50):00Z"\(deleting), "labels": {"pod-template-hash": "\(rs.suffix(10))"}, "name": "\(rs)-p\(i)", "namespace": "prod", "ownerReferences": [{"controller": true, "kind": "ReplicaSet", "name": "\(rs)", "uid": "rs"}], "uid": "uid-\(i)"},
                        "spec": {"containers": [{"name": "app", "lifecycle": {"preStop": {"exec": {"command": ["sleep", "5"]}}}}], "terminationGracePeriodSeconds": 30},
                        "status": {"phase": "Running", "podIP": "10.0.\(i / 250).\(i % 250)", "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-11-10T09:\(10 + i % 50):30Z"}], "containerStatuses": [{"name": "app", "ready": true, "restartCount": \(i % 3), "state": {"running": {"startedAt": "2026-11-10T09:\(10 + i % 50):10Z"}}}]}
                    }
            """)
        }
        return Data(("{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n" + items.joined(separator: ",\n") + "\n    ],\n    \"kind\": \"List\"\n}\n").utf8)
    }

    static func replicaSet(_ i: Int, workloads: Int) -> String {
        ["web-7d9f8b6c5d", "api-5f6d7c8b9a", "job-6c5d7f8b9a"][i % workloads]
    }

    /// The same List minified (`jq -c`) reads as the pretty one, on two threads as on one.
    @Test func aCompactListReadsAsThePrettyOne() throws {
        let pretty = Self.podList(7000)
        let compact = Data(try pretty.withUnsafeBytes { try JSONValue.parse($0) }.compact.utf8)
        #expect(compact.count >= JSONReader.parallelThreshold)
        func names(_ data: Data) throws -> [String] {
            let decoded = try InputLoader.decode(data: data, name: "pods.json", source: 0, explicitTime: nil, scope: "pods.json")
            guard case .podList(let pods, _)? = decoded.observations.first?.payload else { return [] }
            return pods.map(\.name)
        }
        let fromCompact = try names(compact)
        #expect(fromCompact.count == 7000)
        #expect(fromCompact == (try names(pretty)))
    }

    /// Two workloads (the rollouts split between threads) and one (its pods split).
    @Test(arguments: [2, 3, 1])
    func aLargeListGivesTheSameReportOnOneThreadAndOnTwo(workloads: Int) throws {
        let data = Self.podList(5000, workloads: workloads)
        let decoded = try InputLoader.decode(data: data, name: "pods.json", source: 0, explicitTime: nil, scope: "pods.json")
        guard case .podList(let pods, _)? = decoded.observations.first?.payload else {
            Issue.record("no pod list")
            return
        }
        #expect(pods.count == 5000)
        #expect(pods.map(\.name) == (0..<5000).map { Self.replicaSet($0, workloads: workloads) + "-p\($0)" })
        let store = ObservationStore(observations: decoded.observations, warnings: decoded.warnings)
        let model = store.correlator(upTo: store.observations.count).model()
        #expect(model.rollouts.map(\.pods.count).reduce(0, +) == 5000)
        #expect(model.rollouts.count == workloads)
        let two = ReportJSON.chunks(model, parallelAbove: 1000)
        let one = ReportJSON.chunks(model, parallelAbove: .max)
        #expect(two.count > 1 && one.count == 1)
        #expect(two.flatMap { $0 } == one.flatMap { $0 })
        #expect((try? JSONSerialization.jsonObject(with: Data(two.flatMap { $0 }))) != nil)
    }
}
