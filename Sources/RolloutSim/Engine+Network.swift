import Foundation
import RolloutCore

extension Engine {
    // MARK: IP addresses (the CNI plugin's IPAM)

    func allocateIP(node n: Int, pod p: Int) -> String {
        var node = nodes[n]
        func free(_ o: Int) -> Bool { node.owner[o] == nil && !node.reservedForOthers.contains(o) }
        var octet = 0
        switch sc.ipAllocation {
        case .lowestFree(let cooldown):
            octet = (2...254).first { o in free(o) && (node.released[o].map { now - $0 >= cooldown } ?? true) } ?? 254
        case .nextAfterLast:
            var o = node.lastReserved
            for _ in 0..<253 {
                o = o >= 254 ? 2 : o + 1
                if free(o) { break }
            }
            octet = o
            node.lastReserved = o
        }
        node.owner[octet] = p
        nodes[n] = node
        return node.prefix + String(octet)
    }

    func releaseIP(_ ip: String, node n: Int, pod p: Int) {
        guard let octet = Int(ip.split(separator: ".").last ?? ""), nodes[n].owner[octet] == p else { return }
        nodes[n].owner[octet] = nil
        nodes[n].released[octet] = now
    }

    /// The pod that holds `ip` now, if any.
    func holder(of ip: String) -> Int? {
        for node in nodes where ip.hasPrefix(node.prefix) {
            if let octet = Int(ip.dropFirst(node.prefix.count)), let p = node.owner[octet] { return p }
        }
        return nil
    }

    // MARK: EndpointSlice controller

    func scheduleEndpointSync() {
        guard !endpointSyncPending else { return }
        endpointSyncPending = true
        after(j(0.02, 0.06), .endpointSync)
    }

    /// One reconcile of Service `web`: endpoints for pods with an IP that are not terminal;
    /// `serving` is the pod's Ready condition, `ready` is serving and not terminating. The
    /// last-change-trigger-time is the earliest Ready transition not seen before (none for a
    /// deletion request: the annotation is then removed).
    func endpointSync() {
        endpointSyncPending = false
        var minChanged: Double?
        var triggers: [Int: Double] = [:]
        for i in pods.indices where !pods[i].deleted {
            guard let ready = pods[i].conditions["Ready"] else { continue }
            let t = ready.time.rounded(.down)
            triggers[i] = t
            if t > (lastPodTrigger[i] ?? -.infinity) { minChanged = min(minChanged ?? t, t) }
        }
        lastPodTrigger = triggers

        func eligible(_ i: Int) -> Bool { !pods[i].deleted && !pods[i].terminal && pods[i].ip != nil && inActiveService(i) }
        func endpoint(_ i: Int) -> SliceEndpoint {
            let serving = pods[i].isReady
            let terminating = pods[i].deletionTimestamp != nil
            return SliceEndpoint(pod: i, ip: pods[i].ip!, node: nodes[pods[i].node!].spec.name,
                                 ready: serving && !terminating, serving: serving, terminating: terminating)
        }
        var desired = sliceEndpoints.filter { eligible($0.pod) }.map { endpoint($0.pod) }
        for i in pods.indices where eligible(i) && !desired.contains(where: { $0.pod == i }) {
            desired.append(endpoint(i))
        }
        guard desired != sliceEndpoints else { return }
        sliceEndpoints = desired
        sliceGeneration += 1
        sliceTrigger = minChanged
        sliceRV = nextRevision()
        lastSliceWrite = now
        let slice = sliceObject()
        sliceWrites.append(.init(time: Instant(seconds: now), slice: slice))
        record(.endpointSlice(watchType: "MODIFIED", object: slice.json))
        let targets = desired.filter(\.ready).map { IngressTarget(pod: $0.pod, ip: $0.ip) }
        at(now + sc.ingressLagSeconds, .ingressUpdate(targets))
    }

    func ingressUpdate(_ targets: [IngressTarget]) {
        ingress = targets
    }

    // MARK: ingress-nginx and its clients

    /// Round robin over the endpoints the ingress believes ready.
    func pickUpstream(excluding ip: String? = nil) -> IngressTarget? {
        let choices = ingress.filter { $0.ip != ip }
        guard !choices.isEmpty else { return nil }
        ingressNext += 1
        return choices[ingressNext % choices.count]
    }

    func accepts(_ p: Int) -> Bool {
        let pod = pods[p]
        return pod.main.processAlive && (pod.servingFrom.map { $0 <= now } ?? false) && pod.listenerClosedAt == nil
    }

    static let clients = ["203.0.113.24", "203.0.113.101", "198.51.100.12", "198.51.100.80", "192.0.2.45", "192.0.2.77"]
    static let agents = ["k6/0.54.0 (https://k6.io/)", "curl/8.5.0",
                         "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
                         "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"]
    /// (method, path, response bytes, weight)
    static let routes: [(String, String, Int, Double)] = [
        ("GET", "/", 4213, 18), ("GET", "/api/cart", 1843, 30), ("GET", "/api/products?page=2", 5120, 15),
        ("GET", "/static/app.js", 88412, 14), ("POST", "/api/cart/items", 312, 13), ("POST", "/api/checkout", 96, 10),
    ]

