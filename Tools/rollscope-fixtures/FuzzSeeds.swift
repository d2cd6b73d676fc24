import Foundation
import RolloutCore
import RolloutSim

/// Seeds for `scripts/fuzz.sh`: the simulator's objects (pods in every phase, events of both
/// APIs, EndpointSlices, the Deployment) with fields dropped and extreme values put in (years
/// 0000 and 9999, leap seconds, offsets, Int.max, negative counts, odd percentages, control
/// characters), as a watch stream, a List, pretty JSON, YAML (explicit tags now and then) or a
/// recording, often followed by a `#rollscope-fuzz:signals` line and ingress-nginx or JSON Lines
/// signals. Well-formed and small, they let libFuzzer start its mutations deep in the
/// correlator instead of in the JSON syntax. The same seed gives the same files.
struct FuzzSeeds {
    var r: SimRandom
    let objects: [JSONValue]
    let logLines: [String]

    init(seed: UInt64) {
        r = SimRandom(seed: seed, stream: 21)
        var objects: [JSONValue] = []
        var lines: [String] = []
        for s in [SimScenario.noPrestop, .initCrashloop, .canary] {
            var s = s
            s.replicas = 2
            s.horizonSeconds = 120
            let o = Simulator.run(s)
            for rec in o.records {
                switch rec.kind {
                case .pod(_, let object), .endpointSlice(_, let object), .deployment(let object), .workload(let object),
                     .controllerRevision(_, let object), .replicaSet(_, let object): objects.append(object)
                case .event(let e): objects += [e.coreV1, e.eventsV1]
                case .accessLog(let line): lines.append(line)
                }
            }
            // The same requests as every other proxy logs them.
            for format in SimProxyFormat.allCases where format != .ingressNginx {
                lines += o.proxyLog(format, collected: .init(prefix: format == .istio, timestamps: format == .istio))
                    .split(separator: "\n").map(String.init)
            }
        }
        self.objects = objects
        logLines = lines
    }

