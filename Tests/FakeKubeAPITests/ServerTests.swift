import Foundation
import Testing
import RolloutCore
import RolloutSim
@testable import FakeKubeAPI

/// The server over raw HTTP: discovery, Status bodies, keep-alive, watch semantics, clock.
@Suite struct ServerTests {
    func server(speed: Double = 0, offset: Double = 20, mode: FakeKubeAPI.Mode = .ok,
                discovery: FakeKubeAPI.Discovery = .aggregated, bookmarks: Double = 1) throws -> FakeKubeAPI {
        let s = FakeKubeAPI(output: healthy, speed: speed, startOffset: offset, mode: mode, discovery: discovery,
                            bookmarkInterval: bookmarks)
        try s.start()
        return s
    }

    func get(_ s: FakeKubeAPI, _ target: String, accept: String = "application/json") throws -> RawClient.Response {
        let c = try RawClient(port: s.port)
        c.send(target, headers: ["Accept": accept])
        return try #require(c.response(seconds: 5))
    }

    static let aggregatedAccept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
        + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"

    @Test func discoveryAggregatedAndLegacy() throws {
        let s = try server()
        defer { s.stop() }
        let api = try get(s, "/api", accept: Self.aggregatedAccept)
        #expect(api.headers["content-type"] == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
        #expect(jsonObject(api.body)?["kind"] as? String == "APIGroupDiscoveryList")
        #expect(api.body.contains("\"resource\":\"pods\""))
        let apis = try get(s, "/apis", accept: Self.aggregatedAccept)
        for group in ["apps", "discovery.k8s.io", "events.k8s.io"] { #expect(apis.body.contains("\"name\":\"\(group)\"")) }
        #expect(apis.body.contains("\"resource\":\"endpointslices\"") && apis.body.contains("\"resource\":\"replicasets\""))
        let plain = try get(s, "/api")
        #expect(jsonObject(plain.body)?["kind"] as? String == "APIVersions")
        #expect(plain.headers["content-type"] == "application/json")
        for (path, resource) in [("/api/v1", "pods"), ("/api/v1", "events"), ("/api/v1", "namespaces"),
                                 ("/apis/apps/v1", "deployments"), ("/apis/apps/v1", "replicasets"),
                                 ("/apis/discovery.k8s.io/v1", "endpointslices"), ("/apis/events.k8s.io/v1", "events")] {
            let list = try get(s, path)
            #expect(jsonObject(list.body)?["kind"] as? String == "APIResourceList")
            #expect(list.body.contains("\"name\":\"\(resource)\""), "\(path) \(resource)")
        }
        let version = try get(s, "/version")
        #expect(jsonObject(version.body)?["gitVersion"] as? String == "v1.32.4")

        let legacy = try server(discovery: .legacy)
        defer { legacy.stop() }
        let old = try get(legacy, "/apis", accept: Self.aggregatedAccept)
        #expect(jsonObject(old.body)?["kind"] as? String == "APIGroupList")
        #expect(old.headers["content-type"] == "application/json")
    }

    @Test func statusBodiesAndModes() throws {
        let s = try server()
        defer { s.stop() }
        let missing = try get(s, "/apis/apps/v1/namespaces/shop/deployments/api")
        #expect(missing.status == 404)
        let status = try #require(jsonObject(missing.body))
        #expect(status["kind"] as? String == "Status" && status["reason"] as? String == "NotFound")
        #expect(status["message"] as? String == "deployments.apps \"api\" not found")
        #expect(status["code"] as? Int == 404)
        #expect(try get(s, "/apis/batch/v1/namespaces/shop/jobs").status == 404)
        #expect(try get(s, "/nonsense").status == 404)
        s.mode = .unauthorized
        let denied = try get(s, "/api/v1/namespaces/shop/pods")
        #expect(denied.status == 401)
        #expect(jsonObject(denied.body)?["reason"] as? String == "Unauthorized")
        s.mode = .error500
        #expect(try get(s, "/api/v1/namespaces/shop/pods").status == 500)
        #expect(try get(s, "/api").status == 200)
        s.mode = .ok
        #expect(try get(s, "/api/v1/namespaces/shop/pods").status == 200)
        #expect(s.requestCount(path: "/api/v1/namespaces/shop/pods") == 3)
    }

    @Test func keepAliveServesSeveralRequests() throws {
        let s = try server()
        defer { s.stop() }
        let c = try RawClient(port: s.port)
        for path in ["/version", "/api/v1/namespaces/shop/pods", "/apis/apps/v1/namespaces/shop/deployments/web"] {
            c.send(path)
            let r = try #require(c.response(seconds: 5))
            #expect(r.status == 200 && r.complete)
        }
    }

    @Test func listsCarryKindsAndResourceVersion() throws {
        let s = try server()
        defer { s.stop() }
        let pods = try #require(jsonObject(try get(s, "/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb").body))
        #expect(pods["kind"] as? String == "PodList" && pods["apiVersion"] as? String == "v1")
        let rv = try #require(pods.string("metadata.resourceVersion"))
        #expect(Int(rv) == s.history.resourceVersion(at: s.simulationNow.seconds))
        let items = try #require(pods["items"] as? [[String: Any]])
        #expect(!items.isEmpty && items.allSatisfy { $0["kind"] == nil && $0["apiVersion"] == nil })
        for (path, kind, version) in [("/api/v1/namespaces/shop/events", "EventList", "v1"),
                                      ("/apis/events.k8s.io/v1/namespaces/shop/events", "EventList", "events.k8s.io/v1"),
                                      ("/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices", "EndpointSliceList",
                                       "discovery.k8s.io/v1"),
                                      ("/apis/apps/v1/namespaces/shop/deployments", "DeploymentList", "apps/v1"),
                                      ("/apis/apps/v1/namespaces/shop/replicasets", "ReplicaSetList", "apps/v1"),
                                      ("/api/v1/namespaces", "NamespaceList", "v1"), ("/api/v1/nodes", "NodeList", "v1"),
                                      ("/api/v1/pods", "PodList", "v1")] {
            let list = try #require(jsonObject(try get(s, path).body))
            #expect(list["kind"] as? String == kind && list["apiVersion"] as? String == version, "\(path)")
            #expect(!((list["items"] as? [Any]) ?? []).isEmpty, "\(path)")
        }
        let v1 = try #require(jsonObject(try get(s, "/apis/events.k8s.io/v1/namespaces/shop/events").body)?["items"]
            as? [[String: Any]])
        #expect(v1.allSatisfy { $0["note"] is String && $0["regarding"] is [String: Any] })
        let one = try get(s, "/api/v1/namespaces/shop/pods/\(items[0].string("metadata.name")!)")
        #expect(jsonObject(one.body)?["kind"] as? String == "Pod")
    }

