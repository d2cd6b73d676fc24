#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

extension JSONReader {
    /// Arrays smaller than this are decoded on one thread: a second one would not pay for itself.
    public static let parallelThreshold = 4 << 20

    /// Decodes every element of an array (nil results are dropped), splitting a large
    /// pretty-printed array in two halves decoded at once on two threads.
    ///
    /// The split is speculative and verified, so the result is exactly what one thread gives:
    /// kubectl indents every element of an array alike, so a line holding only the element
    /// indentation and `{`, right after one holding that indentation and `},`, is where an
    /// element starts. A second thread decodes from such a line near the middle while this
    /// one decodes from the start. The guess is taken only if this thread, decoding element
    /// after element, arrives exactly there; otherwise, or if the second half failed, this
    /// thread goes on alone from where it is, and errors come out as they would without it.
    public mutating func decodeElements<T>(
        parallelAbove threshold: Int = JSONReader.parallelThreshold,
        _ element: (inout JSONReader) throws(JSONError) -> T?
    ) throws(JSONError) -> [T] {
        var out: [T] = []
        guard try beginArray() else { return out }
        skipWhitespace()
        #if os(Linux)
        let large = end - pos >= threshold
        #else
        let large = false // the second thread is written for Linux's pthreads
        #endif
        if large, let split = splitCandidate() {
            let done = try withoutActuallyEscaping(element) { (element) throws(JSONError) -> Bool in
                try decodeSplit(at: split, into: &out, element)
            }
            if done { return out }
        }
        while try nextElement() {
            if let v = try element(&self) { out.append(v) }
            first = false
        }
        return out
    }

    /// A byte offset near the middle of the rest of the input where an element of the array
    /// that starts at `pos` seems to begin: from the indentation of its first element when it
    /// is pretty-printed (kubectl), else from how its first element begins (compact or
    /// irregularly indented input: `jq -c`, the API server's own output).
    func splitCandidate() -> Int? {
        guard pos < end, base[pos] == UInt8(ascii: "{") else { return nil }
        return indentedSplitCandidate() ?? headSplitCandidate()
    }

