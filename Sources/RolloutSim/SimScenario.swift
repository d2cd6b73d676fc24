import RolloutCore

/// Kubernetes' IntOrString, as `maxSurge` and `maxUnavailable` take it: `1` or `"25%"`.
public enum IntOrString: Sendable, Equatable, CustomStringConvertible, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral {
    case int(Int)
    case string(String)

    public init(integerLiteral value: Int) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }

    public var description: String {
        switch self {
        case .int(let v): String(v)
        case .string(let s): s
        }
    }

    /// `intstr.GetScaledValueFromIntOrPercent`: a percentage of `total`, rounded up or down;
    /// nil for a string that is not a percentage.
    public func scaled(total: Int, roundUp: Bool) -> Int? {
        switch self {
        case .int(let v):
            return v
        case .string(let s):
            guard s.hasSuffix("%"), let pct = Int(s.dropLast()) else { return Int(s) }
            let product = pct * total
            return roundUp ? (product + 99) / 100 : product / 100
        }
    }
}

/// A worker node: its name, InternalIP (the pods' hostIP) and pod CIDR.
public struct SimNode: Sendable, Equatable {
    public var name: String
    public var internalIP: String
    /// A /24 such as `10.244.1.0/24`; pods get `10.244.1.2` to `10.244.1.254`.
    public var podCIDR: String

    public init(name: String, internalIP: String, podCIDR: String) {
        self.name = name
        self.internalIP = internalIP
        self.podCIDR = podCIDR
    }

    /// Three kind-like workers: `worker-1` 172.18.0.3 10.244.1.0/24, and so on.
    public static func workers(_ count: Int) -> [SimNode] {
        (1...max(1, count)).map { SimNode(name: "worker-\($0)", internalIP: "172.18.0.\($0 + 2)", podCIDR: "10.244.\($0).0/24") }
    }
}

/// How the CNI plugin's IPAM hands out pod IPs on a node. Both reuse an address once its pod
/// is gone; they differ in how soon.
public enum SimIPAllocation: Sendable, Equatable {
    /// The lowest free address whose last release is at least `cooldownSeconds` old (bitmap
    /// allocators; AWS VPC CNI keeps a released IP out of use for 30 s by default).
    case lowestFree(cooldownSeconds: Double)
    /// host-local: the next free address after the last one handed out, wrapping at the end
    /// of the range; `lastReservedOctet` is where the node's allocator stood at the start.
    case nextAfterLast(lastReservedOctet: Int)
}

/// An init container of the pod template.
public struct SimInitContainer: Sendable, Equatable {
    public enum Failures: Sendable, Equatable {
        /// Exits 0 on its first run.
        case none
        /// Exits non-zero this many times, then 0.
        case times(Int)
        /// Never succeeds: Init:Error, then Init:CrashLoopBackOff.
        case forever
    }

    public var name: String
    /// The image of the new template.
    public var image: String
    /// The image the old pods ran (nil: the same).
    public var oldImage: String?
    public var command: [String]
    public var args: [String]
    /// How long each run takes (for a sidecar: until it has started).
    public var seconds: Double
    /// Failures of the new pods' runs (the old pods are long past their init containers).
    public var failures: Failures
    public var exitCode: Int
    /// `restartPolicy: Always`: a native sidecar that starts and keeps running.
    public var sidecar: Bool
    /// Seconds to pull `image` on a node that does not have it.
    public var pullSeconds: Double
    /// The user its process runs as.
    public var uid: Int

    public init(name: String, image: String, oldImage: String? = nil, command: [String] = [], args: [String] = [],
                seconds: Double, failures: Failures = .none, exitCode: Int = 1, sidecar: Bool = false,
                pullSeconds: Double = 1.2, uid: Int = 65532) {
        self.name = name
        self.image = image
        self.oldImage = oldImage
        self.command = command
        self.args = args
        self.seconds = seconds
        self.failures = failures
        self.exitCode = exitCode
        self.sidecar = sidecar
        self.pullSeconds = pullSeconds
        self.uid = uid
    }

    /// The `migrate` init container of the presets.
    public static func migrate(seconds: Double = 3, failures: Failures = .none) -> SimInitContainer {
        SimInitContainer(name: "migrate", image: "ghcr.io/acme-shop/web-migrate:2026.11.2",
                         oldImage: "ghcr.io/acme-shop/web-migrate:2026.10.4", command: ["/app/migrate", "up"],
                         seconds: seconds, failures: failures)
    }

