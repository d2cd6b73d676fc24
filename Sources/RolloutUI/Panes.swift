import RolloutCore

/// A run of text in one style; a line is a list of runs.
public struct Run: Sendable, Equatable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = .normal) {
        self.text = text
        self.style = style
    }
}

/// The panes: each draws (state, rect) into the buffer and nothing else.
public enum Panes {
    // MARK: Frame pieces

    /// A border with a title; the border is highlighted when the pane has the focus.
    static func box(_ buf: inout ScreenBuffer, _ r: Rect, title: String, focused: Bool, glyphs g: Glyphs) {
        guard r.width >= 2, r.height >= 2 else { return }
        let style: Style = focused ? .borderFocus : .border
        for x in r.x..<r.maxX {
            buf.put(x, r.y, g.horizontal, style)
            buf.put(x, r.maxY - 1, g.horizontal, style)
        }
        for y in r.y..<r.maxY {
            buf.put(r.x, y, g.vertical, style)
            buf.put(r.maxX - 1, y, g.vertical, style)
        }
        buf.put(r.x, r.y, g.topLeft, style)
        buf.put(r.maxX - 1, r.y, g.topRight, style)
        buf.put(r.x, r.maxY - 1, g.bottomLeft, style)
        buf.put(r.maxX - 1, r.maxY - 1, g.bottomRight, style)
        buf.text(r.x + 2, r.y, " \(title) ", focused ? .borderFocus : .title, maxWidth: r.width - 4)
    }

    /// Draws runs from (x, y), clipped to `width`; returns the column after the text.
    @discardableResult
    static func line(_ buf: inout ScreenBuffer, _ x: Int, _ y: Int, _ runs: [Run], width: Int) -> Int {
        var col = x
        for run in runs {
            let left = x + width - col
            if left <= 0 { break }
            col = buf.text(col, y, Sanitizer.clean(run.text), run.style, maxWidth: left)
        }
        return col
    }

    static func fit(_ s: String, _ width: Int, glyphs g: Glyphs) -> String {
        TextLayout.fit(s, width, ellipsis: g.ellipsis)
    }

    static func clock(_ t: Instant?) -> String { t?.clock ?? "--:--:--" }

    static func dur(_ s: Double?) -> String { s.map(formatDuration) ?? "-" }

    // MARK: Header

