import RolloutCore

extension Panes {
    /// The selected pod: identity, init containers, containers, termination analysis, endpoint,
    /// signals, events; scrolled by `detailScroll`.
    static func detail(_ buf: inout ScreenBuffer, _ r: Rect, state s: AppState, pod: PodTimeline?, glyphs g: Glyphs,
                       earlier: [PodTimeline] = []) {
        buf.fill(r)
        box(&buf, r, title: pod.map { "Pod \(Sanitizer.clean($0.name))" } ?? "Pod", focused: s.focus == .detail, glyphs: g)
        let inner = r.inset(1)
        guard inner.height > 0, inner.width > 4 else { return }
        let lines = detailContent(pod, cursor: s.cursor, width: inner.width, glyphs: g, earlier: earlier)
        let scroll = min(s.detailScroll, max(0, lines.count - inner.height))
        for (i, runs) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            line(&buf, inner.x + 1, inner.y + i, runs, width: inner.width - 1)
        }
    }

    /// The detail's lines for a pane `width` cells wide inside its border, wrapped.
    static func detailContent(_ pod: PodTimeline?, cursor: Instant, width: Int, glyphs g: Glyphs,
                              earlier: [PodTimeline] = []) -> [[Run]] {
        guard let pod else { return [[Run("no pod selected", .dim)]] }
        var lines = detailLines(pod, cursor: cursor, glyphs: g)
        // Right under the identity: the pod name's earlier incarnations.
        lines.insert(contentsOf: incarnationLines(pod, earlier: earlier), at: min(lines.count, identityLines(pod).count))
        return lines.flatMap { wrapRuns($0, width: width - 1, indent: 5) }
    }

    /// A StatefulSet pod name's earlier incarnations (each a uid of its own): its revision, when
    /// it lived and how it ended, and the gap until the next one was created.
    static func incarnationLines(_ p: PodTimeline, earlier: [PodTimeline]) -> [[Run]] {
        guard !earlier.isEmpty else { return [] }
        var out: [[Run]] = [[Run("incarnations of \(Sanitizer.clean(p.name))", .bold)]]
        let all = earlier + [p]
        for (k, q) in all.enumerated() {
            var runs: [Run] = [Run("  \(q.role.rawValue) ", q.role == .new ? .bold : .dim), Run(Sanitizer.clean(q.replicaSet)),
                               Run("  uid ", .dim), Run(Sanitizer.clean(q.uid))]
            runs += [Run("  ", .dim), Run(clock(q.createdAt))]
            if let end = q.endAt { runs += [Run(" to ", .dim), Run(end.clock)] }
            if let t = q.termination { runs.append(Run(" " + q.terminationText, t.exceededGrace == true ? .killed : .dim)) }
            if k + 1 < all.count, let end = q.endAt, let next = all[k + 1].createdAt {
                runs.append(Run("  gap \(formatDuration(max(0, next - end)))", .warning))
            }
            if q.uid == p.uid { runs.append(Run("  (shown)", .dim)) }
            out.append(runs)
        }
        return out
    }

    /// The sections of the detail, unwrapped, in order.
    static func detailLines(_ p: PodTimeline, cursor: Instant, glyphs g: Glyphs) -> [[Run]] {
        identityLines(p) + initContainerLines(p, glyphs: g) + containerLines(p) + terminationLines(p, cursor: cursor)
            + endpointLines(p) + signalLines(p, glyphs: g) + eventLines(p)
    }

    /// Role, status, node and IP; created and scheduled; initialized and ready.
    static func identityLines(_ p: PodTimeline) -> [[Run]] {
        let statusStyle: Style = p.status.contains("CrashLoop") || p.status.contains("Error") || p.status == "Failed" ? .error
            : p.status == "Terminating" ? .terminating : p.readyAt != nil && p.termination == nil ? .ok : .bold
        var first: [Run] = [Run(p.role.rawValue, p.role == .new ? .bold : .dim), Run("  "), Run(p.status, statusStyle),
                            Run("  node ", .dim), Run(p.node ?? "-"), Run("  ip ", .dim), Run(p.ip ?? "-")]
        if let ordinal = p.ordinal { first += [Run("  ordinal ", .dim), Run(String(ordinal))] }
        var out: [[Run]] = [first]
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
        return out
    }

    /// One line an init container: a sidecar's state, or a run's times, length, exit code and
    /// waiting reason; restarts.
    static func initContainerLines(_ p: PodTimeline, glyphs g: Glyphs) -> [[Run]] {
        p.initContainers.map { c in
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
            return runs
        }
    }

    /// One line a container: start, restarts, exit code and reason, its preStop hook.
    static func containerLines(_ p: PodTimeline) -> [[Run]] {
        p.containers.map { c in
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
            return runs
        }
    }

    /// The deletion request, grace period and Killing event; then how long the shutdown took
    /// (or its bounds, or how long it has been going), exit codes, and against the grace period.
    static func terminationLines(_ p: PodTimeline, cursor: Instant) -> [[Run]] {
        guard let t = p.termination else { return [] }
        var request: [Run] = [Run("term ", .dim), Run("requested ", .dim), Run(t.requestedAt.clock, .terminating),
                              Run("  grace ", .dim), Run("\(t.gracePeriodSeconds)s")]
        if let k = t.killingAt { request += [Run("  Killing ", .dim), Run(k.clock)] }
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
        return [request, result]
    }

    /// The pod's last EndpointSlice entry: removed, or its conditions.
    static func endpointLines(_ p: PodTimeline) -> [[Run]] {
        guard let last = p.endpoint.last else { return [] }
        var runs: [Run] = [Run("endp ", .dim), Run(last.slice)]
        if !last.present { runs.append(Run(" removed", .dim)) } else {
            func flag(_ b: Bool?) -> String { b.map(String.init) ?? "?" }
            runs.append(Run(" ready=\(flag(last.ready)) serving=\(flag(last.serving)) terminating=\(flag(last.terminating))",
                            last.routable ? .ok : .dim))
        }
        runs += [Run(" at ", .dim), Run(last.time.clock)]
        return [runs]
    }

    /// Dropped connections: how many, first and last, and where they were read (file and
    /// format); how many the prober saw fail, and its slow answers.
    static func signalLines(_ p: PodTimeline, glyphs g: Glyphs) -> [[Run]] {
        let dropped = p.signals.filter(\.dropped)
        let probed = dropped.filter { $0.source == .probe }.count
        let slow = p.signals.filter { $0.source == .probe && !$0.dropped }.count
        var lines: [[Run]] = []
        if let first = dropped.first, let last = dropped.last {
            var runs = [Run("sigs ", .dim), Run("\(dropped.count) dropped", .signal)]
            if probed > 0 { runs.append(Run(probed == dropped.count ? " (probe)" : " (\(probed) by probe)", .dim)) }
            runs += [Run(" \(first.time.clock)", .dim), Run(dropped.count > 1 ? "\(g.arrowRight)\(last.time.clock)" : "", .dim)]
            var sources: [(name: String, count: Int)] = []
            for s in dropped where s.source == .log {
                let name = Panes.sourceName(s)
                if let i = sources.firstIndex(where: { $0.name == name }) { sources[i].count += 1 } else { sources.append((name, 1)) }
            }
            if !sources.isEmpty {
                runs.append(Run(" from ", .dim))
                runs.append(Run(sources.map { sources.count > 1 ? "\($0.name) \($0.count)" : $0.name }.joined(separator: ", ")))
            }
            lines.append(runs)
        }
        if slow > 0 { lines.append([Run("sigs ", .dim), Run("\(slow) slow", .warning), Run(" (probe)", .dim)]) }
        return lines
    }

    /// `ingress.log (ingress-nginx)`: a signal's file (or command) without its folders, and
    /// the format it was read as.
    static func sourceName(_ s: Signal) -> String {
        let file = s.file.split(separator: "/").last.map(String.init) ?? s.file
        return "\(file) (\(s.format.title))"
    }

    /// The last six events.
    static func eventLines(_ p: PodTimeline) -> [[Run]] {
        p.events.suffix(6).map { e in
            [Run("evt  ", .dim), Run(clock(e.at), .dim), Run(" "), Run(e.reason, e.type == "Warning" ? .warning : .event), Run(" \(e.message)")]
        }
    }

    /// Breaks a line of runs at spaces so it fits `width`; continuation lines are indented.
    static func wrapRuns(_ runs: [Run], width: Int, indent: Int) -> [[Run]] {
        guard width > indent + 10 else { return [runs] }
        var lines: [[Run]] = []
        var current: [Run] = []
        var used = 0
        func flush() {
            lines.append(current)
            current = [Run(String(repeating: " ", count: indent))]
            used = indent
        }
        for run in runs {
            // Split each run into words, keeping their leading spaces.
            var words: [String] = []
            var word = ""
            for ch in Sanitizer.clean(run.text) {
                if ch == " " && !word.isEmpty && word != String(repeating: " ", count: word.count) {
                    words.append(word)
                    word = ""
                }
                word.append(ch)
            }
            if !word.isEmpty { words.append(word) }
            for w in words {
                var piece = w
                if used + piece.count > width && used > indent {
                    flush()
                    piece = String(piece.drop { $0 == " " })
                }
                while piece.count > width - used {
                    current.append(Run(String(piece.prefix(width - used)), run.style))
                    piece = String(piece.dropFirst(width - used))
                    flush()
                }
                if !piece.isEmpty {
                    current.append(Run(piece, run.style))
                    used += piece.count
                }
            }
        }
        if used > (lines.isEmpty ? 0 : indent) || lines.isEmpty { lines.append(current) }
        return lines
    }
}
