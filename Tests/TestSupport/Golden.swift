import Foundation
import Testing

/// The fixtures every test target reads: real-shaped kubectl output of each scenario, the
/// hostile corpus and the regression inputs, in `Tests/Fixtures`.
public enum Fixtures {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The absolute path of `relative` under `Tests/Fixtures`.
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// Writes `text` to a file named `name` in a fresh temporary folder and returns its path.
public func temporaryFile(_ text: String, name: String = "input.json") -> String {
    temporaryFile(Data(text.utf8), name: name)
}

public func temporaryFile(_ data: Data, name: String = "input.json") -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try? data.write(to: url)
    return url.path
}

/// Golden files: text a test must produce exactly. `UPDATE_GOLDENS=1 swift test` rewrites
/// them instead of comparing; read the diff before committing.
public enum Golden {
    /// Compares `actual` with the file `name` in `directory`; on a mismatch records a line diff.
    public static func expect(_ actual: String, _ name: String, in directory: URL,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? Data(actual.utf8).write(to: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("golden \(name) is missing; run UPDATE_GOLDENS=1 swift test to create it", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record(Comment(rawValue: "\(name) differs from its golden (- expected, + actual):\n" + lineDiff(expected, actual)),
                         sourceLocation: sourceLocation)
        }
    }

    /// A line diff by longest common subsequence: the changed lines with their numbers, at
    /// most `limit` of them.
    public static func lineDiff(_ a: String, _ b: String, limit: Int = 60) -> String {
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
        if out.count > limit { return (out.prefix(limit) + ["(\(out.count - limit) more changed lines)"]).joined(separator: "\n") }
        return out.joined(separator: "\n")
    }
}
