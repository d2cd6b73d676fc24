import Foundation
import Testing
@testable import RolloutCore
@testable import RolloutLive

@Suite struct StreamSplitterTests {
    func values(_ pieces: [StreamSplitter.Piece]) -> [String] {
        pieces.compactMap { if case .value(let d) = $0 { return String(decoding: d, as: UTF8.self) } else { return nil } }
    }

    @Test func splitsPrettyAndCompactValuesAcrossChunks() {
        let text = "{\n    \"a\": {\"b\": \"}\"},\n    \"c\": [1, \"\\\"]\"]\n}\n{\"type\":\"ADDED\",\"object\":{}}\n[1,2]"
        // Feed one byte at a time: values complete exactly at their closing brace.
        var s = StreamSplitter()
        var out: [StreamSplitter.Piece] = []
        for b in text.utf8 { out += s.push(Data([b])) }
        #expect(values(out) == ["{\n    \"a\": {\"b\": \"}\"},\n    \"c\": [1, \"\\\"]\"]\n}", "{\"type\":\"ADDED\",\"object\":{}}", "[1,2]"])
        #expect(s.finish().isEmpty)
    }

    @Test func garbageLinesAreReportedAndSkipped() {
        var s = StreamSplitter()
        let out = s.push(Data("W1126 10:00:00 warning line\n{\"a\":1}\nnot json\n".utf8))
        #expect(out == [.garbage("W1126 10:00:00 warning line"), .value(Data("{\"a\":1}".utf8)), .garbage("not json")])
    }

    @Test func aCutOffValueIsLeftOverAtTheEnd() {
        var s = StreamSplitter()
        #expect(s.push(Data("{\"a\": [1, 2".utf8)).isEmpty)
        #expect(s.finish() == [.garbage("{\"a\": [1, 2")])
    }

    @Test func oversizedValuesAreDropped() {
        var s = StreamSplitter(maxValueBytes: 1024)
        let out = s.push(Data(("[" + String(repeating: "1,", count: 2000)).utf8))
        #expect(out.count == 1)
        if case .garbage(let g) = out[0] { #expect(g.contains("dropped")) } else { Issue.record("expected garbage") }
    }
}

@Suite struct BackoffTests {
    @Test func doublesToTheMaximumAndResets() {
        var b = Backoff(initial: 1, maximum: 30)
        #expect((0..<7).map { _ in b.fail() } == [1, 2, 4, 8, 16, 30, 30])
        b.succeed()
        #expect(b.fail() == 1)
    }
}

@Suite struct SelectorTests {
    @Test func matchLabelsAndExpressions() throws {
        let d = try JSONValue.parse(#"{"spec": {"selector": {"matchLabels": {"tier": "web", "app": "shop"}, "matchExpressions": [{"key": "track", "operator": "In", "values": ["stable", "canary"]}, {"key": "legacy", "operator": "DoesNotExist"}]}}}"#)
        #expect(Selector.from(d) == "app=shop,tier=web,track in (stable,canary),!legacy")
    }

    @Test func commandLinesSplitWithoutAShell() {
        #expect(CommandLineSplitter.split(#"kubectl logs -f -n ingress-nginx "deploy/ingress nginx" --since='1m'"#)
                == ["kubectl", "logs", "-f", "-n", "ingress-nginx", "deploy/ingress nginx", "--since=1m"])
        #expect(CommandLineSplitter.split("a; rm -rf /") == ["a;", "rm", "-rf", "/"])
    }

    @Test(arguments: [
        ("deployment/web", LiveTarget.workload(.deployment, "web")), ("deploy/web", .workload(.deployment, "web")),
        ("Deployments/web", .workload(.deployment, "web")), ("deployments.apps/web", .workload(.deployment, "web")),
        ("statefulset/db", .workload(.statefulSet, "db")), ("sts/db", .workload(.statefulSet, "db")),
        ("statefulsets/db", .workload(.statefulSet, "db")), ("StatefulSet/db", .workload(.statefulSet, "db")),
        ("daemonset/agent", .workload(.daemonSet, "agent")), ("ds/agent", .workload(.daemonSet, "agent")),
        ("daemonsets.apps/agent", .workload(.daemonSet, "agent")),
        ("rollout/web", .workload(.rollout, "web")), ("ro/web", .workload(.rollout, "web")),
        ("rollouts/web", .workload(.rollout, "web")), ("rollouts.argoproj.io/web", .workload(.rollout, "web")),
    ])
    func targets(text: String, target: LiveTarget) {
        #expect(LiveTarget.parse(text) == target)
        #expect(LiveTarget.problem(text) == nil)
    }

    @Test func notTargets() {
        for text in ["pod/web", "web", "sts/", "sts/a/b", "ro/", "rollouts.apps/web", "replicaset/web-5f8d"] {
            #expect(LiveTarget.parse(text) == nil, "\(text)")
            #expect(LiveTarget.problem(text) != nil, "\(text)")
        }
        #expect(LiveTarget.problem("job/web")?.contains("rollout/NAME") == true)
        #expect(LiveTarget.workload(.rollout, "web").description == "rollout/web")
        #expect(LiveTarget.workload(.statefulSet, "db").description == "statefulset/db")
    }
}

@Suite struct SignalFollowerTests {
    @Test func followsAppendsAndRotation() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-follow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("access.log").path
        try Data("old line before we started\n".utf8).write(to: URL(fileURLWithPath: path))
        var f = SignalFollower(path: path)
        #expect(f.poll().isEmpty)
        let h = FileHandle(forWritingAtPath: path)!
        try h.seekToEnd()
        try h.write(contentsOf: Data("one\ntw".utf8))
        #expect(f.poll() == ["one"])
        try h.write(contentsOf: Data("o\n".utf8))
        try h.close()
        #expect(f.poll() == ["two"])
        // Rotation: the file is moved away and a new one created (a new inode).
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try Data("three\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(f.poll() == ["three"])
        // Truncation in place.
        try Data("four\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(f.poll() == ["four"])
    }
}
