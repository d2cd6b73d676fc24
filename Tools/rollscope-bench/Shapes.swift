import Foundation
import RolloutCore
import RolloutSim

/// The shapes of List `report` is measured on (`scripts/report-shapes.sh`): real Lists differ
/// from the standard generated one in where their bytes are. Each is 50-100 MB, deterministic
/// (seeded `SimRandom`, no clock), and printed as the tool that makes it prints it.
///
/// | shape | file | what is different |
/// | --- | --- | --- |
/// | standard | pods-5000.json | `PodListGenerator` as it is (the first benchmark) |
/// | sidecars | shape-sidecars.json | 6-10 containers a pod (service mesh, log shipper, secrets agent...), native sidecar init containers |
/// | env | shape-env.json | 100-160 env vars, configmap-sized values, 30+ labels, last-applied-configuration and other big annotations |
/// | status | shape-status.json | long termination messages (stack traces: tabs, quotes, unicode, ANSI escapes), readiness gates, many conditions with messages |
/// | real | shape-real.json | the real pods of `Tests/Fixtures/real` (k9s test data) repeated with fresh names, uids and IPs |
/// | yaml | shape-yaml.yaml | the standard List as `kubectl get pods -o yaml` |
/// | compact | shape-compact.json | the standard List minified (`kubectl get pods -o json \| jq -c`) |
enum PodShape: String, CaseIterable {
    case standard, sidecars, env, status, real, yaml, compact
}

enum Shapes {
    static let all: [PodShape] = [.sidecars, .env, .status, .real, .yaml, .compact]

    static func file(_ shape: PodShape) -> String {
        switch shape {
        case .standard: "pods-5000.json"
        case .yaml: "shape-yaml.yaml"
        default: "shape-\(shape.rawValue).json"
        }
    }

    /// Pods in each shape's List, chosen for 50-100 MB.
    static func count(_ shape: PodShape) -> Int {
        switch shape {
        case .standard: 5000
        case .sidecars: 1500
        case .env: 900
        case .status: 2600
        case .real: 9500
        case .yaml: 8000
        case .compact: 8000
        }
    }

