import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RolloutCore

/// One TCP connection of the prober (TLS over it for `https://`), non-blocking, every wait
/// bounded by the request's deadline and cut short by the prober's stop pipe. Failures come
/// back as a `ProbeKind` from the socket's own error (ECONNREFUSED, ECONNRESET, ...), which
/// is why the prober speaks HTTP/1.1 itself instead of through a library that folds them.
final class ProbeConnection {
    /// Why a request ended without an answer.
    enum Failure: Error {
        case failed(ProbeKind, String)
        /// The prober is stopping: no signal.
        case stopped
    }

    let fd: Int32
    let deadline: Double
    let stopFD: Int32
    var tls: (ssl: OpenSSL, connection: OpenSSL.SSLConnection)?

    init(fd: Int32, deadline: Double, stopFD: Int32) {
        self.fd = fd
        self.deadline = deadline
        self.stopFD = stopFD
    }

    /// The monotonic clock, in seconds: deadlines and answer times do not jump with the wall clock.
    static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Connects to the first of `addresses` that accepts, by `deadline`; the last failure
    /// otherwise (so `localhost` answering on 127.0.0.1 but not ::1 is not a refusal).
    static func open(_ addresses: [ProbeAddress], deadline: Double, stopFD: Int32) throws(Failure) -> ProbeConnection {
        var last = Failure.failed(.unreachable, "no address")
        for address in addresses {
            do {
                return try connect(address, deadline: deadline, stopFD: stopFD)
            } catch {
                switch error {
                case .stopped: throw error
                case .failed(.timeout, _): throw error
                case .failed: last = error
                }
            }
        }
        throw last
    }

