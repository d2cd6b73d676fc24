import Foundation
import Testing
import RolloutCore
import RolloutSim
@testable import FakeKubeAPI

/// The real kubectl (/usr/bin/kubectl, 1.32) against the fake API server.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: kubectlPath)))
struct KubectlTests {
    /// A moment in the middle of the healthy rollout: new pods coming up, old ones going.
    static let midRollout = 20.0

    // MARK: Lists and gets, clock stopped

    @Test func getPodsJSON() throws {
        let h = try Harness("pods", speed: 0, startOffset: Self.midRollout)
        let r = try h.run(["get", "pods", "-n", "shop", "-l", "app=web", "-o", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let list = try #require(jsonObject(r.stdout))
        #expect(list["kind"] as? String == "List")
        let items = try #require(list["items"] as? [[String: Any]])
        let expected = try #require(jsonObject(healthy.podList(at: h.server.simulationNow))?["items"] as? [[String: Any]])
        #expect(items.compactMap { $0.string("metadata.name") } == expected.compactMap { $0.string("metadata.name") })
        #expect(items.count >= healthy.scenario.replicas)
        for item in items {
            // kubectl restores kind and apiVersion on list items (the server leaves them out).
            #expect(item["kind"] as? String == "Pod")
            #expect(item.string("metadata.labels.app") == "web")
        }
        // The secret-like env value is in every container, for redaction tests.
        let containers = items.flatMap { (($0["spec"] as? [String: Any])?["containers"] as? [[String: Any]]) ?? [] }
        #expect(!containers.isEmpty)
        for c in containers {
            let env = (c["env"] as? [[String: Any]]) ?? []
            #expect(env.contains { $0["name"] as? String == "DB_PASSWORD" && $0["value"] as? String == "hunter2-secret" })
        }
        // The request kubectl made.
        let list_ = h.server.requests.filter { $0.path == "/api/v1/namespaces/shop/pods" }
        #expect(list_.count == 1)
        #expect(list_.first?.query.contains("labelSelector=app%3Dweb") == true)
        #expect(list_.first?.accept == "application/json")
        #expect(h.server.requestCount(path: "/api/v1/namespaces/shop/pods") == 1)
    }

    @Test func labelSelectorFiltersPods() throws {
        let h = try Harness("selector", speed: 0, startOffset: Self.midRollout)
        let hash = healthy.scenario.newTemplateHash
        let r = try h.run(["get", "pods", "-n", "shop", "-l", "app=web,pod-template-hash=\(hash)", "-o", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let items = try #require(jsonObject(r.stdout)?["items"] as? [[String: Any]])
        #expect(!items.isEmpty)
        #expect(items.allSatisfy { $0.string("metadata.labels.pod-template-hash") == hash })
        let other = try h.run(["get", "pods", "-n", "shop", "-l", "app=api", "-o", "json"])
        #expect((jsonObject(other.stdout)?["items"] as? [Any])?.isEmpty == true)
        let elsewhere = try h.run(["get", "pods", "-n", "default", "-o", "json"])
        #expect((jsonObject(elsewhere.stdout)?["items"] as? [Any])?.isEmpty == true)
        // A single pod by name, and one that does not exist.
        let name = try #require(items.first?.string("metadata.name"))
        let one = try h.run(["get", "pod", name, "-n", "shop", "-o", "json"])
        #expect(jsonObject(one.stdout)?.string("metadata.name") == name)
        let missing = try h.run(["get", "pod", "web-nope", "-n", "shop", "-o", "json"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("Error from server (NotFound): pods \"web-nope\" not found"), "\(missing.stderr)")
        // A field selector.
        let byName = try h.run(["get", "pods", "-n", "shop", "--field-selector", "metadata.name=\(name)", "-o", "json"])
        #expect((jsonObject(byName.stdout)?["items"] as? [[String: Any]])?.compactMap { $0.string("metadata.name") } == [name])
    }

    @Test func getEventsJSON() throws {
        let h = try Harness("events", speed: 0, startOffset: Self.midRollout)
        let r = try h.run(["get", "events", "-n", "shop", "-o", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let items = try #require(jsonObject(r.stdout)?["items"] as? [[String: Any]])
        let expected = try #require(jsonObject(healthy.eventsList(until: h.server.simulationNow))?["items"] as? [[String: Any]])
        #expect(!items.isEmpty)
        #expect(items.compactMap { $0.string("metadata.name") } == expected.compactMap { $0.string("metadata.name") })
        #expect(items.allSatisfy { $0["kind"] as? String == "Event" && $0["apiVersion"] as? String == "v1" })
        #expect(items.contains { $0["reason"] as? String == "ScalingReplicaSet" })
    }

    @Test func getEndpointSlicesJSON() throws {
        let h = try Harness("slices", speed: 0, startOffset: Self.midRollout)
        let r = try h.run(["get", "endpointslices", "-n", "shop", "-l", "kubernetes.io/service-name=web", "-o", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let items = try #require(jsonObject(r.stdout)?["items"] as? [[String: Any]])
        let expected = try #require(jsonObject(healthy.endpointSliceList(at: h.server.simulationNow))?["items"] as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items.first?["kind"] as? String == "EndpointSlice")
        #expect(items.first?.string("metadata.resourceVersion") == expected.first?.string("metadata.resourceVersion"))
        func addresses(_ o: [String: Any]?) -> [String] {
            ((o?["endpoints"] as? [[String: Any]]) ?? []).flatMap { ($0["addresses"] as? [String]) ?? [] }
        }
        #expect(addresses(items.first) == addresses(expected.first))
        #expect(!addresses(items.first).isEmpty)
    }

    @Test func getDeploymentJSON() throws {
        let h = try Harness("deployment", speed: 0, startOffset: Self.midRollout)
        let r = try h.run(["get", "deployment", "web", "-n", "shop", "-o", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let d = try #require(jsonObject(r.stdout))
        let expected = try #require(jsonObject(healthy.deploymentJSON(at: h.server.simulationNow)))
        #expect(d["kind"] as? String == "Deployment")
        #expect(d.string("metadata.resourceVersion") == expected.string("metadata.resourceVersion"))
        #expect(NSDictionary(dictionary: d["status"] as? [String: Any] ?? [:])
                    .isEqual(to: expected["status"] as? [String: Any] ?? ["missing": true]))
        #expect(h.server.requestCount(path: "/apis/apps/v1/namespaces/shop/deployments/web") == 1)
        // ReplicaSets, worked out from the pods and the scaling events.
        let rs = try h.run(["get", "replicasets", "-n", "shop", "-o", "json"])
        let sets = try #require(jsonObject(rs.stdout)?["items"] as? [[String: Any]])
        #expect(Set(sets.compactMap { $0.string("metadata.name") })
                    == [healthy.scenario.oldReplicaSet, healthy.scenario.newReplicaSet])
    }

    /// Without `-o`, kubectl asks for a server-side Table; the columns are the real ones and
    /// ages count from the simulation's "now".
    @Test func humanOutputUsesServerTables() throws {
        let h = try Harness("table", speed: 0, startOffset: Self.midRollout)
        let r = try h.run(["get", "pods", "-n", "shop"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"])
        let expected = try #require(jsonObject(healthy.podList(at: h.server.simulationNow))?["items"] as? [[String: Any]])
        #expect(lines.count == expected.count + 1)
        #expect(lines.contains { $0.contains(" Running ") && $0.hasSuffix(" 20s") })
        let accept = h.server.requests.first { $0.path == "/api/v1/namespaces/shop/pods" }?.accept ?? ""
        #expect(accept.hasPrefix("application/json;as=Table;v=v1;g=meta.k8s.io"))
        let deploy = try h.run(["get", "deployment", "web", "-n", "shop"])
        #expect(deploy.stdout.hasPrefix("NAME   READY   UP-TO-DATE   AVAILABLE   AGE"), "\(deploy.stdout)")
    }

    // MARK: Watches, clock running

    /// `kubectl get pods -w -o json --output-watch-events` through the whole rollout (60 s
    /// simulated, 2 s at 30x): the list's pods as ADDED, then every change in order.
    @Test func watchPodsFollowsTheRollout() throws {
        let h = try Harness("watch", speed: 30)
        let w = try h.launch(["get", "pods", "-n", "shop", "-l", "app=web", "-w", "-o", "json", "--output-watch-events"])
        let lastRV = healthy.records.compactMap { r -> String? in
            guard case .pod(_, let json) = r.kind else { return nil }
            return jsonObject(json)?.string("metadata.resourceVersion")
        }.last!
        let sawEnd = w.waitForOutput(timeout: 15) { $0.contains("\"resourceVersion\":\"\(lastRV)\"") }
        let r = w.stop()
        #expect(sawEnd, "the last pod change never arrived; stderr: \(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")

        let lines = r.stdout.split(separator: "\n").map(String.init)
        let events = lines.compactMap(jsonObject)
        #expect(events.count == lines.count, "every line is one JSON document")
        let seen = events.map { ($0["type"] as? String ?? "?", ($0["object"] as? [String: Any])?.string("metadata.name") ?? "?",
                                 ($0["object"] as? [String: Any])?.string("metadata.resourceVersion") ?? "?") }

        // What kubectl asked: a list, then a watch from the list's resourceVersion.
        let watch = try #require(h.server.requests.first { $0.isWatch && $0.path == "/api/v1/namespaces/shop/pods" })
        let listRV = try #require(watch.query.split(separator: "&").first { $0.hasPrefix("resourceVersion=") }
            .flatMap { Int($0.dropFirst("resourceVersion=".count)) })
        #expect(h.server.watchConnections == 1)

        // Expected: the pods that existed at the list, ADDED by name, then every later change.
        var state: [String: String] = [:]
        var later: [(String, String, String)] = []
        for record in healthy.records {
            guard case .pod(let type, let json) = record.kind, let o = jsonObject(json),
                  let name = o.string("metadata.name"), let rv = o.string("metadata.resourceVersion") else { continue }
            if Int(rv)! <= listRV {
                if type == "DELETED" { state[name] = nil } else { state[name] = rv }
            } else {
                later.append((type, name, rv))
            }
        }
        let initial = state.keys.sorted().map { ("ADDED", $0, state[$0]!) }
        let expected = initial + later
        #expect(seen.count == expected.count)
        #expect(seen.map { "\($0.0) \($0.1) \($0.2)" } == expected.map { "\($0.0) \($0.1) \($0.2)" })
        #expect(seen.first?.0 == "ADDED")
        #expect(seen.contains { $0.0 == "MODIFIED" } && seen.contains { $0.0 == "DELETED" })
        if let firstDelete = seen.firstIndex(where: { $0.0 == "DELETED" }),
           let lastAdd = seen.lastIndex(where: { $0.0 == "ADDED" && initial.map(\.1).contains($0.1) }) {
            #expect(lastAdd < firstDelete)
        }

        // It reads as a real stream: the decoders take it, and the analysis sees the rollout.
        let decoded = try InputLoader.decode(data: Data(r.stdout.utf8), name: "kubectl-watch", source: 0,
                                             explicitTime: nil, scope: "fake")
        #expect(decoded.observations.count == events.count)
        let file = h.scratch.path("pods-watch.json")
        try Data(r.stdout.utf8).write(to: URL(fileURLWithPath: file))
        let model = try Analysis.run(inputs: [file])
        let rollout = try #require(model.rollouts.first { $0.workload == "web" })
        #expect(rollout.namespace == "shop")
        #expect(rollout.newPods.count == healthy.scenario.replicas)
        #expect(rollout.oldPods.count == healthy.scenario.replicas)
        #expect(Set(rollout.pods.map(\.name)) == Set(healthy.pods.map(\.name)))
    }

    /// Events and EndpointSlices watched together with the pods, as `rollscope record` would.
    @Test func watchEventsAndSlices() throws {
        let h = try Harness("watch-more", speed: 30)
        let events = try h.launch(["get", "events", "-n", "shop", "-w", "-o", "json", "--output-watch-events"], tag: "ev")
        let slices = try h.launch(["get", "endpointslices", "-n", "shop", "-l", "kubernetes.io/service-name=web", "-w",
                                   "-o", "json", "--output-watch-events"], tag: "eps")
        let end = healthy.end.seconds
        _ = events.waitForOutput(timeout: 15) { _ in h.server.simulationNow.seconds > end + 1 }
        let ev = events.stop(), eps = slices.stop()
        #expect(ev.stderr.isEmpty && eps.stderr.isEmpty, "\(ev.stderr) \(eps.stderr)")
        let expectedEvents = try #require(jsonObject(healthy.eventsList())?["items"] as? [[String: Any]])
        let evDocs = ev.stdout.split(separator: "\n").compactMap { jsonObject(String($0)) }
        let names = Set(evDocs.compactMap { ($0["object"] as? [String: Any])?.string("metadata.name") })
        #expect(names == Set(expectedEvents.compactMap { $0.string("metadata.name") }))
        let sliceDocs = eps.stdout.split(separator: "\n").compactMap { jsonObject(String($0)) }
        let sliceChanges = healthy.records.filter { if case .endpointSlice = $0.kind { return true } else { return false } }
        // The list's ADDED, then each later change (the first records are before the list).
        #expect(sliceDocs.count >= sliceChanges.count - 2 && sliceDocs.count <= sliceChanges.count)
        #expect(sliceDocs.first?["type"] as? String == "ADDED")
        for data in [ev.stdout, eps.stdout] {
            let decoded = try InputLoader.decode(data: Data(data.utf8), name: "watch", source: 0, explicitTime: nil,
                                                 scope: "fake")
            #expect(!decoded.observations.isEmpty)
        }
        #expect(h.server.watchConnections == 2)
    }

    /// kubectl's own reading of the Deployment's status, through a list and watch of it.
    @Test func rolloutStatusFollowsTheDeployment() throws {
        let h = try Harness("rollout", speed: 30)
        let r = try h.run(["rollout", "status", "deployment/web", "-n", "shop", "--timeout=20s"], timeout: 25)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Waiting for deployment \"web\" rollout to finish"), "\(r.stdout)")
        #expect(r.stdout.contains("deployment \"web\" successfully rolled out"), "\(r.stdout)")
        let done = try #require(healthy.completedAt).seconds - healthy.start.seconds
        #expect(r.seconds < done / 30 + 5)
        #expect(h.server.requests.contains { $0.isWatch && $0.path == "/apis/apps/v1/namespaces/shop/deployments" })
    }

    // MARK: Failure modes

    @Test func unauthorizedFailsWithKubectlsOwnMessage() throws {
        let h = try Harness("unauthorized", mode: .unauthorized)
        let r = try h.run(["get", "pods", "-n", "shop", "-l", "app=web", "-o", "json"])
        #expect(r.status != 0)
        #expect(r.stdout.isEmpty)
        let last = r.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.contains("must be logged in") || last.contains("Unauthorized"), "\(r.stderr)")
        #expect(h.server.requests.allSatisfy { $0.status == 401 })
    }

    @Test func internalErrorReachesTheUser() throws {
        let h = try Harness("error500", mode: .error500)
        let r = try h.run(["get", "pods", "-n", "shop", "-o", "json"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("Error from server (InternalError)"), "\(r.stderr)")
    }

    @Test func modeSwitchesWhileRunning() throws {
        let h = try Harness("switch", speed: 0, startOffset: Self.midRollout)
        #expect(try h.run(["get", "deployment", "web", "-n", "shop", "-o", "json"]).status == 0)
        h.server.mode = .unauthorized
        #expect(try h.run(["get", "deployment", "web", "-n", "shop", "-o", "json"]).status != 0)
        h.server.mode = .ok
        #expect(try h.run(["get", "deployment", "web", "-n", "shop", "-o", "json"]).status == 0)
    }

    /// Real servers end watches after a while; kubectl then exits 0, and a client has to list
    /// and watch again.
    @Test func closedWatchEndsKubectl() throws {
        let h = try Harness("close", speed: 30, mode: .closeWatchesAfter(1))
        let r = try h.run(["get", "pods", "-n", "shop", "-l", "app=web", "-w", "-o", "json", "--output-watch-events"],
                          timeout: 10)
        #expect(!r.killed, "kubectl kept watching")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.seconds >= 1 && r.seconds < 5)
        #expect(r.stdout.contains("\"type\":\"ADDED\""))
        #expect(h.server.watchConnections == 1)
        #expect(h.server.openWatches == 0)
        // Again, from the next list: the second watch starts where the new list left off.
        let again = try h.run(["get", "pods", "-n", "shop", "-l", "app=web", "-w", "-o", "json", "--output-watch-events"],
                              timeout: 10)
        #expect(again.status == 0)
        #expect(h.server.watchConnections == 2)
        #expect(h.server.requestCount(path: "/api/v1/namespaces/shop/pods") == 4)
    }

    /// `.hang`: kubectl gives up after `--request-timeout` and fails. With the discovery
    /// cache warm (as here) that is the dispatcher's `/version` and the list, 2 s each; with a
    /// cold cache kubectl also tries `/api` five times (12 s in all).
    @Test func hangMakesKubectlTimeOut() throws {
        let h = try Harness("hang")
        #expect(try h.run(["get", "pods", "-n", "shop", "-o", "json"]).status == 0)
        let before = h.server.requests.count
        h.server.mode = .hang
        let r = try h.run(["get", "pods", "-n", "shop", "-o", "json", "--request-timeout=2s"], timeout: 30)
        #expect(!r.killed)
        #expect(r.status != 0)
        #expect(r.seconds >= 2 && r.seconds < 10)
        #expect(r.stderr.contains("Timeout") || r.stderr.contains("timeout") || r.stderr.contains("deadline"), "\(r.stderr)")
        let hung = h.server.requests[before...]
        #expect(!hung.isEmpty && hung.allSatisfy { $0.status == 0 })
        #expect(hung.contains { $0.path == "/api/v1/namespaces/shop/pods" })
    }
}
