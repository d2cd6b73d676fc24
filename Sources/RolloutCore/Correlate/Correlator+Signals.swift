/// Signals to pods, and the proxy's "no healthy upstream" to workloads.
extension Correlator {
    /// Attributes signals to pods (`AddressBook`: by name, or by the pod serving behind the
    /// address when the request was sent). Returns the signals no pod could claim, the
    /// rollout-level ones among them.
    func attach(_ signals: [Signal], to timelines: inout [PodTimeline]) -> [Signal] {
        guard !signals.isEmpty else { return [] }
        let book = AddressBook(timelines, ips: { pods[timelines[$0].uid]?.ips ?? [] }, start: { ipStart(timelines[$0]) })
        var unattributed: [Signal] = []
        for s in signals {
            if !s.noHealthyUpstream, let i = book.owner(of: s, in: timelines) {
                timelines[i].signals.append(s)
            } else {
                unattributed.append(s)
            }
        }
        return unattributed
    }

    /// When a pod got its IP: sandbox ready, else its first container start, else creation.
    func ipStart(_ t: PodTimeline) -> Instant {
        if let at = t.sandboxReadyAt { return at }
        let starts = t.initContainers.compactMap { $0.firstStartedAt ?? $0.startedAt } + t.containers.compactMap(\.startedAt)
        return starts.min() ?? t.scheduledAt ?? t.createdAt ?? t.firstSeenAt
    }
}

/// The names a workload goes by in a proxy's configuration, to find the workload of a signal
/// that blames no pod ("no healthy upstream"): proxies name the Service (`shop-web-80`,
/// `outbound|80||web.shop.svc.cluster.local`, `httproute/shop/web/rule/0`,
/// `targetgroup/k8s-shop-web-1a2b3c4d5e`, `shop_web_80`), and EndpointSlices, named after their
/// Service, tie Services to pods.
struct WorkloadNames {
    var key: String
    var namespace: String
    var workload: String
    /// Services whose EndpointSlices listed the workload's pods.
    var services: Set<String>

    /// `web-7xk2p` (`generateName` is the Service's name and a dash) to `web`.
    static func service(ofSlice name: String) -> String {
        guard let dash = name.lastIndex(of: "-"), dash > name.startIndex else { return name }
        return String(name[..<dash])
    }

    /// The workload `service` names: the one whose Service (or own) name appears in it as a
    /// whole word (between `-`, `_`, `.`, `/`, `|`, `@` or the ends), the longest such name,
    /// its namespace breaking ties; with one workload and nothing to go by, that one. Nil when
    /// it cannot be told.
    static func match(_ service: String?, in workloads: [WorkloadNames]) -> String? {
        guard let service, !service.isEmpty else { return workloads.count == 1 ? workloads[0].key : nil }
        let text = service.lowercased()
        var best: (key: String, score: (Int, Int))?
        var tie = false
        for w in workloads {
            let names = w.services.union([w.workload])
            guard let length = names.filter({ contains(text, word: $0.lowercased()) }).map(\.count).max() else { continue }
            let score = (length, contains(text, word: w.namespace.lowercased()) ? 1 : 0)
            if let b = best, b.score == score { tie = true; continue }
            if best == nil || score > best!.score { best = (w.key, score); tie = false }
        }
        if tie { return nil }
        return best?.key ?? (workloads.count == 1 ? workloads[0].key : nil)
    }

    /// `word` occurs in `text` with no letter or digit right before or after it.
    static func contains(_ text: String, word: String) -> Bool {
        guard !word.isEmpty else { return false }
        var search = text[...]
        while let r = search.range(of: word) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            func boundary(_ c: Character?) -> Bool { c.map { !($0.isLetter || $0.isNumber) } ?? true }
            if boundary(before) && boundary(after) { return true }
            search = text[text.index(after: r.lowerBound)...]
        }
        return false
    }
}