    /// A watch from a resourceVersion sends exactly the changes after it, in order.
    @Test func watchResumesFromResourceVersion() throws {
        let s = try server(offset: 30)
        defer { s.stop() }
        let from = s.history.resourceVersion(at: healthy.start.seconds + 10)
        let c = try RawClient(port: s.port)
        c.send("/api/v1/namespaces/shop/pods?watch=1&resourceVersion=\(from)&timeoutSeconds=1")
        let r = try #require(c.response(seconds: 5))
        #expect(r.status == 200 && r.headers["transfer-encoding"] == "chunked")
        #expect(r.complete, "timeoutSeconds ends the stream")
        let got = r.body.split(separator: "\n").compactMap { jsonObject(String($0)) }
            .map { "\($0["type"]!) \(($0["object"] as! [String: Any]).string("metadata.resourceVersion")!)" }
        let expected = healthy.records.compactMap { rec -> String? in
            guard case .pod(let type, let json) = rec.kind, rec.time.seconds <= s.simulationNow.seconds,
                  let rv = jsonObject(json)?.string("metadata.resourceVersion"), Int(rv)! > from else { return nil }
            return "\(type) \(rv)"
        }
        #expect(!got.isEmpty)
        #expect(got == expected)
        #expect(s.watchConnections == 1)
    }