    func makeClient(long: Bool) -> Client {
        let addr = traffic.pick(Engine.clients)
        let agent = traffic.pick(Engine.agents)
        let route = long ? ("GET", "/api/reports/export?format=csv", 2_000_000 + traffic.int(9_000_000), 0.0)
            : Engine.routes[traffic.weighted(Engine.routes.map(\.3))]
        let length = route.0 == "POST" ? 420 + traffic.int(900) : 80 + traffic.int(420)
        let reqID = traffic.hex(32)
        // The client's source port, from the request id (not the random stream: adding it must
        // not change what the simulator did).
        let port = 32768 + Int(reqID.utf8.reduce(UInt32(0)) { $0 &* 31 &+ UInt32($1) } % 28000)
        return Client(addr: addr, port: port, agent: agent, method: route.0, path: route.1, bytes: route.2, requestLength: length,
                      reqID: reqID)
    }

    func request() {
        after(traffic.exponential(rate: sc.requestsPerSecond), .request)
        let client = makeClient(long: false)
        guard let target = pickUpstream() else {
            log(client, sentAt: now, status: 503, bytes: 190, requestTime: 0, upstreams: [], at: now)
            return
        }
        send(client, to: target)
    }

    func longRequest() {
        after(traffic.exponential(rate: sc.longRequestsPerMinute / 60), .longRequest)
        let client = makeClient(long: true)
        guard let target = pickUpstream() else { return }
        if let p = holder(of: target.ip), accepts(p) {
            let duration = traffic.uniform(sc.longRequestSeconds.lowerBound, sc.longRequestSeconds.upperBound)
            longRequests.append(LongRequest(pod: p, ip: target.ip, sentAt: now, client: client))
            pods[p].inflight.append(longRequests.count - 1)
            after(duration, .longRequestDone(longRequests.count - 1))
        } else {
            send(client, to: target)
        }
    }

    func longRequestDone(_ id: Int) {
        let r = longRequests[id]
        guard let k = pods[r.pod].inflight.firstIndex(of: id) else { return }
        pods[r.pod].inflight.remove(at: k)
        let t = now - r.sentAt
        log(r.client, sentAt: r.sentAt, status: 200, bytes: r.client.bytes, requestTime: t + 0.001,
            upstreams: [Attempt(r.ip, r.pod, String(r.client.bytes), t, "200", .answered(200))], at: now)
    }

    /// The application is gone: requests still being answered are cut ("upstream prematurely
    /// closed connection").
    func cutLongRequests(_ p: Int) {
        for id in pods[p].inflight {
            let r = longRequests[id]
            let t = now - r.sentAt
            drop(p, ip: r.ip, sentAt: r.sentAt, loggedAt: now, status: 502, reset: true)
            log(r.client, sentAt: r.sentAt, status: 502, bytes: 150, requestTime: t + 0.001,
                upstreams: [Attempt(r.ip, p, "0", t, "502", .reset)], at: now)
        }
        pods[p].inflight.removeAll()
    }

