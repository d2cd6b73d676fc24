import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RolloutLive

/// OpenSSH's sshd on loopback for one test: its own configuration, host key and client key in
/// a temporary folder, key authentication only, an unprivileged port picked free, run in the
/// foreground (`-D -e -f config`) so it is ours to stop. `stop()` (also on deinit) ends the
/// server and every session it still has.
public final class SSHServer {
    /// sshd, found where Debian and most systems install it; nil when it is not installed.
    public static let sshd: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = ["/usr/sbin", "/usr/local/sbin", "/sbin"] + path.split(separator: ":").map(String.init)
        return dirs.map { $0 + "/sshd" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether the tests can run: sshd, ssh and ssh-keygen installed.
    public static var available: Bool {
        sshd != nil && onPath("ssh") && onPath("ssh-keygen")
    }

    static func onPath(_ name: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    public let dir: URL
    public private(set) var port: Int = 0
    /// sshd, while it runs.
    private var server: ChildProcess?
    public let user: String
    public var clientKey: String { path("client_key") }
    public var log: String { path("sshd.log") }
    private var stopped = false

    public func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    public enum Failure: Error, CustomStringConvertible {
        case setup(String)
        public var description: String { switch self { case .setup(let s): return s } }
    }

    public init() throws {
        guard let sshd = Self.sshd else { throw Failure.setup("sshd is not installed") }
        user = getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "root"
        // Short: it shows in every command line the tests look for.
        dir = URL(fileURLWithPath: "/tmp/rs-ssh-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // sshd refuses to start without its privilege separation directory.
        if !FileManager.default.fileExists(atPath: "/run/sshd") {
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
        }
        for key in ["host_key", "client_key"] {
            let r = try Spawn.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "rollscope-test", "-f", path(key)])
            guard r.status == 0 else { throw Failure.setup("ssh-keygen: \(r.stderr)") }
        }
        try FileManager.default.copyItem(atPath: path("client_key.pub"), toPath: path("authorized_keys"))
        chmod(path("authorized_keys"), 0o600)

        // A free port can be taken between the probe and sshd's bind (other builds run here
        // too): try a few.
        var lastLog = ""
        for _ in 0..<5 {
            port = try Self.freePort()
            try config().write(toFile: path("sshd_config"), atomically: true, encoding: .utf8)
            let started = try Spawn.start([sshd, "-D", "-e", "-f", path("sshd_config")], stderr: .file(log))
            server = started
            if Self.waitForListener(port: port, pid: started.pid, seconds: 20) { return }
            started.signal(SIGKILL)
            _ = started.wait(timeout: 5)
            server = nil
            lastLog = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if !lastLog.contains("Address already in use") { break }
        }
        stop()
        throw Failure.setup("sshd did not start: \(lastLog)")
    }

    func config() -> String {
        """
        Port \(port)
        ListenAddress 127.0.0.1
        HostKey \(path("host_key"))
        PidFile \(path("sshd.pid"))
        AuthorizedKeysFile \(path("authorized_keys"))
        AuthenticationMethods publickey
        PubkeyAuthentication yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        UsePAM no
        StrictModes no
        PermitRootLogin prohibit-password
        AllowUsers \(user)
        AcceptEnv LANG
        PrintMotd no
        PrintLastLog no
        UseDNS no
        X11Forwarding no
        AllowTcpForwarding no
        LogLevel VERBOSE

        """
    }

    /// `ssh -t` to this server running `remote` (LANG goes along; TERM goes with the pty).
    public func sshCommand(_ remote: String) -> String {
        "ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR"
            + " -o SendEnv=LANG -o ConnectTimeout=30 -i \(clientKey) -p \(port) -t \(user)@127.0.0.1 \(remote)"
    }

    /// The ssh client processes connected with this server's client key.
    public func clients() -> [ProcessTable.Entry] { ProcessTable.find(clientKey, program: "ssh") }

    /// An unprivileged port nothing listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.setup("socket: \(errno)") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        guard ok else { throw Failure.setup("bind: \(errno)") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Waits until something accepts connections on the port, while `pid` runs.
    static func waitForListener(port: Int, pid: pid_t, seconds: Double) -> Bool {
        ProcessTable.waitUntil(seconds: seconds, interval: 0.1) {
            guard ProcessTable.isRunning(pid) else { return true }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            addr.sin_port = UInt16(port).bigEndian
            return withUnsafePointer(to: &addr) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
        } && ProcessTable.isRunning(pid)
    }

    /// Children of `parent` (sshd's per-connection processes), from /proc/PID/stat.
    static func children(of parent: pid_t) -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> pid_t? in
            guard let pid = pid_t(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && pid_t(fields[1]) == parent ? pid : nil
        }
    }

    /// Ends the sessions, then the server, and removes the folder. Safe to call twice.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        if let server {
            let sessions = Self.children(of: server.pid)
            for s in sessions { kill(s, SIGTERM) }
            server.signal(SIGTERM)
            if server.wait(timeout: 5) == nil {
                server.signal(SIGKILL)
                _ = server.wait(timeout: 5)
            }
            for s in sessions where ProcessTable.isRunning(s) { kill(s, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: dir)
    }

    deinit { stop() }
}