    static func header(_ buf: inout ScreenBuffer, _ r: Rect, app: App, rollout: Rollout?, glyphs g: Glyphs) {
        let s = app.state
        buf.fill(Rect(x: r.x, y: r.y, width: r.width, height: 1), " ", .headerBar)
        var runs = [Run(" rollscope ", .headerBar), Run(s.source, .headerBar)]
        if let rollout {
            runs.append(Run("  \(rollout.namespace)/\(rollout.workload)", .headerBar))
            let count = app.cache?.model.rollouts.count ?? 1
            if count > 1 { runs.append(Run(" (\(count) workloads, w lists them)", .headerBar)) }
        }
        let left = line(&buf, r.x, r.y, runs, width: r.width)
        // Right side: mode, cursor time, speed.
        var mode: [Run]
        switch s.mode {
        case .live:
            mode = s.follow ? [Run(" ● LIVE ", .live)] : [Run(" ❚❚ LIVE (paused) ", .paused)]
            if g.cursor == "|" { mode = s.follow ? [Run(" * LIVE ", .live)] : [Run(" || LIVE (paused) ", .paused)] }
        case .replay:
            let play = s.playing ? (g.cursor == "|" ? "> " : "▶ ") : (g.cursor == "|" ? "|| " : "❚❚ ")
            mode = [Run(" \(play)REPLAY x\(JSONWriter.formatNumber(s.speed)) ", s.playing ? .replay : .paused)]
        }
        mode.append(Run(" \(s.cursor.clock) UTC ", .headerBar))
        let modeWidth = mode.reduce(0) { $0 + $1.text.count }
        if r.width - modeWidth > left { line(&buf, r.maxX - modeWidth, r.y, mode, width: modeWidth) }
        // Rollouts of this workload whose pods a long session pruned, summarised under `w`:
        // shown when it fits between the workload and the mode.
        if let rollout, let history = app.cache?.model.history, !history.isEmpty {
            let earlier = history.summaries(namespace: rollout.namespace, workload: rollout.workload).filter { $0.kind == .rollout }.count
            let text = "  +\(earlier) earlier"
            if earlier > 0, r.width - modeWidth > left + text.count { line(&buf, left, r.y, [Run(text, .headerBar)], width: text.count) }
        }

        // Second line: progress.
        guard let rollout else {
            line(&buf, r.x + 1, r.y + 1, [Run("no pods yet", .dim)], width: r.width - 2)
            return
        }
        let p = rollout.progress
        let (ready, desired, oldServing, terminating) = (p.newReady, p.desired, p.oldServing, p.terminating)
        var progress: [Run] = [
            Run("new ", .dim), Run("\(ready)/\(desired)", ready >= desired ? .ok : .bold), Run(" ready", .dim),
            Run("  old ", .dim), Run("\(oldServing)", .bold), Run(" serving", .dim),
            Run("  stopping ", .dim), Run("\(terminating)", terminating > 0 ? .terminating : .bold),
        ]
        if let started = rollout.startedAt {
            let end = rollout.finishedAt ?? s.cursor
            progress += [Run("  ", .dim), Run(formatDuration(max(0, end - started)), .bold)]
            progress.append(Run(rollout.finishedAt != nil ? " done" : " so far", rollout.finishedAt != nil ? .ok : .dim))
        }
        let errors = rollout.findings.filter { $0.severity == .error }.count
        let warnings = rollout.findings.filter { $0.severity == .warning }.count
        progress += [Run("  "), Run("\(TextLayout.count(errors, "error"))", errors > 0 ? .error : .dim),
                     Run(" "), Run("\(TextLayout.count(warnings, "warning"))", warnings > 0 ? .warning : .dim)]
        if !s.filter.isEmpty { progress += [Run("  filter ", .dim), Run(s.filter, .searchMatch)] }
        if s.sort != .rollout { progress += [Run("  sort ", .dim), Run(s.sort.rawValue, .bold)] }
        line(&buf, r.x + 1, r.y + 1, progress, width: r.width - 2)
    }

    // MARK: Timeline

    enum Row: Equatable { case group(Role, String, Int), pod(Int) }

    /// The timeline's rows: a header for each ReplicaSet role, then its pods.
    static func rows(_ pods: [PodTimeline]) -> [Row] {
        var out: [Row] = []
        var last: Role?
        for (i, p) in pods.enumerated() {
            if p.role != last {
                out.append(.group(p.role, p.replicaSet, pods.filter { $0.role == p.role }.count))
                last = p.role
            }
            out.append(.pod(i))
        }
        return out
    }