    /// A Fluent Bit log shipper as a native sidecar (`restartPolicy: Always`), running as root.
    public static func logShipper(seconds: Double = 0.5) -> SimInitContainer {
        SimInitContainer(name: "log-shipper", image: "cr.fluentbit.io/fluent/fluent-bit:3.2.2",
                         args: ["--config=/fluent-bit/etc/fluent-bit.yaml"], seconds: seconds, sidecar: true, uid: 0)
    }
}

/// The preStop hook of the `nginx` container.
public enum SimPreStop: Sendable, Equatable {
    case none
    /// `exec: ["/bin/sh", "-c", "sleep N"]`.
    case execSleep(Int)
    /// `sleep: {seconds: N}` (Kubernetes 1.29+).
    case sleep(Int)
    /// `httpGet` on the container's port; the application answers after `seconds`.
    case httpGet(path: String, seconds: Double)

    /// How long the hook runs once started.
    var duration: Double {
        switch self {
        case .none: 0
        case .execSleep(let n): Double(n) + 0.04
        case .sleep(let n): Double(n)
        case .httpGet(_, let s): s
        }
    }
}

/// Everything that shapes one simulated rollout of workload `web` (a Deployment unless
/// `workload` says otherwise) in namespace `shop`.
public struct SimScenario: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    /// One line for `rollscope demo`.
    public var title: String
    public var namespace: String = "shop"
    /// The workload's name (of whatever kind `workload` is).
    public var deployment: String = "web"
    /// The controller that rolls the pods out.
    public var workload: SimWorkload = .deployment
    /// The application container's name.
    public var containerName = "nginx"
    /// Pods deleted by hand during the run (an OnDelete rollout, or the broken pod after a
    /// StatefulSet rollback).
    public var podDeletions: [SimPodDeletion] = []
    public var replicas: Int
    public var maxSurge: IntOrString
    public var maxUnavailable: IntOrString
    public var oldTemplateHash: String
    public var newTemplateHash: String
    /// Revision of the new ReplicaSet (the old one is `revision - 1`).
    public var revision: Int
    public var oldImage: String
    public var newImage: String
    public var nodes: [SimNode]
    public var ipAllocation: SimIPAllocation
    public var initContainers: [SimInitContainer]
    public var preStop: SimPreStop
    /// Seconds from the stop signal (SIGTERM; nginx images use SIGQUIT, a graceful stop) until
    /// the application exits on its own; it stops accepting connections at once.
    public var appShutdownSeconds: Double
    public var terminationGracePeriodSeconds: Int
    /// Seconds from the container's start until its readiness probe first passes.
    public var readinessDelaySeconds: Double
    /// `readinessProbe.periodSeconds`.
    public var probePeriodSeconds: Int
    /// Seconds to pull the new application image on a node that does not have it.
    public var imagePullSeconds: Double
    /// Seconds between an EndpointSlice change and the ingress controller routing by it.
    public var ingressLagSeconds: Double
    /// Requests per second through the ingress (short requests).
    public var requestsPerSecond: Double
    /// Long-lived requests (exports, long polls) per minute, and how long each takes.
    public var longRequestsPerMinute: Double
    public var longRequestSeconds: ClosedRange<Double>
    public var progressDeadlineSeconds: Int
    /// When the rollout starts (`kubectl apply` of the new template).
    public var start: Instant
    public var seed: UInt64
    /// The run stops this long after `start` at the latest (a stalled rollout never ends).
    public var horizonSeconds: Double
    /// Name suffixes given to the pods in the order they are created (the old ones first), in
    /// place of random ones, so fixtures keep the names tests and documents refer to.
    public var podNames: [String] = []
    /// Extra seconds before the kubelet reports a stopped pod's final status (a busy kubelet:
    /// its status updates to the API server are rate limited). Until then the pod stays Ready
    /// and its endpoint keeps serving.
    public var terminalStatusDelaySeconds: Double = 0
    /// Share of requests the application answers with 500: an application error, not a
    /// dropped connection.
    public var appErrorFraction: Double = 0
    /// Share of requests the application does not answer before ingress-nginx gives up at
    /// `proxyReadTimeoutSeconds` with a 504 (counted as dropped: the upstream timed out).
    public var upstreamTimeoutFraction: Double = 0
    /// ingress-nginx's `proxy-read-timeout` (60 s unless annotated).
    public var proxyReadTimeoutSeconds: Double = 60
    /// Pods and EndpointSlices carry `metadata.managedFields`, as the API server keeps them
    /// (kubectl's watch events show them); off for the demo and benchmarks.
    public var managedFields = false

    public init(name: String, title: String, replicas: Int = 4, maxSurge: IntOrString = 1,
                maxUnavailable: IntOrString = 0, oldTemplateHash: String = "7d4b9c8f6d",
                newTemplateHash: String = "5f8d7c9b4a", revision: Int = 7,
                oldImage: String = "nginxinc/nginx-unprivileged:1.27.2-alpine",
                newImage: String = "nginxinc/nginx-unprivileged:1.27.3-alpine",
                nodes: [SimNode] = SimNode.workers(3),
                ipAllocation: SimIPAllocation = .lowestFree(cooldownSeconds: 30),
                initContainers: [SimInitContainer] = [.migrate()], preStop: SimPreStop = .execSleep(5),
                appShutdownSeconds: Double = 1, terminationGracePeriodSeconds: Int = 30,
                readinessDelaySeconds: Double = 3, probePeriodSeconds: Int = 5, imagePullSeconds: Double = 2.4,
                ingressLagSeconds: Double = 2, requestsPerSecond: Double = 12, longRequestsPerMinute: Double = 0,
                longRequestSeconds: ClosedRange<Double> = 40...90, progressDeadlineSeconds: Int = 600,
                start: Instant = Instant(rfc3339: "2026-11-20T10:00:00Z")!, seed: UInt64 = 1,
                horizonSeconds: Double = 600) {
        self.name = name
        self.title = title
        self.replicas = replicas
        self.maxSurge = maxSurge
        self.maxUnavailable = maxUnavailable
        self.oldTemplateHash = oldTemplateHash
        self.newTemplateHash = newTemplateHash
        self.revision = revision
        self.oldImage = oldImage
        self.newImage = newImage
        self.nodes = nodes
        self.ipAllocation = ipAllocation
        self.initContainers = initContainers
        self.preStop = preStop
        self.appShutdownSeconds = appShutdownSeconds
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
        self.readinessDelaySeconds = readinessDelaySeconds
        self.probePeriodSeconds = probePeriodSeconds
        self.imagePullSeconds = imagePullSeconds
        self.ingressLagSeconds = ingressLagSeconds
        self.requestsPerSecond = requestsPerSecond
        self.longRequestsPerMinute = longRequestsPerMinute
        self.longRequestSeconds = longRequestSeconds
        self.progressDeadlineSeconds = progressDeadlineSeconds
        self.start = start
        self.seed = seed
        self.horizonSeconds = horizonSeconds
    }

    public var description: String { name }

    /// `maxSurge` resolved against `replicas` (rounded up), as the Deployment controller does.
    public var resolvedMaxSurge: Int { resolveFenceposts().surge }
    /// `maxUnavailable` resolved against `replicas` (rounded down; 1 when both would be 0).
    public var resolvedMaxUnavailable: Int { resolveFenceposts().unavailable }

    /// `deploymentutil.ResolveFenceposts` and `MaxUnavailable`.
    func resolveFenceposts() -> (surge: Int, unavailable: Int) {
        let surge = maxSurge.scaled(total: replicas, roundUp: true) ?? 0
        var unavailable = maxUnavailable.scaled(total: replicas, roundUp: false) ?? 0
        if surge == 0 && unavailable == 0 { unavailable = 1 }
        return (surge, min(unavailable, replicas))
    }

    /// The old and new revision's name: the ReplicaSet of a Deployment, the ControllerRevision
    /// of a StatefulSet or DaemonSet (both are `<workload>-<hash>`).
    public var oldReplicaSet: String { deployment + "-" + oldTemplateHash }
    public var newReplicaSet: String { deployment + "-" + newTemplateHash }

    public var kind: WorkloadKind { workload.kind }

    /// Pods the workload wants: `replicas`, or one per node for a DaemonSet.
    public var desiredPods: Int { kind == .daemonSet ? nodes.count : replicas }
}

