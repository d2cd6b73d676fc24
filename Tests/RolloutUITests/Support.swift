import Foundation
import Testing
@testable import RolloutCore
@testable import RolloutUI
import TestSupport

enum UIPaths {
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    static func fixture(_ relative: String) -> String { Fixtures.path(relative) }
}

func store(_ inputs: [String], signals: [String] = []) throws -> ObservationStore {
    try ObservationStore.load(inputs: inputs.map(UIPaths.fixture), signalFiles: signals.map(UIPaths.fixture))
}

func replayApp(_ inputs: [String], signals: [String] = []) throws -> App {
    App(store: try store(inputs, signals: signals), mode: .replay, source: "fixture")
}

/// Compares a screen (text and style mask) with a golden; `UPDATE_GOLDENS=1` rewrites it.
func expectScreen(_ buf: ScreenBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let actual = buf.text + "\n" + String(repeating: "~", count: buf.width) + "\n" + buf.styleMask + "\n"
    Golden.expect(actual, name, in: UIPaths.goldens, sourceLocation: sourceLocation)
}

/// A `width` x `height` buffer filled with `x`, so the cells a pane did not write show.
func marked(_ width: Int, _ height: Int) -> ScreenBuffer {
    var buf = ScreenBuffer(width: width, height: height)
    buf.fill(Rect(x: 0, y: 0, width: width, height: height), "x")
    return buf
}

extension ScreenBuffer {
    /// The rows as text, nothing trimmed.
    var rows: [String] { (0..<height).map { y in String((0..<width).map { self[$0, y].char }) } }
    /// The rows' style masks, nothing trimmed.
    var maskRows: [String] { (0..<height).map { y in String((0..<width).map { self[$0, y].style.maskCode }) } }
}

/// A replay of `count` running, ready pods of one workload, from one `kubectl get pods -o json`.
func manyPodsApp(_ count: Int) throws -> App {
    let pods = (0..<count).map { i in
        #"{"kind": "Pod", "metadata": {"name": "web-abc-\#(i)", "uid": "u\#(i)", "namespace": "shop", "creationTimestamp": "2026-11-20T10:00:00Z", "labels": {"app": "web", "pod-template-hash": "abc"}}, "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-11-20T10:00:05Z"}]}}"#
    }
    let list = #"{"apiVersion": "v1", "kind": "List", "items": ["# + pods.joined(separator: ", ") + "]}"
    return App(store: try ObservationStore.load(inputs: [temporaryFile(list)], signalFiles: []), mode: .replay, source: "many")
}
