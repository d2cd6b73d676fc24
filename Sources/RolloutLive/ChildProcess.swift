import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A child process run from an argv (never a shell), in its own process group so that
/// stopping it also stops what it started (kubectl auth plugins). It starts with a clean signal
/// mask and every signal at its default action (ours ignores SIGPIPE and catches SIGINT, SIGTERM
/// and SIGHUP: a child must not inherit that), standard input from /dev/null, and none of our
/// descriptors but the ones it is given.
public final class ChildProcess: Sendable {
    /// Where the child's standard output or standard error goes.
    public enum Sink: Sendable, Equatable {
        /// A pipe we read (`collect`).
        case pipe
        /// /dev/null.
        case discard
        /// A file, created or truncated, owner-only.
        case file(String)
        /// A descriptor of ours, handed over as it is (a pipe end, a terminal).
        case descriptor(Int32)
    }

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

    public let pid: pid_t
    /// Our ends of the pipes, -1 when the stream is not a pipe.
    let stdoutFD: Int32
    let stderrFD: Int32
    /// How the child ended: its exit status (128 + the signal when one ended it), and the signal.
    public struct Exit: Sendable, Equatable {
        public var status: Int32
        public var signal: Int32?
        init(status: Int32, signal: Int32? = nil) {
            self.status = status
            self.signal = signal
        }
    }
    /// Set once reaped. Signals are sent under this lock and only while it is nil: until we
    /// reap it the child is at least a zombie, so its pid (and process group) cannot have been
    /// given to another process.
    private let exitStatus = Mutex<Exit?>(nil)

    /// Serialises pipe creation and spawning (see `init`).
    private static let spawnLock = NSLock()

    public init(argv: [String], environment: [String: String]? = nil, stdout: Sink = .pipe, stderr: Sink = .pipe) throws {
        precondition(!argv.isEmpty)
        // Close-on-exec: children spawned from other threads must not inherit our ends (a
        // long-lived child holding a write end would keep a reader from EOF). Creating the pipes
        // and spawning happen under one lock, so no spawn can fall between pipe and fcntl.
        ChildProcess.spawnLock.lock()
        defer { ChildProcess.spawnLock.unlock() }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var ours: [Int32] = [], theirs: [Int32] = []
        func route(_ sink: Sink, to target: Int32) throws -> Int32 {
            switch sink {
            case .pipe:
                var fds: [Int32] = [0, 0]
                guard pipe(&fds) == 0 else { throw SpawnError.failed(argv[0], errno) }
                for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
                ours.append(fds[0])
                theirs.append(fds[1])
                posix_spawn_file_actions_adddup2(&actions, fds[1], target)
                return fds[0]
            case .discard:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            case .descriptor(let fd):
                posix_spawn_file_actions_adddup2(&actions, fd, target)
            }
            return -1
        }
        let out: Int32, err: Int32
        do {
            out = try route(stdout, to: 1)
            err = try route(stderr, to: 2)
        } catch {
            for fd in ours + theirs { close(fd) }
            throw error
        }
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
        for fd in theirs { close(fd) }
        guard rc == 0 else {
            for fd in ours { close(fd) }
            throw rc == ENOENT ? SpawnError.notFound(argv[0]) : SpawnError.failed(argv[0], rc)
        }
        pid = child
        stdoutFD = out
        stderrFD = err
    }

    /// What `collect` gathered.
    public struct Collected: Sendable {
        /// The exit status (128 + the signal when one ended it).
        public var status: Int32
        /// The signal that ended it, if one did.
        public var signal: Int32?
        /// Standard error (its first MiB), when it was a pipe.
        public var errors: Data
        /// The time limit ran out and the process group was stopped.
        public var timedOut: Bool
    }

    /// Past the time limit: SIGTERM to the group first, SIGKILL half a second later.
    private func escalate(_ timedOut: inout Bool, _ deadline: inout Double?) {
        if timedOut {
            signal(SIGKILL)
            deadline = nil
        } else {
            timedOut = true
            signal(SIGTERM)
            deadline = Self.monotonic() + 0.5
        }
    }

