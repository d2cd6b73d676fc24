import Testing
@testable import RolloutCore
@testable import RolloutUI

/// A terminal for the run loop: a script of input, a clock that moves only when the loop waits
/// for input, and every frame presented, with its time.
final class FakeScreen: Screen {
    enum Step {
        /// Nothing arrives: the whole timeout passes.
        case wait
        /// An event arrives at once.
        case event(InputEvent)
        /// The terminal becomes `Size` and says so.
        case resize(Size)
    }

    var now = 0.0
    var size: Size
    let glyphs: Glyphs = .ascii
    var script: [Step]
    private(set) var frames: [(time: Double, screen: ScreenBuffer)] = []
    private(set) var timeouts: [Int] = []

    init(size: Size = Size(width: 80, height: 24), _ script: [Step]) {
        self.size = size
        self.script = script
    }

    func present(_ buffer: ScreenBuffer) { frames.append((now, buffer)) }

    /// After the script: `q`.
    func read(timeoutMilliseconds: Int) -> InputEvent {
        timeouts.append(timeoutMilliseconds)
        guard !script.isEmpty else { return .key(.char("q")) }
        switch script.removeFirst() {
        case .wait:
            now += Double(timeoutMilliseconds) / 1000
            return .none
        case .event(let event): return event
        case .resize(let size):
            self.size = size
            return .resize
        }
    }

    var frameTimes: [Double] { frames.map(\.time) }
}

@Suite struct FrameLoopTests {
    static func replay() throws -> App { try replayApp(["sigkill/pods-watch.json", "sigkill/events.json"]) }

    static func run(_ app: inout App, _ screen: FakeScreen, feed: ((Double) -> FeedUpdate)? = nil) -> Int32 {
        FrameLoop.run(&app, screen: screen, clock: { screen.now }, feed: feed)
    }

    @Test func idleDrawsTheFirstFrameThenOnceASecond() throws {
        var app = try Self.replay()
        let screen = FakeScreen(Array(repeating: .wait, count: 10))
        #expect(Self.run(&app, screen) == 0)
        #expect(screen.frameTimes == [0, 1, 2])
        // Nothing moves: the loop waits the long timeout.
        #expect(Set(screen.timeouts) == [FrameLoop.idleTimeout])
    }

    @Test func aKeyIsDrawnAtOnce() throws {
        var app = try Self.replay()
        let screen = FakeScreen([.wait, .event(.key(.down)), .wait])
        _ = Self.run(&app, screen)
        #expect(screen.frameTimes == [0, 0.25])
        #expect(app.state.selected == 1)
        let rows = screen.frames[1].screen.text.split(separator: "\n")
        #expect(rows.contains { $0.hasPrefix("|>web-7d4b9c8f6d-fj9nt") }, "\(screen.frames[1].screen.text)")
    }

    @Test func aPlayingReplayIsDrawnEveryTickAndMoves() throws {
        var app = try Self.replay()
        app.handle(.char("g"))
        let start = app.state.cursor
        let screen = FakeScreen([.event(.key(.char(" ")))] + Array(repeating: .wait, count: 5) + [.event(.key(.char(" "))), .wait, .wait])
        _ = Self.run(&app, screen)
        // A frame for the key, then one every 100 ms tick while playing; paused, none until a
        // second has passed since the last.
        #expect(screen.frameTimes.map { ($0 * 10).rounded() / 10 } == [0, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.5])
        #expect(abs(app.state.cursor - (start + 0.5)) < 1e-3)
        // Short waits while playing, long ones before and after.
        let (busy, idle) = (FrameLoop.busyTimeout, FrameLoop.idleTimeout)
        #expect(screen.timeouts == [idle, busy, busy, busy, busy, busy, busy, idle, idle, idle])
    }

    @Test func theFeedIsAppliedEveryTickAndDataIsDrawn() throws {
        let source = try store(["sigkill/pods-watch.json", "sigkill/events.json"])
        let observations = source.observations
        let start = try #require(source.start)
        var app = App(store: ObservationStore(), mode: .live, source: "feed")
        var calls: [Double] = []
        var delivered = 0
        // Half the observations on the third tick, a problem from the fifth on, a message on the
        // seventh.
        let feed: (Double) -> FeedUpdate = { elapsed in
            calls.append(elapsed)
            let tick = calls.count
            let batch = tick == 3 ? Array(observations.prefix(observations.count / 2)) : []
            delivered += batch.count
            return FeedUpdate(observations: batch, now: start + elapsed, message: tick == 7 ? "note" : nil,
                              problem: tick >= 5 ? "kubectl: connection refused" : nil)
        }
        let screen = FakeScreen(Array(repeating: .wait, count: 8))
        _ = Self.run(&app, screen, feed: feed)
        #expect(calls.map { ($0 * 10).rounded() / 10 } == [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
        #expect(app.store.observations.count == delivered && delivered > 0)
        // The first frame, then the data, the problem and the note; the cursor following now
        // is not a change of its own.
        #expect(screen.frameTimes.map { ($0 * 10).rounded() / 10 } == [0, 0.2, 0.4, 0.6])
        #expect(screen.frames[1].screen.text.contains("web-7d4b9c8f6d-b6wkc"))
        #expect(screen.frames[2].screen.text.split(separator: "\n").last == " ! kubectl: connection refused")
        #expect(screen.frames[3].screen.text.split(separator: "\n").last == " note")
        #expect(app.state.cursor == start + 0.8)
        #expect(Set(screen.timeouts) == [FrameLoop.busyTimeout])
    }

    @Test func quitHangupAndSignalsEndTheLoop() throws {
        var app = try Self.replay()
        #expect(Self.run(&app, FakeScreen([.event(.key(.char("q")))])) == 0)
        app = try Self.replay()
        let hangup = FakeScreen([.wait, .event(.hangup), .wait])
        #expect(Self.run(&app, hangup) == 129)
        #expect(hangup.script.count == 1, "the loop went on after the hangup")
        app = try Self.replay()
        #expect(Self.run(&app, FakeScreen([.event(.interrupted(signal: 15))])) == 143)
        app = try Self.replay()
        #expect(Self.run(&app, FakeScreen([.event(.interrupted(signal: 2))])) == 130)
    }

    @Test func aResizeIsDrawnAtTheNewSize() throws {
        var app = try Self.replay()
        let screen = FakeScreen(size: Size(width: 120, height: 40), [.wait, .resize(Size(width: 70, height: 20)), .wait, .event(.redraw)])
        _ = Self.run(&app, screen)
        #expect(screen.frames.map { Size(width: $0.screen.width, height: $0.screen.height) }
            == [Size(width: 120, height: 40), Size(width: 70, height: 20), Size(width: 70, height: 20)])
        #expect(screen.frameTimes == [0, 0.25, 0.5])
        #expect(app.size == Size(width: 70, height: 20))
    }

    @Test func theFrameIsTheAppsRenderingWithTheScreensGlyphs() throws {
        var app = try Self.replay()
        let screen = FakeScreen([])
        _ = Self.run(&app, screen)
        #expect(screen.frames.first?.screen == app.render(width: 80, height: 24, glyphs: .ascii))
    }
}
