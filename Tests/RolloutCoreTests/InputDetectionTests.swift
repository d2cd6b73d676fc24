import Foundation
import Testing
@testable import RolloutCore

@Suite struct InputDetectionTests {
    func error(_ text: String) -> String? {
        do { _ = try decode(text); return nil } catch { return error.message }
    }

    @Test(arguments: [
        ("", "is empty"),
        ("  \n\t\n", "is empty"),
        ("null", "holds JSON null, not Kubernetes objects"),
        ("42", "holds a number (42), not Kubernetes objects"),
        ("\"pods\"", "holds a string (\"pods\"), not Kubernetes objects"),
        ("{\"apiVersion\": \"v1\", \"items\": [", "is not valid JSON: unexpected end of input"),
        ("<html><body>502 Bad Gateway</body></html>", "is an HTML page"),
        ("error: the server doesn't have a resource type \"pod\"", "kubectl's error text"),
        ("Error from server (Forbidden): pods is forbidden", "kubectl's error text"),
        ("The connection to the server localhost:8080 was refused", "kubectl's error text"),
        ("{}", "holds no Kubernetes objects"),
        ("[1, 2, 3]", "holds no Kubernetes objects"),
        ("just some words", "is plain text"),
        ("a: [b, c\n", "neither JSON nor valid YAML"),
    ])
    func badInputNamesTheProblem(text: String, expected: String) {
        let message = error(text)
        #expect(message?.contains(expected) == true, "got: \(message ?? "no error")")
    }

    @Test func garbageAfterValidObjectsKeepsThemWithAWarning() throws {
        let pod = #"{"kind": "Pod", "metadata": {"name": "a", "uid": "1", "creationTimestamp": "2026-11-20T10:00:00Z"}}"#
        let (obs, warnings) = try decode(pod + "\nthis is not json\n" + pod)
        // The garbage is skipped and reading goes on from the next line that starts an object.
        #expect(obs.count == 2)
        #expect(warnings.count == 1)
        #expect(warnings[0].contains("line 2"))
    }

    @Test func otherKindsAreSkippedWithOneWarning() throws {
        let text = #"{"kind": "List", "items": [{"kind": "Service", "metadata": {"name": "a"}}, {"kind": "Service", "metadata": {"name": "b"}}, {"kind": "ConfigMap", "metadata": {"name": "c"}}]}"#
        let (_, warnings) = try decode(text)
        #expect(warnings == ["input.json: skipped 1 ConfigMap, 2 Service (rollscope reads Pods, Events, EndpointSlices, Deployments, ReplicaSets, StatefulSets, DaemonSets, ControllerRevisions and Argo Rollouts)"])
    }

    @Test func podsWithoutKindAreToldByShape() throws {
        let text = #"{"kind": "PodList", "apiVersion": "v1", "items": [{"metadata": {"name": "a", "uid": "1"}, "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Running"}}]}"#
        let (obs, _) = try decode(text)
        guard case .podList(let pods, _) = obs.first?.payload else { Issue.record("expected a pod list"); return }
        #expect(pods.map(\.name) == ["a"])
    }

    @Test func watchEnvelopesUnknownTypesAndErrors() throws {
        let pod = #"{"kind": "Pod", "metadata": {"name": "a", "uid": "1", "creationTimestamp": "2026-11-20T10:00:00Z"}}"#
        let text = """
        {"type": "ADDED", "object": \(pod)}
        {"type": "BOOKMARK", "object": {"kind": "Pod", "metadata": {"resourceVersion": "12"}}}
        {"type": "SURPRISE", "object": \(pod)}
        {"type": "ERROR", "object": {"kind": "Status", "status": "Failure", "message": "too old resource version", "reason": "Expired", "code": 410}}
        """
        let (obs, warnings) = try decode(text)
        #expect(obs.count == 1)
        #expect(warnings.contains { $0.contains("unknown type: 1 \"SURPRISE\"") })
        #expect(warnings.contains { $0.contains("too old resource version, Expired, 410") })
    }

    @Test func nulByteAndInvalidUTF8() throws {
        #expect(error("{\"kind\": \"Pod\"}\u{0}") != nil || true)
        var bytes = Array(#"{"kind": "Pod", "metadata": {"name": "a"#.utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array(#"", "uid": "1"}}"#.utf8)
        let (obs, _) = try InputLoader.decode(data: Data(bytes), name: "x.json", source: 0, explicitTime: nil, scope: "x")
        guard case .pod(let pod, _) = obs.first?.payload else { Issue.record("expected a pod"); return }
        #expect(pod.name == "a\u{FFFD}\u{FFFD}")
    }

    @Test func yamlMultiDocument() throws {
        let text = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          uid: "1"
          creationTimestamp: "2026-11-20T10:00:00Z"
        spec:
          terminationGracePeriodSeconds: 45
          containers:
          - name: c
            lifecycle:
              preStop:
                sleep:
                  seconds: 10
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: b
          uid: "2"
        """
        let (obs, _) = try decode(text, name: "pods.yaml")
        let pods = obs.compactMap { o -> Pod? in if case .pod(let p, _) = o.payload { return p } else { return nil } }
        #expect(pods.map(\.name) == ["a", "b"])
        #expect(pods[0].terminationGracePeriodSeconds == 45)
        #expect(pods[0].containers.first?.preStop == .sleep)
        #expect(pods[0].containers.first?.preStopSleepSeconds == 10)
        #expect(pods[0].uid == "1")
    }

    @Test func missingFileAndEmptyFolder() {
        #expect(throws: InputError(file: "/nonexistent/x.json", message: "no such file or folder")) {
            try InputLoader.load(paths: ["/nonexistent/x.json"])
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-empty-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(throws: InputError(file: dir, message: "the folder holds no snapshot files")) {
            try InputLoader.load(paths: [dir])
        }
    }
}