    /// The element boundary kubectl's indentation gives, after the middle.
    func indentedSplitCandidate() -> Int? {
        // The first element's indentation: spaces from the line start up to `{`.
        var lineStart = pos
        while lineStart > 0, base[lineStart - 1] == 0x20 { lineStart -= 1 }
        guard lineStart > 0, base[lineStart - 1] == 0x0A else { return nil }
        let indent = pos - lineStart
        guard indent > 0, indent <= 64 else { return nil }
        // "\n" + indent + "},\n" + indent + "{"
        var pattern: [UInt8] = [0x0A]
        pattern += repeatElement(0x20, count: indent)
        pattern += [UInt8(ascii: "}"), UInt8(ascii: ","), 0x0A]
        pattern += repeatElement(0x20, count: indent)
        pattern.append(UInt8(ascii: "{"))
        // The first match after the middle (usually within one element's length of it).
        var i = pos + (end - pos) / 2
        return pattern.withUnsafeBufferPointer { p -> Int? in
            while i + p.count <= end {
                guard let nl = memchr(base + i, 0x0A, end - i) else { return nil }
                let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(nl))
                if at + p.count <= end, memcmp(base + at, p.baseAddress!, p.count) == 0 { return at + p.count - 1 }
                i = at + 1
            }
            return nil
        }
    }

    /// An element boundary after the middle found by content, whatever the whitespace: `}`,
    /// `,` and a `{` whose first keys (up to four, or to the first nested value) are those of
    /// the array's first element, as `"apiVersion"`, `"kind"` and `"metadata": {` begin every
    /// pod of a List. It is a guess like the other: a nested object that begins alike is
    /// caught by the check in `decodeSplit`.
    func headSplitCandidate() -> Int? {
        guard let head = headSignature(at: pos), let keyLength = head.firstIndex(of: 0) else { return nil }
        // The first key with its quotes is what is searched for.
        let key = [UInt8(ascii: "\"")] + head[..<keyLength] + [UInt8(ascii: "\"")]
        let mid = pos + (end - pos) / 2
        // Within a few large elements of the middle, or not at all (a List of other objects).
        let limit = Swift.min(end, mid + (4 << 20))
        return key.withUnsafeBufferPointer { k -> Int? in
            var from = mid
            while from < limit {
                // A quote, then the key (memmem is not in Glibc's Swift module).
                guard let hit = memchr(base + from, Int32(UInt8(ascii: "\"")), limit - from) else { return nil }
                let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                from = at + 1
                guard at + k.count <= end, memcmp(base + at, k.baseAddress!, k.count) == 0 else { continue }
                // Backwards: `{`, then `,`, then `}`, whitespace between.
                var b = at - 1
                while b > pos, JSONReader.isSpace(base[b]) { b -= 1 }
                guard b > pos, base[b] == UInt8(ascii: "{") else { continue }
                let open = b
                b -= 1
                while b > pos, JSONReader.isSpace(base[b]) { b -= 1 }
                guard b > pos, base[b] == UInt8(ascii: ",") else { continue }
                b -= 1
                while b > pos, JSONReader.isSpace(base[b]) { b -= 1 }
                guard b > pos, base[b] == UInt8(ascii: "}") else { continue }
                if headSignature(at: open) == head { return open }
            }
            return nil
        }
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    /// The first keys of the object at `start` (up to four, each followed by a 0 byte), ending
    /// with the `{` or `[` of the first nested value or the object's `}`; nil when no object
    /// with a plain first key starts there.
    func headSignature(at start: Int) -> [UInt8]? {
        var r = self
        r.pos = start
        guard r.pos < end, base[r.pos] == UInt8(ascii: "{") else { return nil }
        r.pos += 1
        var signature: [UInt8] = []
        for _ in 0..<4 {
            r.skipWhitespace()
            guard r.pos < end, base[r.pos] == UInt8(ascii: "\""), let key = try? r.scanStringRaw(), !key.hasEscapes else { return nil }
            signature.append(contentsOf: UnsafeBufferPointer(start: key.start, count: key.count))
            signature.append(0)
            r.skipWhitespace()
            guard r.pos < end, base[r.pos] == UInt8(ascii: ":") else { return nil }
            r.pos += 1
            r.skipWhitespace()
            guard r.pos < end else { return nil }
            let c = base[r.pos]
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                signature.append(c)
                return signature
            }
            if c == UInt8(ascii: "\"") {
                guard (try? r.scanStringRaw()) != nil else { return nil }
            } else {
                // A number or a literal.
                while r.pos < end, base[r.pos] != UInt8(ascii: ","), base[r.pos] != UInt8(ascii: "}"), !JSONReader.isSpace(base[r.pos]) {
                    r.pos += 1
                }
            }
            r.skipWhitespace()
            guard r.pos < end else { return nil }
            if base[r.pos] == UInt8(ascii: "}") {
                signature.append(UInt8(ascii: "}"))
                return signature
            }
            guard base[r.pos] == UInt8(ascii: ",") else { return nil }
            r.pos += 1
        }
        return signature
    }

    /// Decodes the elements before `split` here and those from `split` on another thread.
    /// Returns false (with `out` holding the elements before the point reached, and the
    /// reader positioned to go on) when the guess proved wrong or the second half failed.
    mutating func decodeSplit<T>(at split: Int, into out: inout [T], _ element: @escaping (inout JSONReader) throws(JSONError) -> T?) throws(JSONError) -> Bool {
        let job = SecondHalf<T>(reader: JSONReader(base: base, count: end), element: element)
        job.reader.pos = split
        job.reader.depth = depth
        job.reader.first = true
        // Without a second thread, everything is decoded here.
        guard let thread = SecondThread(job) else { return false }
        // Wait for the other thread whatever happens here: it reads the same buffer. Unless
        // its half was taken (joined already), it is told to stop: a wrong guess can start it
        // anywhere in the rest of the input, even in a larger array after this one.
        defer {
            job.stop.store(true, ordering: .relaxed)
            thread.join()
        }

        var atSplit = false
        while try nextElement() {
            skipWhitespace()
            if pos == split { atSplit = true; break }
            let wasPast = pos > split
            if let v = try element(&self) { out.append(v) }
            first = false
            // Past the guess: it was not an element of this array; go on alone.
            if wasPast || pos > split { return false }
        }
        // The array ended before the guess: every element is already decoded.
        guard atSplit else { return true }
        thread.join()
        guard job.failed == nil else {
            // Decode the second half here, so its error is reported exactly as without threads.
            first = true
            return false
        }
        out += job.results
        continueWith(job.reader)
        return true
    }
}

/// The second thread's half of a split array.
final class SecondHalf<T> {
    var reader: JSONReader
    let element: (inout JSONReader) throws(JSONError) -> T?
    var results: [T] = []
    var failed: JSONError?
    /// Set when the first half no longer needs this one; checked between elements.
    let stop = Atomic<Bool>(false)

    init(reader: JSONReader, element: @escaping (inout JSONReader) throws(JSONError) -> T?) {
        self.reader = reader
        self.element = element
    }

    func run() {
        do {
            while !stop.load(ordering: .relaxed), try reader.nextElement() {
                if let v = try element(&reader) { results.append(v) }
                reader.first = false
            }
        } catch {
            failed = error
        }
    }
}
