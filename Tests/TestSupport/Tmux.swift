import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built binaries, next to the test bundle that was built with them.
public enum Binary {
    public static let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    public static let rollscope = directory.appendingPathComponent("rollscope").path
}

/// The real terminal for end-to-end tests: tmux driven with send-keys, read with capture-pane.
/// One tmux server of our own (its own socket), killed when done.
public final class Tmux {
    public let socket = "rollscope-test-\(UUID().uuidString.prefix(8))"

    /// Runs a tmux command with posix_spawn and waitpid: Foundation's Process never reaps
    /// the tmux client once it has forked the server. Output goes through a file.
    @discardableResult
    public func run(_ args: [String]) throws -> String {
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ["tmux", "-L", socket, "-f", "/dev/null"] + args
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        // A clean signal mask and default handlers: the test runner's would be inherited by
        // the tmux server and everything it starts.
        var attrs = posix_spawnattr_t()
        posix_spawnattr_init(&attrs)
        defer { posix_spawnattr_destroy(&attrs) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attrs, &empty)
        posix_spawnattr_setsigdefault(&attrs, &all)
        posix_spawnattr_setflags(&attrs, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "tmux", &actions, &attrs, &cArgs, environ)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .ENOENT) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    public func start(_ command: String, width: Int = 120, height: Int = 40, env: [String: String] = [:]) throws {
        var args = ["new-session", "-d", "-x", "\(width)", "-y", "\(height)"]
        // NO_COLOR empty (unset for our purposes) unless a test sets it: CI may export it.
        let environment = ["LANG": "C.UTF-8", "TERM": "xterm-256color", "NO_COLOR": ""].merging(env) { $1 }
        for (k, v) in environment.sorted(by: { $0.key < $1.key }) { args += ["-e", "\(k)=\(v)"] }
        try run(args + [command + "; echo EXIT=$?; sleep 120"])
    }

    public func screen(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p"] + (escapes ? ["-e"] : []))
    }

    public func keys(_ keys: String...) throws {
        try run(["send-keys"] + keys)
        Thread.sleep(forTimeInterval: 0.4)
    }

    /// Waits until the screen contains `text` (or the time runs out) and returns it.
    @discardableResult
    public func wait(for text: String, seconds: Double = 8) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return last
    }

    public init() {}

    deinit { _ = try? run(["kill-server"]) }
}

