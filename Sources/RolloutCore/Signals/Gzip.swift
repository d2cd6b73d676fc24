import CZlib
import Foundation

/// gzip decompression through zlib, in chunks: a compressed log is read without ever holding
/// all of it decompressed, and a "gzip bomb" costs time, not memory. Foundation on Linux has
/// no gzip API.
enum Gzip {
    struct Failure: Error { var message: String }

    /// gzip's magic number, 1f 8b: told by content, never by the file's name.
    static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// Decompresses `data` (one or more concatenated gzip members, as `cat a.gz b.gz` makes),
    /// handing each decompressed chunk to `body`.
    static func inflate(_ data: Data, _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws(Failure) {
        let chunk = 1 << 18
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
        defer { out.deallocate() }
        var failure: Failure?
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                // Anything after a member that is not another member (zero padding) ends the file.
                guard raw.count - offset >= 2, base[offset] == 0x1F, base[offset + 1] == 0x8B else { break }
                var stream = z_stream()
                guard rollscope_inflate_init_gzip(&stream) == Z_OK else { failure = Failure(message: "zlib could not start"); return }
                defer { inflateEnd(&stream) }
                stream.next_in = UnsafeMutablePointer(mutating: base + offset)
                let available = raw.count - offset
                // avail_in is 32 bits wide: feed at most 1 GiB at a time.
                stream.avail_in = UInt32(min(available, 1 << 30))
                var fed = Int(stream.avail_in)
                var status: Int32 = Z_OK
                repeat {
                    stream.next_out = out
                    stream.avail_out = UInt32(chunk)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    let produced = chunk - Int(stream.avail_out)
                    if produced > 0 { body(UnsafeBufferPointer(start: out, count: produced)) }
                    if stream.avail_in == 0 && fed < available {
                        let more = min(available - fed, 1 << 30)
                        stream.next_in = UnsafeMutablePointer(mutating: base + offset + fed)
                        stream.avail_in = UInt32(more)
                        fed += more
                    }
                } while status == Z_OK
                guard status == Z_STREAM_END else {
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    failure = Failure(message: status == Z_BUF_ERROR ? "it is cut off" : reason)
                    return
                }
                offset += Int(stream.total_in)
            }
        }
        if let failure { throw failure }
    }
}

/// Splits bytes that arrive in chunks into lines, without the newline; a line longer than
/// `SignalParser.maxLineLength` is reported as too long and not kept.
struct LineSplitter {
    var partial: [UInt8] = []
    /// Dropping the rest of a line that was too long.
    var overlong = false

    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ line: (UnsafeBufferPointer<UInt8>, _ tooLong: Bool) -> Void) {
        var start = 0
        while start < chunk.count {
            guard let p = memchr(chunk.baseAddress! + start, 0x0A, chunk.count - start) else {
                append(UnsafeBufferPointer(rebasing: chunk[start...]))
                return
            }
            let end = chunk.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
            if overlong {
                overlong = false
                partial.removeAll(keepingCapacity: true)
                line(UnsafeBufferPointer(start: nil, count: 0), true)
            } else if partial.isEmpty {
                let piece = UnsafeBufferPointer(rebasing: chunk[start..<end])
                line(piece, piece.count > SignalParser.maxLineLength)
            } else {
                append(UnsafeBufferPointer(rebasing: chunk[start..<end]))
                if overlong {
                    overlong = false
                    line(UnsafeBufferPointer(start: nil, count: 0), true)
                } else {
                    partial.withUnsafeBufferPointer { line($0, false) }
                }
                partial.removeAll(keepingCapacity: true)
            }
            start = end + 1
        }
    }

    mutating func append(_ piece: UnsafeBufferPointer<UInt8>) {
        guard !overlong else { return }
        if partial.count + piece.count > SignalParser.maxLineLength {
            overlong = true
            partial.removeAll()
        } else {
            partial.append(contentsOf: piece)
        }
    }

    /// The last line, when the input did not end with a newline.
    mutating func finish(_ line: (UnsafeBufferPointer<UInt8>, _ tooLong: Bool) -> Void) {
        if overlong {
            line(UnsafeBufferPointer(start: nil, count: 0), true)
        } else if !partial.isEmpty {
            partial.withUnsafeBufferPointer { line($0, false) }
        }
        partial.removeAll()
        overlong = false
    }
}
