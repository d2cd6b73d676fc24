import Foundation
import Testing
@testable import RolloutCore
@testable import RolloutUI

/// The key table is the one list of keys: what `handle` does, what the help and the footer say.
@Suite struct KeyTableTests {
    static let overlays: [Overlay] = [.none, .help, .findings, .filter, .workloads]
    static let keys: [Key] = [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .tab, .backTab, .escape, .backspace]
        + " abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789?/[],.+-=_".map { Key.char($0) }

    /// The keys the README's table lists, as `Key`s: backticked names split at spaces.
    static func readmeKeys() throws -> [Key] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let lines = try String(contentsOf: readme, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.hasPrefix("| keys |") }, "README.md has no key table")
        let rows = lines[(start + 2)...].prefix { $0.hasPrefix("| `") }
        let names = rows.flatMap { row in
            row.split(separator: "|")[0].split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.flatMap { $0.element.split(separator: " ") }
        }
        let byName = Dictionary(uniqueKeysWithValues: keys.map { ($0.name(.unicode), $0) }).merging(["Esc": .escape]) { a, _ in a }
        return try names.map { try #require(byName[String($0)], "README key `\($0)` is unknown") }
    }

    @Test func everyKeyTheReadmeListsIsInTheHelpAndHandled() throws {
        let keys = try Self.readmeKeys()
        #expect(keys.count >= 25, "\(keys)")
        for key in keys {
            let listed = [Mode.replay, .live].contains { mode in KeyCommand.mainScreen(mode).contains { $0.keys.contains(key) } }
            #expect(listed, "\(key) is not in the help")
        }
    }

    /// A key two commands accept in the same place would reach only the first.
    @Test func noKeyIsTakenTwiceInOnePlace() {
        for overlay in Self.overlays {
            for mode in [Mode.replay, .live] {
                var state = AppState(mode: mode, source: "", cursor: Instant(seconds: 0))
                state.overlay = overlay
                let commands = KeyCommand.table.filter { $0.applies(in: state) }
                for key in Self.keys {
                    let taking = commands.filter { $0.accepts(key) && !$0.typing }
                    #expect(taking.count <= 1, "\(key) in \(overlay) \(mode): \(taking.map(\.help))")
                }
                // Typing takes every character, so it comes after every other command there.
                if let typing = commands.firstIndex(where: \.typing) { #expect(typing == commands.count - 1) }
            }
        }
    }

    @Test func theHelpShowsEveryMainScreenCommandOfTheMode() {
        for mode in [Mode.replay, .live] {
            var buf = ScreenBuffer(width: 120, height: 40)
            Panes.help(&buf, mode: mode, glyphs: .unicode)
            let text = buf.text
            for command in KeyCommand.mainScreen(mode) {
                #expect(text.contains(command.label(.unicode) + " ") && text.contains(command.help), "\(command.help) in \(mode)")
            }
        }
        // Speed is for replays only.
        #expect(KeyCommand.mainScreen(.live).allSatisfy { !$0.keys.contains(.char("]")) })
    }

    @Test func keyNamesFollowTheGlyphSet() {
        #expect(KeyCommand.mainScreenCommands[2].label(.unicode) == "↑ ↓ j k")
        #expect(KeyCommand.mainScreenCommands[2].label(.ascii) == "Up Dn j k")
        for key in Self.keys {
            #expect(key.name(.ascii).unicodeScalars.allSatisfy { $0.isASCII }, "\(key)")
        }
        #expect(KeyCommand.Hint([.left, .right], "pan").label(.unicode) == "←→")
        #expect(KeyCommand.Hint([.left, .right], "pan").label(.ascii) == "Lt/Rt")
        #expect(KeyCommand.Hint([.char("n"), .char("N")], "change").label(.unicode) == "n/N")
    }

    @Test func overlaysTakeTheirKeysFirst() throws {
        var a = try replayApp(["sigkill/pods-watch.json", "sigkill/events.json"])
        a.handle(.char("?"))
        a.handle(.char("j"))
        #expect(a.state.overlay == .help && a.state.selected == 0)
        a.handle(.char("q"))
        #expect(a.state.overlay == .none && !a.state.quit)
        a.handle(.char("/"))
        for c in "q?w" { a.handle(.char(c)) }
        #expect(a.state.filterDraft == "q?w" && !a.state.quit)
        a.handle(.escape)
        a.handle(.char("w"))
        #expect(a.state.overlay == .workloads)
        a.handle(.enter)
        #expect(a.state.overlay == .none)
        a.handle(.char("f"))
        a.handle(.char("f"))
        #expect(a.state.overlay == .none)
    }

    @Test func liveKeysDifferWhereTheModeDoes() {
        var a = App(store: ObservationStore(), mode: .live, source: "ctx")
        a.handle(.char("]"))
        #expect(a.state.speed == 1 && a.state.message == nil)
        a.handle(.char(" "))
        #expect(!a.state.follow && a.state.message?.hasPrefix("paused") == true)
        a.handle(.char("G"))
        #expect(a.state.follow && a.state.message == "following live")
    }
}
