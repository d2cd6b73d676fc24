import HeapModule
import RolloutCore
import RolloutSim

/// A namespace over a long time, compactly: several Deployments rolling every few minutes
/// (rolling update with maxSurge 25%, maxUnavailable 0), one scaled up and down by an
/// autoscaler, a CronJob's Job pods, the kubelet's events, EndpointSlices and ingress 502s, as
/// `kubectl get -w -o json --output-watch-events` prints them. Deterministic (seeded), and
/// generated lazily in time order, so a day of it (about 100,000 pod changes) streams through
/// in constant memory. It is the soak test's load, not a model of the controllers: for those,
/// see `Simulator`. Its objects are RolloutSim's (`SimPod`, `SimEvent`, `SimEndpointSlice`,
/// `SimDeployment`), printed by `KubectlPrinter` as the simulator's are.
public struct ChurnConfig: Sendable {
    public var namespace = "shop"
    public var start = Instant(seconds: 1_795_132_800)  // 2026-11-20T00:00:00Z
    public var hours: Double
    public var deployments: [ChurnDeployment]
    /// A Job pod every this many minutes (nil: none); each runs 20 s and is deleted 3 min later.
    public var jobEveryMinutes: Double?
    /// Every Deployment is re-read this often (as `watch deployment/NAME` does), changed or not.
    public var deploymentPollSeconds: Double = 300
    public var nodes = 4
    public var seed: UInt64 = 1

    public init(hours: Double, deployments: [ChurnDeployment], jobEveryMinutes: Double? = 10, seed: UInt64 = 1) {
        self.hours = hours
        self.deployments = deployments
        self.jobEveryMinutes = jobEveryMinutes
        self.seed = seed
    }

    /// Six Deployments (130 replicas in all), each rolled every 15 minutes on average (a rollout
    /// in the namespace every 2.5 minutes), one autoscaled, one SIGKILLed (preStop outlasts the
    /// grace period), one without preStop (502s), one whose init container fails now and then;
    /// a Job every 10 minutes. A day of it is about 100,000 pod changes.
    public static func namespace(hours: Double = 24, seed: UInt64 = 1) -> ChurnConfig {
        ChurnConfig(hours: hours, deployments: [
            ChurnDeployment(name: "web", replicas: 24, rolloutEveryMinutes: 15, preStopSeconds: 5),
            ChurnDeployment(name: "api", replicas: 32, rolloutEveryMinutes: 15, preStopSeconds: 5, autoscale: 4),
            ChurnDeployment(name: "worker", replicas: 16, rolloutEveryMinutes: 15, preStopSeconds: 3, initFailsEvery: 5),
            ChurnDeployment(name: "legacy", replicas: 8, rolloutEveryMinutes: 15, preStopSeconds: 40),
            ChurnDeployment(name: "checkout", replicas: 20, rolloutEveryMinutes: 15, preStopSeconds: nil),
            ChurnDeployment(name: "search", replicas: 30, rolloutEveryMinutes: 15, preStopSeconds: 5),
        ], seed: seed)
    }
}

public struct ChurnDeployment: Sendable {
    public var name: String
    public var replicas: Int
    public var rolloutEveryMinutes: Double
    /// `exec sleep N` preStop hook; nil for none. Grace period is `graceSeconds`.
    public var preStopSeconds: Int?
    public var graceSeconds = 30
    /// Every Nth rollout's new pods fail their init container twice before it succeeds.
    public var initFailsEvery: Int?
    /// Pods the autoscaler adds and removes again, every 20 minutes or so (0: none).
    public var autoscale: Int

    public init(name: String, replicas: Int, rolloutEveryMinutes: Double, preStopSeconds: Int?, graceSeconds: Int = 30,
                initFailsEvery: Int? = nil, autoscale: Int = 0) {
        self.name = name
        self.replicas = replicas
        self.rolloutEveryMinutes = rolloutEveryMinutes
        self.preStopSeconds = preStopSeconds
        self.graceSeconds = graceSeconds
        self.initFailsEvery = initFailsEvery
        self.autoscale = autoscale
    }
}

/// One line of the stream: a watch event (pods, events, EndpointSlices), a Deployment as
/// `kubectl get deployment -o json` prints it, or an access-log signal line (JSON Lines).
public struct ChurnItem: Sendable {
    public enum Kind: Sendable { case pod, event, slice, deployment, signal }
    public var time: Instant
    public var kind: Kind
    public var text: String
}

