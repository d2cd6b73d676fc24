import Foundation
import Testing
@testable import RolloutCore

/// Finding kinds are a contract: the JSON report's `kind`, the README's table and
/// docs/report-json.md name them, in one order.
@Suite struct FindingKindTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    @Test func rawValuesAreTheReportsNames() {
        #expect(Finding.Kind.allCases.map(\.rawValue) == [
            "grace-exceeded", "no-prestop", "prestop-failed", "dropped-connections", "no-healthy-upstream", "endpoint-serving-after-exit",
            "init-failed", "rollout-stalled", "availability-dip", "node-without-ready-pod", "rollout-held",
            "termination-unobserved", "rollout-aborted",
        ])
        #expect("\(Finding.Kind.noPreStop)" == "no-prestop")
    }

    /// The rows of the table headed `| kind | severity | means |` in the README (or, should it
    /// move, in a page under docs/).
    static func kindTable() throws -> [String] {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
        let files = ["README.md"] + docs.sorted().filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        for file in files {
            let lines = try text(file).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let header = lines.firstIndex(of: "| kind | severity | means |") else { continue }
            return Array(lines[(header + 2)...].prefix { $0.hasPrefix("|") })
        }
        return []
    }

    @Test func readmeTableListsEveryKindInOrderWithItsSeverity() throws {
        let expected = Finding.Kind.allCases.map { "| `\($0.rawValue)` | \($0.severityText) | \($0.meaning) |" }
        #expect(try Self.kindTable() == expected)
    }

    @Test func reportDocumentationListsEveryKindInOrder() throws {
        let doc = try Self.text("docs/report-json.md")
        let list = Finding.Kind.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
        #expect(doc.replacingOccurrences(of: "\n", with: " ").contains("Finding kinds: \(list)."))
    }

    @Test func onlyInitFailedVariesInSeverity() {
        for kind in Finding.Kind.allCases {
            #expect(kind.severityText == (kind == .initFailed ? "error / warning" : kind.severity.rawValue))
        }
        #expect(Finding.Kind.allCases.filter { !$0.isAboutAPod } == [.noHealthyUpstream, .rolloutStalled, .availabilityDip,
                                                                   .nodeWithoutReadyPod, .rolloutHeld, .rolloutAborted])
    }
}
