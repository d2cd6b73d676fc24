/// One rollout's pod timeline drawn as SVG: a wall-clock axis, one row a pod (grouped by
/// revision, old first, as in the text chart), each phase a bar in the terminal's colour and
/// shade (`Segment.Phase.ink`, `unicodeGlyph`), and the marks of `TimelineMark` over it. Every
/// bar and mark carries a `<title>` (the browser shows it on hover, scripts or not). Both the
/// HTML report and `--format svg` draw with this, so they cannot differ.
///
/// Coordinates are in a fixed 1200-unit-wide box (`viewBox`); the page scales it to its width.
struct TimelineSVG {
    static let width = 1200.0
    static let rowHeight = 16.0
    static let axisHeight = 26.0
    /// Left of this: pod names (about 38 characters at 11 units).
    static let chartX = 280.0
    static let chartRight = 1188.0
    static let nameCharacters = 40
    static let font = "DejaVu Sans Mono, Menlo, Consolas, monospace"
    static let background = AnsiColour.backgroundRGB
    static let foreground = AnsiColour.foregroundRGB
    static let grid = "#3a3a3a"
    static let stripe = "#252526"

    enum Row: Equatable {
        case group(role: Role, replicaSet: String, pods: Int)
        case pod(Int)
    }

    let rollout: Rollout
    let from: Instant
    let to: Instant
    /// In the HTML report a pod's name links to its details (`#pod-<rollout>-<index>`).
    let linkPrefix: String?

    init(_ rollout: Rollout, linkPrefix: String? = nil) {
        self.rollout = rollout
        (from, to) = rollout.chartWindow
        self.linkPrefix = linkPrefix
    }

    /// A revision's header, then its pods, for each run of pods of one ReplicaSet.
    static func rows(_ r: Rollout) -> [Row] {
        var rows: [Row] = []
        var i = 0
        while i < r.pods.count {
            let p = r.pods[i]
            var j = i
            while j < r.pods.count && r.pods[j].replicaSet == p.replicaSet && r.pods[j].role == p.role { j += 1 }
            rows.append(.group(role: p.role, replicaSet: p.replicaSet, pods: j - i))
            for k in i..<j { rows.append(.pod(k)) }
            i = j
        }
        return rows
    }

    func x(_ t: Instant) -> Double {
        let span = max(1, to - from)
        let v = Self.chartX + (t - from) / span * (Self.chartRight - Self.chartX)
        return min(Self.chartRight, max(Self.chartX, v))
    }

    // MARK: Axis

    /// Tick times: a round step giving at most ten labels.
    var ticks: (step: Double, times: [Instant]) {
        let span = max(1, to - from)
        let steps: [Double] = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
        let step = steps.first { span / $0 <= 10 } ?? (span / 10 / 86400).rounded(.up) * 86400
        var t = (from.seconds / step).rounded(.up) * step
        var times: [Instant] = []
        while t <= to.seconds { times.append(Instant(seconds: t)); t += step }
        return (step, times)
    }

    /// Labels and tick marks in a band `axisHeight` high at `y`.
    func writeAxis(_ w: inout MarkupWriter, y: Double) {
        let (step, times) = ticks
        w.element("g", ["class": "axis", "fill": Self.foreground, "font-size": "11"]) { w in
            w.element("text", ["x": "8", "y": svgNum(y + 16), "fill": AnsiColour.brightBlack.rgb], "UTC")
            for t in times {
                let tx = x(t)
                let label = step < 60 ? t.clock : String(t.clock.prefix(5))
                w.element("text", ["x": svgNum(tx), "y": svgNum(y + 14), "text-anchor": "middle"], label)
                w.empty("line", ["x1": svgNum(tx), "x2": svgNum(tx), "y1": svgNum(y + 18), "y2": svgNum(y + Self.axisHeight), "stroke": Self.foreground])
            }
        }
    }

    /// Vertical grid lines at the ticks and dashed lines at the rollout's start and end,
    /// from `top` to `bottom`.
    func writeGrid(_ w: inout MarkupWriter, top: Double, bottom: Double) {
        w.element("g", ["class": "grid"]) { w in
            for t in ticks.times {
                w.empty("line", ["x1": svgNum(x(t)), "x2": svgNum(x(t)), "y1": svgNum(top), "y2": svgNum(bottom), "stroke": Self.grid])
            }
            for (label, t) in [("rollout started", rollout.startedAt), ("rollout finished", rollout.finishedAt)] {
                guard let t else { continue }
                w.element("line", ["x1": svgNum(x(t)), "x2": svgNum(x(t)), "y1": svgNum(top), "y2": svgNum(bottom), "stroke": AnsiColour.brightWhite.rgb,
                                   "stroke-opacity": "0.6", "stroke-dasharray": "4 3"]) { w in
                    w.element("title", "\(label) \(t.clock) UTC")
                }
            }
        }
    }

