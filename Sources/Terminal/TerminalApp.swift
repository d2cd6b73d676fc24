internal import CNCurses
import RolloutCore
import RolloutUI

/// What a live source delivers on each tick: new data and the current time in its terms.
public struct FeedUpdate: Sendable {
    public var observations: [Observation]
    public var signals: [Signal]
    /// "Now" as the source sees it (the demo's simulated clock, or the wall clock).
    public var now: Instant
    public var message: String?
    /// What is wrong with the live source right now; nil when it is fine.
    public var problem: String?
    public init(observations: [Observation] = [], signals: [Signal] = [], now: Instant, message: String? = nil, problem: String? = nil) {
        self.observations = observations
        self.signals = signals
        self.now = now
        self.message = message
        self.problem = problem
    }
}

/// Runs the UI in the terminal until `q` or a signal; returns the exit status.
public enum TerminalApp {
    /// `feed` is called every frame with monotonic seconds since start (live and demo).
    /// Returns 0 after `q`, 128 + the signal after SIGINT, SIGTERM, SIGHUP or SIGQUIT, and 129
    /// (as for SIGHUP) when the terminal itself is gone; the terminal is restored in each case.
    public static func run(_ app: inout App, monochrome: Bool, feed: ((Double) -> FeedUpdate)? = nil) -> Int32 {
        TerminalSignals.install()
        let screen = NCursesScreen(monochrome: monochrome)
        defer { screen.stop() }
        let started = rs_monotonic_seconds()
        var lastTick = started
        var lastFrame = -1.0
        var dirty = true
        var status: Int32 = 0
        while !app.state.quit {
            if let signal = TerminalSignals.take() {
                status = 128 + signal
                break
            }
            let now = rs_monotonic_seconds()
            let elapsed = now - lastTick
            lastTick = now
            if let feed {
                let update = feed(now - started)
                if !update.observations.isEmpty || !update.signals.isEmpty {
                    app.receive(update.observations, signals: update.signals)
                    dirty = true
                }
                app.setNow(update.now)
                if let message = update.message { app.state.message = message; dirty = true }
                if app.state.liveProblem != update.problem { app.state.liveProblem = update.problem; dirty = true }
            }
            app.advance(seconds: elapsed)
            // Draw when something changed, while playing, and once a second for the clock:
            // an idle dashboard left running for days should cost next to nothing.
            if dirty || app.state.playing || now - lastFrame >= 1 {
                let size = screen.size
                screen.present(app.render(width: size.width, height: size.height, glyphs: screen.glyphs))
                lastFrame = now
                dirty = false
            }
            let busy = feed != nil || app.state.playing
            switch screen.read(timeoutMilliseconds: busy ? 100 : 250) {
            case .key(let key): app.handle(key); dirty = true
            case .resize, .redraw: screen.invalidate(); dirty = true
            case .none: break
            case .hangup:
                // The terminal went away without a SIGHUP reaching us: treat it as one.
                return 128 + SIGHUP
            }
        }
        return status
    }
}
