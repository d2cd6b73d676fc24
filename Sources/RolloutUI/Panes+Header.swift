import RolloutCore

extension Panes {
    /// Two lines: source, workload (and how many there are) and mode (live or replay, cursor
    /// time, speed); then the rollout's progress, duration, findings, and the filter and order
    /// in use. `earlier`: rollouts of this workload a long session summarised.
    static func header(_ buf: inout ScreenBuffer, _ r: Rect, state s: AppState, rollout: Rollout?, workloads: Int, earlier: Int,
                       glyphs g: Glyphs) {
        buf.fill(Rect(x: r.x, y: r.y, width: r.width, height: 1), " ", .headerBar)
        var runs = [Run(" rollscope ", .headerBar), Run(s.source, .headerBar)]
        // Right side: mode, cursor time, speed.
        var mode = modeRuns(s, glyphs: g)
        mode.append(Run(" \(s.cursor.clock) UTC ", .headerBar))
        let modeWidth = mode.reduce(0) { $0 + $1.text.count }
        if let rollout {
            // A StatefulSet, DaemonSet or Rollout says so (a Deployment, the common case, does not).
            let kind = rollout.kind.map { $0 == .deployment ? "" : " " + $0.rawValue } ?? ""
            runs.append(Run("\(kind)  \(rollout.namespace)/\(rollout.workload)", .headerBar))
            // An Argo Rollout's step ("step 3/8: pause 1m00s"), else its phase; a blue-green switch.
            if let a = rollout.argo {
                var text = "  " + (a.stepText ?? a.phase)
                if a.stepText != nil && a.phase != "Progressing" { text += " (" + a.phase + ")" }
                if let at = a.switchedAt { text += ", switched \(at.clock)" }
                runs.append(Run(text, .headerBar))
            }
            if workloads > 1 {
                // Shorter when the long form would push the mode off a narrow screen (-A).
                let used = runs.reduce(0) { $0 + $1.text.count }
                let long = " (\(workloads) workloads, w lists them)", short = " (\(workloads) workloads)"
                if used + long.count + modeWidth <= r.width {
                    runs.append(Run(long, .headerBar))
                } else if used + short.count + modeWidth <= r.width {
                    runs.append(Run(short, .headerBar))
                }
            }
        }
        let left = line(&buf, r.x, r.y, runs, width: r.width)
        if r.width - modeWidth > left { line(&buf, r.maxX - modeWidth, r.y, mode, width: modeWidth) }
        // Rollouts of this workload whose pods a long session pruned, summarised under `w`:
        // shown when it fits between the workload and the mode.
        if earlier > 0 {
            let text = "  +\(earlier) earlier"
            if r.width - modeWidth > left + text.count { line(&buf, left, r.y, [Run(text, .headerBar)], width: text.count) }
        }
        guard let rollout else {
            line(&buf, r.x + 1, r.y + 1, [Run("no pods yet", .dim)], width: r.width - 2)
            return
        }
        line(&buf, r.x + 1, r.y + 1, progressRuns(rollout, state: s), width: r.width - 2)
    }

    /// LIVE following or held; REPLAY playing or paused, with its speed.
    static func modeRuns(_ s: AppState, glyphs g: Glyphs) -> [Run] {
        switch s.mode {
        case .live:
            return s.follow ? [Run(" \(g.following) LIVE ", .live)] : [Run(" \(g.paused) LIVE (paused) ", .paused)]
        case .replay:
            let mark = s.playing ? g.playing : g.paused
            return [Run(" \(mark) REPLAY x\(JSONWriter.formatNumber(s.speed)) ", s.playing ? .replay : .paused)]
        }
    }

    /// "new 2/3 ready  old 1 serving  stopping 1  48s so far  1 error 0 warnings".
    static func progressRuns(_ rollout: Rollout, state s: AppState) -> [Run] {
        let p = rollout.progress
        var runs: [Run] = [
            Run("new ", .dim), Run("\(p.newReady)/\(p.desired)", p.newReady >= p.desired ? .ok : .bold), Run(" ready", .dim),
            Run("  old ", .dim), Run("\(p.oldServing)", .bold), Run(" serving", .dim),
            Run("  stopping ", .dim), Run("\(p.terminating)", p.terminating > 0 ? .terminating : .bold),
        ]
        if p.held > 0 { runs += [Run("  held ", .dim), Run("\(p.held)", .bold)] }
        if let started = rollout.startedAt {
            let end = rollout.finishedAt ?? s.cursor
            runs += [Run("  ", .dim), Run(formatDuration(max(0, end - started)), .bold)]
            runs.append(Run(rollout.finishedAt != nil ? " done" : " so far", rollout.finishedAt != nil ? .ok : .dim))
        }
        let errors = rollout.findings.filter { $0.severity == .error }.count
        let warnings = rollout.findings.filter { $0.severity == .warning }.count
        runs += [Run("  "), Run(TextLayout.count(errors, "error"), errors > 0 ? .error : .dim),
                 Run(" "), Run(TextLayout.count(warnings, "warning"), warnings > 0 ? .warning : .dim)]
        if !s.filter.isEmpty { runs += [Run("  filter ", .dim), Run(s.filter, .searchMatch)] }
        if s.sort != .rollout { runs += [Run("  sort ", .dim), Run(s.sort.rawValue, .bold)] }
        if let probe = s.probe { runs += [Run("  "), Run(probe, .dim)] }
        return runs
    }
}