    static let names = ["web-aaa-1", "web-aaa-2", "web-bbb-1", "p", ""]
    static let times = ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0000-03-01T00:00:00+23:59", "9999-12-31T23:59:60-23:59",
                        "1970-01-01T00:00:00Z", "2026-02-29T00:00:00Z", "2024-02-29T23:59:60Z", "2026-11-20T10:00:05.123456+05:30",
                        "2026-11-20T10:00:05-23:59", "", "x"]
    static let numbers = ["0", "-1", "2147483648", "9007199254740992", "9223372036854775807", "-9223372036854775808",
                          "99999999999999999999", "1e3", "1.5", "1e300", "-0.0", "31536001"]
    static let strings = ["", "-", "\u{202E}", "x\ny", "\u{1B}[31m", String(repeating: "a", count: 300), "25%", "101%", "-5%",
                          "1e400%", "nan%", "%", "Always", "CrashLoopBackOff", "Evicted", "OOMKilled"]

    /// The value with members dropped and leaves replaced, each now and then.
    mutating func perturb(_ v: JSONValue, key: String = "") -> JSONValue {
        switch v {
        case .object(let members):
            return .object(members.compactMap { m in r.chance(0.12) ? nil : .init(m.key, perturb(m.value, key: m.key)) })
        case .array(let items):
            return .array(items.compactMap { r.chance(0.1) ? nil : perturb($0, key: key) })
        case .string(let s):
            if s.hasSuffix("Z"), s.count >= 20, r.chance(0.2) { return r.chance(0.1) ? .null : .string(r.pick(Self.times)) }
            if key == "name", r.chance(0.2) { return .string(r.pick(Self.names)) }
            if r.chance(0.03) { return .string(r.pick(Self.strings)) }
            return v
        case .number:
            if r.chance(0.2) { return r.chance(0.2) ? .string(r.pick(Self.numbers)) : .number(r.pick(Self.numbers)) }
            return v
        case .bool:
            return r.chance(0.05) ? .null : v
        case .null:
            return r.chance(0.05) ? .string(r.pick(Self.times)) : v
        }
    }

    mutating func signals() -> [String] {
        (0..<r.int(0...8)).map { _ in
            if r.chance(0.5) {
                let line: JSONValue = .members([
                    ("time", r.chance(0.8) ? .string(r.pick(Self.times + ["2026-11-20T10:00:07Z"])) : .number(r.pick(Self.numbers))),
                    ("ip", r.chance(0.7) ? .string(r.pick(["10.244.1.2", "10.244.1.2:8080", "fd00::7", ""])) : nil),
                    ("pod", r.chance(0.3) ? .string(r.pick(Self.names)) : nil),
                    ("status", r.chance(0.8) ? .number(r.pick(["502", "503", "499", "200", "504"] + Self.numbers)) : nil),
                    ("kind", r.chance(0.3) ? .string(r.pick(["reset", "ok"] + Self.strings)) : nil),
                ])
                return KubectlPrinter.raw(line)
            }
            var fields = r.pick(logLines).split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            for _ in 0..<r.int(3) where !fields.isEmpty {
                fields[r.int(fields.count)] = r.pick(["-", "x", "1e400", "nan", "-1", "[fd00::7]:80", "502, 200", "+99999]"])
            }
            return fields.joined(separator: " ")
        }
    }

    /// YAML as kubectl prints it, with an explicit tag on a few scalars.
    mutating func yaml(_ objects: [JSONValue]) -> String {
        objects.map { o in
            KubeYAML.document(o).split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                guard r.chance(0.05), let colon = line.range(of: ": ") else { return String(line) }
                let value = line[colon.upperBound...]
                let tag = Int(value) != nil ? r.pick(["!!int ", "!!float ", "!!str "]) : r.pick(["!!str ", "!!null ", "!!binary "])
                return line[..<colon.upperBound] + tag + value
            }.joined(separator: "\n")
        }.joined(separator: "---\n")
    }

    mutating func input() -> String {
        let objects = (0..<r.int(1...6)).map { _ in perturb(r.pick(self.objects)) }
        var body: String
        switch r.int(7) {
        case 0, 1:
            body = objects.map { o in
                KubectlPrinter.raw(["type": .string(r.pick(["ADDED", "MODIFIED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR", "X"])),
                                    "object": o])
            }.joined(separator: "\n")
        case 2:
            body = KubectlPrinter.raw(["kind": .string(r.pick(["List", "PodList"])), "items": .array(objects)])
        case 3:
            body = stride(from: 0, to: objects.count, by: 3).map { k in
                KubectlPrinter.raw(["kind": "List", "items": .array(Array(objects[k..<min(k + 3, objects.count)]))])
            }.joined(separator: "\n")
        case 4:
            body = objects.map { KubectlPrinter.json($0) }.joined()
        case 5:
            body = yaml(objects)
        default:
            var lines = [KubectlPrinter.raw(["schema": "rollscope.recording/1", "startedAt": .string(r.pick(Self.times)),
                                             "target": "deployment/web", "mode": "watch"])]
            for o in objects {
                lines.append(KubectlPrinter.raw(.members([
                    ("t", .string(r.pick(Self.times + ["2026-11-20T10:00:06Z"]))),
                    ("kind", .string(r.pick(["pod", "event", "slice", "deployment", "list", "note"]))),
                    ("type", r.chance(0.8) ? .string(r.pick(["ADDED", "MODIFIED", "DELETED"])) : nil), ("object", o)])))
            }
            for line in signals() {
                lines.append(KubectlPrinter.raw(["t": "2026-11-20T10:00:07Z", "kind": "signal", "source": "ingress-nginx",
                                                 "line": .string(line)]))
            }
            body = lines.joined(separator: "\n")
        }
        let sig = signals()
        if !sig.isEmpty, r.chance(0.6) { body += "\n#rollscope-fuzz:signals\n" + sig.joined(separator: "\n") }
        return body + "\n"
    }

    /// `count` inputs named `gen-NNNN`.
    static func make(seed: UInt64, count: Int) -> [(name: String, bytes: [UInt8])] {
        var gen = FuzzSeeds(seed: seed)
        return (0..<count).map { n in (String(format: "gen-%04d", n), Array(gen.input().utf8)) }
    }
}
