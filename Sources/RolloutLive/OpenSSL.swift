#if canImport(Glibc)
import Glibc
#endif

/// The system's OpenSSL (libssl 3 or 1.1), opened with dlopen the first time an `https://`
/// URL is probed. Linked instead, it would make every rollscope binary need libssl, and the
/// self-contained build for jump hosts needs only the C and C++ runtimes and ncurses; opened
/// on demand, `--probe https://…` works wherever libssl is installed (every distribution
/// that has curl or OpenSSH has it) and says so in one line where it is not.
///
/// Only functions that libssl 1.1 and 3 share with the same signature are used.
final class OpenSSL: @unchecked Sendable {
    // @unchecked: every member is a C function pointer, set once in `init` and never changed.

    typealias SSLContext = OpaquePointer
    typealias SSLConnection = OpaquePointer

    let TLS_client_method: @convention(c) () -> OpaquePointer?
    let SSL_CTX_new: @convention(c) (OpaquePointer?) -> SSLContext?
    let SSL_CTX_free: @convention(c) (SSLContext?) -> Void
    let SSL_CTX_set_verify: @convention(c) (SSLContext?, Int32, OpaquePointer?) -> Void
    let SSL_CTX_set_default_verify_paths: @convention(c) (SSLContext?) -> Int32
    let SSL_CTX_load_verify_locations: @convention(c) (SSLContext?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32
    let SSL_new: @convention(c) (SSLContext?) -> SSLConnection?
    let SSL_free: @convention(c) (SSLConnection?) -> Void
    let SSL_set_fd: @convention(c) (SSLConnection?, Int32) -> Int32
    let SSL_ctrl: @convention(c) (SSLConnection?, Int32, Int, UnsafeMutableRawPointer?) -> Int
    let SSL_get0_param: @convention(c) (SSLConnection?) -> OpaquePointer?
    let X509_VERIFY_PARAM_set1_host: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int) -> Int32
    let X509_VERIFY_PARAM_set1_ip_asc: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    let SSL_connect: @convention(c) (SSLConnection?) -> Int32
    let SSL_read: @convention(c) (SSLConnection?, UnsafeMutableRawPointer?, Int32) -> Int32
    let SSL_write: @convention(c) (SSLConnection?, UnsafeRawPointer?, Int32) -> Int32
    let SSL_get_error: @convention(c) (SSLConnection?, Int32) -> Int32
    let SSL_get_verify_result: @convention(c) (SSLConnection?) -> Int
    let X509_verify_cert_error_string: @convention(c) (Int) -> UnsafePointer<CChar>?
    let ERR_get_error: @convention(c) () -> UInt
    let ERR_clear_error: @convention(c) () -> Void
    let ERR_error_string_n: @convention(c) (UInt, UnsafeMutablePointer<CChar>?, Int) -> Void

    // From ssl.h and x509_vfy.h; the same in 1.1 and 3.
    static let SSL_VERIFY_PEER: Int32 = 1
    static let SSL_CTRL_SET_TLSEXT_HOSTNAME: Int32 = 55
    static let TLSEXT_NAMETYPE_host_name = 0
    static let SSL_ERROR_SSL: Int32 = 1
    static let SSL_ERROR_WANT_READ: Int32 = 2
    static let SSL_ERROR_WANT_WRITE: Int32 = 3
    static let SSL_ERROR_SYSCALL: Int32 = 5
    static let SSL_ERROR_ZERO_RETURN: Int32 = 6
    static let X509_V_OK = 0

    /// The library, or why it could not be opened (said once, as the probe's problem).
    static let shared: Result<OpenSSL, LoadError> = load()

    struct LoadError: Error, Sendable { let description: String }

    static func load() -> Result<OpenSSL, LoadError> {
        let names = ["libssl.so.3", "libssl.so.1.1", "libssl.so"]
        guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            return .failure(LoadError(description: "https:// needs OpenSSL's libssl (3 or 1.1), and none was found (\(names.joined(separator: ", ")))"))
        }
        do {
            return .success(try OpenSSL(handle))
        } catch {
            return .failure(error)
        }
    }

    private init(_ h: UnsafeMutableRawPointer) throws(LoadError) {
        func f<T>(_ name: String, _: T.Type = T.self) throws(LoadError) -> T {
            guard let p = dlsym(h, name) else { throw LoadError(description: "the libssl found lacks \(name) (OpenSSL 1.1 or newer is needed)") }
            return unsafeBitCast(p, to: T.self)
        }
        TLS_client_method = try f("TLS_client_method")
        SSL_CTX_new = try f("SSL_CTX_new")
        SSL_CTX_free = try f("SSL_CTX_free")
        SSL_CTX_set_verify = try f("SSL_CTX_set_verify")
        SSL_CTX_set_default_verify_paths = try f("SSL_CTX_set_default_verify_paths")
        SSL_CTX_load_verify_locations = try f("SSL_CTX_load_verify_locations")
        SSL_new = try f("SSL_new")
        SSL_free = try f("SSL_free")
        SSL_set_fd = try f("SSL_set_fd")
        SSL_ctrl = try f("SSL_ctrl")
        SSL_get0_param = try f("SSL_get0_param")
        X509_VERIFY_PARAM_set1_host = try f("X509_VERIFY_PARAM_set1_host")
        X509_VERIFY_PARAM_set1_ip_asc = try f("X509_VERIFY_PARAM_set1_ip_asc")
        SSL_connect = try f("SSL_connect")
        SSL_read = try f("SSL_read")
        SSL_write = try f("SSL_write")
        SSL_get_error = try f("SSL_get_error")
        SSL_get_verify_result = try f("SSL_get_verify_result")
        X509_verify_cert_error_string = try f("X509_verify_cert_error_string")
        ERR_get_error = try f("ERR_get_error")
        ERR_clear_error = try f("ERR_clear_error")
        ERR_error_string_n = try f("ERR_error_string_n")
    }

    /// The oldest error on this thread's OpenSSL error queue, as text; the queue is emptied.
    func lastError() -> String? {
        let code = ERR_get_error()
        defer { ERR_clear_error() }
        guard code != 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A client context: the system's trusted CAs (or the file `--probe-ca` names), peers
/// verified. Made once per prober and shared by its requests (OpenSSL allows SSL_new from
/// any thread once a context is set up).
final class TLSContext: @unchecked Sendable {
    // @unchecked: the context is configured in `init` and only read (SSL_new) afterwards.
    let ssl: OpenSSL
    let context: OpenSSL.SSLContext

    struct Failure: Error, Sendable { let description: String }

    init(caFile: String?) throws(Failure) {
        let ssl: OpenSSL
        switch OpenSSL.shared {
        case .success(let s): ssl = s
        case .failure(let e): throw Failure(description: e.description)
        }
        guard let context = ssl.SSL_CTX_new(ssl.TLS_client_method()) else {
            throw Failure(description: "OpenSSL could not make a TLS context: \(ssl.lastError() ?? "no reason given")")
        }
        self.ssl = ssl
        self.context = context
        ssl.SSL_CTX_set_verify(context, OpenSSL.SSL_VERIFY_PEER, nil)
        if let caFile {
            guard ssl.SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
                throw Failure(description: "--probe-ca \(caFile): not a PEM certificate file OpenSSL can read (\(ssl.lastError() ?? "no reason given"))")
            }
        } else {
            _ = ssl.SSL_CTX_set_default_verify_paths(context)
        }
    }

    deinit { ssl.SSL_CTX_free(context) }
}
