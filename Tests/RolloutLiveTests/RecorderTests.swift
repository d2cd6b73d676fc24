import Foundation
import Testing
@testable import RolloutCore
@testable import RolloutLive
import TestSupport

@Suite struct RecorderTests {
    static let fixtures = Fixtures.root

    func tempPath(_ name: String = "test.rollout") -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-rec-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    let header = Recording.Header(startedAt: Instant(rfc3339: "2026-11-20T10:00:00Z")!, target: "deployment/web",
                                  namespace: "shop", context: "test", mode: "watch", tool: "rollscope test")

    static let secretPod = #"""
    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"shop","uid":"u1","resourceVersion":"10",
     "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"env\":[{\"name\":\"DB_PASSWORD\",\"value\":\"hunter2-secret\"}]}","keep":"me"},
     "managedFields":[{"manager":"kubectl"}],"creationTimestamp":"2026-11-20T10:00:00Z"},
     "spec":{"containers":[{"name":"app","env":[{"name":"DB_PASSWORD","value":"hunter2-secret"},{"name":"FROM_SECRET","valueFrom":{"secretKeyRef":{"name":"db","key":"pw"}}}]}],
             "initContainers":[{"name":"init","env":[{"name":"TOKEN","value":"hunter2-secret"}]}]},
     "status":{"phase":"Running"}}
    """#

    @Test func redactionRemovesSecretsAndKeepsTheRest() throws {
        let pod = try JSONValue.parse(Self.secretPod)
        let text = Redactor.redact(pod).compact
        #expect(!text.contains("hunter2"))
        #expect(!text.contains("last-applied-configuration"))
        #expect(!text.contains("managedFields"))
        #expect(text.contains("\"keep\":\"me\""))
        #expect(text.contains("\"name\":\"DB_PASSWORD\""))
        #expect(text.contains("secretKeyRef"))
        let secret = try JSONValue.parse(#"{"kind":"Secret","metadata":{"name":"db"},"data":{"pw":"aHVudGVyMg=="},"stringData":{"x":"y"},"type":"Opaque"}"#)
        #expect(Redactor.redact(secret).compact == #"{"kind":"Secret","metadata":{"name":"db"},"type":"Opaque"}"#)
        // Lists and watch envelopes are redacted inside too.
        let list = try JSONValue.parse(#"{"kind":"List","items":["# + Self.secretPod + #"]}"#)
        #expect(!Redactor.redact(list).compact.contains("hunter2"))
    }

    @Test func writesOnlyChangesAndDeletesWhatAPollNoLongerLists() throws {
        let path = tempPath()
        let rec = try Recorder(path: path, header: header)
        let t = Instant(rfc3339: "2026-11-20T10:00:05Z")!
        let pod = try JSONValue.parse(Self.secretPod)
        for _ in 0..<5 { rec.recordPodList([pod], at: t) }
        rec.recordPodList([], at: t + 2)
        rec.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].contains("\"schema\":\"rollscope.recording/1\""))
        #expect(lines[0].contains("\"redacted\""))
        #expect(lines[1].contains("\"type\":\"MODIFIED\""))
        #expect(lines[2].contains("\"type\":\"DELETED\""))
        #expect(!lines.joined().contains("hunter2"))
        // Read back: the pod is gone at the DELETED line's time.
        let model = try Analysis.run(inputs: [path])
        #expect(model.rollouts.first?.pods.first?.goneAt == t + 2)
    }

    @Test func aCutOffLastLineIsSkippedWithAWarning() throws {
        let path = tempPath()
        let rec = try Recorder(path: path, header: header)
        let pod = try JSONValue.parse(Self.secretPod)
        rec.record(pod, kind: .pod, type: "ADDED", at: Instant(rfc3339: "2026-11-20T10:00:05Z")!)
        rec.close()
        // A crash while writing the second line: half of it made it to disk.
        let full = Recording.objectLine(at: Instant(rfc3339: "2026-11-20T10:00:09Z")!, kind: .pod, type: "MODIFIED", object: pod)
        let handle = FileHandle(forWritingAtPath: path)!
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(full.utf8.prefix(full.utf8.count / 2)))
        try handle.close()
        let model = try Analysis.run(inputs: [path])
        #expect(model.rollouts.first?.pods.map(\.name) == ["web-1"])
        #expect(model.warnings.contains { $0.contains("last line (3) is cut off") })
    }

    @Test func damagedHeaderAndNewerSchemaAreClearErrors() {
        let path = tempPath()
        try? Data(#"{"schema":"rollscope.recording/9","startedAt":"2026-11-20T10:00:00Z"}"#.utf8 + [0x0A]).write(to: URL(fileURLWithPath: path))
        #expect(throws: InputError(file: path, message: "is a rollscope.recording/9 recording; this rollscope reads rollscope.recording/1")) {
            try InputLoader.load(paths: [path])
        }
    }

    /// A recording made from a watch stream reports the rollout exactly as the stream does.
    @Test func recordingReportsLikeTheWatchStream() throws {
        for scenario in ["sigkill", "healthy", "ip-reuse"] {
            let stream = Self.fixtures.appendingPathComponent("\(scenario)/pods-watch.json").path
            let path = tempPath("\(scenario).rollout")
            let rec = try Recorder(path: path, header: header)
            var splitter = StreamSplitter()
            for case .value(let data) in splitter.push(try Data(contentsOf: URL(fileURLWithPath: stream))) {
                let envelope = try data.withUnsafeBytes { try JSONValue.parse($0) }
                let obs = try InputLoader.decode(data: data, name: "x", source: 0, explicitTime: nil, scope: "x").observations
                guard case .string(let type)? = envelope["type"], let object = envelope["object"], let t = obs.first?.time else { continue }
                rec.record(object, kind: .pod, type: type, at: t)
            }
            rec.close()
            let fromStream = try Analysis.run(inputs: [stream])
            let fromRecording = try Analysis.run(inputs: [path])
            #expect(ReportJSON.render(fromRecording) == ReportJSON.render(fromStream), "\(scenario): the recording reports differently")
        }
    }
}