public struct ChurnGenerator: Sequence, IteratorProtocol {
    public let config: ChurnConfig
    /// What has been generated so far.
    public private(set) var podChanges = 0
    public private(set) var rollouts = 0
    public private(set) var podsCreated = 0

    struct Action: Comparable {
        var time: Double
        var seq: Int
        var what: What

        static func < (a: Action, b: Action) -> Bool { (a.time, a.seq) < (b.time, b.seq) }
        static func == (a: Action, b: Action) -> Bool { (a.time, a.seq) == (b.time, b.seq) }
    }
    enum What {
        case rollout(Int), scale(Int), job, poll
        case step(Int, Step)
    }
    enum Step {
        case scheduled, sandbox, initFailed(Int), initRetry(Int), running, ready, exited, deleted
        var startup: Bool {
            switch self {
            case .exited, .deleted: false
            default: true
            }
        }
    }

    struct PodState {
        var id: Int
        var name: String
        var uid: String
        var deployment: Int?  // nil: a Job pod
        var owner: String
        var hash: String
        var node = ""
        var ip: String?
        var created: Double
        var scheduled: Double?
        var sandbox: Double?
        var initStarted: Double?
        var initDone: Double?
        var initRestarts = 0
        var initFailing = false
        var running: Double?
        var ready: Double?
        var deleteAt: Double?
        var exited: Double?
        var exitCode = 0
        var initFailures = 0
        var preStop: Int?
        var grace = 30
    }

    struct DeploymentState {
        var revision = 1
        var hash: String
        var replicas: Int
        var generation = 1
        /// Pods of the current ReplicaSet still to create in a rollout.
        var toCreate = 0
        var scaledUp = false
    }

    var heap = Heap<Action>()
    var seq = 0
    var out: [ChurnItem] = []
    var outIndex = 0
    var pods: [Int: PodState] = [:]
    var deployments: [DeploymentState] = []
    var nextID = 0
    var resourceVersion = 1000
    var nextOctet: [Int]
    var random: SimRandom
    var jobs = 0
    var end: Double

    public init(_ config: ChurnConfig) {
        self.config = config
        random = SimRandom(seed: config.seed, stream: 77)
        nextOctet = Array(repeating: 2, count: Swift.max(1, config.nodes))
        end = config.start.seconds + config.hours * 3600
        let t0 = config.start.seconds
        for (i, d) in config.deployments.enumerated() {
            let hash = random.nameSuffix(10)
            deployments.append(DeploymentState(hash: hash, replicas: d.replicas))
            // Every Deployment starts steady: its pods already running, seen by the first list.
            for _ in 0..<d.replicas { createPod(deployment: i, at: t0 - 3600, steady: true) }
            emitSlice(i, at: t0)
            schedule(t0 + random.uniform(0.2, 1) * d.rolloutEveryMinutes * 60, .rollout(i))
            if d.autoscale > 0 { schedule(t0 + random.uniform(5, 20) * 60, .scale(i)) }
        }
        if let every = config.jobEveryMinutes { schedule(t0 + every * 60, .job) }
        schedule(t0, .poll)
    }

    public mutating func next() -> ChurnItem? {
        while outIndex >= out.count {
            out.removeAll(keepingCapacity: true)
            outIndex = 0
            guard let a = pop(), a.time <= end else { return nil }
            run(a)
        }
        defer { outIndex += 1 }
        return out[outIndex]
    }

    // MARK: Scheduling

    mutating func schedule(_ time: Double, _ what: What) {
        seq += 1
        heap.insert(Action(time: time, seq: seq, what: what))
    }

    mutating func pop() -> Action? { heap.popMin() }

    // MARK: Controllers