    @Test func bookmarksAndInitialEvents() throws {
        let s = try server(bookmarks: 0.2)
        defer { s.stop() }
        let c = try RawClient(port: s.port)
        c.send("/api/v1/namespaces/shop/pods?watch=true&allowWatchBookmarks=true&sendInitialEvents=true"
               + "&resourceVersionMatch=NotOlderThan&timeoutSeconds=1")
        let r = try #require(c.response(seconds: 5))
        let events = r.body.split(separator: "\n").compactMap { jsonObject(String($0)) }
        let types = events.map { $0["type"] as! String }
        let firstBookmark = try #require(types.firstIndex(of: "BOOKMARK"))
        #expect(firstBookmark > 0 && types[..<firstBookmark].allSatisfy { $0 == "ADDED" })
        let end = (events[firstBookmark]["object"] as? [String: Any])
        #expect(((end?["metadata"] as? [String: Any])?["annotations"] as? [String: String])?["k8s.io/initial-events-end"] == "true")
        #expect(types.filter { $0 == "BOOKMARK" }.count >= 3, "periodic bookmarks at 0.2 s")
        #expect(end?["kind"] as? String == "Pod")
    }

    @Test func stopEndsOpenWatchesAndHangs() throws {
        let s = try server(speed: 1)
        let watcher = try RawClient(port: s.port)
        watcher.send("/api/v1/namespaces/shop/pods?watch=true")
        let hang = try RawClient(port: s.port)
        _ = try #require(watcher.response(seconds: 0.5))   // reads what has come so far
        s.mode = .hang
        hang.send("/api/v1/namespaces/shop/pods")
        usleep(200_000)
        #expect(s.openWatches == 1)
        let began = Date()
        s.stop()
        #expect(Date().timeIntervalSince(began) < 1.5)
        #expect(s.openWatches == 0)
        #expect(hang.response(seconds: 1) == nil)
    }

    @Test func hangAnswersOnceTheModeChangesBack() throws {
        let s = try server(mode: .hang)
        defer { s.stop() }
        let c = try RawClient(port: s.port)
        c.send("/version")
        #expect(c.response(seconds: 0.5) == nil)
        s.mode = .ok
        let r = try #require(c.response(seconds: 2))
        #expect(r.status == 200)
    }

    @Test func clockRunsAtSpeedAndKeepsNowWhenSpeedChanges() throws {
        let s = FakeKubeAPI(output: healthy, speed: 50, startOffset: 5)
        #expect(s.simulationNow.seconds == healthy.start.seconds + 5)
        try s.start()
        defer { s.stop() }
        usleep(200_000)
        let a = s.simulationNow.seconds - healthy.start.seconds
        #expect(a > 5 + 50 * 0.15 && a < 5 + 50 * 1)
        s.speed = 0
        let b = s.simulationNow.seconds
        usleep(100_000)
        #expect(s.simulationNow.seconds == b)
        s.advance(bySimulatedSeconds: 30)
        #expect(s.simulationNow.seconds == b + 30)
    }
}

/// The history the server plays, against the SimOutput's own views.
@Suite struct HistoryTests {
    let history = ClusterHistory(healthy, podEnv: [FakeKubeAPI.secretEnv])

    @Test func resourceVersionsGrowAfterTheInitialSnapshot() {
        var last = 0
        for record in healthy.records where record.time > healthy.start {
            guard let json = record.kind.object else { continue }
            let rv = Int(jsonObject(json)?.string("metadata.resourceVersion") ?? "") ?? 0
            #expect(rv > last)
            last = rv
        }
    }

