import Testing
@testable import RolloutCore
import RolloutSim

/// Endpoints find their pods through `PodLookup` instead of scanning every pod; the answer
/// must be the scan's, and the lookup kept current must equal one built afresh.
@Suite struct PodLookupTests {
    /// The scan the lookup replaced: by uid, else the last pod of that name, else the last pod
    /// that held the IP and existed by then (else the first that held it).
    static func scanned(_ c: Correlator, _ ep: SliceEndpoint, namespace: String, at time: Instant) -> String? {
        if let uid = ep.targetRef?.uid, c.pods[uid] != nil { return uid }
        if let name = ep.targetRef?.name {
            let matches = c.order.filter { c.pods[$0]!.pod.name == name && c.pods[$0]!.pod.namespace == namespace }
            if let last = matches.last { return last }
        }
        for address in ep.addresses {
            let candidates = c.order.filter { c.pods[$0]!.ips.contains(address) }
            if let uid = candidates.last(where: { (c.pods[$0]!.pod.createdAt ?? c.pods[$0]!.firstSeen) <= time }) ?? candidates.first {
                return uid
            }
        }
        return nil
    }

    static func pod(uid: String, name: String, namespace: String, created: Double?, ip: String?) -> Pod {
        let o = KubeObject()
        o.kind = "Pod"
        o.metadata.uid = uid
        o.metadata.name = name
        o.metadata.namespace = namespace
        o.metadata.creationTimestamp = created.map(Hand.at)
        o.podIP = ip
        return Pod(o)!
    }

    static func slice(_ namespace: String, _ endpoints: [SliceEndpoint]) -> EndpointSliceState {
        let o = KubeObject()
        o.kind = "EndpointSlice"
        o.metadata.name = "web-x7k2p"
        o.metadata.namespace = namespace
        o.endpoints = endpoints
        return EndpointSliceState(o)!
    }

    @Test func sameAnswersAsTheScanOnRandomHistories() {
        var rng = SimRandom(seed: 0x51CE)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        let names = ["web-0", "web-1", "web-2", "db-0"], namespaces = ["shop", "ops"]
        let ips = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"]
        var checked = 0, byName = 0, byIP = 0
        for _ in 0..<30 {
            var c = Correlator()
            var uids: [String] = []
            for step in 0..<60 {
                let time = Hand.at(Double(step))
                switch rng.next() % 5 {
                case 0, 1:
                    // A new pod, or a later (or late, older) state of one: IPs come and change;
                    // broken input may even rename a uid.
                    let uid = uids.isEmpty || rng.next() % 3 == 0 ? "u\(uids.count)" : pick(uids)
                    if !uids.contains(uid) { uids.append(uid) }
                    let at = rng.next() % 6 == 0 ? time - 10 : time
                    let p = Self.pod(uid: uid, name: pick(names), namespace: pick(namespaces),
                                     created: rng.next() % 4 == 0 ? nil : Double(step) - Double(rng.next() % 20),
                                     ip: rng.next() % 3 == 0 ? nil : pick(ips))
                    c.apply(Observation(time: at, estimated: false, source: 0, payload: .pod(p, rng.next() % 8 == 0 ? .deleted : .modified)))
                case 2:
                    let list = (0..<Int(rng.next() % 4)).map { i in
                        Self.pod(uid: "l\(step)-\(i)", name: pick(names), namespace: pick(namespaces), created: Double(step), ip: pick(ips))
                    }
                    uids += list.map(\.uid)
                    c.apply(Observation(time: time, estimated: false, source: 0, payload: .podList(list, scope: "s")))
                default:
                    let ns = pick(namespaces)
                    let eps = (0..<Int(rng.next() % 3)).map { _ in
                        SliceEndpoint(addresses: [pick(ips)], ready: true, serving: true, terminating: false,
                                      targetRef: rng.next() % 2 == 0 ? nil : ObjectRef(kind: "Pod", name: pick(names), namespace: ns))
                    }
                    c.apply(Observation(time: time, estimated: false, source: 0, payload: .slice(Self.slice(ns, eps), .modified)))
                }
                if let lookup = c.lookup {
                    let current = lookup == PodLookup(order: c.order, pods: c.pods)
                    #expect(current, "the lookup kept current differs from one built afresh")
                }
                // Ask about every name and IP, at a few times.
                for ns in namespaces {
                    for query in names.map({ SliceEndpoint(addresses: [], targetRef: ObjectRef(name: $0)) })
                        + ips.map({ SliceEndpoint(addresses: [$0]) }) {
                        for t in [time - 15, time] {
                            let expected = Self.scanned(c, query, namespace: ns, at: t)
                            #expect(c.podUID(for: query, namespace: ns, at: t) == expected)
                            checked += 1
                            if expected != nil { if query.targetRef != nil { byName += 1 } else { byIP += 1 } }
                        }
                    }
                }
            }
        }
        #expect(checked > 60_000 && byName > 5_000 && byIP > 5_000, "\(checked) \(byName) \(byIP)")
    }

    @Test func listsAppliedOnTwoThreadsKeepTheLookupCurrent() {
        var c = Correlator()
        c.apply(Observation(time: Hand.at(0), estimated: false, source: 0, payload: .slice(Self.slice("shop", []), .modified)))
        func list(_ n: Int, ip: (Int) -> String?) -> [Pod] {
            (0..<n).map { Self.pod(uid: "u\($0)", name: "web-\($0 % 700)", namespace: "shop", created: 0, ip: ip($0)) }
        }
        c.apply(Observation(time: Hand.at(1), estimated: false, source: 0, payload: .podList(list(1200) { $0 % 2 == 0 ? nil : "10.0.\($0 % 300)" }, scope: "s")))
        c.apply(Observation(time: Hand.at(2), estimated: false, source: 0, payload: .podList(list(1300) { "10.1.\($0 % 500)" }, scope: "s")))
        #expect(c.lookup != nil)
        let current = c.lookup == PodLookup(order: c.order, pods: c.pods)
        #expect(current, "the lookup kept current differs from one built afresh")
        let query = SliceEndpoint(addresses: ["10.0.7"])
        #expect(c.podUID(for: query, namespace: "shop", at: Hand.at(2)) == Self.scanned(c, query, namespace: "shop", at: Hand.at(2)))
    }

    @Test func keepOnlyForgetsThePodsItDrops() {
        var c = Correlator()
        let a = Self.pod(uid: "a", name: "web-0", namespace: "shop", created: 0, ip: "10.0.0.1")
        let b = Self.pod(uid: "b", name: "web-0", namespace: "shop", created: 5, ip: "10.0.0.1")
        c.apply([Observation(time: Hand.at(0), estimated: false, source: 0, payload: .pod(a, .added)),
                 Observation(time: Hand.at(5), estimated: false, source: 0, payload: .pod(b, .added)),
                 Observation(time: Hand.at(6), estimated: false, source: 0, payload: .slice(Self.slice("shop", []), .modified))])
        let byIP = SliceEndpoint(addresses: ["10.0.0.1"])
        #expect(c.podUID(for: byIP, namespace: "shop", at: Hand.at(6)) == "b")
        c.keepOnly(["a"])
        #expect(c.order == ["a"])
        #expect(c.lookup == PodLookup(order: ["a"], pods: c.pods))
        #expect(c.podUID(for: byIP, namespace: "shop", at: Hand.at(6)) == "a")
    }
}
