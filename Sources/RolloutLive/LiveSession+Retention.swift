import Foundation
import RolloutCore

/// What keeps a session left running for days within bounded memory on the live side: the
/// fingerprints of events handed out are forgotten once the events are too old to be listed
/// again. (Pods are forgotten when deleted; slices and list scopes are few.)
extension LiveSession {
    /// Seconds after its last occurrence that an event's fingerprint is kept. The API server
    /// drops events after an hour (`--event-ttl`), so a re-listed watch never hands out one
    /// older than that; should a cluster keep them longer, the store's own event horizon
    /// (`Retention.forgetAfter`) still refuses the copy.
    static let eventMemory = 2 * 3600.0
    /// How often (session seconds) the fingerprints are swept.
    static let forgetEvery = 600.0

    static func forgetStale(_ s: inout State, now: Instant) {
        guard now.seconds >= s.nextForget else { return }
        s.nextForget = now.seconds + forgetEvery
        forgetEvents(&s.lastSeen, before: now - eventMemory)
    }

    /// Removes event fingerprints (`count/lastSeconds`, see `onlyChanges`) last seen before `cutoff`.
    static func forgetEvents(_ seen: inout [String: String], before cutoff: Instant) {
        let stale = seen.compactMap { key, fingerprint -> String? in
            guard key.hasPrefix("event/"), let slash = fingerprint.lastIndex(of: "/"),
                  let last = Double(fingerprint[fingerprint.index(after: slash)...]) else { return nil }
            return last < cutoff.seconds ? key : nil
        }
        for key in stale { seen[key] = nil }
    }

    /// Everything `onlyChanges` remembers, for the soak test and benchmark.
    public var rememberedCount: Int { state.withLock { $0.lastSeen.count } }

    /// Takes one value as kubectl printed it (a watch event, an object or a list), exactly as
    /// the running session does: decoded, stamped with the session clock, reduced to changes,
    /// and queued for `drain`. For the soak test and benchmark, which feed a generated day of
    /// churn through the live path without kubectl.
    public func ingest(_ value: Data, kind: Recording.Kind, source: String) {
        take(value, kind: kind, source: source)
    }

    /// Takes one line of a signal source (an access-log line or JSON Lines), as `--signals` does.
    public func ingestSignal(line: String, origin: String, number: Int) {
        takeSignal(line, origin: origin, line: number)
    }
}