    /// Draws the timeline pane: ruler, cursor, one row a pod with its phases as glyphs.
    @discardableResult
    static func timeline(_ buf: inout ScreenBuffer, _ r: Rect, state s: AppState, rollout: Rollout?, pods: [PodTimeline],
                         window: (start: Instant, span: Double), glyphs g: Glyphs) -> Int {
        buf.fill(r)
        box(&buf, r, title: "Timeline", focused: s.focus == .timeline, glyphs: g)
        let inner = r.inset(1)
        guard inner.height >= 3, inner.width >= 20 else { return 0 }
        guard rollout != nil else {
            line(&buf, inner.x + 1, inner.y + 1, [Run("No pods at \(s.cursor.clock).", .dim)], width: inner.width - 2)
            return 0
        }
        let longest = pods.map(\.name.count).max() ?? 12
        let nameWidth = min(max(14, longest + 2), 32, inner.width / 3)
        let chartX = inner.x + nameWidth + 1
        let columns = max(1, inner.maxX - chartX)
        let chart = TimelineChart(start: window.start, step: window.span / Double(columns), columns: columns)

        // Ruler: a label every ~14 columns, ticks below.
        let every = max(10, min(16, columns / 5))
        var c = 0
        while c < columns {
            let t = chart.start + chart.step * Double(c)
            let label = chart.step * Double(every) < 60 ? t.clock : String(t.clock.prefix(5))
            if c + label.count <= columns { buf.text(chartX + c, inner.y, label, .ruler) }
            c += every
        }
        for x in 0..<columns { buf.put(chartX + x, inner.y + 1, x % every == 0 ? g.tick : g.horizontal, .ruler) }
        buf.text(inner.x, inner.y + 1, fit("\(formatDuration(chart.step))/col", nameWidth, glyphs: g), .dim)
        let cursorColumn = chart.column(of: s.cursor)
        if let cc = cursorColumn { buf.put(chartX + cc, inner.y + 1, g.cursor, .cursor) }

        let rows = rows(pods)
        let visible = inner.height - 2
        for (offset, row) in rows.dropFirst(s.scroll).prefix(visible).enumerated() {
            let y = inner.y + 2 + offset
            switch row {
            case .group(let role, let rs, let count):
                line(&buf, inner.x, y, [Run(role == .old ? "old " : "new ", role == .old ? .dim : .bold),
                                        Run("\(rs) (\(count))", .dim)], width: nameWidth + columns)
            case .pod(let i):
                let pod = pods[i]
                let isSelected = i == s.selected
                let marker: Character = isSelected ? g.selected : " "
                buf.put(inner.x, y, marker, isSelected ? .selection : .normal)
                let nameStyle: Style = isSelected ? (s.focus == .timeline ? .selection : .bold) : .normal
                buf.text(inner.x + 1, y, TextLayout.pad(fit(Sanitizer.clean(pod.name), nameWidth - 1, glyphs: g), nameWidth - 1), nameStyle)
                let phases = chart.phases(pod.segments(until: s.cursor))
                for (x, phase) in phases.enumerated() {
                    guard let phase else { continue }
                    buf.put(chartX + x, y, g.phase[phase] ?? "?", Style(phase))
                }
                // Dropped connections as marks on the row; a SIGKILL in the same column wins.
                for sig in pod.signals where sig.dropped {
                    if let x = chart.column(of: sig.time), phases[x] != .killed { buf.put(chartX + x, y, g.signalMark, .signal) }
                }
                if let cc = cursorColumn { buf.put(chartX + cc, y, g.cursor, .cursor) }
            }
        }
        // Scroll hints.
        if s.scroll > 0 { buf.text(r.maxX - 4, r.y, "▲", .dim) }
        if rows.count - s.scroll > visible { buf.text(r.maxX - 4, r.maxY - 1, g.cursor == "|" ? "v" : "▼", .dim) }
        return columns
    }

    // MARK: Footer

    static func footer(_ buf: inout ScreenBuffer, _ r: Rect, state s: AppState) {
        if let message = s.message {
            line(&buf, r.x + 1, r.y, [Run(message, .bold)], width: r.width - 2)
            return
        }
        if let problem = s.liveProblem {
            buf.fill(r, " ", .error)
            line(&buf, r.x + 1, r.y, [Run("! " + problem, .error)], width: r.width - 2)
            return
        }
        var hints: [(String, String)] = [("?", "help"), ("q", "quit"), ("↑↓", "select"), ("Enter", "detail"), ("Tab", "focus"),
                                         ("←→", "pan"), ("+-", "zoom"), ("0", "fit")]
        hints += s.mode == .replay ? [("space", "play"), ("[ ]", "speed"), ("n/N", "change"), ("g/G", "start/end")]
                                   : [("space", "pause"), ("G", "live")]
        hints += [("/", "filter"), ("s", "sort"), ("f", "findings")]
        // Whole hints only: the ones that do not fit are left out, never cut mid-word.
        var runs: [Run] = []
        var used = 0
        for (k, v) in hints {
            let w = k.count + v.count + 3
            if used + w - 2 > r.width - 2 { break }
            runs += [Run(k, .key), Run(" \(v)  ", .dim)]
            used += w
        }
        line(&buf, r.x + 1, r.y, runs, width: r.width - 2)
    }

    // MARK: Too small

    static func tooSmall(_ buf: inout ScreenBuffer, glyphs g: Glyphs) {
        let lines = ["terminal too small", "\(buf.width)x\(buf.height), needs \(App.minWidth)x\(App.minHeight)", "q quits"]
        let top = max(0, (buf.height - lines.count) / 2)
        for (i, l) in lines.enumerated() {
            let text = String(l.prefix(buf.width))
            buf.text(max(0, (buf.width - text.count) / 2), top + i, text, i == 0 ? .warning : .dim)
        }
    }
}

extension Glyphs {
    /// The mark drawn where a dropped connection hit a pod.
    var signalMark: Character { cursor == "|" ? "*" : "◆" }
}
