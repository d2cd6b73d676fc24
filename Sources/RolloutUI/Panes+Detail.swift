import RolloutCore

extension Panes {
    /// The selected pod: identity, init containers, containers, termination analysis, signals, events.
    static func detail(_ buf: inout ScreenBuffer, _ r: Rect, state s: AppState, pod: PodTimeline?, rollout: Rollout?, glyphs g: Glyphs) {
        buf.fill(r)
        box(&buf, r, title: pod.map { "Pod \(Sanitizer.clean($0.name))" } ?? "Pod", focused: s.focus == .detail, glyphs: g)
        let inner = r.inset(1)
        guard inner.height > 0, inner.width > 4 else { return }
        guard let pod else {
            line(&buf, inner.x + 1, inner.y, [Run("no pod selected", .dim)], width: inner.width - 1)
            return
        }
        let lines = detailLines(pod, cursor: s.cursor, glyphs: g).flatMap { wrapRuns($0, width: inner.width - 1, indent: 5) }
        let scroll = min(s.detailScroll, max(0, lines.count - inner.height))
        for (i, runs) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            line(&buf, inner.x + 1, inner.y + i, runs, width: inner.width - 1)
        }
    }

    static func detailLines(_ p: PodTimeline, cursor: Instant, glyphs g: Glyphs) -> [[Run]] {
        var out: [[Run]] = []
        let statusStyle: Style = p.status.contains("CrashLoop") || p.status.contains("Error") || p.status == "Failed" ? .error
            : p.status == "Terminating" ? .terminating : p.readyAt != nil && p.termination == nil ? .ok : .bold
        out.append([Run(p.role.rawValue, p.role == .new ? .bold : .dim), Run("  "), Run(p.status, statusStyle),
                    Run("  node ", .dim), Run(p.node ?? "-"), Run("  ip ", .dim), Run(p.ip ?? "-")])
        var life: [Run] = [Run("created ", .dim), Run(clock(p.createdAt))]
        if let t = p.scheduledAt { life += [Run("  scheduled ", .dim), Run(t.clock)] }
        out.append(life)
        var started: [Run] = []
        if let t = p.initializedAt { started += [Run("initialized ", .dim), Run(t.clock), Run("  ")] }
        if let t = p.readyAt {
            started += [Run("ready ", .dim), Run(t.clock, .ready)]
            if let c = p.createdAt { started.append(Run(" (+\(formatDuration(t - c)))", .dim)) }
        } else if p.termination == nil {
            started.append(Run("not ready yet", .notReady))
        }
        if !started.isEmpty { out.append(started) }
        for c in p.initContainers {
            var runs: [Run] = [Run("init ", .dim), Run(c.name, .bold)]
            if c.sidecar {
                runs += [Run(" sidecar", .info), Run(c.running ? " running" : "", .ok)]
                if let t = c.startedAt { runs += [Run(" since ", .dim), Run(t.clock)] }
            } else {
                if let a = c.startedAt { runs += [Run(" \(a.clock)", .normal)] }
                if let b = c.finishedAt { runs += [Run(g.arrowRight, .dim), Run(b.clock)] }
                if let sec = c.seconds { runs.append(Run(" \(formatDuration(sec))", .bold)) }
                if let code = c.exitCode { runs.append(Run(" exit \(code)", code == 0 ? .ok : .error)) }
                if let w = c.waitingReason { runs.append(Run(" \(w)", w.contains("BackOff") ? .error : .dim)) }
                if c.running { runs.append(Run(" running", .initializing)) }
            }
            if c.restarts > 0 { runs.append(Run(" restarts \(c.restarts)", .warning)) }
            out.append(runs)
        }
        for c in p.containers {
            var runs: [Run] = [Run("ctr  ", .dim), Run(c.name, .bold)]
            if let t = c.startedAt { runs += [Run(" started ", .dim), Run(t.clock)] }
            if c.restarts > 0 { runs.append(Run(" restarts \(c.restarts)", .warning)) }
            if let code = c.exitCode {
                runs.append(Run(" exit \(code)", code == 137 ? .killed : code == 0 ? .ok : .warning))
                if let reason = c.reason { runs.append(Run(" \(reason)", .dim)) }
                if let t = c.finishedAt { runs += [Run(" at ", .dim), Run(t.clock)] }
            }
            var hook = " preStop \(c.preStop.rawValue)"
            if let sleep = c.preStopSleepSeconds { hook += " \(sleep)s" } else if let cmd = c.preStopCommand { hook += " (\(cmd))" }
            runs.append(Run(hook, c.preStop == .none ? .warning : .dim))
            out.append(runs)
        }
        if let t = p.termination {
            var runs: [Run] = [Run("term ", .dim), Run("requested ", .dim), Run(t.requestedAt.clock, .terminating),
                               Run("  grace ", .dim), Run("\(t.gracePeriodSeconds)s")]
            if let k = t.killingAt { runs += [Run("  Killing ", .dim), Run(k.clock)] }
            out.append(runs)
            var result: [Run] = [Run("     ")]
            if let sec = t.seconds {
                result += [Run("took ", .dim), Run(formatDuration(sec), t.exceededGrace == true ? .killed : .bold)]
                if let f = t.finishedAt { result += [Run(" (finished ", .dim), Run(f.clock), Run(")", .dim)] }
            } else if let most = t.secondsAtMost {
                result += [Run("end not observed: ", .unobserved)]
                if let least = t.secondsAtLeast { result.append(Run("\(formatDuration(least)) to ", .bold)) } else { result.append(Run("at most ", .dim)) }
                result.append(Run(formatDuration(most), .bold))
            } else if let least = t.secondsAtLeast {
                result += [Run("still stopping after ", .dim), Run(formatDuration(least), .terminating)]
            } else {
                result += [Run("stopping for ", .dim), Run(formatDuration(max(0, cursor - t.requestedAt)), .terminating)]
            }
            if !t.exitCodes.isEmpty {
                result.append(Run("  exit ", .dim))
                result.append(Run(t.exitCodes.map { "\($0.container)=\($0.code)" }.joined(separator: " "), t.killed ? .killed : .normal))
            }
            switch t.exceededGrace {
            case true?: result.append(Run(t.killed ? "  SIGKILL: grace exceeded" : "  grace exceeded", .killed))
            case false?: result.append(Run("  within grace", .ok))
            case nil: break
            }
            out.append(result)
        }
        if let last = p.endpoint.last {
            var runs: [Run] = [Run("endp ", .dim), Run(last.slice)]
            if !last.present { runs.append(Run(" removed", .dim)) } else {
                runs.append(Run(" ready=\(last.ready.map(String.init) ?? "?") serving=\(last.serving.map(String.init) ?? "?") terminating=\(last.terminating.map(String.init) ?? "?")",
                                last.routable ? .ok : .dim))
            }
            runs += [Run(" at ", .dim), Run(last.time.clock)]
            out.append(runs)
        }
        let dropped = p.signals.filter(\.dropped)
        if !dropped.isEmpty {
            out.append([Run("sigs ", .dim), Run("\(dropped.count) dropped", .signal),
                        Run(" \(dropped.first!.time.clock)", .dim), Run(dropped.count > 1 ? "\(g.arrowRight)\(dropped.last!.time.clock)" : "", .dim)])
        }
        for e in p.events.suffix(6) {
            out.append([Run("evt  ", .dim), Run(clock(e.at), .dim), Run(" "), Run(e.reason, e.type == "Warning" ? .warning : .event),
                        Run(" \(e.message)")])
        }
        return out
    }

    // MARK: Log

    struct LogEntry {
        var time: Instant
        var pod: String?
        var runs: [Run]
    }

    /// Events, dropped connections and findings of the rollout up to the cursor, oldest first.
    static func logEntries(_ rollout: Rollout?, cursor: Instant) -> [LogEntry] {
        guard let rollout else { return [] }
        var out: [LogEntry] = []
        for p in rollout.pods {
            for e in p.events {
                guard let at = e.at, at <= cursor else { continue }
                out.append(LogEntry(time: at, pod: p.name, runs: [Run(e.reason, e.type == "Warning" ? .warning : .event), Run(" " + e.message)]))
            }
            for s in p.signals where s.dropped && s.time <= cursor {
                out.append(LogEntry(time: s.time, pod: p.name, runs: [Run("dropped", .signal), Run(" " + s.summary)]))
            }
        }
        for f in rollout.findings {
            let at = f.at ?? rollout.observedUntil
            guard at <= cursor else { continue }
            let style: Style = f.severity == .error ? .error : f.severity == .warning ? .warning : .info
            out.append(LogEntry(time: at, pod: f.pod, runs: [Run(f.kind.rawValue, style), Run(" " + f.message)]))
        }
        return out.enumerated().sorted { a, b in
            a.element.time != b.element.time ? a.element.time < b.element.time : a.offset < b.offset
        }.map(\.element)
    }

    static func log(_ buf: inout ScreenBuffer, _ r: Rect, state s: AppState, rollout: Rollout?, model: RolloutModel, glyphs g: Glyphs) {
        buf.fill(r)
        let entries = logEntries(rollout, cursor: s.cursor)
        box(&buf, r, title: "Log (\(entries.count))", focused: s.focus == .log, glyphs: g)
        let inner = r.inset(1)
        guard inner.height > 0, inner.width > 10 else { return }
        let podWidth = min(22, max(8, inner.width / 4))
        let scroll = min(s.logScroll, max(0, entries.count - inner.height))
        let end = entries.count - scroll
        let shown = entries[max(0, end - inner.height)..<end]
        for (i, e) in shown.enumerated() {
            var runs = [Run(e.time.clock + " ", .dim)]
            runs.append(Run(TextLayout.pad(fit(Sanitizer.clean(e.pod ?? "rollout"), podWidth, glyphs: g), podWidth) + " ", .bold))
            runs += e.runs
            line(&buf, inner.x + 1, inner.y + i, runs, width: inner.width - 1)
        }
        if entries.isEmpty { line(&buf, inner.x + 1, inner.y, [Run("nothing yet", .dim)], width: inner.width - 1) }
    }
}
