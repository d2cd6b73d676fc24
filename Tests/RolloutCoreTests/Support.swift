import Foundation
import Testing
@testable import RolloutCore

/// Paths to fixtures and goldens next to this file.
enum Paths {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDir.appendingPathComponent("Fixtures")
    static let goldens = testsDir.appendingPathComponent("Goldens")

    static func fixture(_ relative: String) -> String { fixtures.appendingPathComponent(relative).path }
}

/// Decodes in-memory text as if it were a file named `name`.
func decode(_ text: String, name: String = "input.json", explicitTime: Instant? = nil) throws(InputError) -> (observations: [Observation], warnings: [String]) {
    try InputLoader.decode(data: Data(text.utf8), name: name, source: 0, explicitTime: explicitTime, scope: name)
}

/// Writes `text` to a fresh temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "input.json") -> String {
    temporaryFile(Data(text.utf8), name: name)
}

func temporaryFile(_ data: Data, name: String = "input.json") -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try? data.write(to: url)
    return url.path
}

func t(_ s: String) -> Instant { Instant(rfc3339: s)! }

/// Compares `actual` with a golden file; on mismatch records a line diff.
/// `UPDATE_GOLDENS=1 swift test` rewrites the goldens instead.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = Paths.goldens.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
        try? FileManager.default.createDirectory(at: Paths.goldens, withIntermediateDirectories: true)
        try? Data(actual.utf8).write(to: url)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("golden \(name) is missing; run UPDATE_GOLDENS=1 swift test to create it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        Issue.record(Comment(rawValue: "\(name) differs from its golden (- expected, + actual):\n" + lineDiff(expected, actual)), sourceLocation: sourceLocation)
    }
}

/// A minimal line diff (longest common subsequence), enough to read a golden failure.
func lineDiff(_ a: String, _ b: String) -> String {
    let x = a.components(separatedBy: "\n"), y = b.components(separatedBy: "\n")
    var lcs = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
    for i in stride(from: x.count - 1, through: 0, by: -1) {
        for j in stride(from: y.count - 1, through: 0, by: -1) {
            lcs[i][j] = x[i] == y[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
        }
    }
    var out: [String] = []
    var i = 0, j = 0
    while i < x.count || j < y.count {
        if i < x.count, j < y.count, x[i] == y[j] { i += 1; j += 1; continue }
        if j < y.count, i == x.count || lcs[i][j + 1] >= lcs[i + 1][j] {
            out.append("+ \(j + 1): \(y[j])"); j += 1
        } else {
            out.append("- \(i + 1): \(x[i])"); i += 1
        }
    }
    return out.joined(separator: "\n")
}