    mutating func run(_ a: Action) {
        let t = a.time
        switch a.what {
        case .rollout(let i):
            let d = config.deployments[i]
            rollouts += 1
            deployments[i].revision += 1
            deployments[i].generation += 1
            deployments[i].hash = random.nameSuffix(10)
            deployments[i].toCreate = deployments[i].replicas
            emitDeployment(i, at: t)
            emitEvent(at: t, kind: "Deployment", name: d.name, uid: deploymentUID(i), reason: "ScalingReplicaSet",
                      message: "Scaled up replica set \(d.name)-\(deployments[i].hash) from 0 to \(surge(i))")
            for _ in 0..<Swift.min(surge(i), deployments[i].toCreate) { createNext(i, at: t) }
            schedule(t + random.uniform(0.75, 1.25) * d.rolloutEveryMinutes * 60, .rollout(i))
        case .scale(let i):
            let d = config.deployments[i]
            let up = !deployments[i].scaledUp
            if deployments[i].toCreate == 0 {
                deployments[i].scaledUp = up
                deployments[i].replicas += up ? d.autoscale : -d.autoscale
                emitDeployment(i, at: t)
                if up {
                    for _ in 0..<d.autoscale { createPod(deployment: i, at: t, steady: false) }
                } else {
                    // The ReplicaSet controller removes the newest pods first.
                    let current = livePods(i).filter { $0.hash == deployments[i].hash }.sorted { $0.created > $1.created }
                    for p in current.prefix(d.autoscale) { beginDelete(p.id, at: t) }
                }
            }
            schedule(t + random.uniform(15, 25) * 60, .scale(i))
        case .job:
            jobs += 1
            let name = "report-\(29_000_000 + jobs)"
            let id = newPod(name: name + "-" + random.nameSuffix(5), deployment: nil, owner: name, hash: "", at: t)
            pods[id]!.preStop = nil
            emitPod(id, type: "ADDED", at: t)
            schedule(t + 0.4, .step(id, .scheduled))
            schedule(t + (config.jobEveryMinutes ?? 10) * 60, .job)
        case .poll:
            for i in config.deployments.indices { emitDeployment(i, at: t) }
            schedule(t + config.deploymentPollSeconds, .poll)
        case .step(let id, let step):
            advance(id, step, at: t)
        }
    }

    func surge(_ i: Int) -> Int { Swift.max(1, (deployments[i].replicas + 3) / 4) }

    func livePods(_ i: Int) -> [PodState] {
        pods.values.filter { $0.deployment == i && $0.deleteAt == nil }
    }

    /// A new pod of the current ReplicaSet, within a rollout.
    mutating func createNext(_ i: Int, at t: Double) {
        guard deployments[i].toCreate > 0 else { return }
        deployments[i].toCreate -= 1
        createPod(deployment: i, at: t, steady: false)
    }

    mutating func createPod(deployment i: Int, at t: Double, steady: Bool) {
        let d = config.deployments[i]
        let hash = deployments[i].hash
        let id = newPod(name: "\(d.name)-\(hash)-" + random.nameSuffix(5), deployment: i, owner: "\(d.name)-\(hash)", hash: hash, at: t)
        pods[id]!.preStop = d.preStopSeconds
        pods[id]!.grace = d.graceSeconds
        if let every = d.initFailsEvery, !steady, deployments[i].revision % every == 0 { pods[id]!.initFailures = 2 }
        if steady {
            // Already running before the stream starts: one ADDED with the whole history.
            pods[id]!.node = "worker-\(id % Swift.max(1, config.nodes) + 1)"
            pods[id]!.scheduled = t + 0.4
            pods[id]!.sandbox = t + 1.5
            pods[id]!.ip = allocateIP(node: id % Swift.max(1, config.nodes))
            pods[id]!.initStarted = t + 1.5
            pods[id]!.initDone = t + 4.5
            pods[id]!.running = t + 4.6
            pods[id]!.ready = t + 7.6
            emitPod(id, type: "ADDED", at: config.start.seconds)
        } else {
            emitPod(id, type: "ADDED", at: t)
            schedule(t + 0.4, .step(id, .scheduled))
        }
    }

    mutating func newPod(name: String, deployment: Int?, owner: String, hash: String, at t: Double) -> Int {
        nextID += 1
        podsCreated += 1
        let uid = "00000000-0000-4000-8000-" + String(String(nextID, radix: 16).suffix(12)).leftPadded(12)
        pods[nextID] = PodState(id: nextID, name: name, uid: uid, deployment: deployment, owner: owner, hash: hash, created: t.rounded(.down))
        return nextID
    }

    mutating func allocateIP(node: Int) -> String {
        // host-local style: the next address after the last, wrapping; old ones are reused.
        let octet = nextOctet[node]
        nextOctet[node] = octet >= 254 ? 2 : octet + 1
        return "10.244.\(node + 1).\(octet)"
    }

