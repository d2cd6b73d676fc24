/// A rectangle on the screen, in cells.
public struct Rect: Sendable, Equatable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    /// The rectangle shrunk by `n` cells on every side.
    public func inset(_ n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }
}

/// One cell: a character and its semantic style.
public struct Cell: Sendable, Equatable {
    public var char: Character
    public var style: Style
    public init(_ char: Character = " ", _ style: Style = .normal) {
        self.char = char
        self.style = style
    }
}

/// The cell grid every pane draws into; only the terminal layer turns it into output.
/// Writes are clipped to the grid, and text is sanitised: no control character is ever stored.
public struct ScreenBuffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Puts one character; out-of-range and control characters are dropped or replaced.
    public mutating func put(_ x: Int, _ y: Int, _ c: Character, _ style: Style) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        cells[y * width + x] = Cell(ScreenBuffer.safe(c), style)
    }

    /// Writes `text` from (x, y), clipped at `maxWidth` columns and the grid edge;
    /// returns the column after the last character written.
    @discardableResult
    public mutating func text(_ x: Int, _ y: Int, _ text: String, _ style: Style, maxWidth: Int = .max) -> Int {
        var col = x
        let limit = min(width, maxWidth == .max ? width : x + maxWidth)
        for ch in text {
            if col >= limit { break }
            if col >= 0 { put(col, y, ch, style) }
            col += 1
        }
        return col
    }

    /// Fills a rectangle with one character and style.
    public mutating func fill(_ r: Rect, _ c: Character = " ", _ style: Style = .normal) {
        guard !r.isEmpty else { return }
        for y in max(0, r.y)..<min(height, r.maxY) {
            for x in max(0, r.x)..<min(width, r.maxX) { cells[y * width + x] = Cell(c, style) }
        }
    }

    /// Re-styles cells without changing their characters.
    public mutating func restyle(_ r: Rect, _ style: Style) {
        guard !r.isEmpty else { return }
        for y in max(0, r.y)..<min(height, r.maxY) {
            for x in max(0, r.x)..<min(width, r.maxX) { cells[y * width + x].style = style }
        }
    }

    /// A character safe for a terminal cell: controls become `?`, wide characters `?` too,
    /// because every cell here is one column.
    static func safe(_ c: Character) -> Character {
        for u in c.unicodeScalars {
            if RolloutCore.Sanitizer.isUnsafe(u) { return "?" }
            if isWide(u) { return "?" }
        }
        return c
    }

    /// East Asian wide and emoji ranges (two columns in a terminal).
    static func isWide(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// The grid as text, one line a row, trailing spaces trimmed.
    public var text: String {
        var lines: [String] = []
        for y in 0..<height {
            var line = String(cells[(y * width)..<(y * width + width)].map(\.char))
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The styles as text, one mask character a cell (`Style.maskCode`), trailing spaces trimmed.
    public var styleMask: String {
        var lines: [String] = []
        for y in 0..<height {
            var line = String(cells[(y * width)..<(y * width + width)].map(\.style.maskCode))
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

import RolloutCore
