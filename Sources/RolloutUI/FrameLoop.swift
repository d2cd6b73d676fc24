/// The UI's run loop over any `Screen`: feed the live source, move a playing replay, draw when
/// something changed, read one input event, until `q`, a signal or a hangup. Time comes from
/// `clock` (monotonic seconds), so tests drive it with a fake clock and a fake screen.
public enum FrameLoop {
    /// Status after a hangup: as for SIGHUP (128 + 1).
    public static let hangupStatus: Int32 = 129

    /// Read timeouts: short while something moves (a live feed, a playing replay), longer idle.
    public static let busyTimeout = 100
    public static let idleTimeout = 250

    /// Runs `app` on `screen`. `feed` (live and demo) is called every tick with the seconds since
    /// the start. Returns 0 after `q`, 128 + the signal after SIGINT, SIGTERM, SIGHUP or
    /// SIGQUIT, and 129 (as for SIGHUP) when the terminal itself is gone.
    public static func run(_ app: inout App, screen: some Screen, clock: () -> Double, feed: ((Double) -> FeedUpdate)? = nil) -> Int32 {
        let started = clock()
        var lastTick = started
        var lastFrame = -Double.infinity
        var dirty = true
        app.glyphs = screen.glyphs
        app.resize(to: screen.size)
        while !app.state.quit {
            let now = clock()
            let elapsed = now - lastTick
            lastTick = now
            if let feed, app.apply(feed(now - started)) { dirty = true }
            app.advance(seconds: elapsed)
            // Draw when something changed, while playing, and once a second for the clock:
            // an idle dashboard left running for days should cost next to nothing.
            if dirty || app.state.playing || now - lastFrame >= 1 {
                if screen.size != app.size { app.resize(to: screen.size) }
                screen.present(app.render(width: app.size.width, height: app.size.height, glyphs: screen.glyphs))
                lastFrame = now
                dirty = false
            }
            let busy = feed != nil || app.state.playing
            switch screen.read(timeoutMilliseconds: busy ? busyTimeout : idleTimeout) {
            case .key(let key):
                app.handle(key)
                dirty = true
            case .resize:
                app.resize(to: screen.size)
                dirty = true
            case .redraw: dirty = true
            case .none: break
            case .hangup: return hangupStatus
            case .interrupted(let signal): return 128 + signal
            }
        }
        return 0
    }
}
