import Foundation
import Testing
@testable import RolloutCore

/// Runs each scenario of Fixtures/ through the whole pipeline and compares the JSON report
/// with the ground truth in Fixtures/expected/<scenario>.json, field by field.
@Suite struct FixtureTests {
    /// Scenarios with pods to compare (events-yaml has none; it has its own test).
    static let scenarios: [String] = {
        let dir = Paths.fixtures.appendingPathComponent("expected")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.filter { $0 != "events-yaml" }.sorted()
    }()

    static func events(_ relative: String) throws -> [KubeEvent] {
        let loaded = try InputLoader.load(paths: [Paths.fixture(relative)])
        return loaded.observations.compactMap { if case .event(let e) = $0.payload { return e } else { return nil } }
    }

    @Test func eventsReadTheSameFromYAMLAndJSON() throws {
        let yaml = try FixtureTests.events("events-yaml/events.yaml")
        let json = try FixtureTests.events("healthy/events.json")
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: Paths.fixtures.appendingPathComponent("expected/events-yaml.json"))) as! [String: Any]
        #expect(yaml.count == truth["eventCount"] as? Int)
        #expect(yaml == json)
        // With the pods, the YAML events give each old pod its Killing time.
        let model = try Analysis.run(inputs: [Paths.fixture("healthy/pods-watch.json"), Paths.fixture("events-yaml/events.yaml")])
        let killing = Dictionary(uniqueKeysWithValues: model.rollouts[0].pods.compactMap { p in p.termination?.killingAt.map { (p.name, $0.rfc3339) } })
        #expect(killing == truth["killing"] as? [String: String])
    }

    @Test func bothEventAPIsGiveTheSameEvents() throws {
        let core = try FixtureTests.events("healthy/events.json")
        let v1 = try FixtureTests.events("healthy/events-v1.json")
        #expect(core.count == v1.count)
        #expect(core.map(\.reason) == v1.map(\.reason))
        #expect(core.map(\.at) == v1.map(\.at))
        #expect(core.map(\.regarding.uid) == v1.map(\.regarding.uid))
        #expect(core.map(\.message) == v1.map(\.message))
        let withV1 = try Analysis.run(inputs: [Paths.fixture("healthy/pods-watch.json"), Paths.fixture("healthy/events-v1.json")])
        let withCore = try Analysis.run(inputs: [Paths.fixture("healthy/pods-watch.json"), Paths.fixture("healthy/events.json")])
        #expect(ReportJSON.render(withV1) == ReportJSON.render(withCore))
    }

    /// Copies a snapshot folder to a temporary place and gives each file its recorded time.
    static func snapshotFolder(_ folder: String = "snapshots/pods", mtimes file: String = "snapshots/mtimes.json") throws -> String {
        let src = Paths.fixtures.appendingPathComponent(folder)
        let dst = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-snapshots-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: src, to: dst)
        let mtimes = try JSONSerialization.jsonObject(with: Data(contentsOf: Paths.fixtures.appendingPathComponent(file))) as! [String: String]
        for (file, time) in mtimes {
            let date = Date(timeIntervalSince1970: Instant(rfc3339: time)!.seconds)
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: dst.appendingPathComponent(file).path)
        }
        return dst.path
    }

    static func inputs(of expected: [String: Any]) throws -> (inputs: [String], signals: [String]) {
        var inputs: [String] = []
        var signals: [String] = []
        for raw in expected["inputs"] as? [String] ?? [] {
            if raw.hasPrefix("snapshots/pods/") {
                inputs.append(try snapshotFolder())
            } else if let folder = raw.split(separator: " ").first, folder.hasSuffix("/polls/") {
                // "DIR/polls/ (file mtimes from DIR/polls-mtimes.json)"
                inputs.append(try snapshotFolder(String(folder.dropLast()), mtimes: String(folder.dropLast(7)) + "/polls-mtimes.json"))
            } else if raw.hasSuffix(".log") || raw.hasSuffix(".jsonl") && raw.contains("signals") {
                signals.append(Paths.fixture(raw))
            } else {
                inputs.append(Paths.fixture(raw))
            }
        }
        return (inputs, signals)
    }

    static func report(for scenario: String) throws -> (expected: [String: Any], actual: [String: Any]) {
        let url = Paths.fixtures.appendingPathComponent("expected/\(scenario).json")
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let (inputs, signals) = try inputs(of: expected)
        let model = try Analysis.run(inputs: inputs, signalFiles: signals)
        let json = ReportJSON.render(model)
        let actual = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        return (expected, actual)
    }

    @Test(arguments: scenarios)
    func reportMatchesGroundTruth(scenario: String) throws {
        let (expected, actual) = try FixtureTests.report(for: scenario)
        let rollouts = actual["rollouts"] as? [[String: Any]] ?? []
        let workload = expected["workload"] as? String
        guard let rollout = rollouts.first(where: { $0["workload"] as? String == workload }) else {
            Issue.record("\(scenario): no rollout for workload \(workload ?? "?") in \(rollouts.map { $0["workload"] ?? "" })")
            return
        }
        #expect(rollout["namespace"] as? String == expected["namespace"] as? String)
        if let kind = expected["kind"] as? String {
            #expect(rollout["kind"] as? String == kind, "\(scenario): kind")
        }
        if let sets = expected["replicaSets"] as? [[String: Any]] {
            compare(sets, rollout["replicaSets"], path: "\(scenario).replicaSets")
        }
        // Keyed by uid where one pod name has several incarnations (a StatefulSet's).
        let key = expected["podKey"] as? String ?? "name"
        let pods = Dictionary((rollout["pods"] as? [[String: Any]] ?? []).map { ($0[key] as! String, $0) }, uniquingKeysWith: { a, _ in a })
        let expectedPods = expected["pods"] as? [String: [String: Any]] ?? [:]
        #expect(!expectedPods.isEmpty, "\(scenario) has no expected pods")
        for (name, fields) in expectedPods.sorted(by: { $0.key < $1.key }) {
            guard let pod = pods[name] else {
                Issue.record("\(scenario): pod \(name) missing from the report (have \(pods.keys.sorted()))")
                continue
            }
            compare(fields, pod, path: "\(scenario).\(name)")
        }
        // Findings per pod: the expected kinds, no more (informational ones aside).
        if let findings = expected["findings"] as? [String: [String]] {
            let rolloutKinds = (rollout["findings"] as? [[String: Any]] ?? []).map { $0["kind"] as! String }
            for (name, kinds) in findings {
                if name == "rollout" {
                    for k in kinds { #expect(rolloutKinds.contains(k), "\(scenario): rollout finding \(k) missing; have \(rolloutKinds)") }
                    continue
                }
                let have = ((pods[name]?["findings"] as? [String]) ?? []).filter { $0 != "termination-unobserved" }
                #expect(Set(have) == Set(kinds), "\(scenario).\(name) findings: expected \(kinds.sorted()), got \(have.sorted())")
            }
        }
    }

    /// stale-endpoint/ holds the same requests as every proxy the simulator models logs them:
    /// each file, with and without the EndpointSlices, gives the ground truth's dropped
    /// connections per pod and its rollout-level drops.
    @Test func everyProxyLogOfTheSameRequestsGivesTheSameDrops() throws {
        let url = Paths.fixtures.appendingPathComponent("expected/stale-endpoint.json")
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let logs = expected["logs"] as? [String] ?? []
        #expect(logs.count == 11)
        let drops = (expected["pods"] as! [String: [String: Any]]).mapValues { $0["droppedConnections"] as! Int }
        for log in logs {
            for slices in [false, true] {
                let inputs = ["stale-endpoint/pods-watch.json", "stale-endpoint/events.json"] + (slices ? ["stale-endpoint/endpointslices-watch.json"] : [])
                let model = try Analysis.run(inputs: inputs.map(Paths.fixture), signalFiles: [Paths.fixture(log)])
                let rollout = try #require(model.rollouts.first)
                #expect(Dictionary(uniqueKeysWithValues: rollout.pods.map { ($0.name, $0.droppedConnections) }) == drops, "\(log) slices: \(slices)")
                #expect(rollout.rolloutDrops.count == expected["rolloutDrops"] as? Int, "\(log) slices: \(slices)")
                #expect(model.unattributedSignals.isEmpty, "\(log)")
            }
        }
    }

    /// JSONSerialization gives booleans as NSNumber with the `c` (char) type code.
    func isBoolean(_ n: NSNumber) -> Bool { n.objCType.pointee == UInt8(ascii: "c") }

    /// Compares every field `expected` gives; times as instants, numbers exactly.
    func compare(_ expected: Any, _ actual: Any?, path: String) {
        switch expected {
        case let e as [String: Any]:
            guard let a = actual as? [String: Any] else {
                Issue.record("\(path): expected an object, got \(String(describing: actual))")
                return
            }
            for (k, v) in e { compare(v, a[k], path: path + "." + k) }
        case let e as [Any]:
            guard let a = actual as? [Any] else {
                Issue.record("\(path): expected an array, got \(String(describing: actual))")
                return
            }
            #expect(e.count == a.count, "\(path): expected \(e.count) elements, got \(a.count)")
            for (i, v) in e.enumerated() where i < a.count { compare(v, a[i], path: path + "[\(i)]") }
        case is NSNull:
            #expect(actual == nil || actual is NSNull, "\(path): expected null, got \(String(describing: actual))")
        case let e as String:
            if let te = Instant(rfc3339: e) {
                let ta = (actual as? String).flatMap(Instant.init(rfc3339:))
                #expect(ta == te, "\(path): expected \(e), got \(String(describing: actual))")
            } else {
                #expect(actual as? String == e, "\(path): expected \(e), got \(String(describing: actual))")
            }
        case let e as NSNumber:
            if isBoolean(e) {
                #expect((actual as? NSNumber).map(isBoolean) == true && (actual as? NSNumber)?.boolValue == e.boolValue, "\(path): expected \(e.boolValue), got \(String(describing: actual))")
            } else {
                let a = (actual as? NSNumber)?.doubleValue
                #expect(a.map { abs($0 - e.doubleValue) < 0.001 } == true, "\(path): expected \(e), got \(String(describing: actual))")
            }
        default:
            Issue.record("\(path): unhandled expected value \(expected)")
        }
    }
}
