import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One HTTP/1.1 request as read from a connection.
struct HTTPRequest: Sendable {
    var method: String
    /// The request target as sent (path and query).
    var target: String
    var path: String
    /// Query parameters, decoded (`+` is a space); the first value of a repeated name.
    var query: [String: String]
    var rawQuery: String
    /// Header names lowercased.
    var headers: [String: String]
    var version: String

    var accept: String { headers["accept"] ?? "" }

    var keepAlive: Bool {
        let connection = headers["connection"]?.lowercased() ?? ""
        return version == "HTTP/1.0" ? connection.contains("keep-alive") : !connection.contains("close")
    }

    static func decode(_ s: Substring) -> String {
        String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
    }

    init?(head: String) {
        let lines = head.components(separatedBy: "\r\n")
        let first = lines[0].split(separator: " ", omittingEmptySubsequences: true)
        guard first.count == 3 else { return nil }
        method = String(first[0])
        target = String(first[1])
        version = String(first[2])
        var headers: [String: String] = [:]
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { $0 + "," + value } ?? value
        }
        self.headers = headers
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = HTTPRequest.decode(parts[0])
        rawQuery = parts.count > 1 ? String(parts[1]) : ""
        var query: [String: String] = [:]
        for pair in rawQuery.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = HTTPRequest.decode(kv[0])
            if query[key] == nil { query[key] = kv.count > 1 ? HTTPRequest.decode(kv[1]) : "" }
        }
        self.query = query
    }
}

/// A blocking TCP connection: reads requests, writes responses and chunks.
final class Connection {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(fd: Int32) { self.fd = fd }

    /// The next request, or nil when the peer closed the connection or sent garbage.
    func readRequest() -> HTTPRequest? {
        while true {
            if let end = headEnd() {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                guard let request = HTTPRequest(head: head) else { return nil }
                // Discard a body (kubectl's GETs have none).
                var remaining = Int(request.headers["content-length"] ?? "0") ?? 0
                while remaining > 0 {
                    if buffer.isEmpty, !fill() { return nil }
                    let n = min(remaining, buffer.count)
                    buffer.removeFirst(n)
                    remaining -= n
                }
                return request
            }
            if buffer.count > 1 << 20 { return nil }
            if !fill() { return nil }
        }
    }

    private func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4)
        where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16384)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { raw in
                send(fd, raw.baseAddress, raw.count, Connection.sendFlags)
            }
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                return false
            }
            sent += n
        }
        return true
    }

    @discardableResult
    func write(_ s: String) -> Bool { write(Array(s.utf8)) }

    #if os(Linux)
    static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    static let sendFlags: Int32 = 0
    #endif

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 410: "Gone"
        case 500: "Internal Server Error"
        default: "Status"
        }
    }

    /// A whole response with Content-Length.
    @discardableResult
    func respond(status: Int, contentType: String, body: String, keepAlive: Bool, headOnly: Bool = false) -> Bool {
        let bytes = Array(body.utf8)
        var head = "HTTP/1.1 \(status) \(Connection.reason(status))\r\n"
        head += "Audit-Id: \(UUID().uuidString.lowercased())\r\n"
        head += "Cache-Control: no-cache, private\r\n"
        head += "Content-Type: \(contentType)\r\n"
        head += "Content-Length: \(bytes.count)\r\n"
        if !keepAlive { head += "Connection: close\r\n" }
        head += "\r\n"
        return write(Array(head.utf8) + (headOnly ? [] : bytes))
    }

    /// The head of a chunked response (a watch).
    @discardableResult
    func beginChunked(contentType: String) -> Bool {
        var head = "HTTP/1.1 200 OK\r\n"
        head += "Audit-Id: \(UUID().uuidString.lowercased())\r\n"
        head += "Cache-Control: no-cache, private\r\n"
        head += "Content-Type: \(contentType)\r\n"
        head += "Transfer-Encoding: chunked\r\n\r\n"
        return write(head)
    }

    @discardableResult
    func chunk(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard !bytes.isEmpty else { return true }
        return write(Array((String(bytes.count, radix: 16) + "\r\n").utf8) + bytes + [13, 10])
    }

    @discardableResult
    func endChunked() -> Bool { write("0\r\n\r\n") }

    /// Waits up to `seconds` for the peer to send something or hang up. Returns false when the
    /// peer has closed the connection (or it failed), true otherwise.
    func waitOpen(seconds: Double) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ms = Int32(max(0, min(seconds, 3600)) * 1000)
        let r = poll(&p, 1, ms)
        if r <= 0 { return r == 0 || errno == EINTR }
        if p.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 && p.revents & Int16(POLLIN) == 0 { return false }
        if p.revents & Int16(POLLIN) != 0 {
            // Data or end of stream: peek to tell them apart; keep any data for later.
            var byte: UInt8 = 0
            let n = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
            if n == 0 { return false }
            if n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { return false }
            // The peer sent more (a pipelined request during a watch): nothing to do but wait.
            if n > 0 { usleep(UInt32(min(seconds, 0.05) * 1_000_000)) }
        }
        return true
    }
}

/// The listening socket.
enum Listener {
    struct SocketError: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
    }

    /// Binds 127.0.0.1:`port` (0: any free port) and listens; returns the socket and the port.
    static func open(port: Int) throws -> (fd: Int32, port: Int) {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw SocketError(call: "socket", code: errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let e = errno
            close(fd)
            throw SocketError(call: "bind", code: e)
        }
        guard listen(fd, 64) == 0 else {
            let e = errno
            close(fd)
            throw SocketError(call: "listen", code: e)
        }
        var actual = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return (fd, Int(UInt16(bigEndian: actual.sin_port)))
    }

    static func setNoDelay(_ fd: Int32) {
        var yes: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        #if !os(Linux)
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }
}
