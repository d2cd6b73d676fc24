/// One line of the key table: the keys, where they apply, what the help says, what they do.
/// `KeyCommand.table` is the only list of keys: `App.handle` looks keys up in it, and the help
/// overlay and the footer are drawn from it, so they cannot drift apart.
public struct KeyCommand: Sendable {
    /// A short reminder in the footer: some of the command's keys and a word.
    public struct Hint: Sendable {
        public let keys: [Key]
        public let text: String
        /// Between the key names; nil: nothing between one-character symbols (`↑↓`, `+-`),
        /// else a slash (`n/N`, `Up/Dn`).
        public let separator: String?

        init(_ keys: [Key], _ text: String, separator: String? = nil) {
            self.keys = keys
            self.text = text
            self.separator = separator
        }

        /// The key names as the footer shows them.
        public func label(_ glyphs: Glyphs) -> String {
            let names = keys.map { $0.name(glyphs) }
            if let separator { return names.joined(separator: separator) }
            let symbols = names.allSatisfy { $0.count == 1 && !$0.first!.isLetter && !$0.first!.isNumber }
            return names.joined(separator: symbols ? "" : "/")
        }
    }

    /// The overlay the command applies in; `.none` for the main screen.
    public let overlay: Overlay
    /// The mode it applies in; nil for both.
    public let mode: Mode?
    /// The keys, as the help names them.
    public let keys: [Key]
    /// Keys that do the same without being named (`=` for `+`, the unshifted key).
    public let aliases: [Key]
    /// Any printable character not taken by an earlier command (typing the filter).
    public let typing: Bool
    public let help: String
    public let hint: Hint?
    let action: @Sendable (inout App, Key) -> Void

    init(in overlay: Overlay = .none, mode: Mode? = nil, _ keys: [Key], aliases: [Key] = [], typing: Bool = false,
         _ help: String, hint: Hint? = nil, _ action: @escaping @Sendable (inout App, Key) -> Void) {
        self.overlay = overlay
        self.mode = mode
        self.keys = keys
        self.aliases = aliases
        self.typing = typing
        self.help = help
        self.hint = hint
        self.action = action
    }

    /// True when the command applies in `state`.
    public func applies(in state: AppState) -> Bool {
        overlay == state.overlay && (mode == nil || mode == state.mode)
    }

    /// True when `key` runs this command.
    public func accepts(_ key: Key) -> Bool {
        if keys.contains(key) || aliases.contains(key) { return true }
        if typing, case .char = key { return true }
        return false
    }

    /// The key names as the help shows them.
    public func label(_ glyphs: Glyphs) -> String { keys.map { $0.name(glyphs) }.joined(separator: " ") }

    /// The command `key` runs in `state`, if any: the first that applies and accepts it.
    public static func command(for key: Key, in state: AppState) -> KeyCommand? {
        table.first { $0.applies(in: state) && $0.accepts(key) }
    }

    /// The commands of the main screen in `mode`, in table order: the help lists them and the
    /// footer shows their hints.
    public static func mainScreen(_ mode: Mode) -> [KeyCommand] {
        table.filter { $0.overlay == .none && ($0.mode == nil || $0.mode == mode) }
    }

    // MARK: The table

    public static let table: [KeyCommand] = mainScreenCommands + helpCommands + findingsCommands + workloadsCommands + filterCommands