    @Test(arguments: [0.0, 5, 12.5, 20, 30, 45, 60, 120])
    func statesMatchTheSimulation(_ offset: Double) {
        let t = healthy.start + offset
        let names = { (list: String) in
            ((jsonObject(list)?["items"] as? [[String: Any]]) ?? []).compactMap { $0.string("metadata.resourceVersion") }
        }
        let rvs = { (objects: [JSONValue]) in objects.compactMap { $0.at("metadata.resourceVersion")?.stringValue } }
        #expect(rvs(history.pods.state(at: t.seconds)) == names(healthy.podList(at: t)))
        #expect(rvs(history.endpointSlices.state(at: t.seconds)) == names(healthy.endpointSliceList(at: t)))
        #expect(Set(rvs(history.events.state(at: t.seconds))) == Set(names(healthy.eventsList(until: t))))
        #expect(history.deployments.state(at: t.seconds).first?.at("metadata.resourceVersion")?.stringValue
                == jsonObject(healthy.deploymentJSON(at: t))?.string("metadata.resourceVersion"))
    }

    @Test func secretEnvIsInjectedOnlyWhenAsked() {
        let pod = history.pods.changes[0].object
        #expect(pod.compact.contains("{\"name\":\"DB_PASSWORD\",\"value\":\"hunter2-secret\"}"))
        #expect(history.deployments.changes[0].object.compact.contains("hunter2-secret"))
        let plain = ClusterHistory(healthy, podEnv: [])
        #expect(!plain.pods.changes[0].object.compact.contains("DB_PASSWORD"))
        // Everything else is the simulation's object as it was.
        guard case .pod(_, let object) = healthy.records[0].kind else { Issue.record("first record not a pod"); return }
        #expect(plain.pods.changes[0].object == object)
    }

    @Test func replicaSetsFollowTheRollout() {
        let end = history.replicaSets.state(at: healthy.end.seconds)
        let old = end.first { $0.at("metadata.name")?.stringValue == healthy.scenario.oldReplicaSet }
        let new = end.first { $0.at("metadata.name")?.stringValue == healthy.scenario.newReplicaSet }
        #expect(old?.at("spec.replicas")?.intValue == 0)
        #expect(old?.at("status.replicas")?.intValue == 0)
        #expect(new?.at("spec.replicas")?.intValue == healthy.scenario.replicas)
        #expect(new?.at("status.readyReplicas")?.intValue == healthy.scenario.replicas)
        let start = history.replicaSets.state(at: healthy.start.seconds)
        #expect(start.count == 1)
        #expect(start.first?.at("status.readyReplicas")?.intValue == healthy.scenario.replicas)
    }
}

@Suite struct SelectorTests {
    let pod: JSONValue = ["metadata": ["name": "web-1", "labels": ["app": "web", "tier": "front"]], "status": ["phase": "Running"]]

    @Test(arguments: [("app=web", true), ("app==web", true), ("app!=web", false), ("app", true), ("!app", false),
                      ("app in (web,api)", true), ("app notin (web)", false), ("app=web,tier=front", true),
                      ("app=web,tier=back", false), ("missing!=x", true), ("", true)])
    func labels(_ text: String, _ expected: Bool) throws {
        let s = try #require(LabelSelector(text))
        #expect(s.matches(pod) == expected)
    }

    @Test(arguments: [("metadata.name=web-1", true), ("metadata.name!=web-1", false), ("status.phase==Running", true),
                      ("metadata.name=web-1,status.phase=Pending", false), ("spec.nodeName=", true)])
    func fields(_ text: String, _ expected: Bool) throws {
        let s = try #require(FieldSelector(text))
        #expect(s.matches(pod) == expected)
    }

    @Test func jsonRoundTrip() throws {
        let text = "{\"a\":[1,2.5e3,-3],\"b\":\"x\\u003cy\\\\\\\"\",\"c\":null,\"d\":true,\"e\":{}}"
        let v = try JSONValue.parse(text)
        #expect(KubectlPrinter.raw(v) == text)
        #expect(try JSONValue.parse("\"\\ud83d\\ude00\"") == .string("😀"))
    }
}
