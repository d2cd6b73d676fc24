import Foundation
import Testing
import RolloutCore
@testable import RolloutSim

/// The views look like what kubectl and ingress-nginx write.
@Suite struct FormatTests {
    static let output = Simulator.run(.healthy)

    func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }

    @Test func watchStreamIsKubectlOutputWatchEvents() throws {
        let stream = Self.output.watchStream()
        let all = lines(stream)
        #expect(!all.isEmpty)
        for line in all {
            #expect(line.hasPrefix("{\"type\":\"ADDED\",\"object\":{") || line.hasPrefix("{\"type\":\"MODIFIED\",\"object\":{")
                    || line.hasPrefix("{\"type\":\"DELETED\",\"object\":{"))
        }
        // The watch begins with every existing pod as ADDED, in name order.
        let firsts = all.prefix(4).compactMap { parse(String($0)) }
        let names = firsts.compactMap { (($0["object"] as? [String: Any])?["metadata"] as? [String: Any])?["name"] as? String }
        #expect(names.count == 4 && names == names.sorted())
        #expect(names.allSatisfy { $0.hasPrefix("web-7d4b9c8f6d-") })
        // Cut off at a time: nothing later.
        let cut = Self.output.start + 20
        let partial = Self.output.watchStream(until: cut)
        #expect(stream.hasPrefix(partial) && partial.count < stream.count)
    }

    @Test func prettyStyleIsSortedAndIndented() throws {
        let pretty = Self.output.watchStream(style: .pretty)
        #expect(pretty.hasPrefix("{\n    \"object\": {\n        \"apiVersion\": \"v1\",\n        \"kind\": \"Pod\",\n        \"metadata\": {"))
        #expect(pretty.contains("\n    \"type\": \"ADDED\"\n}\n{\n"))
        // Both styles read the same through RolloutCore.
        let a = try InputLoader.decode(data: Data(pretty.utf8), name: "pretty", source: 0, explicitTime: nil, scope: "pretty")
        let b = try InputLoader.decode(data: Data(Self.output.watchStream().utf8), name: "compact", source: 0,
                                       explicitTime: nil, scope: "compact")
        #expect(a.observations.count == b.observations.count)
        #expect(a.warnings.isEmpty && b.warnings.isEmpty)
    }

    @Test func podObjectsLookReal() throws {
        let pods = Self.output.records.compactMap { r -> [String: Any]? in
            if case .pod(_, let object) = r.kind { return parse(object) } else { return nil }
        }
        let alphabet = Set("bcdfghjklmnpqrstvwxz2456789")
        for pod in pods {
            let meta = try #require(pod["metadata"] as? [String: Any])
            let name = try #require(meta["name"] as? String)
            let suffix = name.split(separator: "-").last!
            #expect(suffix.count == 5 && suffix.allSatisfy { alphabet.contains($0) }, "\(name)")
            #expect(meta["generateName"] as? String == String(name.dropLast(5)))
            let owner = try #require((meta["ownerReferences"] as? [[String: Any]])?.first)
            #expect(owner["kind"] as? String == "ReplicaSet" && owner["controller"] as? Bool == true)
            #expect((meta["labels"] as? [String: String])?["app"] == "web")
            let spec = try #require(pod["spec"] as? [String: Any])
            #expect(spec["restartPolicy"] as? String == "Always")
            #expect(spec["terminationGracePeriodSeconds"] as? Int == 30)
            #expect(spec["serviceAccountName"] as? String == "default")
            let status = try #require(pod["status"] as? [String: Any])
            #expect(status["qosClass"] as? String == "Burstable")
            for c in status["containerStatuses"] as? [[String: Any]] ?? [] where c["containerID"] != nil {
                let id = try #require(c["containerID"] as? String)
                #expect(id.hasPrefix("containerd://") && id.count == 13 + 64)
                #expect((c["imageID"] as? String)?.contains("@sha256:") == true)
            }
            for condition in status["conditions"] as? [[String: Any]] ?? [] {
                #expect(condition["lastProbeTime"] is NSNull)
            }
        }
    }

    @Test func resourceVersionsIncreaseAcrossAllKinds() throws {
        var last = 0
        for r in Self.output.records {
            guard let object = r.kind.object else { continue }
            let json = KubectlPrinter.raw(object)
            let o = try #require(parse(json))
            let rv = try #require(Int(((o["metadata"] as? [String: Any])?["resourceVersion"] as? String) ?? ""))
            if r.time > Self.output.start { #expect(rv > last, "\(rv) after \(last) at \(r.time)") }
            last = max(last, rv)
        }
        #expect(zip(Self.output.records, Self.output.records.dropFirst()).allSatisfy { $0.time <= $1.time })
    }

    @Test func timestampsAreWholeSecondsExceptEventTime() throws {
        let pattern = try NSRegularExpression(pattern: "\"([A-Za-z]+)\":\"(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z)\"")
        for r in Self.output.records {
            guard let object = r.kind.object else { continue }
            let json = KubectlPrinter.raw(object)
            for m in pattern.matches(in: json, range: NSRange(json.startIndex..., in: json)) {
                let key = String(json[Range(m.range(at: 1), in: json)!])
                let fraction = m.range(at: 3).location != NSNotFound
                if key == "eventTime" {
                    let value = String(json[Range(m.range(at: 2), in: json)!])
                    #expect(fraction && value.count == "2026-11-20T10:00:05.182461Z".count, "\(value)")
                } else {
                    #expect(!fraction, "\(key) has a fraction")
                }
            }
        }
    }

    @Test func eventsListIsAKubectlList() throws {
        let list = try #require(parse(Self.output.eventsList()))
        #expect(list["kind"] as? String == "List" && list["apiVersion"] as? String == "v1")
        let items = try #require(list["items"] as? [[String: Any]])
        let names = items.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
        #expect(names == names.sorted() && Set(names).count == names.count)
        for e in items {
            let reason = e["reason"] as? String
            if reason == "Scheduled" {
                #expect(e["firstTimestamp"] is NSNull && e["eventTime"] is String && e["count"] == nil)
                #expect(e["reportingComponent"] as? String == "default-scheduler")
            } else {
                #expect(e["eventTime"] is NSNull && e["firstTimestamp"] is String && e["count"] is Int)
                #expect((e["source"] as? [String: Any])?["component"] as? String == e["reportingComponent"] as? String)
            }
        }
        let reasons = Set(items.compactMap { $0["reason"] as? String })
        #expect(reasons.isSuperset(of: ["Scheduled", "SuccessfulCreate", "SuccessfulDelete", "ScalingReplicaSet", "Pulling",
                                        "Pulled", "Created", "Started", "Killing"]))
        let killing = items.filter { $0["reason"] as? String == "Killing" }
        #expect(killing.count == 4)
        #expect(killing.allSatisfy { $0["message"] as? String == "Stopping container nginx" })
        let scaling = items.filter { $0["reason"] as? String == "ScalingReplicaSet" }.compactMap { $0["message"] as? String }
        #expect(scaling.contains("Scaled up replica set web-5f8d7c9b4a from 0 to 1"))
        #expect(scaling.contains("Scaled down replica set web-7d4b9c8f6d from 1 to 0"))
    }

    @Test func endpointSliceConditionsFollowTheController() throws {
        var sawTerminatingServing = false
        for r in Self.output.records {
            guard case .endpointSlice(_, let object) = r.kind, let o = parse(object) else { continue }
            #expect((o["metadata"] as? [String: Any])?["labels"].flatMap { $0 as? [String: String] }?["kubernetes.io/service-name"] == "web")
            for e in o["endpoints"] as? [[String: Any]] ?? [] {
                let c = try #require(e["conditions"] as? [String: Bool])
                if c["terminating"] == true {
                    #expect(c["ready"] == false)
                    if c["serving"] == true { sawTerminatingServing = true }
                }
                if c["ready"] == true { #expect(c["serving"] == true) }
            }
        }
        #expect(sawTerminatingServing)
    }

    @Test func accessLogIsUpstreaminfo() throws {
        let log = Self.output.accessLog()
        let pattern = try NSRegularExpression(pattern: #"^\S+ - - \[\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000\] "(GET|POST) \S+ HTTP/1\.1" \d{3} \d+ "-" "[^"]+" \d+ \d+\.\d{3} \[shop-web-80\] \[\] \S+:8080 \d+ \d+\.\d{3} \d{3} [0-9a-f]{32}$"#)
        for line in lines(log) {
            let s = String(line)
            #expect(pattern.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil, "\(s)")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-sim-\(UUID().uuidString).log")
        try Data(log.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (result, warnings) = try SignalParser.parse(file: file.path)
        #expect(result.skipped == 0 && result.linesRead == lines(log).count && warnings.isEmpty)
    }

    @Test func otherViews() throws {
        let deployment = try #require(parse(Self.output.deploymentJSON()))
        #expect(deployment["kind"] as? String == "Deployment")
        let status = try #require(deployment["status"] as? [String: Any])
        #expect(status["updatedReplicas"] as? Int == 4 && status["availableReplicas"] as? Int == 4)
        let conditions = status["conditions"] as? [[String: Any]] ?? []
        #expect(conditions.contains { $0["reason"] as? String == "NewReplicaSetAvailable" })
        let slices = try #require(parse(Self.output.endpointSliceList()))
        let endpoints = ((slices["items"] as? [[String: Any]])?.first?["endpoints"] as? [[String: Any]]) ?? []
        #expect(endpoints.count == 4)
        let podList = try #require(parse(Self.output.podList()))
        let names = ((podList["items"] as? [[String: Any]]) ?? []).compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
        #expect(names.count == 4 && names.allSatisfy { $0.hasPrefix("web-5f8d7c9b4a-") })
        let before = try #require(parse(Self.output.podList(at: Self.output.start)))
        #expect((before["items"] as? [Any])?.count == 4)
    }

    @Test func goStyleFormats() {
        #expect(KubeTime.goDuration(0.512) == "512ms")
        #expect(KubeTime.goDuration(2.4) == "2.4s")
        #expect(KubeTime.goDuration(10) == "10s")
        #expect(KubeTime.goDuration(80) == "1m20s")
        #expect(KubeTime.goDuration(300) == "5m0s")
        #expect(KubeTime.micro(Instant(rfc3339: "2026-11-20T10:00:05Z")!.seconds + 0.5) == "2026-11-20T10:00:05.500000Z")
        #expect(KubeTime.nginx(Instant(rfc3339: "2026-11-20T10:00:05Z")!.seconds + 0.9) == "20/Nov/2026:10:00:05 +0000")
        #expect(KubectlPrinter.raw(.string("<a&b>")) == "\"\\u003ca\\u0026b\\u003e\"")
        // Go's encoding/json: \b and \f short, other C0 and the JS line separators as \u, DEL, C1
        // and the bidi controls as they are (the report escapes all of them).
        #expect(KubectlPrinter.raw(.string("a\u{08}\u{0C}\u{01}\u{2028}\u{7F}\u{85}\u{202E}é\"\\")) == "\"a\\b\\f\\u0001\\u2028\u{7F}\u{85}\u{202E}é\\\"\\\\\"")
        #expect(JSONValue.string("a\u{7F}\u{202E}<").compact == "\"a\\u007f\\u202e<\"")
        let nested: JSONValue = ["b": [1, 2], "a": [:], "c": []]
        #expect(KubectlPrinter.raw(nested) == "{\"b\":[1,2],\"a\":{},\"c\":[]}")
        #expect(KubectlPrinter.json(nested) == "{\n    \"a\": {},\n    \"b\": [\n        1,\n        2\n    ],\n    \"c\": []\n}\n")
        #expect(ContainerImage.normalized("nginx:1.27") == "docker.io/library/nginx:1.27")
        #expect(ContainerImage.normalized("nginxinc/nginx-unprivileged:1.27.3-alpine") == "docker.io/nginxinc/nginx-unprivileged:1.27.3-alpine")
        #expect(ContainerImage.normalized("ghcr.io/acme-shop/web-migrate:2026.11.2") == "ghcr.io/acme-shop/web-migrate:2026.11.2")
    }
}
