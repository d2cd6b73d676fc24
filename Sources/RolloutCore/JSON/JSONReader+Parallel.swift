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
    /// that starts at `pos` seems to begin, from the indentation of its first element.
    func splitCandidate() -> Int? {
        guard pos < end, base[pos] == UInt8(ascii: "{") else { return nil }
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