extension SimScenario {
    /// A rollout done right: preStop `sleep 5` covers the endpoint propagation, the app exits
    /// 1 s after its stop signal, well inside the 30 s grace period.
    public static let healthy = SimScenario(
        name: "healthy",
        title: "4 replicas, maxSurge 1, maxUnavailable 0; init migrate 3 s; preStop sleep 5; clean shutdowns")

    /// preStop `sleep 40` with a 30 s grace period: the kubelet gives up on the hook at 30 s,
    /// sends the stop signal with its 2 s minimum, and SIGKILLs nginx (which needs 20 s to drain
    /// its report exports) at 32 s: exit 137, and the exports still running get 502.
    public static let sigkill = SimScenario(
        name: "sigkill",
        title: "preStop sleep 40 with a 30 s grace period: every old pod is SIGKILLed (exit 137)",
        preStop: .execSleep(40), appShutdownSeconds: 20, longRequestsPerMinute: 20, longRequestSeconds: 20...90,
        start: Instant(rfc3339: "2026-11-21T14:20:00Z")!, seed: 2)

    /// No preStop hook: nginx stops accepting at once and exits 1 s after the stop signal while
    /// the ingress still routes to it for 2 s: 502s (and a few 499/504) in the access log.
    public static let noPrestop = SimScenario(
        name: "no-prestop",
        title: "no preStop hook: the ingress keeps routing to stopped pods for 2 s (502s)",
        preStop: .none, requestsPerSecond: 16,
        start: Instant(rfc3339: "2026-11-22T09:30:00Z")!, seed: 3)

