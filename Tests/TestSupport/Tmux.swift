import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real terminal for end-to-end tests: tmux driven with send-keys, read with capture-pane.
/// One tmux server of our own (its own socket), killed when done.
public final class Tmux {
    public let socket = "rollscope-test-\(UUID().uuidString.prefix(8))"

    /// Runs a tmux command (`Spawn`: the test runner's signal mask must not reach the tmux
    /// server and everything it starts) and returns what it printed.
    @discardableResult
    public func run(_ args: [String]) throws -> String {
        try Spawn.run(["tmux", "-L", socket, "-f", "/dev/null"] + args, timeout: 30).stdout
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