    /// Reads the pipes as data arrives, on this thread alone (poll(2)), handing standard output
    /// to `output` chunk by chunk and keeping standard error, until the child closes them; then
    /// reaps it. After `limit` seconds its process group gets SIGTERM, and SIGKILL half a second
    /// later. Call once.
    public func collect(limit: Double? = nil, output: (Data) -> Void = { _ in }) -> Collected {
        var errors = Data()
        var open = [stdoutFD, stderrFD].filter { $0 >= 0 }
        var deadline = limit.map { Self.monotonic() + $0 }
        var timedOut = false
        /// Once standard output is done, standard error gets a moment more: the child closes
        /// both as it exits, but something it started may hold the copy it inherited.
        var stderrUntil: Double?
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while !open.isEmpty {
            let now = Self.monotonic()
            if let d = deadline, now >= d { escalate(&timedOut, &deadline) }
            if let until = stderrUntil, now >= until { break }
            let wake = [deadline, stderrUntil].compactMap { $0 }.min()
            let timeout = wake.map { Int32(max(0, min(($0 - now) * 1000 + 1, 60_000))) } ?? -1
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0 && errno != EINTR { break }
            for p in fds where p.revents != 0 {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(p.fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    if p.fd == stdoutFD {
                        output(Data(buffer[0..<n]))
                    } else if errors.count < 1 << 20 {
                        errors.append(contentsOf: buffer[0..<n])
                    }
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    open.removeAll { $0 == p.fd }
                    if p.fd == stdoutFD && open.contains(stderrFD) { stderrUntil = Self.monotonic() + 0.2 }
                }
            }
        }
        for fd in [stdoutFD, stderrFD] where fd >= 0 { close(fd) }
        // Both ends closed: it is exiting. Within a time limit, still bounded.
        while let d = deadline {
            if let exit = reaped(within: max(0, d - Self.monotonic())) {
                return Collected(status: exit.status, signal: exit.signal, errors: errors, timedOut: timedOut)
            }
            escalate(&timedOut, &deadline)
        }
        wait()
        let exit = exitStatus.withLock { $0 }
        return Collected(status: exit?.status ?? -1, signal: exit?.signal, errors: errors, timedOut: timedOut)
    }

    /// Sends `signal` to the child's process group, unless the child was already reaped.
    public func signal(_ signal: Int32) {
        exitStatus.withLock { status in
            if status == nil { _ = kill(-pid, signal) }
        }
    }

    /// Whether the child was reaped (by `wait`).
    public var exited: Bool { exitStatus.withLock { $0 } != nil }

    /// Waits for the exit and reaps the child; returns the status (128 + signal when killed by one).
    @discardableResult
    public func wait() -> Int32 {
        if let exit = exitStatus.withLock({ $0 }) { return exit.status }
        // Wait without reaping, then reap under the lock (see `exitStatus`).
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
        return reap(options: 0)?.status ?? -1
    }

    /// Waits up to `timeout` seconds; the exit status, or nil while the child still runs.
    public func wait(timeout: Double) -> Int32? {
        reaped(within: timeout)?.status
    }

    func reaped(within timeout: Double) -> Exit? {
        let deadline = Self.monotonic() + timeout
        while true {
            if let exit = reap(options: WNOHANG) { return exit }
            if Self.monotonic() >= deadline { return nil }
            usleep(10_000)
        }
    }

    private func reap(options: Int32) -> Exit? {
        exitStatus.withLock { exit in
            if let exit { return exit }
            var status: Int32 = 0
            var r: pid_t
            repeat { r = waitpid(pid, &status, options) } while r < 0 && errno == EINTR
            guard r == pid else {
                // Not ours to wait for any more (ECHILD): as good as gone.
                if r < 0 { exit = Exit(status: -1) }
                return exit
            }
            let signal = status & 0x7F
            exit = signal == 0 ? Exit(status: (status >> 8) & 0xFF) : Exit(status: 128 + signal, signal: signal)
            return exit
        }
    }

    /// Stops several process groups together: SIGTERM to all, then SIGKILL to those still
    /// there after `grace` seconds (one grace period in all, not one per child).
    public static func terminate(_ children: [ChildProcess], grace: Double) {
        for c in children { c.signal(SIGTERM) }
        let deadline = monotonic() + grace
        while monotonic() < deadline && children.contains(where: { !$0.exited }) { usleep(20_000) }
        for c in children { c.signal(SIGKILL) }
    }

    static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
