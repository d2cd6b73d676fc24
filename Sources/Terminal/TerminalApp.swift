internal import CNCurses
import RolloutUI

/// Runs the UI in the terminal: curses and signal handlers around `FrameLoop`, which owns the
/// frame policy. Returns the loop's exit status; the terminal is restored in every case.
public enum TerminalApp {
    /// `feed` is called every tick with monotonic seconds since the start (live and demo).
    public static func run(_ app: inout App, monochrome: Bool, feed: ((Double) -> FeedUpdate)? = nil) -> Int32 {
        TerminalSignals.install()
        let screen = NCursesScreen(monochrome: monochrome)
        defer { screen.stop() }
        return FrameLoop.run(&app, screen: screen, clock: { rs_monotonic_seconds() }, feed: feed)
    }
}
