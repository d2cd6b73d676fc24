import RolloutCore
import RolloutSim

/// A large, realistic `kubectl get pods -A -o json` List: several Deployments (some mid-rollout
/// with two ReplicaSets), init containers, sidecars, probes, many env vars, volumes, resources,
/// tolerations, affinity, conditions, container states, and some terminating pods. Each pod is
/// a `SimPod` printed by `KubectlPrinter`, as the simulator's are. Deterministic: everything
/// comes from `SimRandom(seed:)`, nothing from the clock.
struct PodListGenerator {
    struct Workload {
        var namespace: String
        var name: String
        var replicas: Int
        var image: String
        var oldImage: String?
        var port: Int
        var sidecar: Bool
        var envCount: Int
        var team: String
        var oldHash = ""
        var newHash = ""
        var oldRSUID = ""
        var newRSUID = ""
    }

    var rand: SimRandom
    /// "Now" for the snapshot.
    let now = Instant(rfc3339: "2026-11-24T09:00:00Z")!
    var workloads: [Workload]
    var nodes: [(name: String, ip: String, zone: String)] = []
    var resourceVersion = 48_211_907
    /// What each pod is made to look like beyond the standard List (`Shapes.swift`); the
    /// standard one draws nothing from `extra`, so its bytes do not depend on the shape code.
    var shape: PodShape = .standard
    var extra: SimRandom

    init(seed: UInt64 = 5000) {
        rand = SimRandom(seed: seed)
        extra = SimRandom(seed: seed, stream: 7)
        workloads = [
            Workload(namespace: "shop", name: "web", replicas: 1400, image: "ghcr.io/acme-shop/web:2026.11.2",
                     oldImage: "ghcr.io/acme-shop/web:2026.11.1", port: 8080, sidecar: true, envCount: 8, team: "storefront"),
            Workload(namespace: "shop", name: "checkout", replicas: 700, image: "ghcr.io/acme-shop/checkout:4.18.0",
                     oldImage: nil, port: 8080, sidecar: false, envCount: 5, team: "payments"),
            Workload(namespace: "shop", name: "cart", replicas: 600, image: "ghcr.io/acme-shop/cart:1.9.3",
                     oldImage: "ghcr.io/acme-shop/cart:1.9.2", port: 9000, sidecar: false, envCount: 4, team: "storefront"),
            Workload(namespace: "payments", name: "api", replicas: 650, image: "registry.acme.internal/payments/api:v3.44.1",
                     oldImage: nil, port: 8443, sidecar: true, envCount: 10, team: "payments"),
            Workload(namespace: "payments", name: "ledger-worker", replicas: 450, image: "registry.acme.internal/payments/ledger:v3.44.1",
                     oldImage: nil, port: 9090, sidecar: false, envCount: 5, team: "payments"),
            Workload(namespace: "search", name: "query", replicas: 550, image: "ghcr.io/acme-shop/search-query:0.61.0",
                     oldImage: "ghcr.io/acme-shop/search-query:0.60.4", port: 8080, sidecar: false, envCount: 4, team: "discovery"),
            Workload(namespace: "search", name: "indexer", replicas: 400, image: "ghcr.io/acme-shop/search-indexer:0.61.0",
                     oldImage: nil, port: 8081, sidecar: false, envCount: 3, team: "discovery"),
            Workload(namespace: "platform", name: "edge-proxy", replicas: 250, image: "envoyproxy/envoy:v1.32.1",
                     oldImage: nil, port: 10000, sidecar: false, envCount: 3, team: "platform"),
        ]
        for i in workloads.indices {
            workloads[i].newHash = rand.nameSuffix(10)
            workloads[i].oldHash = rand.nameSuffix(10)
            workloads[i].newRSUID = rand.uuid()
            workloads[i].oldRSUID = rand.uuid()
        }
        let zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
        for i in 0..<60 {
            let ip = "10.0.\(16 + i / 20).\(20 + (i * 7) % 230)"
            nodes.append(("ip-\(ip.replacingOccurrences(of: ".", with: "-")).eu-west-1.compute.internal", ip, zones[i % 3]))
        }
    }

    func time(_ secondsAgo: Double) -> JSONValue { .string(KubeTime.rfc3339(at(secondsAgo))) }
    func at(_ secondsAgo: Double) -> Double { (now.seconds - secondsAgo).rounded(.down) }

