import Foundation

/// Reads signal files: proxy access logs and JSON Lines, the format told apart line by line,
/// so one file may mix them (several proxies' logs concatenated, `kubectl logs` of several
/// pods). What counts as a dropped connection in each format is decided in that format's
/// file (`SignalParser+Nginx.swift` and the others) and listed in the README.
///
/// Lines arrive as users collect them: plain files, gzip files (AWS delivers `.log.gz`; told by
/// content, not by name), `kubectl logs --prefix` (`[pod/NAME/container] `) and `--timestamps`
/// prefixes, CRLF line ends. Only the lines that become signals are turned into strings: a
/// log of millions of successful requests costs a scan, not an allocation per line.
public enum SignalParser {
    /// HTTP statuses that mean the upstream pod did not answer.
    static let droppedStatuses: Set<Int> = [502, 503, 504]
    /// `kind` values that are not failures.
    static let benignKinds: Set<String> = ["ok", "success", "info", "2xx", "request"]
    /// Longer lines are no access-log lines: skipped unread, so a hostile file stays bounded.
    public static let maxLineLength = 65_536

    /// What reading a file (or a stream of lines) gave.
    public struct Result: Sendable {
        public var signals: [Signal] = []
        /// Lines read as one of the formats (whether or not they were failures).
        public var linesRead = 0
        public var skipped = 0
        public var firstSkipped: Int?
        /// Lines read, per format.
        public var formats: [SignalFormat: Int] = [:]
        /// Lines of other log types that were recognised and skipped (`AWS NLB access log`), by type.
        public var otherTypes: [String: Int] = [:]
        public init() {}

        mutating func read(_ format: SignalFormat) {
            linesRead += 1
            formats[format, default: 0] += 1
        }

        mutating func skip(_ line: Int, other: String? = nil) {
            skipped += 1
            if firstSkipped == nil { firstSkipped = line }
            if let other { otherTypes[other, default: 0] += 1 }
        }
    }

    /// How to read lines beyond the built-in formats.
    public struct Options: Sendable, Equatable {
        /// Key names of the user's own JSON Lines (`--signal-fields`).
        public var fields: SignalFields?
        public init(fields: SignalFields? = nil) { self.fields = fields }
    }

