/// Draws per-pod timelines in plain ASCII characters: one row a pod, one column a time step.
public struct TimelineChart {
    /// The character of each phase in the plain-text chart (`legend` explains them).
    public static func glyph(_ phase: Segment.Phase) -> Character { phase.asciiGlyph }

    /// `glyph` as a table, for glyph sets that start from it.
    public static let glyphs = Dictionary(uniqueKeysWithValues: Segment.Phase.allCases.map { ($0, glyph($0)) })
    /// Every phase's glyph and name, in two lines that fit 80 columns.
    public static let legend: [String] = {
        let items = Segment.Phase.legendOrder.map { "\($0.asciiGlyph) \($0.legendName)" }
        return [items[..<6].joined(separator: "  "), items[6...].joined(separator: "  ")]
    }()

    public let start: Instant
    public let step: Double
    public let columns: Int

    /// A chart from `start` with a given step per column.
    public init(start: Instant, step: Double, columns: Int) {
        self.start = start
        self.step = max(0.001, step)
        self.columns = max(1, columns)
    }

    /// Fits `from...to` into `columns`, with a step of whole, round seconds.
    public init(from: Instant, to: Instant, columns: Int) {
        let span = max(1, to - from)
        let raw = span / Double(max(1, columns))
        let steps: [Double] = [1, 2, 3, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400]
        step = steps.first { $0 >= raw } ?? (raw / 86400).rounded(.up) * 86400
        start = Instant(seconds: (from.seconds / step).rounded(.down) * step)
        let needed = Int(((to - start) / step).rounded(.up)) + 1
        self.columns = max(1, min(columns, needed))
    }

    public var end: Instant { start + step * Double(columns) }

    /// One pod's row of `columns` characters.
    public func row(_ segments: [Segment]) -> String {
        // As UTF-8 bytes: a String made from an array of Characters goes one grapheme at a time.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(columns * 3)
        for phase in phases(segments) {
            if let phase { bytes.append(contentsOf: TimelineChart.glyph(phase).utf8) } else { bytes.append(0x20) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The phase shown in each column: the one covering most of the column (ties go to the
    /// later phase, so short phases at an edge still show), and `killed` where a SIGKILL fell.
    public func phases(_ segments: [Segment]) -> [Segment.Phase?] {
        var cells = [Segment.Phase?](repeating: nil, count: columns)
        var best = [Double](repeating: 0, count: columns)
        for s in segments where s.phase != .killed {
            let first = max(0, Int((s.from - start) / step))
            let last = min(columns - 1, Int(((s.to - start) / step).rounded(.up)) - 1)
            guard first <= last else { continue }
            for c in first...last {
                let c0 = start + step * Double(c), c1 = c0 + step
                let overlap = min(s.to, c1) - max(s.from, c0)
                if overlap > 0 && overlap >= best[c] {
                    best[c] = overlap
                    cells[c] = s.phase
                }
            }
        }
        for s in segments where s.phase == .killed {
            let c = Int((s.from - start) / step)
            if c >= 0 && c < columns { cells[c] = .killed } else if c == columns { cells[columns - 1] = .killed }
        }
        return cells
    }

    /// The column showing instant `t`, or nil outside the chart.
    public func column(of t: Instant) -> Int? {
        let c = Int(((t - start) / step).rounded(.down))
        return c >= 0 && c < columns ? c : nil
    }

    /// Label line and tick line for the time axis, labels every `every` columns.
    public func ruler(every: Int = 12) -> (labels: String, ticks: String) {
        var labels = [Character](repeating: " ", count: columns + 8)
        var ticks = [Character](repeating: " ", count: columns)
        var c = 0
        while c < columns {
            ticks[c] = "|"
            let t = start + step * Double(c)
            let text = Array(step < 60 ? t.clock : String(t.clock.prefix(5)))
            if c + text.count <= labels.count {
                for (i, ch) in text.enumerated() { labels[c + i] = ch }
            }
            c += every
        }
        return (String(labels).trimmingTrailingSpaces, String(ticks).trimmingTrailingSpaces)
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
