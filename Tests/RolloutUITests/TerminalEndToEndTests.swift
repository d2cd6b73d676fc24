import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real `rollscope` binary in a real terminal: tmux, driven with send-keys, read with
/// capture-pane, resized with resize-window. Asserts on what a person would see.
@Suite(.serialized) struct TerminalEndToEndTests {
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rollscope").path

    /// One tmux server of our own (its own socket), killed when done.
    final class Tmux {
        let socket = "rollscope-test-\(UUID().uuidString.prefix(8))"

        /// Runs a tmux command with posix_spawn and waitpid: Foundation's Process never reaps
        /// the tmux client once it has forked the server. Output goes through a file.
        @discardableResult
        func run(_ args: [String]) throws -> String {
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

        func start(_ command: String, width: Int = 120, height: Int = 40, env: [String: String] = [:]) throws {
            var args = ["new-session", "-d", "-x", "\(width)", "-y", "\(height)"]
            // NO_COLOR empty (unset for our purposes) unless a test sets it: CI may export it.
            let environment = ["LANG": "C.UTF-8", "TERM": "xterm-256color", "NO_COLOR": ""].merging(env) { $1 }
            for (k, v) in environment.sorted(by: { $0.key < $1.key }) { args += ["-e", "\(k)=\(v)"] }
            try run(args + [command + "; echo EXIT=$?; sleep 120"])
        }

        func screen(escapes: Bool = false) throws -> String {
            try run(["capture-pane", "-p"] + (escapes ? ["-e"] : []))
        }

        func keys(_ keys: String...) throws {
            try run(["send-keys"] + keys)
            Thread.sleep(forTimeInterval: 0.4)
        }

        /// Waits until the screen contains `text` (or the time runs out) and returns it.
        @discardableResult
        func wait(for text: String, seconds: Double = 8) throws -> String {
            let deadline = Date().addingTimeInterval(seconds)
            var last = ""
            while Date() < deadline {
                last = try screen()
                if last.contains(text) { return last }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return last
        }

        deinit { _ = try? run(["kill-server"]) }
    }

    static func fixture(_ name: String) -> String { UIPaths.fixture(name) }

    var replaySigkill: String {
        "\(Self.binary) replay \(Self.fixture("sigkill/pods-watch.json")) \(Self.fixture("sigkill/events.json"))"
    }

    @Test func replayShowsTheRolloutAndKeysWork() throws {
        let tmux = Tmux()
        try tmux.start(replaySigkill)
        var s = try tmux.wait(for: "REPLAY")
        #expect(s.contains("REPLAY"), "no UI: \(s)")
        #expect(s.contains("web-7d4b9c8f6d-b6wkc"))
        #expect(s.contains("web-5f8d7c9b4a-tq4gn"))
        // The SIGKILLs are visible on the old pods' rows.
        let oldRows = s.split(separator: "\n").filter { $0.contains("web-7d4b9c8f6d-") && $0.contains("█") }
        #expect(oldRows.count == 3)
        #expect(oldRows.allSatisfy { $0.contains("✗") }, "\(oldRows)")
        #expect(s.contains("SIGKILL: grace exceeded"))

        try tmux.keys("?")
        s = try tmux.wait(for: "Keys")
        #expect(s.contains("next / previous change"))
        try tmux.keys("Escape")
        s = try tmux.screen()
        #expect(!s.contains("next / previous change"))

        try tmux.keys("j", "j")
        s = try tmux.screen()
        #expect(s.contains("Pod web-7d4b9c8f6d-x5lqm"))

        try tmux.keys("g")
        s = try tmux.screen()
        #expect(s.contains("14:19:"), "cursor did not move to the start of the rollout: \(s)")
        #expect(!s.contains("✗"))

        try tmux.run(["resize-window", "-x", "40", "-y", "12"])
        s = try tmux.wait(for: "terminal too small")
        #expect(s.contains("terminal too small"))
        try tmux.run(["resize-window", "-x", "80", "-y", "24"])
        s = try tmux.wait(for: "Timeline")
        #expect(s.contains("Timeline"))

        try tmux.keys("q")
        s = try tmux.wait(for: "EXIT=")
        #expect(s.contains("EXIT=0"))
    }

    @Test func noColorGivesAttributesOnlyAndColourOtherwise() throws {
        // Foreground/background colours; 39 and 49 (back to the default) are not colours.
        let sgrColour = try Regex(#"\x1b\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]"#)
        let plain = Tmux()
        try plain.start(replaySigkill, env: ["NO_COLOR": "1"])
        try plain.wait(for: "REPLAY")
        let mono = try plain.screen(escapes: true)
        #expect(mono.firstMatch(of: sgrColour) == nil, "colour codes despite NO_COLOR")
        #expect(mono.contains("\u{1B}[7m"), "no reverse video for the header")
        #expect(mono.contains("✗"))

        let colour = Tmux()
        try colour.start(replaySigkill)
        try colour.wait(for: "REPLAY")
        let coloured = try colour.screen(escapes: true)
        #expect(coloured.firstMatch(of: sgrColour) != nil, "no colour codes: \(coloured.prefix(300))")
    }

    @Test func asciiGlyphsWithoutUTF8Locale() throws {
        let tmux = Tmux()
        try tmux.start(replaySigkill, env: ["LANG": "C", "LC_ALL": "C"])
        let s = try tmux.wait(for: "REPLAY")
        #expect(s.contains("==========="))
        #expect(!s.contains("█"))
        let oldRows = s.split(separator: "\n").filter { $0.contains("web-7d4b9c8f6d-") && $0.contains("=====") }
        #expect(oldRows.count == 3)
        #expect(oldRows.allSatisfy { $0.contains("X") }, "\(oldRows)")
    }

    @Test func signalsRestoreTheTerminal() throws {
        for (signal, status) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
            let tmux = Tmux()
            try tmux.start(replaySigkill)
            try tmux.wait(for: "REPLAY")
            let pids = try tmux.run(["list-panes", "-F", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            // The pane runs a shell whose child is rollscope.
            let pkill = Process()
            pkill.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            pkill.arguments = ["pkill", "-\(signal)", "-P", pids, "-f", "rollscope replay"]
            try pkill.run()
            pkill.waitUntilExit()
            let s = try tmux.wait(for: "EXIT=")
            #expect(s.contains("EXIT=\(status)"), "after SIG\(signal): \(s)")
            // The alternate screen is gone: the UI's frame no longer shows.
            #expect(!s.contains("Timeline"), "terminal not restored after SIG\(signal)")
        }
    }

    @Test func demoShowsARolloutWithinSeconds() throws {
        let tmux = Tmux()
        try tmux.start("\(Self.binary) demo sigkill --speed 16")
        var s = try tmux.wait(for: "LIVE", seconds: 5)
        #expect(s.contains("demo: sigkill"))
        #expect(s.contains("web-7d4b9c8f6d-"), "old pods not shown: \(s)")
        // At 16 times real time the 80-second rollout ends within about five seconds.
        s = try tmux.wait(for: "simulated rollout is over", seconds: 15)
        #expect(s.contains("new 4/4 ready"), "\(s)")
        #expect(s.split(separator: "\n").filter { $0.contains("web-7d4b9c8f6d-") && $0.contains("✗") }.count >= 1)
        try tmux.keys("q")
        #expect(try tmux.wait(for: "EXIT=").contains("EXIT=0"))
    }

    @Test func refusesWithoutATerminal() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = ["replay", Self.fixture("sigkill/pods-watch.json")]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        p.standardInput = FileHandle.nullDevice
        let started = Date()
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 2)
        #expect(Date().timeIntervalSince(started) < 5)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.split(separator: "\n").count == 1)
        #expect(text.contains("rollscope report"))
    }

    @Test func refusesDumbTerminal() throws {
        let tmux = Tmux()
        // tmux sets TERM in the pane itself, so set it on the command.
        try tmux.start("env TERM=dumb " + replaySigkill)
        let s = try tmux.wait(for: "EXIT=")
        #expect(s.contains("EXIT=2"))
        #expect(s.contains("cannot move the cursor"))
    }
}