    // MARK: Rows

    func writeRows(_ w: inout MarkupWriter, _ rows: ArraySlice<Row>, y top: Double) {
        var y = top
        for row in rows {
            switch row {
            case .group(let role, let rs, let count):
                w.element("text", ["x": "8", "y": svgNum(y + 12), "font-weight": "bold",
                                   "fill": role == .old ? AnsiColour.brightBlack.rgb : Self.foreground]) { w in
                    w.text("\(role.rawValue) \(TextLayout.fit(rs, Self.nameCharacters - 14)) (\(TextLayout.count(count, "pod")))")
                }
            case .pod(let i):
                writePod(&w, rollout.pods[i], index: i, y: y)
            }
            y += Self.rowHeight
        }
    }

    func writePod(_ w: inout MarkupWriter, _ p: PodTimeline, index: Int, y: Double) {
        w.start("g", ["class": "pod", "data-pod": p.name])
        if index % 2 == 1 {
            w.empty("rect", ["x": "0", "y": svgNum(y), "width": svgNum(Self.width), "height": svgNum(Self.rowHeight), "fill": Self.stripe])
        }
        let shown = TextLayout.fit(p.name, Self.nameCharacters)
        let name: (inout MarkupWriter) -> Void = { w in
            w.element("text", ["x": "16", "y": svgNum(y + 12), "fill": Self.foreground]) { w in
                w.text(shown)
                if shown != p.name { w.element("title", p.name) }
            }
        }
        if let linkPrefix {
            w.element("a", ["href": "#\(linkPrefix)\(index)"], body: name)
        } else {
            name(&w)
        }
        let until = rollout.observedUntil
        // A pod alive at the last observation is drawn to the chart's end, as in the text chart.
        for s in p.endAt == nil ? p.segments(until: to) : p.segments(until: until) {
            guard s.to >= from, s.from <= to else { continue }
            let x0 = x(s.from), x1 = x(s.to)
            let what = s.detail.map { "\(s.phase.legendName) \($0)" } ?? s.phase.legendName
            let title = s.phase == .killed ? "SIGKILL at \(s.from.clock)" + killDetail(p)
                : "\(what) \(s.from.clock)–\(s.to.clock) (\(formatDuration(s.to - s.from)))"
            Self.writePhase(&w, s.phase, x: x0, width: x1 - x0, y: y, title: title)
        }
        writeMarks(&w, p, y: y)
        w.end()
        w.newline()
    }

    func killDetail(_ p: PodTimeline) -> String {
        let codes = p.termination?.exitCodes.filter { $0.code == 137 }.map { "\($0.container) exit 137" } ?? []
        return codes.isEmpty ? "" : ": " + codes.joined(separator: ", ")
    }

    // MARK: Marks

    func writeMarks(_ w: inout MarkupWriter, _ p: PodTimeline, y: Double) {
        if let t = p.termination {
            Self.writeMark(&w, .deletionRequested, x: x(t.requestedAt), y: y,
                           title: "deletion requested \(t.requestedAt.clock), grace period \(t.gracePeriodSeconds)s")
            if let k = t.killingAt {
                let event = p.events.first { $0.reason == "Killing" }
                Self.writeMark(&w, .killing, x: x(k), y: y, title: "Killing \(k.clock)" + (event.map { ": " + $0.message } ?? ""))
            }
        }
        let killed = p.termination?.killed == true
        for c in p.containers {
            guard let f = c.finishedAt, let code = c.exitCode, f >= from, f <= to else { continue }
            if code == 137 && killed { continue }  // the SIGKILL mark says it
            var title = "\(c.name) exited \(code)" + (c.reason.map { " (\($0))" } ?? "") + " at \(f.clock)"
            if let m = c.message, !m.isEmpty { title += ": " + m }
            Self.writeMark(&w, code == 0 ? .exited : .exitedWithError, x: x(f), y: y, title: title)
        }
        for c in p.initContainers where !c.sidecar {
            guard let f = c.finishedAt, let code = c.exitCode, code != 0, f >= from, f <= to else { continue }
            var title = "init container \(c.name) exited \(code)" + (c.reason.map { " (\($0))" } ?? "") + " at \(f.clock)"
            if c.restarts > 0 { title += ", \(TextLayout.count(c.restarts, "restart"))" }
            if let m = c.message, !m.isEmpty { title += ": " + m }
            Self.writeMark(&w, .exitedWithError, x: x(f), y: y, title: title)
        }
        var last: String?
        for e in p.endpoint.sorted(by: { $0.time < $1.time }) {
            let state = Self.endpointState(e)
            defer { last = state }
            guard state != last, e.time >= from, e.time <= to else { continue }
            Self.writeMark(&w, .endpointChange, x: x(e.time), y: y, title: "EndpointSlice \(e.slice) \(e.time.clock): \(state)")
        }
        writeDropped(&w, p.signals.filter(\.dropped), y: y)
    }

