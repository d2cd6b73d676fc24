import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starting processes for end-to-end tests with posix_spawn, a clean signal mask and default
/// signal handlers (the test runner's would be inherited, and Foundation's Process cannot reap
/// a daemon's client), and finding processes by their command line in /proc.
public enum Spawn {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var seconds: Double
    }

    /// Starts `argv` (looked up on PATH when it has no slash). Standard input is /dev/null;
    /// output goes to the files given, or to /dev/null. `stdoutFD` hands over a descriptor of
    /// ours as standard output instead (a pipe end, say).
    public static func start(_ argv: [String], stdout: String? = nil, stderr: String? = nil, stdoutFD: Int32? = nil,
                             environment: [String: String]? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let stdoutFD {
            posix_spawn_file_actions_adddup2(&actions, stdoutFD, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        posix_spawn_file_actions_addopen(&actions, 2, stderr ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attrs = posix_spawnattr_t()
        posix_spawnattr_init(&attrs)
        defer { posix_spawnattr_destroy(&attrs) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attrs, &empty)
        posix_spawnattr_setsigdefault(&attrs, &all)
        posix_spawnattr_setflags(&attrs, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArgs = argv.map { strdup($0) } + [nil]
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var cEnv = env.map { strdup($0) } + [nil]
        defer {
            for a in cArgs { free(a) }
            for e in cEnv { free(e) }
        }
        var pid: pid_t = 0
        let rc = argv[0].contains("/")
            ? posix_spawn(&pid, argv[0], &actions, &attrs, &cArgs, &cEnv)
            : posix_spawnp(&pid, argv[0], &actions, &attrs, &cArgs, &cEnv)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .ENOENT) }
        return pid
    }

    /// Waits for `pid` up to `seconds`; its exit status (128 + signal when a signal ended it),
    /// or nil when it is still running.
    public static func wait(_ pid: pid_t, seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F) }
            if r < 0 && errno != EINTR { return nil }
            usleep(20_000)
        } while Date() < deadline
        return nil
    }

    /// Runs `argv` to the end (SIGKILLed after `timeout` seconds) and returns its output.
    public static func run(_ argv: [String], timeout: Double = 60, environment: [String: String]? = nil) throws -> Result {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("spawn-\(UUID().uuidString)").path
        defer { unlink(base + ".out"); unlink(base + ".err") }
        let started = Date()
        let pid = try start(argv, stdout: base + ".out", stderr: base + ".err", environment: environment)
        var status = wait(pid, seconds: timeout)
        if status == nil {
            kill(pid, SIGKILL)
            status = wait(pid, seconds: 10)
        }
        let out = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
        return Result(status: status ?? -1, stdout: out, stderr: err, seconds: Date().timeIntervalSince(started))
    }
}

/// The processes running now, read from /proc.
public enum ProcessTable {
    public struct Entry: Sendable, CustomStringConvertible {
        public var pid: pid_t
        public var argv: [String]
        /// The executable's name as the kernel keeps it (/proc/PID/comm).
        public var name: String
        public var description: String { "\(pid) \(argv.joined(separator: " "))" }
    }

    /// Every live process (zombies have no command line and are left out).
    public static func all() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> Entry? in
            guard let pid = pid_t(name), pid != getpid(),
                  let raw = FileManager.default.contents(atPath: "/proc/\(name)/cmdline"), !raw.isEmpty else { return nil }
            let argv = raw.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            let comm = (try? String(contentsOfFile: "/proc/\(name)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return Entry(pid: pid, argv: argv.last == "" ? Array(argv.dropLast()) : argv, name: comm)
        }
    }

    /// Processes whose command line has an argument containing `text`, and whose program
    /// (argv[0]'s last path component) is `program` when given. Shells and tmux that merely
    /// carry the command line as one string are told apart by `program`.
    public static func find(_ text: String, program: String? = nil) -> [Entry] {
        all().filter { e in
            guard e.argv.contains(where: { $0.contains(text) }) else { return false }
            guard let program else { return true }
            let first = e.argv.first.map { ($0 as NSString).lastPathComponent } ?? ""
            return first == program || e.name == program
        }
    }

    /// kubectl processes run with this kubeconfig (each test's kubeconfig path is unique).
    public static func kubectl(kubeconfig: String) -> [Entry] { find(kubeconfig, program: "kubectl") }

    /// Cleanup after a failed test: SIGKILLs those of `entries` still running (a test passes
    /// only processes it started, found by its own unique paths).
    public static func killRunning(_ entries: [Entry]) {
        for e in entries where isRunning(e.pid) { kill(e.pid, SIGKILL) }
    }

    /// Whether `pid` is a running process (not gone, not a zombie waiting to be reaped).
    public static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X" && state != nil
    }

    /// Waits until `condition` holds, polling, for at most `seconds`; whether it held.
    public static func waitUntil(seconds: Double, interval: Double = 0.1, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if condition() { return true }
            if Date() >= deadline { return false }
            Thread.sleep(forTimeInterval: interval)
        }
    }
}

/// Pseudo-terminals for tests. posix_openpt and friends are not visible through Swift's Glibc
/// module (they need _XOPEN_SOURCE), so they are looked up at run time.
public enum Pty {
    typealias OpenPT = @convention(c) (Int32) -> Int32
    typealias IntOp = @convention(c) (Int32) -> Int32
    typealias PtsName = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let sym = dlsym(handle, name) else { return nil }
        return unsafeBitCast(sym, to: type)
    }

    /// A terminal whose other side is gone, as after a dropped SSH link: the master is opened
    /// and closed again, so writes to the returned descriptor fail with EIO. Close-on-exec.
    public static func hungUpTerminal() -> Int32? {
        guard let openpt = symbol("posix_openpt", as: OpenPT.self), let grant = symbol("grantpt", as: IntOp.self),
              let unlock = symbol("unlockpt", as: IntOp.self), let ptsname = symbol("ptsname", as: PtsName.self) else { return nil }
        let master = openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { return nil }
        defer { close(master) }
        guard grant(master) == 0, unlock(master) == 0, let name = ptsname(master) else { return nil }
        let slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
        return slave >= 0 ? slave : nil
    }
}
