import Foundation
import RolloutCore

/// Follows a growing signal log like `tail -F`: reads what is appended, and starts over when
/// the file is rotated (replaced or truncated). Returns complete lines only.
public struct SignalFollower: Sendable {
    public let path: String
    var offset: UInt64 = 0
    var inode: UInt64?
    var partial = Data()

    /// Starts at the end of the current file: old lines are history, not this rollout.
    public init(path: String) {
        self.path = path
        if let (ino, size) = SignalFollower.stat(path) {
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
