/// Who was behind each pod address, and when: an index by address and time, built once per
/// model from the timelines, so a signal finds its pod with one lookup and a search among the
/// few pods that ever held its address, never a scan of every pod.
///
/// Pod IPs are reused: the CNI hands a freed address to the next pod, sometimes at once. A
/// signal belongs to the pod that was serving behind the address when the request was sent.
/// That is the pod holding the address then, except that a request to an address whose new
/// holder was not serving yet (its EndpointSlice entry not yet ready, or, where no slices were
/// observed, its Ready condition not yet true), within `staleSeconds` after the previous holder
/// was gone, is the previous holder's: no proxy routes to a pod that is not ready, so the
/// request followed a stale endpoint of the old pod, which had not reached the proxy yet. A
/// request within `staleSeconds` after the last holder was gone is that holder's too.
struct AddressBook {
    /// How long after a pod is gone a request to its address is still its own: endpoint
    /// removal takes seconds to reach every proxy (ALB target deregistration and slow
    /// controllers longer); AWS's VPC CNI keeps a freed address unused for 30 s for that reason.
    static let staleSeconds = 30.0

    struct Holder {
        /// The timeline's position.
        var index: Int
        /// When it got the address (its sandbox was ready).
        var from: Instant
        /// When it was gone (its end seen), if it was.
        var until: Instant?
        var readyAt: Instant?
        /// When its EndpointSlice entry first became ready; nil when it never did.
        var firstRoutable: Instant?
        /// EndpointSlices were observed for it: they, not its Ready condition, say when it served.
        var inSlices: Bool

        /// Whether a proxy could have been routing to it at `at`.
        func serving(at: Instant) -> Bool {
            if inSlices { return firstRoutable.map { $0 <= at } ?? false }
            return readyAt.map { $0 <= at } ?? false
        }
    }

    /// Holders of each address, in the order they got it.
    private(set) var byIP: [String: [Holder]] = [:]
    /// Timelines by pod name, for signals that name their pod.
    private(set) var byName: [String: [Int]] = [:]

    /// `ips(i)`: every address the pod at position `i` held; `start(i)`: when it got them.
    init(_ timelines: [PodTimeline], ips: (Int) -> [String], start: (Int) -> Instant) {
        for (i, t) in timelines.enumerated() {
            byName[t.name, default: []].append(i)
            let addresses = ips(i)
            guard !addresses.isEmpty else { continue }
            let firstRoutable = t.endpoint.first { $0.present && ($0.ready ?? $0.serving ?? false) }?.time
            let holder = Holder(index: i, from: start(i), until: t.endAt, readyAt: t.readyAt, firstRoutable: firstRoutable,
                                inSlices: !t.endpoint.isEmpty)
            for ip in addresses { byIP[ip, default: []].append(holder) }
        }
        for ip in byIP.keys where byIP[ip]!.count > 1 {
            byIP[ip]!.sort { ($0.from, $0.index) < ($1.from, $1.index) }
        }
    }

    /// The position of the timeline `s` belongs to, if any: by the pod it names, else by the
    /// pod serving behind its address when the request was sent.
    func owner(of s: Signal, in timelines: [PodTimeline]) -> Int? {
        let at = s.requestStart ?? s.time
        if let name = s.pod, let candidates = byName[name] {
            return candidates.last { (timelines[$0].createdAt ?? timelines[$0].firstSeenAt) <= at } ?? candidates.first
        }
        guard let ip = s.ip, let holders = byIP[ip], let i = holders.lastIndex(where: { $0.from <= at }) else { return nil }
        let h = holders[i]
        if let until = h.until, at > until {
            // Its address had no new holder yet: a stale endpoint of this pod, for a while.
            return at - until <= AddressBook.staleSeconds ? h.index : nil
        }
        if i > 0, !h.serving(at: at) {
            let previous = holders[i - 1]
            if at - (previous.until ?? h.from) <= AddressBook.staleSeconds { return previous.index }
        }
        return h.index
    }
}