    mutating func advance(_ id: Int, _ step: Step, at t: Double) {
        guard var p = pods[id] else { return }
        // A pod deleted while it was starting (a scale-down) does not go on starting.
        if p.deleteAt != nil && step.startup { return }
        let isJob = p.deployment == nil
        switch step {
        case .scheduled:
            let node = id % Swift.max(1, config.nodes)
            p.node = "worker-\(node + 1)"
            p.scheduled = t
            pods[id] = p
            emitPod(id, type: "MODIFIED", at: t)
            emitEvent(at: t, pod: p, reason: "Scheduled", message: "Successfully assigned \(config.namespace)/\(p.name) to \(p.node)", component: "default-scheduler")
            schedule(t + 1.1, .step(id, .sandbox))
        case .sandbox:
            p.sandbox = t
            p.ip = allocateIP(node: id % Swift.max(1, config.nodes))
            if isJob {
                p.running = t
            } else {
                p.initStarted = t
            }
            pods[id] = p
            emitPod(id, type: "MODIFIED", at: t)
            emitEvent(at: t, pod: p, reason: "Started", message: "Started container \(isJob ? "report" : "migrate")", field: isJob ? "spec.containers{report}" : "spec.initContainers{migrate}")
            if isJob {
                schedule(t + 20, .step(id, .exited))
            } else if p.initFailures > 0 {
                schedule(t + 2, .step(id, .initFailed(1)))
            } else {
                schedule(t + 3, .step(id, .running))
            }
        case .initFailed(let n):
            p.initFailing = true
            p.initRestarts = n
            pods[id] = p
            emitPod(id, type: "MODIFIED", at: t)
            emitEvent(at: t, pod: p, reason: "BackOff", message: "Back-off restarting failed container migrate", type: "Warning", field: "spec.initContainers{migrate}")
            schedule(t + Double(5 * n), .step(id, .initRetry(n)))
        case .initRetry(let n):
            p.initFailing = false
            p.initStarted = t
            pods[id] = p
            emitPod(id, type: "MODIFIED", at: t)
            schedule(t + 2, n < p.initFailures ? .step(id, .initFailed(n + 1)) : .step(id, .running))
        case .running:
            p.initDone = t
            p.running = t
            pods[id] = p
            emitPod(id, type: "MODIFIED", at: t)
            emitEvent(at: t, pod: p, reason: "Started", message: "Started container app", field: "spec.containers{app}")
            schedule(t + 3, .step(id, .ready))
        case .ready:
            p.ready = t
            pods[id] = p
            emitPod(id, type: "MODIFIED", at: t)
            if let i = p.deployment {
                emitSlice(i, at: t)
                // The rollout goes on: one old pod goes, the next new one comes.
                if p.hash == deployments[i].hash {
                    let old = livePods(i).filter { $0.hash != deployments[i].hash }.sorted { ($0.created, $0.id) < ($1.created, $1.id) }
                    if let first = old.first { beginDelete(first.id, at: t) }
                    createNext(i, at: t)
                    // Every new pod ready: whatever old pods are left (a rollout that replaced
                    // an unfinished one) go too.
                    if deployments[i].toCreate == 0,
                       !livePods(i).contains(where: { $0.hash == deployments[i].hash && $0.ready == nil }) {
                        for o in old.dropFirst() { beginDelete(o.id, at: t) }
                    }
                }
            }
        case .exited:
            p.exited = t
            if let preStop = p.preStop, preStop >= p.grace { p.exitCode = 137 }
            pods[id] = p
            emitPod(id, type: "MODIFIED", at: t)
            if let i = p.deployment { emitSlice(i, at: t) }
            if isJob {
                emitEvent(at: t, kind: "Job", name: p.owner, uid: p.uid + "-job", reason: "Completed", message: "Job completed")
                beginDelete(id, at: t + 180)
            } else {
                schedule(t + 0.6, .step(id, .deleted))
            }
        case .deleted:
            emitPod(id, type: "DELETED", at: t)
            pods[id] = nil
        }
    }

