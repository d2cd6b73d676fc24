import Foundation
import Testing
@testable import RolloutCore

/// The real pods the benchmark's `real` shape is made of (derailed/k9s, Apache-2.0; see
/// Fixtures/README.md) read as what they are, and a List of them read alike however it is
/// laid out: kubectl's indentation, two spaces, minified.
@Suite struct ReportShapeTests {
    static func pods(_ data: Data, name: String = "pods.json") throws -> [Pod] {
        let decoded = try InputLoader.decode(data: data, name: name, source: 0, explicitTime: nil, scope: name)
        #expect(decoded.warnings.isEmpty, "\(decoded.warnings)")
        return decoded.observations.flatMap { o -> [Pod] in
            switch o.payload {
            case .pod(let p, _): [p]
            case .podList(let ps, _): ps
            default: []
            }
        }
    }

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("real/" + name)))
    }

    @Test func aRealPodOfADeployment() throws {
        let p = try #require(try Self.pods(Self.fixture("k9s-p1.json")).first)
        #expect(p.name == "nginx-7fb78fb6d8-2w75j" && p.namespace == "default" && p.replicaSet == "nginx-7fb78fb6d8")
        #expect(p.nodeName == "gke-k9s-default-pool-0fa2fb89-lbtf" && p.podIP == "10.44.0.229" && p.phase == "Running")
        #expect(p.containers.map(\.name) == ["nginx"] && p.containerStatuses.first?.state.running == true)
    }

    @Test func aRealPodWithAnInitContainerAndLastAppliedConfiguration() throws {
        let p = try #require(try Self.pods(Self.fixture("k9s-po-init.json")).first)
        #expect(p.name == "nginx" && p.nodeName == "minikube" && p.terminationGracePeriodSeconds == 0)
        #expect(p.initContainers.map(\.name) == ["ic1"] && p.initContainerStatuses.map(\.name) == ["ic1"])
        #expect(p.conditions.map(\.type) == ["Initialized", "Ready", "ContainersReady", "PodScheduled"])
    }

    @Test func aRealPodWithANativeSidecar() throws {
        let p = try #require(try Self.pods(Self.fixture("k9s-po-sidecar.json")).first)
        #expect(p.name == "sleep" && p.initContainers.map(\.name) == ["init", "sidecar"])
        #expect(p.initContainers.map(\.restartPolicy) == [nil, "Always"])
        let sidecar = try #require(p.initContainerStatuses.first { $0.name == "sidecar" })
        #expect(sidecar.state.running)
        #expect(p.initContainerStatuses.first { $0.name == "init" }?.state.terminated?.reason == "Completed")
    }

    /// The three real pods, repeated in a List, pretty, with two spaces, and minified: the same pods.
    @Test func aListOfRealPodsReadsTheSameInEveryLayout() throws {
        var items: [JSONValue] = []
        for name in ["k9s-p1.json", "k9s-po-init.json", "k9s-po-sidecar.json"] {
            items.append(try Self.fixture(name).withUnsafeBytes { try JSONValue.parse($0) })
        }
        var many: [JSONValue] = []
        for i in 0..<3000 {
            var p = items[i % 3]
            var meta = p["metadata"] ?? [:]
            meta["name"] = .string("pod-\(i)")
            meta["uid"] = .string("uid-\(i)")
            p["metadata"] = meta
            many.append(p)
        }
        let list: JSONValue = ["apiVersion": "v1", "items": .array(many), "kind": "List", "metadata": ["resourceVersion": ""]]
        func text(_ indent: Int?) -> Data {
            var w = indent.map { JSONWriter(pretty: true, indentWidth: $0) } ?? JSONWriter(pretty: false)
            list.write(to: &w, sortedKeys: true)
            return Data(w.output.utf8)
        }
        let compact = text(nil)
        #expect(compact.count >= JSONReader.parallelThreshold)
        let expected = (0..<3000).map { "pod-\($0)" }
        for data in [text(4), text(2), compact] {
            let pods = try Self.pods(data)
            #expect(pods.map(\.name) == expected)
            #expect(pods.map(\.initContainers.count) == (0..<3000).map { [0, 1, 2][$0 % 3] })
        }
    }
}