    static func endpointState(_ e: EndpointObservation) -> String {
        guard e.present else { return "removed" }
        func flag(_ v: Bool?, _ name: String) -> String? { v.map { $0 ? name : "not " + name } }
        let parts = [flag(e.ready, "ready"), flag(e.serving, "serving"), e.terminating == true ? "terminating" : nil].compactMap { $0 }
        return parts.isEmpty ? "listed" : parts.joined(separator: ", ")
    }

    /// Dropped connections, one mark per 4 units of time axis (a burst of 50 is one mark
    /// whose title lists the first five).
    func writeDropped(_ w: inout MarkupWriter, _ signals: [Signal], y: Double) {
        var buckets: [(x: Double, signals: [Signal])] = []
        for s in signals.sorted(by: { $0.time < $1.time }) where s.time >= from && s.time <= to {
            let sx = x(s.time)
            if let lastX = buckets.last?.x, sx - lastX < 4 { buckets[buckets.count - 1].signals.append(s) } else { buckets.append((sx, [s])) }
        }
        for b in buckets {
            var lines = b.signals.prefix(5).map { "\($0.time.clock) \($0.summary) (\($0.origin))" }
            if b.signals.count > 5 { lines.append("and \(b.signals.count - 5) more") }
            let head = b.signals.count == 1 ? "dropped connection" : "\(b.signals.count) dropped connections"
            Self.writeMark(&w, .dropped, x: b.x, y: y, title: head + ":\n" + lines.joined(separator: "\n"))
        }
    }

    // MARK: Shapes (also the legend's)

    /// A phase from `x` over `width` on the row at `y`, shaped like its terminal glyph: a full
    /// bar for █, lighter for ░ and ▒, a low bar for ▁, a checker for ▚, a thin line
    /// for ·, a dashed outline for ?, a white cross on red for ✗ (an instant).
    static func writePhase(_ w: inout MarkupWriter, _ phase: Segment.Phase, x: Double, width: Double, y: Double, title: String?) {
        let colour = phase.ink.rich.rgb
        let width = max(1, width)
        let titled: (inout MarkupWriter) -> Void = { w in if let title { w.element("title", title) } }
        switch phase {
        case .pending:
            w.element("rect", ["x": svgNum(x), "y": svgNum(y + 7), "width": svgNum(width), "height": "2", "fill": colour], body: titled)
        case .initializing, .initFailed, .starting, .ready, .preStop:
            let opacity: String? = phase == .starting ? "0.45" : phase == .initializing ? "0.75" : nil
            w.element("rect", ["x": svgNum(x), "y": svgNum(y + 3), "width": svgNum(width), "height": "10", "fill": colour, "fill-opacity": opacity],
                      body: titled)
        case .notReady:
            w.element("rect", ["x": svgNum(x), "y": svgNum(y + 10), "width": svgNum(width), "height": "3", "fill": colour], body: titled)
        case .terminating:
            // ▚ as a checker of 3-unit squares: two dashed strokes, the lower one shifted.
            // (Not an SVG pattern: Chromium's PDF output turns every use of one into an image.)
            w.element("g", ["stroke": colour, "stroke-width": "5", "stroke-dasharray": "3 3"]) { w in
                titled(&w)
                w.empty("path", ["d": "M\(svgNum(x)) \(svgNum(y + 5.5))h\(svgNum(width))"])
                w.empty("path", ["d": "M\(svgNum(x)) \(svgNum(y + 10.5))h\(svgNum(width))", "stroke-dashoffset": "3"])
            }
        case .unobserved:
            w.element("rect", ["x": svgNum(x + 0.5), "y": svgNum(y + 3.5), "width": svgNum(max(1, width - 1)), "height": "9", "fill": "none",
                               "stroke": colour, "stroke-dasharray": "2 2"], body: titled)
        case .killed:
            w.element("g", [:]) { w in
                titled(&w)
                w.empty("rect", ["x": svgNum(x - 5), "y": svgNum(y + 2), "width": "10", "height": "12", "fill": phase.ink.background?.rgb ?? colour])
                w.empty("path", ["d": "M\(svgNum(x - 3)) \(svgNum(y + 5))L\(svgNum(x + 3)) \(svgNum(y + 11))M\(svgNum(x + 3)) \(svgNum(y + 5))L\(svgNum(x - 3)) \(svgNum(y + 11))",
                                 "stroke": colour, "stroke-width": "1.6"])
            }
        }
    }

