internal import CNCurses
import RolloutUI

/// The terminal as ncurses sees it: starts and restores curses, draws a `ScreenBuffer` by
/// sending only the cells that changed since the last frame, reads keys, and reports the
/// signals `TerminalSignals` caught as input.
public final class NCursesScreen: Screen {
    private var screen: OpaquePointer?
    private var window: UnsafeMutablePointer<WINDOW>?
    private var theme: Theme
    private var last: ScreenBuffer?
    public let glyphs: Glyphs
    private var active = false

    /// Starts curses on the terminal. `monochrome` drops colours (NO_COLOR, --no-color).
    public init(monochrome: Bool) {
        setlocale(LC_ALL, "")
        glyphs = rs_locale_is_utf8() != 0 ? .unicode : .ascii
        // newterm, not initscr: initscr exits the process itself when TERM is unknown.
        screen = rs_newterm()
        set_term(screen)
        window = rs_stdscr()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        curs_set(0)
        set_escdelay(25)
        var depth = Theme.Depth.none
        if !monochrome && has_colors() {
            start_color()
            use_default_colors()
            let colors = rs_colors()
            depth = colors >= 256 ? .full : colors >= 16 ? .sixteen : colors >= 8 ? .eight : .none
        }
        theme = Theme(depth: depth)
        active = true
    }

    /// The terminal's size in cells.
    public var size: Size {
        var y: Int32 = 0, x: Int32 = 0
        rs_getmaxyx(window, &y, &x)
        return Size(width: Int(x), height: Int(y))
    }

    /// Draws the frame, writing only the cells that differ from the previous one.
    public func present(_ buffer: ScreenBuffer) {
        guard active, let window else { return }
        let full = last == nil || last!.width != buffer.width || last!.height != buffer.height
        if full { werase(window) }
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                if !full, let last, last[x, y] == cell { continue }
                // The bottom-right cell scrolls some terminals when written; skip it.
                if y == buffer.height - 1 && x == buffer.width - 1 { continue }
                let a = theme.attributes(cell.style)
                let scalar = cell.char.unicodeScalars.first ?? " "
                _ = rs_put_wch(window, Int32(y), Int32(x), wchar_t(bitPattern: scalar.value), a.attrs, a.pair)
            }
        }
        wnoutrefresh(window)
        doupdate()
        last = buffer
    }

    /// Forces the next `present` to redraw every cell (after resize or `Ctrl-L`).
    func invalidate() {
        last = nil
        if let window { clearok(window, true) }
    }

    /// Waits up to `timeoutMilliseconds` for a key. A signal caught before or during the wait
    /// comes first; a terminal that is gone (reads fail at once, every time) is a hangup.
    public func read(timeoutMilliseconds: Int) -> InputEvent {
        if let signal = TerminalSignals.take() { return .interrupted(signal: signal) }
        guard let window else { return .none }
        wtimeout(window, Int32(clamping: timeoutMilliseconds))
        var ch: wint_t = 0
        let rc = wget_wch(window, &ch)
        if rc == ERR {
            if rs_terminal_hung_up() != 0 { return .hangup }
            return TerminalSignals.take().map { .interrupted(signal: $0) } ?? .none
        }
        if rc == KEY_CODE_YES {
            switch Int32(ch) {
            case KEY_RESIZE:
                invalidate()
                return .resize
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_ENTER: return .key(.enter)
            case KEY_BTAB: return .key(.backTab)
            case KEY_BACKSPACE: return .key(.backspace)
            default: return .none
            }
        }
        switch ch {
        case 0x1B: return .key(.escape)
        case 0x0D, 0x0A: return .key(.enter)
        case 0x09: return .key(.tab)
        case 0x7F, 0x08: return .key(.backspace)
        case 0x0C:
            invalidate()
            return .redraw
        case 0x03: return .key(.char("q"))
        default:
            guard let scalar = Unicode.Scalar(UInt32(ch)), scalar.value >= 0x20 else { return .none }
            return .key(.char(Character(scalar)))
        }
    }

    /// Restores the terminal. Safe to call more than once.
    public func stop() {
        guard active else { return }
        active = false
        curs_set(1)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        window = nil
    }

    deinit { stop() }
}
