import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a report goes: standard output (through `Output`, so `| head` ends quietly), or the
/// file `--output` names, written whole at the end. A file that cannot be written is one line
/// naming it and exit status 2.
struct ReportSink {
    let path: String?
    private var buffer: [UInt8] = []

    init(path: String?) { self.path = path }

    mutating func write(_ bytes: [UInt8]) {
        if path == nil { Output.write(bytes) } else { buffer += bytes }
    }

    mutating func write(_ text: String) { write(Array(text.utf8)) }

    func finish() {
        if let path { Self.writeFile(path, buffer) }
    }

    static func writeFile(_ path: String, _ text: String) { writeFile(path, Array(text.utf8)) }

    static func writeFile(_ path: String, _ bytes: [UInt8]) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { fail(path, errno) }
        let error = Output.writeAll(fd, bytes)
        if error != 0 { close(fd); fail(path, error) }
        if close(fd) != 0 { fail(path, errno) }
    }

    private static func fail(_ path: String, _ error: Int32) -> Never {
        printError("rollscope: \(path): cannot write (\(String(cString: strerror(error))))")
        exit(2)
    }

    /// `target`'s path relative to the directory of `from` (the current directory when the
    /// Markdown goes to standard output), percent-encoded for a Markdown link.
    static func relativeLink(to target: String, from: String?) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        func components(_ p: String) -> [String] {
            URL(fileURLWithPath: p, relativeTo: URL(fileURLWithPath: cwd, isDirectory: true)).standardizedFileURL.pathComponents
        }
        let base = from.map { Array(components($0).dropLast()) } ?? components(cwd)
        let goal = components(target)
        var common = 0
        while common < min(base.count, goal.count - 1) && base[common] == goal[common] { common += 1 }
        let parts = Array(repeating: "..", count: base.count - common) + goal[common...]
        return parts.map(encode).joined(separator: "/")
    }

    /// Characters other than letters, digits and `-._~` as %XX (UTF-8), so a path with
    /// spaces, parentheses or brackets stays one link.
    static func encode(_ part: String) -> String {
        var out = ""
        for b in part.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(b)))
            default:
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded
            }
        }
        return out
    }
}

private extension String {
    var leftPadded: String { count == 1 ? "0" + self : self }
}