    /// The whole List, `kubectl get pods -A -o json` style.
    mutating func list(count: Int) -> [JSONValue] {
        var items: [JSONValue] = []
        items.reserveCapacity(count)
        let total = workloads.map(\.replicas).reduce(0, +)
        var made = 0
        for (wi, w) in workloads.enumerated() {
            let n = wi == workloads.count - 1 ? count - made : w.replicas * count / total
            for i in 0..<n {
                var p = pod(w, index: i, of: n)
                reshape(&p, w)
                items.append(p.json)
            }
            made += n
        }
        return items
    }

    enum State { case ready, starting, initRunning, initCrashLoop, crashLoop, terminating, terminatingExited }

    mutating func pod(_ w: Workload, index: Int, of n: Int) -> SimPod {
        // Mid-rollout workloads: 40% of the pods are still old.
        let isOld = w.oldImage != nil && index >= n * 6 / 10
        let hash = isOld ? w.oldHash : w.newHash
        let image = isOld ? w.oldImage! : w.image
        let rsName = "\(w.name)-\(hash)"
        let name = "\(rsName)-\(rand.nameSuffix())"
        let roll = rand.int(1000)
        let state: State
        if isOld {
            state = roll < 250 ? .terminating : roll < 300 ? .terminatingExited : .ready
        } else if w.oldImage != nil {
            state = roll < 80 ? .starting : roll < 130 ? .initRunning : roll < 150 ? .initCrashLoop : .ready
        } else {
            state = roll < 15 ? .crashLoop : roll < 25 ? .starting : roll < 30 ? .terminating : .ready
        }
        let age: Double = isOld ? Double(rand.int(86_400...604_800))
            : w.oldImage != nil ? Double(rand.int(20...900)) : Double(rand.int(3_600...1_209_600))
        let node = nodes[rand.int(nodes.count)]
        let podIP = "10.\(96 + rand.int(32)).\(rand.int(256)).\(rand.int(2...254))"
        resourceVersion += 1 + rand.int(40)
        let uid = rand.uuid()
        let grace = w.namespace == "payments" ? 60 : 30

        var labels: [String: String] = [
            "app": w.name,
            "app.kubernetes.io/name": w.name,
            "app.kubernetes.io/instance": "\(w.name)-\(w.namespace)",
            "app.kubernetes.io/part-of": "acme-shop",
            "app.kubernetes.io/managed-by": "Helm",
            "app.kubernetes.io/version": String(image.split(separator: ":").last ?? "latest"),
            "helm.sh/chart": "\(w.name)-\(rand.int(1...4)).\(rand.int(0...30)).\(rand.int(0...9))",
            "pod-template-hash": hash,
            "team": w.team,
            "tier": w.port == 9090 ? "worker" : "backend",
        ]
        if rand.chance(0.3) { labels["security.istio.io/tlsMode"] = "istio" }
        var annotations: [String: String] = [
            "checksum/config": rand.hex(64),
            "checksum/secrets": rand.hex(64),
            "cluster-autoscaler.kubernetes.io/safe-to-evict": "true",
            "prometheus.io/path": "/metrics",
            "prometheus.io/port": String(w.port + 1),
            "prometheus.io/scrape": "true",
            "kubectl.kubernetes.io/default-container": w.name,
        ]
        if isOld || rand.chance(0.2) {
            annotations["kubectl.kubernetes.io/restartedAt"] = KubeTime.rfc3339(at(age + 3600))
        }
        var meta = SimObjectMeta(name: name, generateName: rsName + "-", namespace: w.namespace, uid: uid,
                                 resourceVersion: String(resourceVersion), generation: 1, creationTimestamp: at(age),
                                 labels: labels, annotations: annotations,
                                 owner: .init(apiVersion: "apps/v1", kind: "ReplicaSet", name: rsName, uid: isOld ? w.oldRSUID : w.newRSUID))
        let deletedAgo = Double(rand.int(1...25))
        if state == .terminating || state == .terminatingExited {
            meta.deletionGracePeriodSeconds = grace
            meta.deletionTimestamp = at(deletedAgo - Double(grace))
            meta.finalizers = ["batch.kubernetes.io/job-tracking"]
        }

        let spec = podSpec(w, image: image, node: node.name, grace: grace, volumeSuffix: rand.nameSuffix())
        let status = podStatus(w, state: state, age: age, deletedAgo: deletedAgo, node: node.ip, podIP: podIP, image: image)
        return SimPod(metadata: meta, spec: spec, status: status)
    }