    /// Parses a whole signal file.
    public static func parse(file: String, options: Options = Options()) throws(InputError) -> (Result, [String]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw InputError(file: file, message: "no such file")
        }
        if isDirectory.boolValue { throw InputError(file: file, message: "is a folder, not a signal file") }
        if let type = (try? FileManager.default.attributesOfItem(atPath: file))?[.type] as? FileAttributeType,
           type != .typeRegular, type != .typeSymbolicLink {
            throw InputError(file: file, message: "is not a regular file (a device or a pipe): save the log to a file first, or use watch --signals-cmd")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped)
        } catch {
            throw InputError(file: file, message: "cannot be read")
        }
        return try parse(data: data, name: file, options: options)
    }

    /// Parses a signal file's bytes held in memory; `name` labels lines and messages.
    public static func parse(data: Data, name file: String, options: Options = Options()) throws(InputError) -> (Result, [String]) {
        var result = Result()
        var lineNumber = 0
        if Gzip.isGzip(data) {
            var lines = LineSplitter()
            do {
                try Gzip.inflate(data) { chunk in
                    lines.feed(chunk) { line, tooLong in
                        lineNumber += 1
                        if tooLong { result.skip(lineNumber) } else { parseLine(line, origin: file, line: lineNumber, options: options, into: &result) }
                    }
                }
            } catch {
                if lineNumber == 0 { throw InputError(file: file, message: "is a damaged gzip file (\(error.message))") }
                result.otherTypes["damaged gzip data at the end"] = 1
            }
            lines.finish { line, tooLong in
                lineNumber += 1
                if tooLong { result.skip(lineNumber) } else { parseLine(line, origin: file, line: lineNumber, options: options, into: &result) }
            }
        } else {
            data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                result = parseLines(raw.bindMemory(to: UInt8.self), origin: file, options: options)
            }
        }
        var warnings: [String] = []
        if result.linesRead == 0 && result.skipped > 0 {
            throw InputError(file: file, message: "no line is an access-log line of a proxy rollscope reads or a JSON Lines signal (line \(result.firstSkipped ?? 1) for example)\(otherTypesNote(result))")
        }
        if result.skipped > 0 {
            warnings.append("\(file): skipped \(TextLayout.count(result.skipped, "line")) that \(result.skipped == 1 ? "is" : "are") no access-log line rollscope reads (first: line \(result.firstSkipped ?? 0))\(otherTypesNote(result))")
        }
        return (result, warnings)
    }

    /// Every line of `all`; a large file is split at a line end near its middle and its halves
    /// read on two cores, the second half's lines numbered on from the first's, so the result
    /// is the one a single thread gives.
    static func parseLines(_ all: UnsafeBufferPointer<UInt8>, origin: String, options: Options) -> Result {
        guard all.count >= 16 << 20, let base = all.baseAddress,
              let p = memchr(base + all.count / 2, 0x0A, all.count - all.count / 2) else {
            return parseLines(all, from: 0, to: all.count, firstLine: 1, origin: origin, options: options)
        }
        let split = base.distance(to: p.assumingMemoryBound(to: UInt8.self)) + 1
        var linesBefore = 0
        var i = 0
        while i < split, let q = memchr(base + i, 0x0A, split - i) {
            linesBefore += 1
            i = base.distance(to: q.assumingMemoryBound(to: UInt8.self)) + 1
        }
        let halves = Parallel.map(2, minimum: 2) { half in
            half == 0 ? parseLines(all, from: 0, to: split, firstLine: 1, origin: origin, options: options)
                : parseLines(all, from: split, to: all.count, firstLine: linesBefore + 1, origin: origin, options: options)
        }
        var result = halves[0]
        let second = halves[1]
        result.signals += second.signals
        result.linesRead += second.linesRead
        result.skipped += second.skipped
        if result.firstSkipped == nil { result.firstSkipped = second.firstSkipped }
        result.formats.merge(second.formats, uniquingKeysWith: +)
        result.otherTypes.merge(second.otherTypes, uniquingKeysWith: +)
        return result
    }

    /// The lines of `all[from..<to]`, the first numbered `firstLine`.
    static func parseLines(_ all: UnsafeBufferPointer<UInt8>, from: Int, to: Int, firstLine: Int, origin: String,
                           options: Options) -> Result {
        var result = Result()
        var lineNumber = firstLine - 1
        var start = from
        while start < to {
            let end: Int
            if let p = memchr(all.baseAddress! + start, 0x0A, to - start) {
                end = all.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
            } else {
                end = to
            }
            lineNumber += 1
            if end - start > maxLineLength {
                result.skip(lineNumber)
            } else {
                parseLine(UnsafeBufferPointer(rebasing: all[start..<end]), origin: origin, line: lineNumber, options: options, into: &result)
            }
            start = end + 1
        }
        return result
    }

    /// `; 3 of them AWS NLB access log lines`, for the warning.
    static func otherTypesNote(_ r: Result) -> String {
        guard !r.otherTypes.isEmpty else { return "" }
        let parts = r.otherTypes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        return "; among them: " + parts.joined(separator: ", ")
    }

    /// Parses one line into `result` (live followers and recordings read line by line).
    public static func parseLine(_ bytes: Data, origin: String, line: Int, options: Options = Options(), into result: inout Result) {
        let count = min(bytes.count, maxLineLength + 1)
        if count > maxLineLength { result.skip(line); return }
        bytes.withUnsafeBytes { raw in
            parseLine(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[0..<count]), origin: origin, line: line,
                      options: options, into: &result)
        }
    }

    /// Parses one line (without its newline).
    static func parseLine(_ all: UnsafeBufferPointer<UInt8>, origin: String, line: Int, options: Options, into result: inout Result) {
        var lo = 0
        var hi = all.count
        if hi > lo, all[hi - 1] == 0x0D { hi -= 1 }
        while lo < hi, all[lo] == 0x20 || all[lo] == 0x09 { lo += 1 }
        while hi > lo, all[hi - 1] == 0x20 || all[hi - 1] == 0x09 { hi -= 1 }
        guard lo < hi else { return }
        var context = LineContext(origin: origin, line: line, options: options)
        var b = UnsafeBufferPointer(rebasing: all[lo..<hi])
        // `kubectl logs --prefix`: `[pod/NAME/container] ` (names the proxy's pod, or with a
        // sidecar's inbound log, the pod that served the request).
        if b.count > 5, b[0] == UInt8(ascii: "["), memcmp(b.baseAddress!, "[pod/", 5) == 0,
           let close = b.firstIndex(of: UInt8(ascii: "]")), close + 1 < b.count, b[close + 1] == 0x20 {
            let inner = String(decoding: UnsafeBufferPointer(rebasing: b[5..<close]), as: UTF8.self)
            context.prefixPod = inner.split(separator: "/", maxSplits: 1).first.map(String.init)
            b = UnsafeBufferPointer(rebasing: b[(close + 2)...])
        }
        // `kubectl logs --timestamps`: an RFC 3339 time and a space. An ALB connection log line
        // also starts with a time: told apart by what follows.
        if b.count > 21, b[4] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
           let space = b.firstIndex(of: 0x20), space >= 20, space < 40,
           Instant.parseRFC3339(UnsafeBufferPointer(rebasing: b[0..<space])) != nil {
            let rest = UnsafeBufferPointer(rebasing: b[(space + 1)...])
            if isALBConnectionLog(rest) { result.skip(line, other: "AWS ALB connection log lines"); return }
            b = rest
        }
        guard !b.isEmpty else { result.skip(line); return }
        let outcome: Outcome
        switch b[0] {
        case UInt8(ascii: "{"):
            outcome = parseJSON(b, context, into: &result.signals)
        case UInt8(ascii: "["):
            outcome = parseEnvoy(b, context, into: &result.signals)
        case UInt8(ascii: "h"), UInt8(ascii: "g"), UInt8(ascii: "w"):
            outcome = b.count > 8 && memcmp(b.baseAddress!, "haproxy[", 8) == 0
                ? parseHAProxy(b, context, into: &result.signals) : parseALB(b, context, into: &result.signals)
        case UInt8(ascii: "t"):
            outcome = b.count > 8 && memcmp(b.baseAddress!, "tls 2.0 ", 8) == 0 ? .other("AWS NLB access log lines") : .unknown
        case UInt8(ascii: "<"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            // A syslog header: `<134>Mar  4 10:35:10 host haproxy[27811]: ...`, `Feb  6 12:14:14 ...`.
            outcome = parseHAProxy(b, context, into: &result.signals)
        default:
            outcome = parseCommonLog(b, context, into: &result.signals)
        }
        switch outcome {
        case .read(let format): result.read(format)
        case .other(let type): result.skip(line, other: type)
        case .unknown: result.skip(line)
        }
    }

    /// What one line was.
    enum Outcome: Equatable {
        case read(SignalFormat)
        /// A line of a log type rollscope knows and does not read (an NLB line in an ALB file).
        case other(String)
        case unknown
    }

    /// `2023-10-04T17:59:50.046726Z` was cut off already: `192.168.1.1 47548 443 TLSv1.2 ...`.
    static func isALBConnectionLog(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var s = LineScanner(b)
        guard let ip = s.next(), LineScanner.address(Substring(s.string(ip))) != nil,
              let port = s.next(), s.int(port) != nil, let listener = s.next(), s.int(listener) != nil,
              let tls = s.next() else { return false }
        return s.hasPrefix(tls, "TLS") || s.isDash(tls)
    }

    /// Where a line came from and what surrounds it; builds its signals.
    struct LineContext {
        var origin: String
        var line: Int
        var options: Options
        /// The pod named by a `kubectl logs --prefix` prefix.
        var prefixPod: String?

        var place: String { "\(origin):\(line)" }

        /// A dropped connection (or a rollout-level one, with `address` nil and `noHealthyUpstream`).
        func signal(_ format: SignalFormat, time: Instant, start: Instant?, address: String?, status: Int?, kind: String,
                    summary: String, noHealthyUpstream: Bool = false, service: String?) -> Signal {
            var ip = address.flatMap { LineScanner.address(Substring($0)) }
            var pod: String?
            // A sidecar's inbound log names 127.0.0.1: the pod is the one whose log it is.
            if let a = ip, LineScanner.isLoopback(a) {
                ip = nil
                pod = prefixPod
            }
            // Envoy's 0 and HAProxy's -1 say no response was sent: no status.
            return Signal(time: time, requestStart: start, ip: ip, pod: pod, status: status.flatMap { $0 > 0 ? $0 : nil }, kind: kind, dropped: true,
                          summary: Sanitizer.clean(String(summary.prefix(200))), origin: place, format: format,
                          noHealthyUpstream: noHealthyUpstream, service: service.map { Sanitizer.clean(String($0.prefix(253))) })
        }
    }

    /// `10.244.1.7:8080` to `10.244.1.7`; `[fd00::7]:8080` to `fd00::7`; `web:8080` to `web`.
    static func stripPort(_ s: String) -> String {
        if s.hasPrefix("["), let close = s.firstIndex(of: "]") {
            return String(s[s.index(after: s.startIndex)..<close])
        }
        let colons = s.filter { $0 == ":" }.count
        if colons == 1, let c = s.firstIndex(of: ":") { return String(s[..<c]) }
        return s
    }

    /// `GET /api/cart 502`: what the detail pane and the log show for a signal.
    static func summary(method: String?, path: String?, status: String) -> String {
        let request = [method, path.map { String($0.prefix(120)) }].compactMap { $0 }.filter { !$0.isEmpty && $0 != "-" }
        return (request + [status]).joined(separator: " ")
    }
}