    /// What happens to a request the ingress sends to `target` now.
    func send(_ client: Client, to target: IngressTarget) {
        let owner = holder(of: target.ip)
        if let p = owner, accepts(p) {
            if sc.upstreamTimeoutFraction > 0, traffic.chance(sc.upstreamTimeoutFraction) {
                // The application never answers: nginx gives up at proxy_read_timeout.
                let t = sc.proxyReadTimeoutSeconds
                drop(p, ip: target.ip, sentAt: now, loggedAt: now + t + 0.001, status: 504)
                log(client, sentAt: now, status: 504, bytes: 160, requestTime: t + 0.001,
                    upstreams: [Attempt(target.ip, p, "0", t, "504", .readTimeout)], at: now + t + 0.001)
                return
            }
            let t = responseTime(client)
            if sc.appErrorFraction > 0, traffic.chance(sc.appErrorFraction) {
                // An application error: the connection worked, so nothing was dropped.
                log(client, sentAt: now, status: 500, bytes: 92, requestTime: t + 0.001,
                    upstreams: [Attempt(target.ip, p, "92", t, "500", .answered(500))], at: now + t + 0.001)
                return
            }
            log(client, sentAt: now, status: 200, bytes: client.bytes, requestTime: t + 0.001,
                upstreams: [Attempt(target.ip, p, String(client.bytes), t, "200", .answered(200))], at: now + t + 0.001)
            return
        }
        // The pod the ingress believes is behind the address. When the address has gone to
        // another pod (reused while the endpoint was stale), the failure is still this one's:
        // the request was meant for it, and only its removal had not reached the ingress.
        let victim = target.pod
        var failed: (time: Double, status: String, outcome: SimRequest.Outcome)
        if let p = owner, pods[p].sandboxUp {
            // Nothing listens on the port: connection refused.
            failed = (traffic.uniform(0.0005, 0.0015), "502", .refused)
        } else {
            // The address is gone: no route to host after ARP gives up, a dropped SYN
            // (proxy_connect_timeout 5 s), or a client that gives up first.
            switch traffic.weighted([60, 25, 15]) {
            case 0: failed = (3.0 + traffic.uniform(0, 0.05), "502", .unreachable)
            case 1:
                let waited = traffic.uniform(1.0, 2.8)
                drop(victim, ip: target.ip, sentAt: now, loggedAt: now + waited + 0.001, status: 499)
                log(client, sentAt: now, status: 499, bytes: 0, requestTime: waited + 0.001,
                    upstreams: [Attempt(target.ip, victim, "0", waited, "-", .clientGaveUp)], at: now + waited + 0.001)
                return
            default: failed = (5.0 + traffic.uniform(0, 0.003), "504", .connectTimeout)
            }
        }
        let first = Attempt(target.ip, victim, "0", failed.time, failed.status, failed.outcome)
        // proxy_next_upstream error timeout: sometimes nginx tries the next endpoint.
        if traffic.chance(0.3), let next = pickUpstream(excluding: target.ip), let p = holder(of: next.ip), accepts(p) {
            let t = responseTime(client)
            let total = failed.time + t
            drop(victim, ip: target.ip, sentAt: now, loggedAt: now + total + 0.001, status: Int(failed.status)!)
            log(client, sentAt: now, status: 200, bytes: client.bytes, requestTime: total + 0.001,
                upstreams: [first, Attempt(next.ip, p, String(client.bytes), t, "200", .answered(200))],
                at: now + total + 0.001)
            return
        }
        let status = Int(failed.status)!
        drop(victim, ip: target.ip, sentAt: now, loggedAt: now + failed.time + 0.001, status: status)
        log(client, sentAt: now, status: status, bytes: status == 504 ? 160 : 150, requestTime: failed.time + 0.001,
            upstreams: [first], at: now + failed.time + 0.001)
    }

    func responseTime(_ client: Client) -> Double {
        if client.path.hasPrefix("/static") { return traffic.uniform(0.015, 0.04) }
        if client.path == "/api/checkout" { return traffic.uniform(0.05, 0.2) }
        return traffic.uniform(0.003, 0.03)
    }

    func drop(_ p: Int, ip: String, sentAt: Double, loggedAt: Double, status: Int, reset: Bool = false) {
        pods[p].drops += 1
        dropsTruth.append(SimDrop(loggedAt: Instant(seconds: loggedAt), sentAt: Instant(seconds: sentAt), pod: pods[p].name,
                                  ip: ip, status: status, reset: reset))
    }

    /// One upstream try, as `log` takes it: nginx's fields and what happened.
    struct Attempt {
        var ip: String
        var pod: Int
        var length: String
        var time: Double
        var status: String
        var outcome: SimRequest.Outcome

        init(_ ip: String, _ pod: Int, _ length: String, _ time: Double, _ status: String, _ outcome: SimRequest.Outcome) {
            (self.ip, self.pod, self.length, self.time, self.status, self.outcome) = (ip, pod, length, time, status, outcome)
        }
    }

    /// Records a request, and its ingress-nginx access log line (`upstreaminfo`), at the time
    /// nginx wrote it.
    func log(_ c: Client, sentAt: Double, status: Int, bytes: Int, requestTime: Double, upstreams: [Attempt], at time: Double) {
        func ms(_ v: Double) -> String { String(format: "%.3f", v) }
        let addrs = upstreams.isEmpty ? "-" : upstreams.map { $0.ip + ":8080" }.joined(separator: ", ")
        let lengths = upstreams.isEmpty ? "-" : upstreams.map(\.length).joined(separator: ", ")
        let times = upstreams.isEmpty ? "-" : upstreams.map { ms($0.time) }.joined(separator: ", ")
        let statuses = upstreams.isEmpty ? "-" : upstreams.map(\.status).joined(separator: ", ")
        let line = "\(c.addr) - - [\(KubeTime.nginx(time))] \"\(c.method) \(c.path) HTTP/1.1\" \(status) \(bytes) \"-\" \"\(c.agent)\" "
            + "\(c.requestLength) \(ms(requestTime)) [\(sc.namespace)-\(sc.deployment)-80] [] \(addrs) \(lengths) \(times) \(statuses) \(c.reqID)"
        record(.accessLog(line: line), at: time)
        let request = SimRequest(
            sentAt: Instant(seconds: sentAt), endedAt: Instant(seconds: time), clientAddress: c.addr, clientPort: c.port,
            userAgent: c.agent, method: c.method, path: c.path, requestLength: c.requestLength, requestID: c.reqID,
            status: status, bytes: bytes,
            attempts: upstreams.map { SimRequest.Attempt(ip: $0.ip, port: 8080, pod: pods[$0.pod].name, seconds: $0.time,
                                                         outcome: $0.outcome, bytes: Int($0.length) ?? 0) })
        requests.append((time, seq, request))
    }
}
