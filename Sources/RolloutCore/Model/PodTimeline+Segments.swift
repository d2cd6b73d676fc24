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
        var out = SegmentList()
        let end = min(endAt ?? until, until)
        // Its life runs to the deletion request; the shutdown from there to its end.
        let lifeEnd = min(termination?.requestedAt ?? end, end)
        addStart(to: &out, lifeEnd: lifeEnd)
        addReadiness(to: &out, lifeEnd: lifeEnd)
        addShutdown(to: &out, end: end, until: until)
        return out.segments
    }

    /// Pending, then each regular init container in turn, then starting until ready.
    func addStart(to out: inout SegmentList, lifeEnd: Instant) {
        let regularInits = initContainers.filter { !$0.sidecar }
        // Init containers run from sandbox-ready on; a snapshot may show only the last attempt.
        let firstInit = initContainers.isEmpty ? nil
            : (initContainers.compactMap { $0.firstStartedAt ?? $0.startedAt } + [sandboxReadyAt].compactMap { $0 }).min()
        let initialized = initializedAt
        let firstContainer = containers.compactMap(\.startedAt).min()
        let pendingEnd = [firstInit, initialized, firstContainer, readyAt].compactMap { $0 }.min() ?? lifeEnd
        out.add(.pending, createdAt ?? firstSeenAt, min(pendingEnd, lifeEnd))
        if let firstInit {
            let initEnd = min(initialized ?? lifeEnd, lifeEnd)
            var cursor = firstInit
            for (index, c) in regularInits.enumerated() {
                // The first init container owns the phase from its start; later ones from theirs.
                let from = index == 0 ? cursor : max(cursor, c.firstStartedAt ?? c.startedAt ?? cursor)
                let to = min(c.finishedAt ?? initEnd, initEnd)
                let phase: Segment.Phase = c.failed && initialized == nil ? .initFailed : .initializing
                if index == regularInits.count - 1 || c.finishedAt == nil {
                    out.add(phase, from, initEnd, c.name)
                    break
                }
                out.add(phase, from, to, c.name)
                cursor = to
            }
            if regularInits.isEmpty { out.add(.initializing, firstInit, initEnd, initContainers.first?.name) }
        }
        let startFrom = initialized ?? (initContainers.isEmpty ? pendingEnd : nil)
        out.add(.starting, startFrom, min(readyAt ?? lifeEnd, lifeEnd))
    }

    /// Ready from `readyAt`, not ready once readiness was lost, until the deletion request.
    func addReadiness(to out: inout SegmentList, lifeEnd: Instant) {
        guard let readyAt else { return }
        let unready = unreadyAt.flatMap { $0 < lifeEnd ? $0 : nil }
        out.add(.ready, readyAt, unready ?? lifeEnd)
        out.add(.notReady, unready, lifeEnd)
    }

    /// The preStop part (when its length is known), then shutting down, then what was not
    /// observed, and the SIGKILL.
    func addShutdown(to out: inout SegmentList, end: Instant, until: Instant) {
        guard let t = termination else { return }
        let requested = t.requestedAt
        // Still there (not seen gone): shutting down until now. Seen gone without its end:
        // known up to when it was last seen running, unobserved after that.
        let known = t.finishedAt ?? (t.secondsAtMost == nil ? end : t.secondsAtLeast.map { requested + $0 } ?? requested)
        let shownEnd = min(known, end)
        let hookStart = t.killingAt ?? requested
        if let hookLength = preStopLength(t) {
            // preStop is bounded by the grace period.
            let hookEnd = min(hookStart + min(hookLength, Double(t.gracePeriodSeconds)), shownEnd)
            out.add(.terminating, requested, min(hookStart, shownEnd))
            out.add(.preStop, max(requested, hookStart), hookEnd)
            out.add(.terminating, hookEnd, shownEnd)
        } else {
            out.add(.terminating, requested, shownEnd)
        }
        if t.finishedAt == nil, let most = t.secondsAtMost {
            out.add(.unobserved, shownEnd, min(requested + most, until))
        }
        if t.killed, let f = t.finishedAt, f <= until {
            out.segments.append(Segment(phase: .killed, from: f, to: f))
        }
    }

    /// How long the preStop hook ran, when that can be told: its declared sleep, the `sleep N`
    /// of an exec hook, or the whole grace period for a hook that outlasted it.
    func preStopLength(_ t: Termination) -> Double? {
        if let s = t.preStopSleepSeconds { return Double(s) }
        if t.preStop == .exec, let cmd = containers.compactMap(\.preStopCommand).first, let s = Findings.sleepSeconds(in: cmd) {
            return Double(s)
        }
        if t.preStop != .none, t.exceededGrace == true { return Double(t.gracePeriodSeconds) }
        return nil
    }
}

/// Segments as they are added: empty and backward spans are left out.
struct SegmentList {
    var segments: [Segment] = []

    mutating func add(_ phase: Segment.Phase, _ from: Instant?, _ to: Instant?, _ detail: String? = nil) {
        guard let from, let to, to > from else { return }
        segments.append(Segment(phase: phase, from: from, to: to, detail: detail))
    }
}
