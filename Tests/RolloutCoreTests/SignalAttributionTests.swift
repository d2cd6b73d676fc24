import Testing
@testable import RolloutCore

/// Which pod a signal belongs to when its address was held by several pods in turn
/// (`AddressBook`), and which workload a "no healthy upstream" belongs to (`WorkloadNames`).
/// Times are seconds after 14:00:00.
@Suite struct SignalAttributionTests {
    /// Old pod `a` held 10.244.1.7 until 100; new pod `b` got it at 102 and was ready at 110.
    static func pair(bReady: Double? = 110, slices: [EndpointObservation] = []) -> [PodTimeline] {
        var a = Hand.pod("web-a", created: -600, role: .old)
        a.readyAt = Hand.at(-500)
        a.goneAt = Hand.at(100)
        var b = Hand.pod("web-b", created: 95)
        b.sandboxReadyAt = Hand.at(102)
        b.readyAt = bReady.map(Hand.at)
        b.endpoint = slices
        if !slices.isEmpty {
            a.endpoint = [EndpointObservation(time: Hand.at(-500), slice: "web-x7k2p", present: true, ready: true, serving: true, terminating: false)]
        }
        a.sandboxReadyAt = Hand.at(-590)
        return [a, b]
    }

    func owner(_ timelines: [PodTimeline], sent: Double, ip: String = "10.244.1.7") -> String? {
        let book = AddressBook(timelines, ips: { _ in [ip] }, start: { timelines[$0].sandboxReadyAt! })
        let s = Signal(time: Hand.at(sent + 1), requestStart: Hand.at(sent), ip: ip, pod: nil, status: 502, kind: "502", dropped: true,
                       summary: "GET / 502", origin: "x:1")
        return book.owner(of: s, in: timelines).map { timelines[$0].name }
    }

    @Test(arguments: [(50.0, "web-a"), (101, "web-a"), (104, "web-a"), (109.5, "web-a"), (110.5, "web-b"), (400, "web-b")])
    func aRequestToANewHolderNotReadyYetIsThePreviousHolders(sent: Double, expected: String) {
        #expect(owner(Self.pair(), sent: sent) == expected)
    }

    @Test func theStaleWindowEnds() {
        // b not ready for minutes: a request 40 s after a was gone is b's (no proxy should still
        // route to a), one 20 s after is still a's.
        let slow = Self.pair(bReady: 300)
        #expect(owner(slow, sent: 120) == "web-a")
        #expect(owner(slow, sent: 140) == "web-b")
    }

    @Test func withoutANewHolderTheLastOneKeepsItsAddressForAWhile() {
        let alone = [Self.pair()[0]]
        #expect(owner(alone, sent: 125) == "web-a")
        #expect(owner(alone, sent: 135) == nil)
        #expect(owner(alone, sent: -700) == nil)
    }

    @Test func endpointSlicesSayWhenTheNewHolderServed() {
        // Ready (its condition) at 106, but its endpoint was ready in the slice only at 108.
        let slices = [EndpointObservation(time: Hand.at(103), slice: "web-x7k2p", present: true, ready: false, serving: false, terminating: false),
                      EndpointObservation(time: Hand.at(108), slice: "web-x7k2p", present: true, ready: true, serving: true, terminating: false)]
        let pods = Self.pair(bReady: 106, slices: slices)
        #expect(owner(pods, sent: 107) == "web-a")
        #expect(owner(pods, sent: 108.5) == "web-b")
        #expect(owner(Self.pair(bReady: 106), sent: 107) == "web-b")
    }

    @Test func aSignalNamingItsPodGoesToThePodOfThatNameAtThatTime() {
        var pods = Self.pair()
        pods[1].name = "web-a"
        let book = AddressBook(pods, ips: { _ in [] }, start: { pods[$0].sandboxReadyAt! })
        func at(_ t: Double) -> Int? {
            book.owner(of: Signal(time: Hand.at(t), ip: nil, pod: "web-a", status: nil, kind: "reset", dropped: true, summary: "", origin: ""), in: pods)
        }
        #expect(at(50) == 0)
        #expect(at(120) == 1)
    }

    // MARK: Rollout-level signals

    static let workloads = [
        WorkloadNames(key: "shop/web", namespace: "shop", workload: "web", services: ["web"]),
        WorkloadNames(key: "shop/web-api", namespace: "shop", workload: "web-api", services: ["web-api"]),
        WorkloadNames(key: "billing/web", namespace: "billing", workload: "web", services: ["frontend"]),
    ]

    @Test(arguments: [
        ("shop-web-80", "shop/web"), ("outbound|80||web.shop.svc.cluster.local", "shop/web"), ("httproute/shop/web/rule/0", "shop/web"),
        ("shop-web-api-80@kubernetes", "shop/web-api"), ("shop_web-api_http", "shop/web-api"),
        ("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/k8s-billing-frontend-1a2b3c4d5e/73e2", "billing/web"),
        ("k8s1-1a2b3c4d-shop-web-80-5e6f7a8b", "shop/web"),
    ])
    func aRolloutLevelSignalFindsItsWorkloadByTheServiceTheProxyNamed(service: String, key: String) {
        #expect(WorkloadNames.match(service, in: Self.workloads) == key)
    }

    @Test func anUnknownOrAmbiguousServiceFindsNoWorkloadUnlessThereIsOne() {
        #expect(WorkloadNames.match("payments-80", in: Self.workloads) == nil)
        #expect(WorkloadNames.match(nil, in: Self.workloads) == nil)
        #expect(WorkloadNames.match("web", in: Array(Self.workloads.prefix(1))) == "shop/web")
        #expect(WorkloadNames.match(nil, in: Array(Self.workloads.prefix(1))) == "shop/web")
        // `web` in two namespaces and no namespace named: cannot be told.
        let twins = [Self.workloads[0], WorkloadNames(key: "prod/web", namespace: "prod", workload: "web", services: ["web"])]
        #expect(WorkloadNames.match("web-80", in: twins) == nil)
        #expect(WorkloadNames.match("prod-web-80", in: twins) == "prod/web")
    }
}