    static func writeMark(_ w: inout MarkupWriter, _ mark: TimelineMark, x: Double, y: Double, title: String) {
        let c = mark.ink.rich.rgb
        let titled: (inout MarkupWriter) -> Void = { w in w.element("title", title) }
        switch mark {
        case .deletionRequested:
            w.element("path", ["d": "M\(svgNum(x - 4)) \(svgNum(y))H\(svgNum(x + 4))L\(svgNum(x)) \(svgNum(y + 6))Z", "fill": c, "class": "mark"], body: titled)
        case .killing:
            w.element("path", ["d": "M\(svgNum(x - 4)) \(svgNum(y + 9))H\(svgNum(x + 4))L\(svgNum(x)) \(svgNum(y + 15))Z", "fill": "none", "stroke": c, "class": "mark"],
                      body: titled)
        case .exited, .exitedWithError:
            w.element("circle", ["cx": svgNum(x), "cy": svgNum(y + 8), "r": "3", "fill": c, "stroke": background, "class": "mark"], body: titled)
        case .endpointChange:
            w.element("path", ["d": "M\(svgNum(x)) \(svgNum(y + 10))L\(svgNum(x + 3)) \(svgNum(y + 13))L\(svgNum(x)) \(svgNum(y + 16))L\(svgNum(x - 3)) \(svgNum(y + 13))Z",
                               "fill": background, "stroke": c, "class": "mark"], body: titled)
        case .dropped:
            w.element("path", ["d": "M\(svgNum(x)) \(svgNum(y + 3))L\(svgNum(x + 5)) \(svgNum(y + 8))L\(svgNum(x)) \(svgNum(y + 13))L\(svgNum(x - 5)) \(svgNum(y + 8))Z",
                               "fill": c, "stroke": background, "class": "mark"], body: titled)
        }
    }

    // MARK: Legend

    /// Every phase with its shape, its terminal glyph and its name, then every mark with its
    /// shape and name, in lines across the width; returns the height used.
    @discardableResult
    static func writeLegend(_ w: inout MarkupWriter, y top: Double) -> Double {
        var items: [(String, (inout MarkupWriter, Double, Double) -> Void)] = []
        for phase in Segment.Phase.legendOrder {
            items.append(("\(phase.unicodeGlyph) \(phase.legendName)", { w, x, y in
                writePhase(&w, phase, x: phase == .killed ? x + 12 : x, width: 24, y: y, title: nil)
            }))
        }
        for mark in TimelineMark.allCases {
            items.append((mark.legendName, { w, x, y in
                // On a row each mark has its own height; in the legend they line up with the text.
                let lift: Double = switch mark {
                case .deletionRequested: 5
                case .killing: -4
                case .endpointChange: -5
                case .exited, .exitedWithError, .dropped: 0
                }
                writeMark(&w, mark, x: x + 12, y: y + lift, title: mark.legendName)
            }))
        }
        var x = 8.0, y = top + 4
        w.start("g", ["class": "legend", "fill": foreground, "font-size": "11"])
        for (label, draw) in items {
            let itemWidth = 30 + Double(label.count) * 6.7 + 16
            if x + itemWidth > width - 8 { x = 8; y += rowHeight + 4 }
            draw(&w, x, y)
            w.element("text", ["x": svgNum(x + 30), "y": svgNum(y + 12)], label)
            x += itemWidth
        }
        w.end()
        return y + rowHeight + 4 - top
    }
}

/// A coordinate in SVG: at most one decimal, no trailing `.0`.
func svgNum(_ v: Double) -> String {
    let r = (v * 10).rounded() / 10
    return r == r.rounded() ? String(Int(r)) : String(r)
}
