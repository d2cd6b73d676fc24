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
