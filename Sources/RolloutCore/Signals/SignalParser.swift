import Foundation

/// Reads signal files: the ingress-nginx default access log (`upstreaminfo`) or JSON Lines
/// `{"time": T, "ip"|"pod": ..., "status"|"kind": ...}`, told apart line by line.
public enum SignalParser {
    /// HTTP statuses that mean the upstream pod did not answer.
    static let droppedStatuses: Set<Int> = [502, 503, 504]
    /// `kind` values that are not failures.
    static let benignKinds: Set<String> = ["ok", "success", "info", "2xx", "request"]

    public struct Result: Sendable {
        public var signals: [Signal] = []
        public var linesRead = 0
        public var skipped = 0
        public var firstSkipped: Int?
        public init() {}
    }

    /// Parses a whole signal file.
    public static func parse(file: String) throws(InputError) -> (Result, [String]) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw InputError(file: file, message: FileManager.default.fileExists(atPath: file) ? "cannot be read" : "no such file")
        }
        return try parse(data: data, name: file)
    }

    /// Parses a signal file's bytes held in memory; `name` labels lines and messages.
    public static func parse(data: Data, name file: String) throws(InputError) -> (Result, [String]) {
        var result = Result()
        var lineNumber = 0
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
            lineNumber += 1
            parseLine(data[start..<end], origin: file, line: lineNumber, into: &result)
            start = end < data.endIndex ? end + 1 : end
        }
        var warnings: [String] = []
        if result.linesRead == 0 && result.skipped > 0 {
            throw InputError(file: file, message: "no line is an ingress-nginx access log line or a JSON Lines signal (line \(result.firstSkipped ?? 1) for example)")
        }
        if result.skipped > 0 {
            warnings.append("\(file): skipped \(TextLayout.count(result.skipped, "line")) that \(result.skipped == 1 ? "is" : "are") neither ingress-nginx access log nor JSON Lines (first: line \(result.firstSkipped ?? 0))")
        }
        return (result, warnings)
    }

    /// Parses one line into `result` (used by file reading and by live followers).
    public static func parseLine(_ bytes: Data, origin: String, line: Int, into result: inout Result) {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return }
        let parsed: [Signal]?
        if trimmed.hasPrefix("{") {
            parsed = parseJSONLine(trimmed, origin: "\(origin):\(line)").map { [$0] }
        } else {
            parsed = parseNginx(trimmed, origin: "\(origin):\(line)")
        }
        guard let parsed else {
            result.skipped += 1
            if result.firstSkipped == nil { result.firstSkipped = line }
            return
        }
        result.linesRead += 1
        result.signals += parsed.filter(\.dropped)
    }

    // MARK: JSON Lines

    static func parseJSONLine(_ line: String, origin: String) -> Signal? {
        var time: Instant?
        var ip: String?
        var pod: String?
        var status: Int?
        var kind: String?
        var message: String?
        var utf8 = Array(line.utf8)
        let ok: Bool = utf8.withUnsafeMutableBytes { raw in
            JSONReader.read(UnsafeRawBufferPointer(raw)) { r in
                do {
                    try r.forEachKey { (r, key) throws(JSONError) in
                        switch key {
                        case "time", "ts", "timestamp":
                            if r.peek() == UInt8(ascii: "\"") {
                                time = try r.readTime()
                            } else if let v = try r.readDouble() {
                                time = Instant(validSeconds: v)
                            }
                        case "ip", "upstream", "upstream_addr": ip = try r.readString()
                        case "pod": pod = try r.readString()
                        case "status": status = try r.readInt()
                        case "kind", "type": kind = try r.readString()
                        case "message", "msg": message = try r.readString()
                        default: try r.skipValue()
                        }
                    }
                    return r.isAtEnd()
                } catch {
                    return false
                }
            }
        }
        guard ok, let time, ip != nil || pod != nil else { return nil }
        let cleanIP = ip.map(stripPort)
        let kindText = kind ?? status.map { String($0) } ?? "signal"
        var dropped = false
        if let status {
            dropped = droppedStatuses.contains(status) || (status == 499 && (cleanIP != nil || pod != nil))
        }
        if let kind, status == nil {
            dropped = !benignKinds.contains(kind.lowercased())
        }
        var summary = kindText
        if let message { summary += " " + message }
        return Signal(time: time, ip: cleanIP, pod: pod, status: status, kind: kindText, dropped: dropped,
                      summary: Sanitizer.clean(String(summary.prefix(200))), origin: origin)
    }

    /// `10.244.1.7:8080` to `10.244.1.7`; `[fd00::7]:8080` to `fd00::7`.
    static func stripPort(_ s: String) -> String {
        if s.hasPrefix("["), let close = s.firstIndex(of: "]") {
            return String(s[s.index(after: s.startIndex)..<close])
        }
        let colons = s.filter { $0 == ":" }.count
        if colons == 1, let c = s.firstIndex(of: ":") { return String(s[..<c]) }
        return s
    }

    // MARK: ingress-nginx

    /// Parses the `upstreaminfo` format; a retried request gives one signal per failed upstream.
    static func parseNginx(_ line: String, origin: String) -> [Signal]? {
        let tokens = tokenize(line)
        // remote_addr - remote_user [time] "request" status bytes "referer" "agent" len time [up] [alt] addr...
        guard tokens.count >= 13,
              case .bracketed(let timeText) = tokens[3], let time = parseNginxTime(timeText),
              case .quoted(let request) = tokens[4],
              case .bare(let statusText) = tokens[5], let status = Int(statusText)
        else { return nil }
        // Find the two bracketed upstream names after the user agent; upstream fields follow.
        var i = 8
        var brackets = 0
        while i < tokens.count, brackets < 2 {
            if case .bracketed = tokens[i] { brackets += 1 }
            i += 1
        }
        guard brackets == 2 else { return nil }
        var groups: [[String]] = []
        var current: [String] = []
        var continuing = false
        while i < tokens.count {
            guard case .bare(let raw) = tokens[i] else { i += 1; continue }
            i += 1
            if raw == ":" || raw == "," { continuing = true; continue }
            var value = raw
            let endsWithComma = value.hasSuffix(",")
            if endsWithComma { value.removeLast() }
            if continuing {
                current.append(value)
            } else {
                if !current.isEmpty { groups.append(current) }
                current = [value]
            }
            continuing = endsWithComma
        }
        if !current.isEmpty { groups.append(current) }
        // $request_time (seconds with millisecond resolution) follows $request_length.
        var requestStart: Instant?
        if case .bare(let rt) = tokens[10], let seconds = Double(rt), seconds >= 0, seconds < 86400 {
            requestStart = time - seconds
        }
        let addrs = groups.first ?? []
        let upstreamStatuses = groups.count > 3 ? groups[3] : []
        let method = request.split(separator: " ").prefix(2).joined(separator: " ")
        var signals: [Signal] = []
        for (index, addr) in addrs.enumerated() where addr != "-" && (addr.contains(":") || addr.contains(".")) {
            let upStatus = index < upstreamStatuses.count ? Int(upstreamStatuses[index]) : nil
            let isLast = index == addrs.count - 1
            var dropped = false
            var reported = upStatus ?? status
            if let upStatus {
                dropped = droppedStatuses.contains(upStatus)
                if isLast && !dropped && status == 499 { dropped = true; reported = 499 }
            } else if isLast {
                dropped = droppedStatuses.contains(status) || status == 499
                reported = status
            }
            let summary = Sanitizer.clean(String("\(method) \(reported)".prefix(200)))
            signals.append(Signal(time: time, requestStart: requestStart, ip: stripPort(addr), pod: nil, status: reported, kind: String(reported),
                                  dropped: dropped, summary: summary, origin: origin))
        }
        return signals
    }

    enum Token { case bare(String), quoted(String), bracketed(String) }

    static func tokenize(_ line: String) -> [Token] {
        var tokens: [Token] = []
        var chars = Substring(line)
        while let c = chars.first {
            if c == " " { chars.removeFirst(); continue }
            if c == "\"" {
                chars.removeFirst()
                var value = ""
                while let d = chars.first {
                    chars.removeFirst()
                    if d == "\\", let e = chars.first { value.append(e); chars.removeFirst(); continue }
                    if d == "\"" { break }
                    value.append(d)
                }
                tokens.append(.quoted(value))
            } else if c == "[" {
                chars.removeFirst()
                let close = chars.firstIndex(of: "]") ?? chars.endIndex
                tokens.append(.bracketed(String(chars[..<close])))
                chars = close < chars.endIndex ? chars[chars.index(after: close)...] : ""
            } else {
                let end = chars.firstIndex(of: " ") ?? chars.endIndex
                tokens.append(.bare(String(chars[..<end])))
                chars = chars[end...]
            }
        }
        return tokens
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `26/Nov/2026:10:00:01 +0000`.
    static func parseNginxTime(_ s: String) -> Instant? {
        let parts = s.split(separator: " ")
        guard parts.count == 2 else { return nil }
        let dt = parts[0].split(separator: ":", maxSplits: 1)
        guard dt.count == 2 else { return nil }
        let dmy = dt[0].split(separator: "/")
        guard dmy.count == 3, let day = Int(dmy[0]), let monthIndex = months.firstIndex(of: String(dmy[1])),
              let year = Int(dmy[2]) else { return nil }
        let zone = parts[1]
        guard zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
              let zh = Int(zone.dropFirst().prefix(2)), let zm = Int(zone.suffix(2)) else { return nil }
        let iso = "\(TextLayout.zeroPadded(year, 4))-\(TextLayout.zeroPadded(monthIndex + 1, 2))-\(TextLayout.zeroPadded(day, 2))T\(dt[1])\(sign)\(TextLayout.zeroPadded(zh, 2)):\(TextLayout.zeroPadded(zm, 2))"
        return Instant(rfc3339: iso)
    }
}
