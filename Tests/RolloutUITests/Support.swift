import Foundation
import Testing
@testable import RolloutCore
@testable import RolloutUI

enum UIPaths {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let goldens = testsDir.appendingPathComponent("Goldens")
    /// The core's fixtures: real kubectl output of each scenario.
    static let fixtures = testsDir.deletingLastPathComponent().appendingPathComponent("RolloutCoreTests/Fixtures")
    static func fixture(_ relative: String) -> String { fixtures.appendingPathComponent(relative).path }
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
    let url = UIPaths.goldens.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
        try? FileManager.default.createDirectory(at: UIPaths.goldens, withIntermediateDirectories: true)
        try? Data(actual.utf8).write(to: url)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("golden \(name) is missing; run UPDATE_GOLDENS=1 swift test", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        var diff: [String] = []
        for i in 0..<max(e.count, a.count) {
            let x = i < e.count ? e[i] : "", y = i < a.count ? a[i] : ""
            if x != y { diff += ["- \(i + 1): \(x)", "+ \(i + 1): \(y)"] }
        }
        Issue.record(Comment(rawValue: "\(name) differs from its golden:\n" + diff.prefix(40).joined(separator: "\n")), sourceLocation: sourceLocation)
    }
}