    /// The new template's `migrate` exits 1 every time: Init:Error, Init:CrashLoopBackOff with
    /// back-off 10 s, 20 s, 40 s...; the rollout stalls and the old pods keep serving.
    public static let initCrashloop = SimScenario(
        name: "init-crashloop",
        title: "the new pods' init container migrate exits 1 forever: Init:CrashLoopBackOff, rollout stalls",
        initContainers: [.migrate(seconds: 2, failures: .forever)],
        start: Instant(rfc3339: "2026-11-23T11:00:00Z")!, seed: 4, horizonSeconds: 360)

    /// One replica on one worker replaced without a surge (maxSurge 0, maxUnavailable 1), no
    /// preStop hook, an ingress 5 s behind the EndpointSlice and a CNI that hands a freed address
    /// out again at once: the old pod exits within a second, the new pod gets its address, and
    /// the ingress keeps sending there. The new pod's sandbox refuses those requests: they are
    /// the old pod's drops (a stale endpoint), not the new pod's, which is not even ready. Then
    /// the ingress has no endpoint at all until the new pod is ready: 503s no pod is to blame for.
    public static let staleEndpoint = SimScenario(
        name: "stale-endpoint",
        title: "one replica replaced without a surge: a stale endpoint to a reused address, then no endpoint at all",
        replicas: 1, maxSurge: 0, maxUnavailable: 1, nodes: SimNode.workers(1), ipAllocation: .lowestFree(cooldownSeconds: 0),
        preStop: .none, appShutdownSeconds: 0.3, ingressLagSeconds: 5, requestsPerSecond: 20,
        start: Instant(rfc3339: "2026-11-27T07:40:00Z")!, seed: 6)

    /// StatefulSet `db` (3 replicas, OrderedReady): its preStop hook drains for 40 s with a 30 s
    /// grace period, so each pod is SIGKILLed (exit 137) while long requests are still running;
    /// only once it is gone is it recreated under the same name (a new uid), from the highest
    /// ordinal down, and on its node the new pod gets its predecessor's IP.
    public static let statefulset: SimScenario = {
        var s = SimScenario(
            name: "statefulset",
            title: "StatefulSet db: preStop drain 40 s, grace 30 s; each pod SIGKILLed, deleted, then recreated under its name",
            replicas: 3, oldTemplateHash: "6c9d8b7f5c", newTemplateHash: "79f5c8d6b4", revision: 4,
            oldImage: "ghcr.io/acme-shop/orders-db:16.4-r1", newImage: "ghcr.io/acme-shop/orders-db:16.4-r2",
            ipAllocation: .lowestFree(cooldownSeconds: 0),
            initContainers: [SimInitContainer(name: "init-data", image: "busybox:1.37.0", command: ["sh", "-c", "chown -R 70:70 /var/lib/data"],
                                              seconds: 1, pullSeconds: 0.8)],
            preStop: .execSleep(40), appShutdownSeconds: 20, requestsPerSecond: 8, longRequestsPerMinute: 20,
            longRequestSeconds: 20...90, start: Instant(rfc3339: "2026-11-27T09:00:00Z")!, seed: 5, horizonSeconds: 600)
        s.deployment = "db"
        s.containerName = "db"
        s.workload = .statefulSet(.init())
        return s
    }()

