import Foundation

/// Splits a byte stream (kubectl's stdout) into complete top-level JSON values, whether they
/// are pretty-printed over many lines or one a line. Text outside any value (a stray line
/// of garbage) is returned as such, one line at a time, so it can be reported and skipped.
public struct StreamSplitter: Sendable {
    public enum Piece: Equatable, Sendable {
        case value(Data)
        case garbage(String)
    }

    var buffer = Data()
    /// Scan state for the value being collected.
    var depth = 0
    var inString = false
    var escaped = false
    var scanned = 0
    /// Values larger than this are dropped (a hostile or broken stream must not eat memory).
    public let maxValueBytes: Int

    public init(maxValueBytes: Int = 64 << 20) { self.maxValueBytes = maxValueBytes }

    /// Adds bytes; returns every piece completed by them.
    public mutating func push(_ chunk: Data) -> [Piece] {
        buffer.append(chunk)
        var out: [Piece] = []
        while let piece = next() { out.append(piece) }
        return out
    }

    /// At end of stream: whatever is left that is not whitespace, as garbage.
    public mutating func finish() -> [Piece] {
        defer { buffer.removeAll(); depth = 0; inString = false; escaped = false; scanned = 0 }
        let rest = String(decoding: buffer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return rest.isEmpty ? [] : [.garbage(String(rest.prefix(300)))]
    }

    mutating func next() -> Piece? {
        // Between values: skip whitespace; a line not starting a value is garbage.
        if depth == 0 && scanned == 0 {
            var i = buffer.startIndex
            while i < buffer.endIndex, [0x20, 0x0A, 0x0D, 0x09].contains(buffer[i]) { i += 1 }
            if i > buffer.startIndex { buffer.removeSubrange(buffer.startIndex..<i) }
            guard let first = buffer.first else { return nil }
            if first != UInt8(ascii: "{") && first != UInt8(ascii: "[") {
                guard let nl = buffer.firstIndex(of: 0x0A) else {
                    if buffer.count > 4096 {
                        let line = String(decoding: buffer.prefix(300), as: UTF8.self)
                        buffer.removeAll()
                        return .garbage(line)
                    }
                    return nil
                }
                let line = String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...nl)
                return .garbage(String(line.prefix(300)))
            }
        }
        let base = buffer.startIndex
        var i = base + scanned
        while i < buffer.endIndex {
            let c = buffer[i]
            if inString {
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 {
                    let value = Data(buffer[base...i])
                    buffer.removeSubrange(base...i)
                    scanned = 0
                    return .value(value)
                }
            }
            i += 1
        }
        scanned = i - base
        if scanned > maxValueBytes {
            buffer.removeAll()
            scanned = 0
            depth = 0
            inString = false
            escaped = false
            return .garbage("a value larger than \(maxValueBytes >> 20) MiB was dropped")
        }
        return nil
    }
}