    static func write(dir: String, only: Set<String>) throws {
        for shape in all where only.isEmpty || only.contains(shape.rawValue) {
            let t0 = Date()
            let text = render(shape)
            let path = dir + "/" + file(shape)
            try Generate.write(Array(text.utf8), to: path)
            Generate.log(String(format: "%@: %d pods, %.1f MB in %.1f s", file(shape), count(shape),
                                Double(text.utf8.count) / 1e6, Date().timeIntervalSince(t0)))
            // `shape pods` lines, for the benchmark's table.
            let manifest = dir + "/shapes.manifest"
            var lines = ((try? String(contentsOfFile: manifest, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            lines.removeAll { $0.hasPrefix(shape.rawValue + " ") }
            lines.append("\(shape.rawValue) \(count(shape))")
            try Generate.write(Array((lines.sorted().joined(separator: "\n") + "\n").utf8), to: manifest)
        }
    }

    static func listObject(_ items: [JSONValue]) -> JSONValue {
        ["apiVersion": "v1", "items": .array(items), "kind": "List", "metadata": ["resourceVersion": ""]]
    }

    static func render(_ shape: PodShape) -> String {
        switch shape {
        case .real:
            return KubectlPrinter.list(RealPods.items(count: count(.real)))
        case .yaml:
            var gen = PodListGenerator(seed: 4000)
            return KubectlPrinter.yaml(listObject(gen.list(count: count(.yaml))))
        case .compact:
            // What `jq -c .` makes of kubectl's List: keys sorted, no whitespace, one line.
            var gen = PodListGenerator(seed: 8000)
            return KubectlPrinter.raw(listObject(gen.list(count: count(.compact))).sortingKeys()) + "\n"
        default:
            var gen = PodListGenerator(seed: UInt64(count(shape)))
            gen.shape = shape
            return KubectlPrinter.list(gen.list(count: count(shape)))
        }
    }
}

// MARK: - Shapes drawn from the generator's pods

extension PodListGenerator {
    mutating func reshape(_ pod: inout SimPod, _ w: Workload) {
        switch shape {
        case .sidecars: manyContainers(&pod, w)
        case .env: bigEnvAndAnnotations(&pod, w)
        case .status: bigStatus(&pod, w)
        default: break
        }
    }

    static let sidecarCatalogue: [(name: String, image: String, port: Int)] = [
        ("fluent-bit", "cr.fluentbit.io/fluent/fluent-bit:3.2.2", 2020),
        ("vault-agent", "hashicorp/vault:1.18.2", 8200),
        ("cloud-sql-proxy", "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1", 9801),
        ("otel-agent", "otel/opentelemetry-collector-contrib:0.115.1", 4317),
        ("oauth2-proxy", "quay.io/oauth2-proxy/oauth2-proxy:v7.7.1", 4180),
        ("config-reloader", "ghcr.io/jimmidyson/configmap-reload:v0.14.0", 9533),
        ("datadog-agent", "gcr.io/datadoghq/agent:7.59.1", 8126),
        ("nginx-cache", "nginxinc/nginx-unprivileged:1.27.3-alpine", 8081),
        ("statsd-exporter", "prom/statsd-exporter:v0.28.0", 9102),
        ("pgbouncer", "bitnami/pgbouncer:1.23.1", 6432),
    ]

    func running(_ s: SimPod.ContainerStatus, name: String, image: String, id: String) -> SimPod.ContainerStatus {
        var c = s
        c.name = name
        c.image = image
        c.imageID = ContainerImage.id(image)
        c.restartCount = 0
        c.lastState = nil
        if c.containerID != nil { c.containerID = id }
        return c
    }

    /// (a) 6-10 containers a pod and native sidecars among the init containers.
    mutating func manyContainers(_ pod: inout SimPod, _ w: Workload) {
        guard var containers = pod.spec["containers"]?.arrayValue, var inits = pod.spec["initContainers"]?.arrayValue,
              var statuses = pod.status.containerStatuses, let app = statuses.first else { return }
        let token = pod.spec["volumes"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.first { $0.hasPrefix("kube-api-access") } ?? "kube-api-access"
        let mount: JSONValue = ["mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": .string(token), "readOnly": true]
        var catalogue = Self.sidecarCatalogue
        let extraCount = max(0, extra.int(6...10) - containers.count)
        for _ in 0..<extraCount {
            let c = catalogue.remove(at: extra.int(catalogue.count))
            containers.append([
                "args": .array(["--config=/etc/\(c.name)/config.yaml", "--log-level=info", "--port=\(c.port)"].map(JSONValue.string)),
                "env": [["name": "POD_NAME", "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.name"]]],
                        ["name": "POD_NAMESPACE", "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.namespace"]]],
                        ["name": "UPSTREAM", "value": .string("127.0.0.1:\(w.port)")]],
                "image": .string(c.image),
                "imagePullPolicy": "IfNotPresent",
                "livenessProbe": probe("/healthz", port: c.port, delay: 5, period: 10),
                "name": .string(c.name),
                "ports": [["containerPort": .int(c.port), "name": "metrics", "protocol": "TCP"]],
                "resources": ["limits": ["memory": "256Mi"], "requests": ["cpu": "50m", "memory": "64Mi"]],
                "securityContext": ["allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "runAsNonRoot": true],
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "volumeMounts": [["mountPath": .string("/etc/\(c.name)"), "name": .string("\(c.name)-config")], mount],
            ])
            statuses.append(running(app, name: c.name, image: c.image, id: containerID()))
        }
        // Native sidecars (restartPolicy Always) first, as a mesh injects them.
        var initStatuses = pod.status.initContainerStatuses ?? []
        let natives = [("istio-proxy", "docker.io/istio/proxyv2:1.24.1", 15090), ("linkerd-proxy", "cr.l5d.io/linkerd/proxy:edge-24.11.8", 4191)]
        for (i, n) in natives.prefix(extra.int(1...2)).enumerated() {
            inits.insert([
                "args": ["proxy", "sidecar", "--concurrency", "2"],
                "image": .string(n.1),
                "name": .string(n.0 + "-native"),
                "ports": [["containerPort": .int(n.2), "name": "http-envoy-prom", "protocol": "TCP"]],
                "resources": ["limits": ["cpu": "2", "memory": "1Gi"], "requests": ["cpu": "100m", "memory": "128Mi"]],
                "restartPolicy": "Always",
                "startupProbe": probe("/healthz/ready", port: 15021, delay: 0, period: 1),
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "volumeMounts": [mount],
            ], at: i)
            var s = running(app, name: n.0 + "-native", image: n.1, id: containerID())
            if case .running = app.state {} else { s.state = .running(startedAt: at(30)); s.containerID = containerID() }
            s.started = true
            initStatuses.insert(s, at: i)
        }
        pod.spec["containers"] = .array(containers)
        pod.spec["initContainers"] = .array(inits)
        pod.status.containerStatuses = statuses
        pod.status.initContainerStatuses = initStatuses
    }

    /// A configmap-sized value: a YAML or properties file, many lines.
    mutating func configBlob(_ w: Workload) -> String {
        var lines: [String] = []
        if extra.chance(0.5) {
            lines.append("# \(w.name) configuration, rendered by Helm")
            for section in ["server", "database", "cache", "features", "upstreams", "logging"] {
                lines.append("\(section):")
                for k in 0..<extra.int(4...12) {
                    let v: String = switch k % 4 {
                    case 0: "\"\(extra.hex(12))\""
                    case 1: String(extra.int(1...65_535))
                    case 2: "https://\(section).\(w.namespace).svc.cluster.local:8443/v\(extra.int(1...3))"
                    default: "[\"a\", \"b\", \"c\"]"
                    }
                    lines.append("  \(section)_key_\(k): \(v)")
                }
            }
        } else {
            for k in 0..<extra.int(20...60) {
                lines.append("\(w.name).setting.\(k)=\(extra.hex(extra.int(6...40)))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// (b) Long env lists, many labels, big annotations.
    mutating func bigEnvAndAnnotations(_ pod: inout SimPod, _ w: Workload) {
        guard var containers = pod.spec["containers"]?.arrayValue else { return }
        var env: [JSONValue] = []
        for i in 0..<extra.int(100...160) {
            let name = "\(w.name.uppercased().replacingOccurrences(of: "-", with: "_"))_SETTING_\(i)"
            switch i % 17 {
            case 3: env.append(["name": .string(name), "valueFrom": ["secretKeyRef": ["key": "password", "name": .string("\(w.name)-db")]]])
            case 7: env.append(["name": .string(name), "valueFrom": ["configMapKeyRef": ["key": "endpoint", "name": .string("\(w.name)-env")]]])
            case 11: env.append(["name": .string(name), "value": .string(configBlob(w))])
            default: env.append(["name": .string(name), "value": .string(extra.chance(0.5) ? extra.hex(extra.int(4...48)) : "true")])
            }
        }
        containers[0]["env"] = .array(env)
        pod.spec["containers"] = .array(containers)
        for i in 0..<extra.int(24...40) {
            pod.metadata.labels["acme.io/label-\(i)"] = extra.hex(extra.int(4...40))
        }
        let lastApplied = KubectlPrinter.raw(["apiVersion": "v1", "kind": "Pod",
                                              "metadata": ["labels": .object(pod.metadata.labels.sorted { $0.key < $1.key }.map { JSONValue.Member($0.key, .string($0.value)) }),
                                                           "name": .string(pod.metadata.name), "namespace": .string(w.namespace)],
                                              "spec": pod.spec])
        pod.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"] = lastApplied + "\n"
        pod.metadata.annotations["ad.datadoghq.com/\(w.name).checks"] = KubectlPrinter.raw(["openmetrics": ["init_config": [:], "instances": [
            ["openmetrics_endpoint": .string("http://%%host%%:\(w.port + 1)/metrics"), "namespace": .string(w.namespace),
             "metrics": .array((0..<30).map { _ in .string("acme_\(extra.hex(10))_total") })]]]])
        pod.metadata.annotations["vault.hashicorp.com/agent-inject-template-config"] = """
            {{- with secret "database/creds/\(w.name)" -}}
            postgresql://{{ .Data.username }}:{{ .Data.password }}@postgres.\(w.namespace).svc:5432/\(w.name)?sslmode=require
            {{- end }}
            \(configBlob(w))
            """
    }

    static let traceLines = [
        "goroutine 1 [running]:",
        "main.(*Server).handle(0xc0001a2000, {0x1c3e2a0, 0xc000512380})",
        "\t/src/internal/server/handler.go:214 +0x3f5",
        "net/http.HandlerFunc.ServeHTTP(0xc00041e0f0?, {0x1c3e2a0?, 0xc000512380?}, 0xc000120600?)",
        "\t/usr/local/go/src/net/http/server.go:2220 +0x29",
        "java.lang.IllegalStateException: Verbindung zur Datenbank fehlgeschlagen — Zeitüberschreitung nach 30 s",
        "\tat com.acme.shop.db.Pool.acquire(Pool.java:88)",
        "\tat com.acme.shop.web.CheckoutController.post(CheckoutController.java:142) ~[app.jar:2026.11.2]",
        "Caused by: java.net.SocketTimeoutException: connect timed out → 10.96.12.4:5432",
        "\u{1B}[31mERROR\u{1B}[0m 処理に失敗しました: \"order\" <id=42> & retry=3 🚀 ✓ ✗",
        "panic: runtime error: invalid memory address or nil pointer dereference [signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x7a1b2c]",
        "Traceback (most recent call last):\n  File \"/app/worker.py\", line 77, in <module>\n    main()",
        "KeyError: 'ORDER_QUEUE_URL' — ключ не найден; vérifiez la configuration ≠ défaut",
    ]

    /// A termination message: the tail of a crash, up to kubelet's 4 KB (FallbackToLogsOnError)
    /// and beyond it for messages written to the termination log.
    mutating func crashMessage() -> String {
        var lines: [String] = []
        var bytes = 0
        let target = extra.int(1_500...6_000)
        while bytes < target {
            let line = extra.pick(Self.traceLines)
            lines.append(line)
            bytes += line.utf8.count + 1
        }
        return lines.joined(separator: "\n")
    }

    /// (c) Big status: long termination messages, readiness gates and many conditions with messages.
    mutating func bigStatus(_ pod: inout SimPod, _ w: Workload) {
        var statuses = pod.status.containerStatuses ?? []
        for i in statuses.indices where extra.chance(0.6) {
            statuses[i].restartCount = max(statuses[i].restartCount, extra.int(1...12))
            statuses[i].lastState = SimPod.Terminated(exitCode: extra.pick([1, 2, 137, 139]), reason: extra.pick(["Error", "OOMKilled"]),
                                                      message: crashMessage(), startedAt: at(Double(extra.int(900...3600))),
                                                      finishedAt: at(Double(extra.int(300...899))), containerID: containerID())
        }
        pod.status.containerStatuses = statuses
        var inits = pod.status.initContainerStatuses ?? []
        for i in inits.indices {
            if case .terminated(var t) = inits[i].state {
                t.message = "migrations applied ✓ — \(extra.int(1...300)) steps\n" + (extra.chance(0.3) ? crashMessage() : "")
                inits[i].state = .terminated(t)
            }
        }
        pod.status.initContainerStatuses = inits
        let gates = ["target-health.elbv2.k8s.aws/k8s-\(w.namespace)-\(w.name)-\(extra.hex(10))", "cloud.google.com/load-balancer-neg-ready",
                     "acme.io/warmup-complete", "acme.io/cache-primed", "acme.io/config-loaded", "acme.io/feature-flags-synced",
                     "acme.io/schema-compatible", "acme.io/traffic-shadowing-ok"]
        for (i, g) in gates.prefix(extra.int(4...8)).enumerated() {
            let ok = extra.chance(0.8)
            pod.status.conditions.append(SimPod.Condition(
                g, ok, at: at(Double(extra.int(60...7200))), reason: ok ? nil : "Probe\(i)Failed",
                message: ok ? nil : "Target is unhealthy: Health checks failed with these codes: [503] — “Dienst nicht verfügbar”; 最後の試行 \(extra.hex(16)) \u{1B}[33m(retrying)\u{1B}[0m\n" + String(repeating: "détail ", count: extra.int(10...80))))
        }
        if extra.chance(0.1) {
            pod.status.message = "The node was low on resource: memory. Threshold quantity: 100Mi, available: \(extra.int(10...99))Mi. Container \(w.name) was using \(extra.int(600...1900))Mi, request is 512Mi, has larger consumption of memory. "
                + String(repeating: "Container sidecar-\(extra.hex(4)) was using 80Mi. ", count: extra.int(3...20))
            pod.status.reason = "Evicted"
        }
    }
}

// MARK: - Real pods, repeated

/// The real pods of `Tests/Fixtures/real` (derailed/k9s test data, cited in its README),
/// repeated with fresh names, uids, namespaces and IPs, as `kubectl get pods -A -o json` prints
/// them (keys sorted, four-space indent). Copies of a bare pod are given a ReplicaSet as their
/// owner (and its `pod-template-hash` label); `scripts/report-shapes.sh` does not measure
/// thousands of one-pod rollouts, which `docs/performance.md` covers apart.
enum RealPods {
    static let files = ["k9s-p1.json", "k9s-po-init.json", "k9s-po-sidecar.json"]

    static func directory() -> String {
        // Tools/rollscope-bench/Shapes.swift -> Tests/Fixtures/real
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Fixtures/real").path
    }

    static func items(count: Int) -> [JSONValue] {
        let dir = directory()
        let pods: [JSONValue] = files.map { name in
            let data = FileManager.default.contents(atPath: dir + "/" + name) ?? Data()
            guard let v = try? data.withUnsafeBytes({ try JSONValue.parse($0) }) else {
                fatalError("rollscope-bench: cannot read the real pod \(dir)/\(name)")
            }
            return v
        }
        var rand = SimRandom(seed: 11_000)
        let namespaces = ["default", "shop", "payments", "search", "platform", "monitoring", "kube-system", "batch"]
        let owners = pods.map { _ in namespaces.map { _ in (rand.nameSuffix(10), rand.uuid()) } }
        var items: [JSONValue] = []
        items.reserveCapacity(count)
        for i in 0..<count {
            var p = pods[i % pods.count]
            var meta = p["metadata"] ?? [:]
            let ns = rand.int(namespaces.count)
            meta["namespace"] = .string(namespaces[ns])
            if meta["ownerReferences"] == nil {
                // A bare pod, copied, becomes a replica of a ReplicaSet (one per document and
                // namespace), as Deployments' pods are: thousands of bare pods are no cluster's.
                let name = meta["name"]?.stringValue ?? "pod"
                let (hash, uid) = owners[i % pods.count][ns]
                meta["generateName"] = .string("\(name)-\(hash)-")
                var labels = meta["labels"] ?? [:]
                labels["app"] = .string(name)
                labels["pod-template-hash"] = .string(hash)
                meta["labels"] = labels
                meta["ownerReferences"] = [["apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true,
                                            "kind": "ReplicaSet", "name": .string("\(name)-\(hash)"), "uid": .string(uid)]]
            }
            let base = meta["generateName"]?.stringValue ?? ((meta["name"]?.stringValue ?? "pod") + "-")
            meta["name"] = .string(base + rand.nameSuffix())
            meta["uid"] = .string(rand.uuid())
            meta["resourceVersion"] = .string(String(1_000_000 + i * 7))
            meta["selfLink"] = nil
            p["metadata"] = meta
            var status = p["status"] ?? [:]
            let ip = "10.\(96 + rand.int(32)).\(rand.int(256)).\(rand.int(2...254))"
            status["podIP"] = .string(ip)
            if status["podIPs"] != nil { status["podIPs"] = [["ip": .string(ip)]] }
            p["status"] = status
            items.append(p)
        }
        return items
    }
}
