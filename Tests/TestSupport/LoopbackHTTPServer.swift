import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1 for the prober's tests, one thread a connection. What
/// it does with a request is `respond`'s choice (by default, by path):
///
/// | path | answer |
/// | --- | --- |
/// | `/status/503` | that status, with a short body |
/// | `/slow/300` | 200 after 300 ms |
/// | `/hang` | nothing, until the server stops |
/// | `/reset` | headers and part of the body, then a TCP reset (SO_LINGER 0) |
/// | `/close` | the connection closed without an answer |
/// | `/redirect` | 302 to another host |
/// | `/chunked` | 200 with a chunked body |
/// | anything else | 200 `ok` |
///
/// `?by=NAME` adds `X-Served-By: NAME` to an answer. Every request is kept (`requests`).
public final class LoopbackHTTPServer: Sendable {
    public enum Behaviour: Sendable, Equatable {
        case answer(status: Int, headers: [String: String], body: String, after: Double)
        case chunked
        case hang
        case reset
        case close
    }

    /// A request as it arrived.
    public struct Request: Sendable {
        public var path: String
        public var headers: [String: String]
        /// The monotonic clock when its head was read.
        public var at: Double
    }

    public let port: Int
    let listener: Int32
    let stopRead: Int32
    let stopWrite: Int32
    let respond: @Sendable (Request) -> Behaviour

    struct State {
        var requests: [Request] = []
        var open = 0
        var mostOpen = 0
        var threads = 0
        var stopped = false
    }
    let state = Mutex(State())

    public var requests: [Request] { state.withLock { $0.requests } }
    /// Connections open at once, at most, so far.
    public var mostOpen: Int { state.withLock { $0.mostOpen } }

    public static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// A port nothing listens on (bound, then closed): connecting to it is refused.
    public static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = loopback(port: 0)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        return boundPort(fd)
    }

    static func loopback(port: Int) -> sockaddr_in {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return addr
    }

    static func boundPort(_ fd: Int32) -> Int {
        var addr = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    public init(respond: @escaping @Sendable (Request) -> Behaviour = LoopbackHTTPServer.byPath) throws {
        self.respond = respond
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 256) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        listener = fd
        port = Self.boundPort(fd)
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        stopRead = fds[0]
        stopWrite = fds[1]
        spawn { self.acceptLoop() }
    }

    /// Stops accepting and ends every connection (a hanging one too); returns when they are gone.
    public func stop() {
        let first = state.withLock { s in
            defer { s.stopped = true }
            return !s.stopped
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(stopWrite, &byte, 1)
        let deadline = Self.monotonic() + 5
        while state.withLock({ $0.threads }) > 0 && Self.monotonic() < deadline { usleep(2_000) }
    }

    deinit {
        stop()
        close(listener)
        close(stopRead)
        close(stopWrite)
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// The default behaviours, by path (see the type's table).
    public static func byPath(_ r: Request) -> Behaviour {
        let parts = r.path.split(separator: "?", maxSplits: 1)
        let path = parts.first.map(String.init) ?? "/"
        var headers: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") where pair.hasPrefix("by=") { headers["X-Served-By"] = String(pair.dropFirst(3)) }
        }
        let segments = path.split(separator: "/")
        switch segments.first {
        case "status": return .answer(status: Int(segments.last ?? "") ?? 500, headers: headers, body: "status", after: 0)
        case "slow": return .answer(status: 200, headers: headers, body: "slow", after: (Double(segments.last ?? "") ?? 500) / 1000)
        case "hang": return .hang
        case "reset": return .reset
        case "close": return .close
        case "redirect":
            return .answer(status: 302, headers: headers.merging(["Location": "http://redirected.invalid/elsewhere"]) { a, _ in a },
                           body: "moved", after: 0)
        case "chunked": return .chunked
        default:
            return .answer(status: 200, headers: headers.merging(["Set-Cookie": "session=secret"]) { a, _ in a }, body: "ok", after: 0)
        }
    }

    func spawn(_ body: @escaping @Sendable () -> Void) {
        state.withLock { $0.threads += 1 }
        let thread = Thread {
            body()
            self.state.withLock { $0.threads -= 1 }
        }
        thread.stackSize = 512 << 10
        thread.start()
    }

    /// Waits for `fd` to be readable; false when the server stops first.
    func waitReadable(_ fd: Int32, seconds: Double = 30) -> Bool {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: stopRead, events: Int16(POLLIN), revents: 0)]
        let n = poll(&fds, 2, Int32(seconds * 1000))
        return n > 0 && fds[1].revents == 0
    }

    func acceptLoop() {
        while waitReadable(listener, seconds: 3600) {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            state.withLock { s in
                s.open += 1
                s.mostOpen = max(s.mostOpen, s.open)
            }
            spawn {
                self.serve(fd)
                close(fd)
                self.state.withLock { $0.open -= 1 }
            }
        }
    }

    func serve(_ fd: Int32) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = buffer.indices.dropLast(3).first(where: { buffer[$0] == 13 && buffer[$0 + 1] == 10 && buffer[$0 + 2] == 13 && buffer[$0 + 3] == 10 }) {
                buffer = Array(buffer[..<end])
                break
            }
            guard waitReadable(fd) else { return }
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return }
            buffer += chunk[0..<n]
        }
        let lines = String(decoding: buffer, as: UTF8.self).split(separator: "\r\n")
        let target = lines.first?.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let request = Request(path: target, headers: headers, at: Self.monotonic())
        state.withLock { $0.requests.append(request) }
        func send(_ text: String) { _ = text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
        switch respond(request) {
        case .answer(let status, let extra, let body, let after):
            if after > 0 { var fds = pollfd(fd: stopRead, events: Int16(POLLIN), revents: 0); _ = poll(&fds, 1, Int32(after * 1000)) }
            var head = "HTTP/1.1 \(status) \(status < 400 ? "OK" : "Error")\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n"
            for (k, v) in extra.sorted(by: { $0.key < $1.key }) { head += "\(k): \(v)\r\n" }
            send(head + "\r\n" + body)
        case .chunked:
            send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n")
        case .hang:
            var fds = pollfd(fd: stopRead, events: Int16(POLLIN), revents: 0)
            _ = poll(&fds, 1, 60_000)
        case .reset:
            send("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\npartial")
            usleep(20_000)
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        case .close:
            break
        }
    }
}
