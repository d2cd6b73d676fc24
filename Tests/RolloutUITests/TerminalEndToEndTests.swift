import Foundation
import TestSupport
import Testing

/// The real `rollscope` binary in a real terminal: tmux, driven with send-keys, read with
/// capture-pane, resized with resize-window. Asserts on what a person would see.
@Suite(.serialized) struct TerminalEndToEndTests {
    static let binary = Binary.rollscope

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
