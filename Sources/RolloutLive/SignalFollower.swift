import Foundation
import RolloutCore

/// Follows a growing signal log like `tail -F`: reads what is appended, and starts over when
/// the file is rotated (replaced or truncated). Returns complete lines only.
public struct SignalFollower: Sendable {
    public let path: String
    var offset: UInt64 = 0
    var inode: UInt64?
    var partial = Data()

    /// Starts at the end of the current file (old lines are history, not this rollout),
    /// unless `fromStart`.
    public init(path: String, fromStart: Bool = false) {
        self.path = path
        if !fromStart, let (ino, size) = SignalFollower.stat(path) {
            inode = ino
            offset = size
        }
    }

    static func stat(_ path: String) -> (UInt64, UInt64)? {
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        let ino = (attrs[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
        let size = (attrs[.size] as? NSNumber)?.uint64Value ?? 0
        return (ino, size)
    }

    /// New complete lines since the last call.
    public mutating func poll() -> [String] {
        guard let (ino, size) = SignalFollower.stat(path) else { return [] }
        if inode != ino || size < offset {
            // Rotated or truncated: read the new file from its start.
            inode = ino
            offset = 0
            partial.removeAll()
        }
        guard size > offset, let h = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? h.close() }
        do {
            try h.seek(toOffset: offset)
            let chunk = try h.read(upToCount: Int(min(size - offset, 8 << 20))) ?? Data()
            offset += UInt64(chunk.count)
            partial.append(chunk)
        } catch {
            return []
        }
        var lines: [String] = []
        if partial.count > 1 << 16, partial.firstIndex(of: 0x0A) == nil { partial.removeAll() }
        while let nl = partial.firstIndex(of: 0x0A) {
            lines.append(String(decoding: partial[partial.startIndex..<nl], as: UTF8.self))
            partial.removeSubrange(partial.startIndex...nl)
        }
        return lines
    }
}

/// Splits a command line into an argv the way a shell would for simple quoting, without
/// running a shell: words, 'single' and "double" quotes, backslash escapes.
public enum CommandLineSplitter {
    public static func split(_ s: String) -> [String] {
        var out: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escape = false
        for c in s {
            if escape { current.append(c); escape = false; inWord = true; continue }
            if c == "\\" && quote != "'" { escape = true; continue }
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
                continue
            }
            if c == "'" || c == "\"" { quote = c; inWord = true; continue }
            if c == " " || c == "\t" || c == "\n" {
                if inWord { out.append(current); current = ""; inWord = false }
                continue
            }
            current.append(c)
            inWord = true
        }
        if inWord { out.append(current) }
        return out
    }
}