    /// DaemonSet `node-agent` on four nodes, maxUnavailable 1 (the default): each node's pod
    /// is stopped (preStop sleep 5) and gone before its replacement is created, so every node
    /// goes without a ready agent for a while, one node after another.
    public static let daemonset: SimScenario = {
        var s = SimScenario(
            name: "daemonset",
            title: "DaemonSet node-agent on 4 nodes, maxUnavailable 1: each node without a ready agent while its pod is replaced",
            replicas: 4, maxSurge: 0, maxUnavailable: 1, oldTemplateHash: "5b7c9d8f4d", newTemplateHash: "6f8d4c7b9c",
            revision: 3, oldImage: "ghcr.io/acme-shop/node-agent:1.8.2", newImage: "ghcr.io/acme-shop/node-agent:1.8.3",
            nodes: SimNode.workers(4), initContainers: [], preStop: .sleep(5), requestsPerSecond: 8,
            start: Instant(rfc3339: "2026-11-28T07:30:00Z")!, seed: 6, horizonSeconds: 600)
        s.deployment = "node-agent"
        s.containerName = "agent"
        s.workload = .daemonSet(.init())
        return s
    }()

    /// Argo Rollout `web` (5 replicas), a canary without a traffic router: setWeight 20, a
    /// 30 s pause, setWeight 60, an analysis that passes after 20 s, then full promotion. Each
    /// setWeight scales the canary up, then the stable ReplicaSet down.
    public static let canary: SimScenario = {
        var s = SimScenario(
            name: "canary",
            title: "Argo Rollout web: canary steps setWeight 20, pause 30 s, setWeight 60, analysis, then full promotion",
            replicas: 5, maxSurge: "25%", maxUnavailable: 0, oldTemplateHash: "6b8d9c5f7d", newTemplateHash: "85c4f9b6d8",
            revision: 9, initContainers: [], preStop: .sleep(5), requestsPerSecond: 10,
            start: Instant(rfc3339: "2026-11-29T10:00:00Z")!, seed: 7, horizonSeconds: 600)
        s.workload = .argoRollout(.init(strategy: .canary(steps: [
            .setWeight(20), .pause(seconds: 30), .setWeight(60), .analysis(template: "error-rate", seconds: 20, passes: true),
        ])))
        return s
    }()

    /// Argo Rollout `web` (3 replicas), blue-green with autoPromotionEnabled false: the preview
    /// ReplicaSet comes up behind `web-preview`, waits for `kubectl argo rollouts promote`
    /// (run 40 s in), the active Service switches, and the old pods stay up for the default
    /// scaleDownDelaySeconds (30 s) before they drain.
    public static let bluegreen: SimScenario = {
        var s = SimScenario(
            name: "bluegreen",
            title: "Argo Rollout web: blue-green, promoted by hand at 40 s; old pods kept 30 s after the switch, then drained",
            replicas: 3, maxSurge: 1, maxUnavailable: 0, oldTemplateHash: "7c9f6d8b5a", newTemplateHash: "5d8b7c6f9e",
            revision: 12, initContainers: [], preStop: .sleep(5), requestsPerSecond: 10,
            start: Instant(rfc3339: "2026-11-29T11:00:00Z")!, seed: 8, horizonSeconds: 600)
        s.workload = .argoRollout(.init(strategy: .blueGreen(autoPromotionEnabled: false, scaleDownDelaySeconds: nil),
                                        promoteAfterSeconds: 40))
        return s
    }()

    public static let all: [SimScenario] = [.healthy, .sigkill, .noPrestop, .initCrashloop, .statefulset, .daemonset, .canary,
                                            .bluegreen]

    /// The Deployment presets (the rolling-update rules of a Deployment apply to them).
    public static let deployments: [SimScenario] = all.filter { $0.kind == .deployment }

    public static let allNames: [String] = all.map(\.name)

    /// The preset with this name (`healthy`, `sigkill`, `no-prestop`, `init-crashloop`,
    /// `statefulset`, `daemonset`, `canary`, `bluegreen`).
    public static func named(_ name: String) -> SimScenario? {
        all.first { $0.name == name }
    }
}
