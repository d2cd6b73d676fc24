import Foundation
import Testing
@testable import rollscope_fixtures

/// The files under Tests/Fixtures are what `rollscope-fixtures write` writes from the
/// simulator's scenarios: no hand edits, and no generator change left unapplied.
@Suite struct FixtureFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    @Test func committedFixturesAreWhatTheGeneratorWrites() {
        let stale = FixtureSet.make().stale(under: Self.root)
        #expect(stale.isEmpty, "differ from the generator's output (run `swift run rollscope-fixtures write`): \(stale)")
    }

    @Test func theGeneratorWritesTheSameBytesEveryTime() {
        let a = FixtureSet.make().files, b = FixtureSet.make().files
        #expect(a.map(\.path) == b.map(\.path))
        #expect(zip(a, b).allSatisfy { $0.bytes == $1.bytes })
    }
}
