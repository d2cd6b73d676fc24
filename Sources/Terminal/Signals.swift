internal import CNCurses

/// SIGINT, SIGTERM, SIGHUP and SIGQUIT only set a flag; the input loop polls it and then
/// restores the terminal itself (ncurses' own handlers would exit without our cleanup).
/// SIGPIPE is ignored: a closed pipe or terminal shows as a failed write instead, so the
/// process can still stop kubectl and close the recording.
public enum TerminalSignals {
    public static func install() { rs_install_signal_handlers() }

    /// The signal received since the last call, or nil.
    public static func take() -> Int32? {
        let s = rs_take_signal()
        return s == 0 ? nil : s
    }
}