    mutating func env(_ w: Workload, count: Int) -> JSONValue {
        let names = ["LOG_LEVEL", "LOG_FORMAT", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
                     "HTTP_PORT", "GRPC_PORT", "METRICS_PORT", "DATABASE_HOST", "DATABASE_PORT", "DATABASE_NAME",
                     "DATABASE_POOL_SIZE", "REDIS_URL", "KAFKA_BROKERS", "KAFKA_TOPIC_ORDERS", "FEATURE_NEW_CHECKOUT",
                     "FEATURE_DARK_MODE", "FEATURE_SEARCH_V2", "CACHE_TTL_SECONDS", "REQUEST_TIMEOUT_MS", "MAX_BODY_BYTES",
                     "SENTRY_DSN", "SENTRY_ENVIRONMENT", "REGION", "AVAILABILITY_ZONE", "JAVA_TOOL_OPTIONS", "GOMAXPROCS",
                     "GOMEMLIMIT", "TZ", "LANG", "UPSTREAM_PAYMENTS_URL", "UPSTREAM_INVENTORY_URL", "UPSTREAM_USERS_URL",
                     "RATE_LIMIT_RPS", "CIRCUIT_BREAKER_THRESHOLD", "SHUTDOWN_GRACE_SECONDS", "READINESS_DRAIN_SECONDS",
                     "CORS_ALLOWED_ORIGINS", "SESSION_COOKIE_DOMAIN", "S3_BUCKET", "S3_REGION", "STATSD_HOST",
                     "HEAP_DUMP_ON_OOM", "BUILD_SHA", "RELEASE_CHANNEL", "TRACE_SAMPLE_RATIO", "GRPC_KEEPALIVE_SECONDS",
                     "WORKER_CONCURRENCY", "QUEUE_VISIBILITY_TIMEOUT"]
        var items: [JSONValue] = []
        for i in 0..<count {
            let name = i < names.count ? names[i] : "EXTRA_SETTING_\(i)"
            switch i % 11 {
            case 3:
                items.append(["name": .string(name), "valueFrom": ["secretKeyRef": ["key": .string(name.lowercased()), "name": .string("\(w.name)-secrets")]]])
            case 7:
                items.append(["name": .string(name), "valueFrom": ["configMapKeyRef": ["key": .string(name.lowercased()), "name": .string("\(w.name)-config"), "optional": true]]])
            case 9:
                items.append(["name": .string(name), "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": "status.podIP"]]])
            default:
                let value: String = switch i % 5 {
                case 0: "\(rand.int(1...9000))"
                case 1: "true"
                case 2: "http://\(rand.pick(["otel-collector", "redis", "kafka", "users", "inventory"])).\(w.namespace).svc.cluster.local:\(rand.pick([4317, 6379, 9092, 8080]))"
                case 3: "service.name=\(w.name),deployment.environment=production,team=\(w.team)"
                default: rand.hex(rand.int(8...40))
                }
                items.append(["name": .string(name), "value": .string(value)])
            }
        }
        return .array(items)
    }

    func probe(_ path: String, port: Int, delay: Int, period: Int) -> JSONValue {
        ["failureThreshold": 3, "httpGet": ["path": .string(path), "port": .int(port), "scheme": "HTTP"],
         "initialDelaySeconds": .int(delay), "periodSeconds": .int(period), "successThreshold": 1, "timeoutSeconds": 2]
    }

    mutating func podSpec(_ w: Workload, image: String, node: String, grace: Int, volumeSuffix: String) -> JSONValue {
        // Workloads with a sidecar are the "rich" ones: two init containers, a service mesh
        // proxy, spread constraints; the others are leaner, as most Deployments are.
        let rich = w.sidecar
        let tokenVolume = "kube-api-access-\(volumeSuffix)"
        let tokenMount: JSONValue = ["mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": .string(tokenVolume), "readOnly": true]
        let mounts: JSONValue = [["mountPath": "/etc/\(w.name)", "name": "config", "readOnly": true], tokenMount]
        var app: [(String, JSONValue?)] = [
            ("args", ["--config=/etc/\(w.name)/config.yaml", "--listen=:\(w.port)"]),
            ("env", env(w, count: w.envCount)),
            ("image", .string(image)),
            ("imagePullPolicy", "IfNotPresent"),
            ("lifecycle", ["preStop": ["exec": ["command": ["/bin/sh", "-c", "sleep 10"]]]]),
            ("livenessProbe", probe("/livez", port: w.port, delay: 10, period: 10)),
            ("name", .string(w.name)),
            ("ports", [["containerPort": .int(w.port), "name": "http", "protocol": "TCP"]]),
            ("readinessProbe", probe("/readyz", port: w.port, delay: 5, period: 5)),
            ("resources", ["limits": ["memory": "1Gi"], "requests": ["cpu": "250m", "memory": "512Mi"]]),
            ("terminationMessagePath", "/dev/termination-log"),
            ("terminationMessagePolicy", "FallbackToLogsOnError"),
            ("volumeMounts", mounts),
        ]
        if rich {
            app.append(("envFrom", [["configMapRef": ["name": .string("\(w.name)-env")]]]))
            app.append(("securityContext", ["allowPrivilegeEscalation": false, "capabilities": ["drop": ["ALL"]], "runAsNonRoot": true]))
        }
        var containers: [JSONValue] = [.members(app)]
        if w.sidecar {
            containers.append([
                "args": ["proxy", "sidecar", "--proxyLogLevel=warning"],
                "env": env(w, count: 2),
                "image": "docker.io/istio/proxyv2:1.24.1",
                "imagePullPolicy": "IfNotPresent",
                "name": "istio-proxy",
                "readinessProbe": probe("/healthz/ready", port: 15021, delay: 1, period: 2),
                "resources": ["limits": ["memory": "1Gi"], "requests": ["cpu": "100m", "memory": "128Mi"]],
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "volumeMounts": [tokenMount],
            ])
        }
        var inits: [JSONValue] = []
        if rich {
            inits.append(["command": ["/bin/sh", "-c", "until nc -z \(w.name)-db 5432; do sleep 1; done"],
                          "image": "busybox:1.37", "imagePullPolicy": "IfNotPresent", "name": "wait-for-db",
                          "resources": [:], "terminationMessagePath": "/dev/termination-log",
                          "terminationMessagePolicy": "File", "volumeMounts": [tokenMount]])
        }
        inits.append(.members([("command", ["/app/migrate", "up"]), ("env", rich ? env(w, count: 1) : nil),
                      ("image", .string(image.replacingOccurrences(of: ":", with: "-migrate:"))), ("imagePullPolicy", "IfNotPresent"),
                      ("name", "migrate"), ("resources", ["requests": ["cpu": "100m", "memory": "128Mi"]]),
                      ("terminationMessagePath", "/dev/termination-log"), ("terminationMessagePolicy", "File"), ("volumeMounts", [tokenMount])]))
        var affinity: [(String, JSONValue?)] = [
            ("podAntiAffinity", ["preferredDuringSchedulingIgnoredDuringExecution": [
                ["podAffinityTerm": ["labelSelector": ["matchLabels": ["app": .string(w.name)]],
                                     "topologyKey": "kubernetes.io/hostname"], "weight": 100],
            ]]),
        ]
        if w.namespace == "payments" {
            affinity.append(("nodeAffinity", ["requiredDuringSchedulingIgnoredDuringExecution": ["nodeSelectorTerms": [
                ["matchExpressions": [["key": "karpenter.sh/capacity-type", "operator": "NotIn", "values": ["spot"]]]],
            ]]]))
        }
        var tolerations: [JSONValue] = [
            ["effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300],
            ["effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300],
        ]
        if rich { tolerations.insert(["effect": "NoSchedule", "key": "dedicated", "operator": "Equal", "value": .string(w.team)], at: 0) }
        var spec: [(String, JSONValue?)] = [
            ("containers", .array(containers)),
            ("dnsPolicy", "ClusterFirst"),
            ("enableServiceLinks", false),
            ("initContainers", .array(inits)),
            ("nodeName", .string(node)),
            ("preemptionPolicy", "PreemptLowerPriority"),
            ("priority", 1000),
            ("priorityClassName", "production-high"),
            ("restartPolicy", "Always"),
            ("schedulerName", "default-scheduler"),
            ("securityContext", ["fsGroup": 10001]),
            ("serviceAccount", .string(w.name)),
            ("serviceAccountName", .string(w.name)),
            ("terminationGracePeriodSeconds", .int(grace)),
            ("tolerations", .array(tolerations)),
            ("volumes", [
                ["configMap": ["defaultMode": 420, "name": .string("\(w.name)-config")], "name": "config"],
                ["name": .string(tokenVolume), "projected": ["defaultMode": 420, "sources": [
                    ["serviceAccountToken": ["expirationSeconds": 3607, "path": "token"]],
                    ["configMap": ["items": [["key": "ca.crt", "path": "ca.crt"]], "name": "kube-root-ca.crt"]],
                    ["downwardAPI": ["items": [["fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.namespace"], "path": "namespace"]]]],
                ]]],
            ]),
        ]
        if rich || w.namespace == "payments" { spec.append(("affinity", .members(affinity))) }
        if rich {
            spec.append(("topologySpreadConstraints", [["labelSelector": ["matchLabels": ["app": .string(w.name)]], "maxSkew": 1,
                                                        "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "ScheduleAnyway"]]))
        }
        return .members(spec)
    }

    mutating func containerID() -> String { "containerd://" + rand.hex(64) }

    mutating func podStatus(_ w: Workload, state: State, age: Double, deletedAgo: Double, node: String, podIP: String,
                            image: String) -> SimPod.Status {
        func cond(_ type: String, _ status: Bool, _ ago: Double, reason: String? = nil) -> SimPod.Condition {
            SimPod.Condition(type, status, at: at(ago), reason: reason, observedGeneration: 1)
        }
        let initDone = state != .initRunning && state != .initCrashLoop
        let ready = state == .ready || state == .terminating
        let started = age - 2
        func terminated(_ code: Int, _ reason: String, _ from: Double, _ to: Double) -> SimPod.Terminated {
            SimPod.Terminated(exitCode: code, reason: reason, startedAt: at(from), finishedAt: at(to), containerID: containerID())
        }
        var initStatuses: [SimPod.ContainerStatus] = []
        let initNames: [String] = w.sidecar ? ["wait-for-db", "migrate"] : ["migrate"]
        for (i, c) in initNames.enumerated() {
            let img = c == "wait-for-db" ? "docker.io/library/busybox:1.37" : image.replacingOccurrences(of: ":", with: "-migrate:")
            var s = SimPod.ContainerStatus(name: c, state: .waiting(reason: "PodInitializing", message: nil), ready: initDone,
                                           restartCount: 0, image: img, imageID: ContainerImage.id(img), started: false)
            if initDone || c == "wait-for-db" {
                s.state = .terminated(terminated(0, "Completed", started - Double(i * 3), started - Double(i * 3) - 2))
                s.containerID = containerID()
            } else if state == .initCrashLoop {
                s.restartCount = rand.int(2...6)
                s.state = .waiting(reason: "CrashLoopBackOff", message: "back-off 40s restarting failed container=migrate pod=x")
                s.lastState = terminated(1, "Error", 50, 48)
                s.containerID = containerID()
            } else {
                s.state = .running(startedAt: at(started - 3))
                s.containerID = containerID()
                s.started = true
            }
            initStatuses.append(s)
        }
        var statuses: [SimPod.ContainerStatus] = []
        for name in [w.name] + (w.sidecar ? ["istio-proxy"] : []) {
            let img = name == "istio-proxy" ? "docker.io/istio/proxyv2:1.24.1" : image
            var s = SimPod.ContainerStatus(name: name, state: .waiting(reason: "PodInitializing", message: nil), ready: false,
                                           restartCount: 0, image: img, imageID: ContainerImage.id(img), started: false)
            switch state {
            case .ready, .terminating:
                s.ready = true
                s.started = true
                s.state = .running(startedAt: at(started - 8))
                s.containerID = containerID()
            case .starting:
                s.state = .running(startedAt: at(2))
                s.containerID = containerID()
            case .initRunning, .initCrashLoop:
                break
            case .crashLoop:
                s.restartCount = rand.int(3...40)
                s.lastState = terminated(137, "OOMKilled", 400, 380)
                s.state = .waiting(reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container=\(name) pod=\(w.name)")
                s.containerID = containerID()
            case .terminatingExited:
                s.state = .terminated(terminated(name == "istio-proxy" ? 0 : 137, name == "istio-proxy" ? "Completed" : "Error",
                                                 age - 8, deletedAgo - 2))
                s.containerID = containerID()
            }
            statuses.append(s)
        }
        var status = SimPod.Status(phase: state == .terminatingExited ? "Failed" : initDone ? "Running" : "Pending",
                                   qosClass: "Burstable")
        status.conditions = [
            cond("PodReadyToStartContainers", true, age - 1),
            cond("Initialized", initDone, initDone ? started - 6 : age - 1, reason: initDone ? nil : "ContainersNotInitialized"),
            cond("Ready", ready, ready ? started - 10 : 3, reason: ready ? nil : "ContainersNotReady"),
            cond("ContainersReady", ready, ready ? started - 10 : 3, reason: ready ? nil : "ContainersNotReady"),
            cond("PodScheduled", true, age),
        ]
        if state == .terminating || state == .terminatingExited {
            status.conditions.append(cond("DisruptionTarget", true, deletedAgo, reason: "TerminationByKubelet"))
        }
        status.observedGeneration = 1
        status.hostIP = node
        status.podIP = podIP
        status.startTime = at(age - 1)
        status.initContainerStatuses = initStatuses
        status.containerStatuses = statuses
        return status
    }
}
