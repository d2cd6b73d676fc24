import Foundation
import RolloutCore
import TestSupport
import Testing

/// The real `rollscope` binary in a real terminal: tmux, driven with send-keys, read with
/// capture-pane, resized with resize-window. Asserts on what a person would see.
@Suite(.serialized) struct TerminalEndToEndTests {
    static let binary = Binary.rollscope

    static func fixture(_ name: String) -> String { Fixtures.path(name) }

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
            try Spawn.run(["pkill", "-\(signal)", "-P", pids, "-f", "rollscope replay"])
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

    /// `hostile/escapes/` plants CSI, OSC 0 (title), OSC 52 (clipboard), BEL, backspace, other
    /// C0, DEL, C1 (UTF-8 and raw 0x9b bytes) and a bidi override in pod, container, label,
    /// node and namespace names, event reasons and messages, waiting reasons, termination
    /// messages and ingress-nginx log lines. On the real terminal they must show as visible
    /// stand-ins and do nothing: no title change, no clipboard, nothing but SGR attributes.
    @Test func hostileTextIsShownInertOnTheTerminal() throws {
        let dir = "hostile/escapes/"
        let command = "\(Self.binary) replay \(Self.fixture(dir + "pods-watch.json")) \(Self.fixture(dir + "events.json")) --signals \(Self.fixture(dir + "ingress-nginx.log"))"
        let tmux = Tmux()
        // Wait for the options below before rollscope draws: tmux must be ready to take a clipboard.
        try tmux.start("sleep 0.5; " + command, width: 160, height: 45)
        try tmux.run(["set-option", "-g", "set-clipboard", "on"])
        try tmux.run(["set-option", "-g", "allow-rename", "on"])
        var s = try tmux.wait(for: "REPLAY")
        #expect(s.contains("REPLAY"), "no UI: \(s)")
        // The header can be on screen a moment before the panes below it (a loaded machine).
        s = try tmux.wait(for: "GET /\\e[2J")
        var screens = [try tmux.screen(escapes: true)]
        // The old pod is selected: its detail shows the container, the events and the signal.
        for visible in ["\\e]52;c;ZXZpbA==\\x07", "\\e]0;pwned\\x07", "nginx\\e[5m\\x08\\x7f", "Killing\\e[2J\\e[H",
                        "\\x85\\x9b31m\\x9d", "worker-1\\e[H", "\\e[?1049h", "GET /\\e[2J\\e[H\\e]0;pwned\\x07\u{FFFD}31m 502",
                        "shop\\e[31m/web\\e]0;pwned\\x07|`x`"] {
            #expect(s.contains(visible), "not shown: \(visible)\n\(s)")
        }
        // The new pod: its crash-looping init container's name and waiting reason.
        try tmux.keys("j")
        s = try tmux.screen()
        screens.append(try tmux.screen(escapes: true))
        #expect(s.contains("\\x01\\x0e\\x0f\\x85\\x9b31m\\x9d\\u202e-\u{FFFD}-<b>[x](y)```"), "\(s)")
        #expect(s.contains("migrate\\x07\\u202e"), "\(s)")
        #expect(s.contains("CrashLoopBackOff\\e[2J\\e[H"), "\(s)")
        try tmux.keys("f")
        screens.append(try tmux.screen(escapes: true))
        try tmux.keys("Escape")

        // What reached the terminal: only SGR attributes, no other escape or control.
        let sgr = try Regex(#"\x1b\[[0-9;:]*m"#)
        for screen in screens {
            let bare = screen.replacing(sgr, with: "")
            let raw = bare.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }
            #expect(raw.isEmpty, "raw controls on the terminal: \(raw.map { String($0.value, radix: 16) })")
        }
        let title = try tmux.run(["display-message", "-p", "#{pane_title}"])
        #expect(!title.contains("pwned"), "the window title was set: \(title)")
        let buffers = try tmux.run(["list-buffers"])
        #expect(buffers.isEmpty, "the clipboard was set: \(buffers)")

        try tmux.keys("q")
        s = try tmux.wait(for: "EXIT=")
        #expect(s.contains("EXIT=1") || s.contains("EXIT=0"), "\(s)")
        // The one warning (a raw 0x9b byte is not UTF-8) comes after the UI, inert too.
        #expect(s.contains("pods-watch.json: 1 string is not valid UTF-8"), "\(s)")
    }

    /// A 5 MB event message (cut to 64 KB when read) must not make every frame slow: keys are
    /// answered and q quits at once.
    @Test func hugeTextKeepsTheTerminalResponsive() throws {
        let message = "Stopping container nginx " + String(repeating: "word ", count: 1_000_000)
        let event = #"{"kind": "Event", "metadata": {"name": "e", "namespace": "shop"}, "involvedObject": {"kind": "Pod", "name": "web-7d4b9c8f6d-b6wkc", "namespace": "shop", "uid": "0b6c1a52-old"}, "reason": "Killing", "message": "#
            + JSONWriter.quote(message) + #", "count": 1, "firstTimestamp": "2026-11-21T14:20:17Z", "type": "Normal"}"#
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rs-huge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let events = dir.appendingPathComponent("events.json")
        try Data(event.utf8).write(to: events)
        let tmux = Tmux()
        try tmux.start("\(Self.binary) replay \(Self.fixture("hostile/valid.json")) \(events.path)")
        try tmux.wait(for: "REPLAY")
        for _ in 0..<10 { try tmux.run(["send-keys", "j", "k"]) }
        try tmux.run(["send-keys", "q"])
        let s = try tmux.wait(for: "EXIT=", seconds: 5)
        #expect(s.contains("EXIT=0"), "still running 5 s after q: \(s)")
        #expect(s.contains("cut 1 text longer than 64 KB"), "\(s)")
    }

    @Test func refusesWithoutATerminal() throws {
        let r = try Binary.run(["replay", Self.fixture("sigkill/pods-watch.json")])
        #expect(r.status == 2)
        #expect(r.seconds < 5)
        #expect(r.stderrLines.count == 1)
        #expect(r.stderr.contains("rollscope report"))
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
