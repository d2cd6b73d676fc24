import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A child process run from an argv (never a shell), in its own process group so that
/// stopping it also stops what it started (kubectl auth plugins).
public final class ChildProcess: Sendable {
    public let pid: pid_t
    public let argv: [String]
    let stdoutFD: Int32
    let stderrFD: Int32
    private let exitStatus = Mutex<Int32?>(nil)

    /// Serialises pipe creation and spawning (see `init`).
    static let spawnLock = NSLock()

    /// Every child still running, so a signal or quit can stop them all.
    static let live = Mutex<Set<pid_t>>([])

    public enum SpawnError: Error, CustomStringConvertible {
        case notFound(String)
        case failed(String, Int32)
        public var description: String {
            switch self {
            case .notFound(let p): return "\(p): not found"
            case .failed(let p, let e): return "\(p): cannot start (\(String(cString: strerror(e))))"
            }
        }
    }

    public init(argv: [String], environment: [String: String]? = nil) throws {
        precondition(!argv.isEmpty)
        self.argv = argv
        var out: [Int32] = [0, 0], err: [Int32] = [0, 0]
        // Close-on-exec: children spawned from other threads must not inherit these ends (a
        // long-lived child holding a write end would keep a reader from EOF). Creating the pipes
        // and spawning happen under one lock, so no spawn can fall between pipe and fcntl.
        ChildProcess.spawnLock.lock()
        defer { ChildProcess.spawnLock.unlock() }
        guard pipe(&out) == 0, pipe(&err) == 0 else { throw SpawnError.failed(argv[0], errno) }
        for fd in [out[0], out[1], err[0], err[1]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        for fd in [out[0], out[1], err[0], err[1]] { posix_spawn_file_actions_addclose(&actions, fd) }
        var attrs = posix_spawnattr_t()
        posix_spawnattr_init(&attrs)
        defer { posix_spawnattr_destroy(&attrs) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attrs, &empty)
        posix_spawnattr_setsigdefault(&attrs, &all)
        posix_spawnattr_setpgroup(&attrs, 0)
        posix_spawnattr_setflags(&attrs, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = env.map { strdup($0) } + [nil]
        defer {
            for a in cArgs { free(a) }
            for e in cEnv { free(e) }
        }
        var child: pid_t = 0
        let rc = argv[0].contains("/")
            ? posix_spawn(&child, argv[0], &actions, &attrs, &cArgs, &cEnv)
            : posix_spawnp(&child, argv[0], &actions, &attrs, &cArgs, &cEnv)
        close(out[1])
        close(err[1])
        guard rc == 0 else {
            close(out[0])
            close(err[0])
            throw rc == ENOENT ? SpawnError.notFound(argv[0]) : SpawnError.failed(argv[0], rc)
        }
        pid = child
        stdoutFD = out[0]
        stderrFD = err[0]
        _ = ChildProcess.live.withLock { $0.insert(child) }
    }

    /// Reads standard output until it closes, handing each chunk to `body` as it arrives.
    public func readOutput(_ body: (Data) -> Void) {
        read(stdoutFD, body)
    }

    /// Reads standard error to the end (call from another thread than `readOutput`).
    public func readErrors() -> String {
        var all = Data()
        read(stderrFD) { chunk in
            if all.count < 1 << 20 { all.append(chunk) }
        }
        return String(decoding: all, as: UTF8.self)
    }

    func read(_ fd: Int32, _ body: (Data) -> Void) {
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                body(Data(buf[0..<n]))
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(fd)
    }

    /// Stops the process group: SIGTERM, then SIGKILL if it is still there after `grace` seconds.
    public func terminate(grace: Double = 1) {
        guard exitStatus.withLock({ $0 }) == nil else { return }
        kill(-pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline {
            if exitStatus.withLock({ $0 }) != nil { return }
            if Glibc.kill(pid, 0) != 0 { return }
            usleep(20_000)
        }
        kill(-pid, SIGKILL)
    }

    /// Stops several process groups together: SIGTERM to all, then SIGKILL to those still
    /// there after `grace` seconds (one grace period in all, not one per child).
    public static func terminate(_ children: [ChildProcess], grace: Double) {
        let running = children.filter { $0.exitStatus.withLock({ $0 }) == nil }
        for c in running { kill(-c.pid, SIGTERM) }
        func alive(_ c: ChildProcess) -> Bool { c.exitStatus.withLock({ $0 }) == nil && Glibc.kill(c.pid, 0) == 0 }
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline && running.contains(where: alive) { usleep(20_000) }
        for c in running where alive(c) { kill(-c.pid, SIGKILL) }
    }

    /// Waits for the exit; returns the status (128 + signal when killed by one).
    @discardableResult
    public func wait() -> Int32 {
        if let s = exitStatus.withLock({ $0 }) { return s }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        exitStatus.withLock { $0 = code }
        _ = ChildProcess.live.withLock { $0.remove(pid) }
        return code
    }

    /// Stops every child still running (on quit or a signal).
    public static func terminateAll() {
        let pids = live.withLock { Array($0) }
        for p in pids { kill(-p, SIGTERM) }
        if !pids.isEmpty { usleep(200_000) }
        for p in live.withLock({ Array($0) }) { kill(-p, SIGKILL) }
    }
}