    static func connect(_ address: ProbeAddress, deadline: Double, stopFD: Int32) throws(Failure) -> ProbeConnection {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .failed(.unreachable, "socket: \(String(cString: strerror(errno)))") }
        let connection = ProbeConnection(fd: fd, deadline: deadline, stopFD: stopFD)
        let rc = address.bytes.withUnsafeBytes { raw in
            Glibc.connect(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        if rc != 0 {
            guard errno == EINPROGRESS else { throw Self.failure(errno, "connect") }
            try connection.wait(for: Int16(POLLOUT))
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 { throw Self.failure(error, "connect") }
        }
        return connection
    }

    /// The kind a socket error means to a user of the service.
    static func failure(_ code: Int32, _ during: String) -> Failure {
        let text = "\(during): \(String(cString: strerror(code)))"
        switch code {
        case ECONNREFUSED: return .failed(.refused, text)
        case ECONNRESET, EPIPE, ECONNABORTED: return .failed(.reset, text)
        case ETIMEDOUT: return .failed(.timeout, text)
        default: return .failed(.unreachable, text)
        }
    }

    /// Waits until the socket is ready for `events`, the deadline passes, or the prober stops.
    func wait(for events: Int16) throws(Failure) {
        while true {
            let left = deadline - Self.monotonic()
            guard left > 0 else { throw .failed(.timeout, "no answer in time") }
            var fds = [pollfd(fd: fd, events: events, revents: 0), pollfd(fd: stopFD, events: Int16(POLLIN), revents: 0)]
            let n = poll(&fds, 2, Int32(min(left * 1000 + 1, 60_000)))
            if n < 0 && errno != EINTR { throw Self.failure(errno, "poll") }
            if fds[1].revents != 0 { throw .stopped }
            // POLLERR and POLLHUP also mean "ready": the next call says what happened.
            if n > 0 && fds[0].revents != 0 { return }
        }
    }

    deinit {
        if let tls { tls.ssl.SSL_free(tls.connection) }
        close(fd)
    }

    // MARK: TLS

    /// The TLS handshake, with SNI and the certificate checked against `host`.
    func startTLS(_ context: TLSContext, host: String) throws(Failure) {
        let ssl = context.ssl
        guard let connection = ssl.SSL_new(context.context) else {
            throw .failed(.tls, "SSL_new: \(ssl.lastError() ?? "failed")")
        }
        tls = (ssl, connection)
        _ = ssl.SSL_set_fd(connection, fd)
        let param = ssl.SSL_get0_param(connection)
        if ProbeTarget.isIPv4(host) || ProbeTarget.isIPv6(host) {
            _ = ssl.X509_VERIFY_PARAM_set1_ip_asc(param, host)
        } else {
            _ = host.withCString { name in
                ssl.SSL_ctrl(connection, OpenSSL.SSL_CTRL_SET_TLSEXT_HOSTNAME, OpenSSL.TLSEXT_NAMETYPE_host_name,
                             UnsafeMutableRawPointer(mutating: name))
            }
            _ = ssl.X509_VERIFY_PARAM_set1_host(param, host, 0)
        }
        ssl.ERR_clear_error()
        while true {
            let rc = ssl.SSL_connect(connection)
            if rc == 1 { return }
            let code = ssl.SSL_get_error(connection, rc)
            switch code {
            case OpenSSL.SSL_ERROR_WANT_READ: try wait(for: Int16(POLLIN))
            case OpenSSL.SSL_ERROR_WANT_WRITE: try wait(for: Int16(POLLOUT))
            case OpenSSL.SSL_ERROR_SYSCALL where errno == ECONNRESET || errno == EPIPE:
                throw Self.failure(errno, "TLS handshake")
            default:
                let verify = ssl.SSL_get_verify_result(connection)
                if verify != OpenSSL.X509_V_OK, let text = ssl.X509_verify_cert_error_string(verify) {
                    ssl.ERR_clear_error()
                    throw .failed(.tls, "certificate: \(String(cString: text))")
                }
                throw .failed(.tls, "TLS handshake: \(ssl.lastError() ?? "the server closed the connection")")
            }
        }
    }

    // MARK: Bytes

    /// Sends all of `bytes`.
    func send(_ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let n: Int = bytes.withUnsafeBytes { raw in
                let p = raw.baseAddress! + offset
                if let tls { return Int(tls.ssl.SSL_write(tls.connection, p, Int32(raw.count - offset))) }
                return Glibc.send(fd, p, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n > 0 { offset += n; continue }
            try retry(n, writing: true)
        }
    }

    /// Reads what is there into `buffer` (appended); false at the end of the stream.
    func receive(into buffer: inout [UInt8]) throws(Failure) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n: Int = chunk.withUnsafeMutableBytes { raw in
                if let tls { return Int(tls.ssl.SSL_read(tls.connection, raw.baseAddress, Int32(raw.count))) }
                return recv(fd, raw.baseAddress, raw.count, 0)
            }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return true
            }
            if n == 0 && tls == nil { return false }
            if try !retry(n, writing: false) { return false }
        }
    }

    /// After a read or write that moved nothing: waits and returns true to try again, returns
    /// false at the end of the stream, or throws what went wrong.
    @discardableResult
    func retry(_ n: Int, writing: Bool) throws(Failure) -> Bool {
        let code = errno
        guard let tls else {
            if n < 0 && (code == EAGAIN || code == EWOULDBLOCK || code == EINTR) {
                try wait(for: Int16(writing ? POLLOUT : POLLIN))
                return true
            }
            if n == 0 { return false }
            throw Self.failure(code, writing ? "send" : "receive")
        }
        let error = tls.ssl.SSL_get_error(tls.connection, Int32(n))
        switch error {
        case OpenSSL.SSL_ERROR_WANT_READ:
            try wait(for: Int16(POLLIN))
            return true
        case OpenSSL.SSL_ERROR_WANT_WRITE:
            try wait(for: Int16(POLLOUT))
            return true
        case OpenSSL.SSL_ERROR_ZERO_RETURN:
            return false
        case OpenSSL.SSL_ERROR_SYSCALL where code == ECONNRESET || code == EPIPE:
            tls.ssl.ERR_clear_error()
            throw Self.failure(code, writing ? "send" : "receive")
        default:
            // The peer closed without TLS's close_notify (OpenSSL 3 says "unexpected eof",
            // 1.1 a SYSCALL error with errno 0): many servers do after `Connection: close`.
            // Whether the answer was whole is the HTTP framing's to say.
            tls.ssl.ERR_clear_error()
            if writing { throw .failed(.reset, "send: the connection was closed") }
            return false
        }
    }
}

/// A resolved socket address (`sockaddr_in` or `sockaddr_in6` as bytes).
struct ProbeAddress: Sendable, Equatable {
    var family: Int32
    var bytes: [UInt8]

    /// Resolves `host` (getaddrinfo: /etc/hosts, then DNS), in the order the system prefers.
    static func resolve(_ host: String, port: Int) -> Result<[ProbeAddress], ProbeConnection.Failure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            return .failure(.failed(.unreachable, "\(host) did not resolve: \(String(cString: gai_strerror(rc)))"))
        }
        defer { freeaddrinfo(list) }
        var out: [ProbeAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let a = cursor {
            if let sa = a.pointee.ai_addr, a.pointee.ai_family == AF_INET || a.pointee.ai_family == AF_INET6 {
                let bytes = Array(UnsafeRawBufferPointer(start: sa, count: Int(a.pointee.ai_addrlen)))
                let address = ProbeAddress(family: a.pointee.ai_family, bytes: bytes)
                if !out.contains(address) { out.append(address) }
            }
            cursor = a.pointee.ai_next
        }
        return out.isEmpty ? .failure(.failed(.unreachable, "\(host) has no IPv4 or IPv6 address")) : .success(out)
    }
}