    /// Deletion requested: Killing, preStop, exit (SIGKILL at the grace period), removal.
    mutating func beginDelete(_ id: Int, at t: Double) {
        guard var p = pods[id], p.deleteAt == nil else { return }
        p.deleteAt = t
        pods[id] = p
        if p.deployment == nil && p.exited != nil {
            // A finished Job pod: removed at once.
            schedule(t, .step(id, .deleted))
            return
        }
        if p.exited == nil && p.deployment != nil {
            // Deleted while still starting (a scale-down): it goes the same way.
            if p.running == nil { p.running = t; p.initDone = p.initDone ?? t; pods[id] = p }
        }
        emitPod(id, type: "MODIFIED", at: t)
        emitEvent(at: t, pod: p, reason: "Killing", message: "Stopping container app", field: "spec.containers{app}")
        if let i = p.deployment {
            emitSlice(i, at: t)
            if config.deployments[i].preStopSeconds == nil, let ip = p.ip, p.ready != nil {
                // No preStop: the ingress still sends requests while the process stops.
                for k in 0..<2 {
                    let line: JSONValue = ["time": .string(KubeTime.rfc3339(t + Double(k))), "ip": .string(ip), "status": 502]
                    emit(ChurnItem(time: Instant(seconds: t), kind: .signal, text: KubectlPrinter.raw(line)))
                }
            }
        }
        // The exit on a whole second: its finishedAt (whole seconds, as the API writes it)
        // is then exact, and no slice seen after it still lists the pod.
        let shutdown = Swift.min(Double(p.preStop ?? 0) + 1, Double(p.grace) + 2)
        schedule((t + shutdown).rounded(.up), .step(id, .exited))
    }

    // MARK: Output

    mutating func emit(_ item: ChurnItem) { out.append(item) }

    mutating func nextVersion() -> Int {
        resourceVersion += 1
        return resourceVersion
    }

    /// A watch event line as `kubectl get -w -o json --output-watch-events` prints it.
    mutating func emitWatch(_ kind: ChurnItem.Kind, _ type: String, _ object: JSONValue, at t: Double) {
        emit(ChurnItem(time: Instant(seconds: t), kind: kind, text: String(KubectlPrinter.watchEvent(type, object).dropLast())))
    }

    mutating func emitPod(_ id: Int, type: String, at t: Double) {
        guard let p = pods[id] else { return }
        podChanges += 1
        let ns = config.namespace
        let isJob = p.deployment == nil
        let app = p.deployment.map { config.deployments[$0].name } ?? p.owner
        var meta = SimObjectMeta(
            name: p.name, namespace: ns, uid: p.uid, resourceVersion: String(nextVersion()), creationTimestamp: p.created,
            labels: isJob ? ["job-name": p.owner] : ["app": app, "pod-template-hash": p.hash],
            owner: isJob ? .init(apiVersion: "batch/v1", kind: "Job", name: p.owner, uid: p.uid + "-job", blockOwnerDeletion: nil)
                : .init(apiVersion: "apps/v1", kind: "ReplicaSet", name: p.owner, uid: "rs-" + p.owner, blockOwnerDeletion: nil))
        if let d = p.deleteAt {
            meta.deletionTimestamp = d + Double(p.grace)
            meta.deletionGracePeriodSeconds = p.grace
        }
        let main = isJob ? "report" : "app"
        let image = "ghcr.io/acme/\(app):\(p.hash)", initImage = "ghcr.io/acme/migrate:\(p.hash)"
        let lifecycle: JSONValue? = p.preStop.map { ["preStop": ["exec": ["command": ["/bin/sh", "-c", "sleep \($0)"]]]] }
        let spec: JSONValue = .members([
            ("initContainers", isJob ? nil : [["name": "migrate", "image": .string(initImage)]]),
            ("containers", [.members([("name", .string(main)), ("image", .string(image)), ("lifecycle", lifecycle)])]),
            ("terminationGracePeriodSeconds", .int(p.grace)),
            ("nodeName", p.node.isEmpty ? nil : .string(p.node)),
        ])
        var status = SimPod.Status(phase: "Pending")
        if p.scheduled != nil {
            func cond(_ type: String, _ at: Double?) -> SimPod.Condition { SimPod.Condition(type, at != nil, at: at ?? p.created) }
            status.conditions = [cond("PodScheduled", p.scheduled), cond("PodReadyToStartContainers", p.sandbox)]
            if !isJob { status.conditions.append(cond("Initialized", p.initDone)) }
            // Ready until the process exits (without a hook: until SIGTERM, at the request).
            if p.ready != nil, let unready = p.exited ?? (p.preStop == nil ? p.deleteAt : nil) {
                status.conditions.append(SimPod.Condition("Ready", false, at: unready))
            } else {
                status.conditions.append(cond("Ready", p.ready))
            }
        }
        if p.running != nil { status.phase = "Running" }
        if let ip = p.ip {
            status.podIP = ip
            status.hostIP = "172.18.0.\((id % Swift.max(1, config.nodes)) + 3)"
        }
        status.startTime = p.sandbox
        if !isJob, let started = p.initStarted {
            var s = SimPod.ContainerStatus(name: "migrate", state: .running(startedAt: started), ready: p.initDone != nil,
                                           restartCount: p.initRestarts, image: initImage, imageID: "")
            if let done = p.initDone {
                s.state = .terminated(.init(exitCode: 0, reason: "Completed", startedAt: started, finishedAt: done, containerID: nil))
            } else if p.initFailing {
                s.state = .waiting(reason: "CrashLoopBackOff", message: nil)
                s.lastState = .init(exitCode: 1, reason: "Error", startedAt: started, finishedAt: started + 2, containerID: nil)
            }
            status.initContainerStatuses = [s]
        } else if !isJob, p.scheduled != nil {
            status.initContainerStatuses = [SimPod.ContainerStatus(name: "migrate", state: .waiting(reason: "PodInitializing", message: nil),
                                                                   ready: false, restartCount: 0, image: initImage, imageID: "")]
        }
        if let run = p.running {
            var s = SimPod.ContainerStatus(name: main, state: .running(startedAt: run), ready: p.ready != nil && p.exited == nil,
                                           restartCount: 0, image: image, imageID: "")
            if let exit = p.exited {
                s.state = .terminated(.init(exitCode: p.exitCode, reason: p.exitCode == 0 ? "Completed" : "Error", startedAt: run,
                                            finishedAt: exit, containerID: nil))
                status.phase = p.exitCode == 0 ? "Succeeded" : "Failed"
            }
            status.containerStatuses = [s]
        }
        emitWatch(.pod, type, SimPod(metadata: meta, spec: spec, status: status).json, at: t)
    }

