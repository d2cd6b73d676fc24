/// A span of a pod's life in one phase.
public struct Segment: Sendable, Equatable {
    public enum Phase: String, Sendable, CaseIterable {
        case pending, initializing, initFailed, starting, ready, notReady, preStop, terminating, unobserved, killed
    }
    public var phase: Phase
    public var from: Instant
    public var to: Instant
    /// The init container for `initializing` spans.
    public var detail: String?
}

extension PodTimeline {
    /// The pod's phases from creation to its end (or `until` while it lives), in order.
    /// `killed` is an instant-long span at the SIGKILL.
    public func segments(until: Instant) -> [Segment] {
        guard let created = createdAt ?? Optional(firstSeenAt) else { return [] }
        var out: [Segment] = []
        func add(_ phase: Segment.Phase, _ from: Instant?, _ to: Instant?, _ detail: String? = nil) {
            guard let from, let to, to > from else { return }
            out.append(Segment(phase: phase, from: from, to: to, detail: detail))
        }
        let end = min(endAt ?? until, until)
        let requested = termination?.requestedAt
        let lifeEnd = min(requested ?? end, end)

        // Before initialization: pending, then each regular init container in turn.
        let regularInits = initContainers.filter { !$0.sidecar }
        // Init containers run from sandbox-ready on; a snapshot may show only the last attempt.
        let firstInit = initContainers.isEmpty ? nil
            : (initContainers.compactMap { $0.firstStartedAt ?? $0.startedAt } + [sandboxReadyAt].compactMap { $0 }).min()
        let initialized = initializedAt
        let firstContainer = containers.compactMap(\.startedAt).min()
        let pendingEnd = [firstInit, initialized, firstContainer, readyAt].compactMap { $0 }.min() ?? lifeEnd
        add(.pending, created, min(pendingEnd, lifeEnd))
        if let firstInit {
            let initEnd = min(initialized ?? lifeEnd, lifeEnd)
            var cursor = firstInit
            for (index, c) in regularInits.enumerated() {
                // The first init container owns the phase from its start; later ones from theirs.
                let from = index == 0 ? cursor : max(cursor, c.firstStartedAt ?? c.startedAt ?? cursor)
                let to = min(c.finishedAt ?? initEnd, initEnd)
                let failing = c.failed && initialized == nil
                if c === regularInits.last || c.finishedAt == nil {
                    add(failing ? .initFailed : .initializing, from, initEnd, c.name)
                    cursor = initEnd
                    break
                }
                add(failing ? .initFailed : .initializing, from, to, c.name)
                cursor = to
            }
            if regularInits.isEmpty { add(.initializing, firstInit, initEnd, initContainers.first?.name) }
        }
        let startFrom = initialized ?? (initContainers.isEmpty ? pendingEnd : nil)
        add(.starting, startFrom, min(readyAt ?? lifeEnd, lifeEnd))
        if let readyAt {
            let unready = unreadyAt.flatMap { $0 < lifeEnd ? $0 : nil }
            add(.ready, readyAt, unready ?? lifeEnd)
            add(.notReady, unready, lifeEnd)
        }
        // Termination: the preStop part (when its length is known), then shutdown.
        if let t = termination, let requested {
            // Still there (not seen gone): shutting down until now. Seen gone without its end:
            // known up to when it was last seen running, unobserved after that.
            let known = t.finishedAt ?? (t.secondsAtMost == nil ? end : t.secondsAtLeast.map { requested + $0 } ?? requested)
            let shownEnd = min(known, end)
            let hookStart = t.killingAt ?? requested
            var hookLength: Double?
            if let s = t.preStopSleepSeconds { hookLength = Double(s) }
            else if t.preStop == .exec, let cmd = containers.compactMap(\.preStopCommand).first,
                    let s = Findings.sleepSeconds(in: cmd) { hookLength = Double(s) }
            else if t.preStop != .none, t.exceededGrace == true { hookLength = Double(t.gracePeriodSeconds) }
            if let hookLength {
                let hookEnd = min(hookStart + min(hookLength, Double(t.gracePeriodSeconds)), shownEnd)
                add(.terminating, requested, min(hookStart, shownEnd))
                add(.preStop, max(requested, hookStart), hookEnd)
                add(.terminating, hookEnd, shownEnd)
            } else {
                add(.terminating, requested, shownEnd)
            }
            if t.finishedAt == nil, let most = t.secondsAtMost {
                add(.unobserved, shownEnd, min(requested + most, until))
            }
            if t.killed, let f = t.finishedAt, f <= until {
                out.append(Segment(phase: .killed, from: f, to: f))
            }
        }
        return out
    }
}

private extension InitContainerTimeline {
    static func === (a: InitContainerTimeline, b: InitContainerTimeline?) -> Bool { a.name == b?.name }
}
