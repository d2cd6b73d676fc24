import Testing
import RolloutCore
@testable import RolloutSim

/// `-o yaml` as sigs.k8s.io/yaml (go-yaml v2) prints it.
@Suite struct KubeYAMLTests {
    @Test(arguments: [
        ("web", "web\n"),
        ("48213", "\"48213\"\n"),
        ("2026-11-20T10:00:05Z", "\"2026-11-20T10:00:05Z\"\n"),
        ("true", "\"true\"\n"),
        ("y", "\"y\"\n"),
        ("1:30", "\"1:30\"\n"),
        ("", "\"\"\n"),
        ("a: b", "'a: b'\n"),
        ("- x", "'- x'\n"),
        ("it's", "it's\n"),
        ("10.244.1.7", "10.244.1.7\n"),
    ])
    func scalars(_ text: String, _ yaml: String) {
        #expect(KubeYAML.document(["k": .string(text)]) == "k: " + yaml)
    }

    @Test func mappingsAndSequences() {
        let v: JSONValue = ["b": [["name": "x", "a": 1], "z"], "a": [:], "c": [], "d": .null, "e": false]
        #expect(KubeYAML.document(v) == "a: {}\nb:\n- a: 1\n  name: x\n- z\nc: []\nd: null\ne: false\n")
    }

    @Test func keysInGoYAMLsNaturalOrder() {
        #expect(KubeYAML.naturalLess("a9", "a10"))
        #expect(!KubeYAML.naturalLess("a10", "a9"))
        #expect(KubeYAML.naturalLess("apiVersion", "items"))
        #expect(KubeYAML.naturalLess("a", "a1"))
    }

    @Test func longScalarsFoldPastColumn80() {
        let message = "Readiness probe failed: Get \"http://10.244.2.5:8080/healthz\": dial tcp 10.244.2.5:8080: connect: connection refused"
        #expect(KubeYAML.document(["items": [["message": .string(message)]]]) == """
            items:
            - message: 'Readiness probe failed: Get "http://10.244.2.5:8080/healthz": dial tcp
                10.244.2.5:8080: connect: connection refused'

            """)
    }
}