    /// The main screen, in the order of the help and the footer.
    static let mainScreenCommands: [KeyCommand] = [
        KeyCommand([.char("?")], "this help", hint: Hint([.char("?")], "help")) { app, _ in app.state.overlay = .help },
        KeyCommand([.char("q")], "quit", hint: Hint([.char("q")], "quit")) { app, _ in app.state.quit = true },
        KeyCommand([.up, .down, .char("j"), .char("k")], "select pod / scroll pane", hint: Hint([.up, .down], "select")) { app, key in
            app.scroll(by: key == .up || key == .char("k") ? -1 : 1)
        },
        KeyCommand([.pageUp, .pageDown], "page up / down") { app, key in
            let page = max(1, app.layout.pageSize - 1)
            app.scroll(by: key == .pageUp ? -page : page)
        },
        KeyCommand([.home, .end], "first / last pod") { app, key in app.select(key == .home ? 0 : Int.max) },
        KeyCommand([.enter], "enlarge the detail pane", hint: Hint([.enter], "detail")) { app, _ in app.state.detailExpanded.toggle() },
        KeyCommand([.tab, .backTab], "next / previous pane", hint: Hint([.tab], "focus")) { app, key in
            let count = Focus.allCases.count
            app.state.focus = Focus(rawValue: (app.state.focus.rawValue + (key == .tab ? 1 : count - 1)) % count)!
        },
        KeyCommand([.escape], "shrink detail, no filter") { app, _ in
            if app.state.detailExpanded { app.state.detailExpanded = false } else if !app.state.filter.isEmpty { app.state.filter = "" }
        },
        KeyCommand([.left, .right, .char("h"), .char("l")], "pan time", hint: Hint([.left, .right], "pan")) { app, key in
            app.pan(by: key == .left || key == .char("h") ? -0.125 : 0.125)
        },
        KeyCommand([.char("+"), .char("-")], aliases: [.char("="), .char("_")], "zoom in / out", hint: Hint([.char("+"), .char("-")], "zoom")) { app, key in
            app.zoom(by: key == .char("+") || key == .char("=") ? 0.5 : 2)
        },
        KeyCommand([.char("0")], "fit the whole rollout", hint: Hint([.char("0")], "fit")) { app, _ in
            app.state.viewStart = nil
            app.state.viewSpan = nil
        },
        KeyCommand(mode: .replay, [.char(" ")], "play / pause", hint: Hint([.char(" ")], "play")) { app, _ in app.togglePlaying() },
        KeyCommand(mode: .live, [.char(" ")], "hold / follow live", hint: Hint([.char(" ")], "pause")) { app, _ in app.toggleFollowing() },
        KeyCommand(mode: .replay, [.char("["), .char("]")], "slower / faster replay", hint: Hint([.char("["), .char("]")], "speed", separator: " ")) { app, key in
            app.changeSpeed(key == .char("[") ? -1 : 1)
        },
        KeyCommand([.char("n"), .char("N")], "next / previous change", hint: Hint([.char("n"), .char("N")], "change")) { app, key in
            app.jump(to: key == .char("n") ? app.store.nextChange(after: app.state.cursor) : app.store.previousChange(before: app.state.cursor))
        },
        KeyCommand([.char(","), .char(".")], "step one column back / on") { app, key in app.step(by: key == .char(",") ? -1 : 1) },
        KeyCommand(mode: .replay, [.char("g"), .char("G")], "start / end", hint: Hint([.char("g"), .char("G")], "start/end")) { app, key in
            app.jump(to: key == .char("g") ? app.rolloutStart() : app.store.end)
        },
        KeyCommand(mode: .live, [.char("g"), .char("G")], "start / follow live", hint: Hint([.char("G")], "live")) { app, key in
            if key == .char("g") { app.jump(to: app.rolloutStart()) } else { app.followLive() }
        },
        KeyCommand([.char("/")], "filter pods by name", hint: Hint([.char("/")], "filter")) { app, _ in
            app.state.overlay = .filter
            app.state.filterDraft = app.state.filter
            app.state.filterFromDashboard = false
        },
        KeyCommand([.char("s")], "cycle sort order", hint: Hint([.char("s")], "sort")) { app, _ in app.cycleSort() },
        KeyCommand([.char("f")], "findings list", hint: Hint([.char("f")], "findings")) { app, _ in
            app.state.overlay = .findings
            app.state.findingsScroll = 0
        },
        KeyCommand([.char("w")], "namespace dashboard") { app, _ in
            app.state.overlay = .workloads
            app.state.workloadCursor = 0
        },
    ]

    static let helpCommands: [KeyCommand] = [
        KeyCommand(in: .help, [.escape, .char("?"), .char("q")], "close the help") { app, _ in app.state.overlay = .none },
    ]

    static let findingsCommands: [KeyCommand] = [
        KeyCommand(in: .findings, [.escape, .char("f"), .char("q")], "close the findings") { app, _ in app.state.overlay = .none },
        KeyCommand(in: .findings, [.up, .down, .char("k"), .char("j")], "scroll") { app, key in
            app.scrollFindings(by: key == .up || key == .char("k") ? -1 : 1)
        },
        KeyCommand(in: .findings, [.pageUp, .pageDown], "scroll a page") { app, key in app.scrollFindings(by: key == .pageUp ? -10 : 10) },
    ]

    static let workloadsCommands: [KeyCommand] = [
        KeyCommand(in: .workloads, [.escape, .char("w"), .char("q")], "close the dashboard") { app, _ in app.state.overlay = .none },
        KeyCommand(in: .workloads, [.up, .down, .char("k"), .char("j")], "select a workload") { app, key in
            app.moveWorkloadCursor(by: key == .up || key == .char("k") ? -1 : 1)
        },
        KeyCommand(in: .workloads, [.enter], "open the workload") { app, _ in app.openSelectedWorkload() },
        KeyCommand(in: .workloads, [.char("/")], "filter by namespace or name (shop, shop/web)") { app, _ in
            app.state.overlay = .filter
            app.state.filterDraft = app.state.filter
            app.state.filterFromDashboard = true
        },
    ]

    static let filterCommands: [KeyCommand] = [
        KeyCommand(in: .filter, [.escape], "cancel") { app, _ in app.state.overlay = app.state.filterFromDashboard ? .workloads : .none },
        KeyCommand(in: .filter, [.enter], "filter by the name typed") { app, _ in app.applyFilter() },
        KeyCommand(in: .filter, [.backspace], "delete a character") { app, _ in
            if !app.state.filterDraft.isEmpty { app.state.filterDraft.removeLast() }
        },
        KeyCommand(in: .filter, [], typing: true, "type part of a pod name") { app, key in
            if case .char(let c) = key { app.typeInFilter(c) }
        },
    ]
}
