/// What the run loop needs of a terminal: its size and glyphs, showing a frame, and input.
/// `NCursesScreen` (in Terminal) is the real one; tests drive the loop with a fake.
public protocol Screen: AnyObject {
    var size: Size { get }
    var glyphs: Glyphs { get }
    /// Shows a frame (a real terminal sends only the cells that changed).
    func present(_ buffer: ScreenBuffer)
    /// Waits up to `timeoutMilliseconds` for input.
    func read(timeoutMilliseconds: Int) -> InputEvent
}

/// What a terminal reports between frames.
public enum InputEvent: Equatable, Sendable {
    case key(Key)
    /// The terminal changed size; the next frame is drawn whole.
    case resize
    /// Redraw every cell (Ctrl-L).
    case redraw
    /// The terminal is gone (its other side closed), as good as a SIGHUP.
    case hangup
    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT arrived.
    case interrupted(signal: Int32)
    /// Nothing within the timeout.
    case none
}