    mutating func emitSlice(_ i: Int, at t: Double) {
        let d = config.deployments[i]
        var endpoints: [SimEndpointSlice.Endpoint] = []
        for p in pods.values.sorted(by: { $0.id < $1.id }) where p.deployment == i {
            guard let ip = p.ip, p.ready != nil, p.exited == nil else { continue }
            let terminating = p.deleteAt != nil
            endpoints.append(.init(ip: ip, ready: !terminating, serving: p.preStop != nil || !terminating, terminating: terminating,
                                   nodeName: p.node, podName: p.name, podUID: p.uid))
        }
        let meta = SimObjectMeta(name: "\(d.name)-abcde", namespace: config.namespace, uid: nil, resourceVersion: String(nextVersion()),
                                 creationTimestamp: nil, labels: ["kubernetes.io/service-name": d.name])
        emitWatch(.slice, "MODIFIED", SimEndpointSlice(metadata: meta, endpoints: endpoints).json, at: t)
    }

    func deploymentUID(_ i: Int) -> String { "00000000-0000-4000-9000-" + String(i).leftPadded(12) }

    mutating func emitDeployment(_ i: Int, at t: Double) {
        let d = config.deployments[i], s = deployments[i]
        let meta = SimObjectMeta(name: d.name, namespace: config.namespace, uid: deploymentUID(i), resourceVersion: nil,
                                 generation: s.generation, creationTimestamp: nil,
                                 annotations: ["deployment.kubernetes.io/revision": String(s.revision)])
        let deployment = SimDeployment(metadata: meta, replicas: s.replicas, selector: ["app": d.name], template: [:],
                                       maxSurge: "25%", maxUnavailable: 0)
        emit(ChurnItem(time: Instant(seconds: t), kind: .deployment, text: KubectlPrinter.raw(deployment.json)))
    }

    mutating func emitEvent(at t: Double, pod p: PodState, reason: String, message: String, type: String = "Normal",
                            field: String? = nil, component: String = "kubelet") {
        emitEvent(at: t, kind: "Pod", name: p.name, uid: p.uid, reason: reason, message: message, type: type, field: field, component: component)
    }

    mutating func emitEvent(at t: Double, kind: String, name: String, uid: String, reason: String, message: String,
                            type: String = "Normal", field: String? = nil, component: String = "deployment-controller") {
        let v = nextVersion()
        let apiVersion = ["Pod": "v1", "Job": "batch/v1"][kind] ?? "apps/v1"
        let event = SimEvent(name: "\(name).\(String(v, radix: 16))", namespace: config.namespace, uid: "ev-\(v)",
                             resourceVersion: String(v),
                             regarding: .init(kind: kind, namespace: config.namespace, name: name, uid: uid, apiVersion: apiVersion,
                                              fieldPath: field),
                             reason: reason, message: message, type: type, component: component, at: t)
        emitWatch(.event, "ADDED", event.coreV1, at: t)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
