import Foundation
import RolloutCore

/// One probe request in HTTP/1.1, on a connection of its own: `GET` with `Connection: close`,
/// the answer's status line and headers read, its body read to its end (Content-Length,
/// chunked, or the end of the stream) and dropped, so that a connection cut mid-answer is
/// seen as one. No redirect is followed: a 3xx is the answer.
enum HTTPProbe {
    /// What a whole answer said.
    struct Answer: Sendable, Equatable {
        var status: Int
        /// The value of the header the user named (`--probe-pod-header`), if it came.
        var servedBy: String?
    }

    /// Headers larger than this are not an answer a prober expects.
    static let maxHead = 64 << 10
    /// Bodies are read (and dropped) up to this; past it the answer counts as whole.
    static let maxBody = 8 << 20

    /// The request's bytes. A new connection for every request (`Connection: close`): each
    /// probe goes through the load balancer's choice of a backend afresh, as a new user does,
    /// and sees a refused or reset connection where a kept one would hide it. Only the
    /// URL's own user:password is sent as credentials; no cookie is ever kept.
    static func request(_ target: ProbeTarget) -> [UInt8] {
        var text = "GET \(target.path) HTTP/1.1\r\nHost: \(target.hostHeader)\r\nUser-Agent: rollscope-probe\r\nAccept: */*\r\nConnection: close\r\n"
        if let auth = target.authorization { text += "Authorization: \(auth)\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// Sends `request` and reads the whole answer.
    static func exchange(_ c: ProbeConnection, request: [UInt8], podHeader: String?) throws(ProbeConnection.Failure) -> Answer {
        try c.send(request)
        var reader = Reader(connection: c)
        var head: Head
        repeat {
            head = try reader.head(podHeader: podHeader)
            // 1xx answers (103 Early Hints) come before the real one.
        } while (100...199).contains(head.status)
        if head.status == 204 || head.status == 304 {
            return Answer(status: head.status, servedBy: head.servedBy)
        }
        if head.chunked {
            try reader.chunkedBody()
        } else if let length = head.contentLength {
            try reader.skip(length, what: "the body")
        } else {
            try reader.untilEnd()
        }
        return Answer(status: head.status, servedBy: head.servedBy)
    }

    struct Head {
        var status: Int
        var servedBy: String?
        var contentLength: Int?
        var chunked = false
    }

    /// Buffered reading of an answer; a stream that ends early is a reset.
    struct Reader {
        let connection: ProbeConnection
        var buffer: [UInt8] = []
        var start = 0
        var bodyRead = 0

        init(connection: ProbeConnection) { self.connection = connection }

        var available: Int { buffer.count - start }

        /// Reads more; throws a reset when the stream ends.
        mutating func more(_ what: String) throws(ProbeConnection.Failure) {
            if start > 0 && start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
            guard try connection.receive(into: &buffer) else {
                throw .failed(.reset, "the connection was closed \(what)")
            }
        }

        /// The status line and headers.
        mutating func head(podHeader: String?) throws(ProbeConnection.Failure) -> Head {
            var end: Int?
            var searched = start
            while end == nil {
                if available >= 5, !buffer[start..<start + 5].elementsEqual("HTTP/".utf8) {
                    throw .failed(.badResponse, "the answer is not HTTP/1.x")
                }
                end = Self.find([13, 10, 13, 10], in: buffer, from: max(start, searched - 3))
                if end != nil { break }
                guard available <= HTTPProbe.maxHead else { throw .failed(.badResponse, "headers larger than 64 KiB") }
                searched = buffer.count
                try more(available == 0 ? "before any answer" : "in the middle of the headers")
            }
            let headEnd = end!
            let text = String(decoding: buffer[start..<headEnd], as: UTF8.self)
            start = headEnd + 4
            var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
            let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
            guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), statusLine[1].count == 3,
                  let status = Int(statusLine[1]), (100...999).contains(status) else {
                throw .failed(.badResponse, "the status line is not HTTP/1.x")
            }
            var head = Head(status: status)
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch name {
                case "content-length":
                    guard let n = Int(value), n >= 0 else { throw .failed(.badResponse, "a bad Content-Length") }
                    head.contentLength = n
                case "transfer-encoding":
                    head.chunked = value.lowercased().contains("chunked")
                default:
                    if let podHeader, head.servedBy == nil, name == podHeader.lowercased() { head.servedBy = value }
                }
            }
            return head
        }

        /// Skips `count` bytes of body.
        mutating func skip(_ count: Int, what: String) throws(ProbeConnection.Failure) {
            var left = count
            while left > 0 {
                if available == 0 {
                    if bodyRead >= HTTPProbe.maxBody { return }
                    try more("in the middle of \(what)")
                }
                let n = min(left, available)
                start += n
                left -= n
                bodyRead += n
            }
        }

        /// A body sent until the connection ends (no length given).
        mutating func untilEnd() throws(ProbeConnection.Failure) {
            while bodyRead < HTTPProbe.maxBody {
                bodyRead += available
                buffer.removeAll(keepingCapacity: true)
                start = 0
                guard try connection.receive(into: &buffer) else { return }
            }
        }

        /// One line (without CRLF) of a chunked body's framing.
        mutating func line() throws(ProbeConnection.Failure) -> String {
            while true {
                if let end = Self.find([13, 10], in: buffer, from: start) {
                    let text = String(decoding: buffer[start..<end], as: UTF8.self)
                    start = end + 2
                    return text
                }
                guard available <= 4096 else { throw .failed(.badResponse, "a chunk header larger than 4 KiB") }
                try more("in the middle of a chunked body")
            }
        }

        /// A chunked body: chunks up to the last (size 0), then the trailers.
        mutating func chunkedBody() throws(ProbeConnection.Failure) {
            while true {
                let sizeText = try line().split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                guard let size = Int(sizeText, radix: 16), size >= 0 else { throw .failed(.badResponse, "a bad chunk size") }
                if size == 0 {
                    while try !line().isEmpty {}
                    return
                }
                try skip(size, what: "a chunk")
                if bodyRead >= HTTPProbe.maxBody { return }
                guard try line().isEmpty else { throw .failed(.badResponse, "a chunk longer than its size") }
            }
        }

        static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
            guard haystack.count >= needle.count else { return nil }
            var i = max(0, from)
            while i + needle.count <= haystack.count {
                if haystack[i] == needle[0] && haystack[i..<i + needle.count].elementsEqual(needle) { return i }
                i += 1
            }
            return nil
        }
    }
}
