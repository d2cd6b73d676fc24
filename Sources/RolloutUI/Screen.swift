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
