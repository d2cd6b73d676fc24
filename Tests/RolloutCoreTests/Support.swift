import Foundation
import Testing
@testable import RolloutCore
import TestSupport

/// The shared fixtures, and this target's goldens.
enum Paths {
    static let fixtures = Fixtures.root
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    static func fixture(_ relative: String) -> String { Fixtures.path(relative) }
}

/// Decodes in-memory text as if it were a file named `name`.
func decode(_ text: String, name: String = "input.json", explicitTime: Instant? = nil) throws(InputError) -> (observations: [Observation], warnings: [String]) {
    try InputLoader.decode(data: Data(text.utf8), name: name, source: 0, explicitTime: explicitTime, scope: name)
}

func t(_ s: String) -> Instant { Instant(rfc3339: s)! }

/// Compares `actual` with the golden `name` in this target's Goldens folder.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    Golden.expect(actual, name, in: Paths.goldens, sourceLocation: sourceLocation)
}
