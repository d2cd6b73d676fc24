import HeapModule
import RolloutCore

/// A namespace over a long time, compactly: several Deployments rolling every few minutes
/// (rolling update with maxSurge 25%, maxUnavailable 0), one scaled up and down by an
/// autoscaler, a CronJob's Job pods, the kubelet's events, EndpointSlices and ingress 502s, as
/// `kubectl get -w -o json --output-watch-events` prints them. Deterministic (seeded), and
/// generated lazily in time order, so a day of it (about 100,000 pod changes) streams through
/// in constant memory. It is the soak test's load, not a model of the controllers: for those,
/// see `Simulator`.
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
                    emit(ChurnItem(time: Instant(seconds: t), kind: .signal,
                                   text: "{\"time\": \"\(Instant(seconds: t.rounded(.down) + Double(k)).rfc3339)\", \"ip\": \"\(ip)\", \"status\": 502}"))
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

    func rfc(_ t: Double) -> String { Instant(seconds: t.rounded(.down)).rfc3339 }

    mutating func emitPod(_ id: Int, type: String, at t: Double) {
        guard let p = pods[id] else { return }
        podChanges += 1
        let ns = config.namespace
        let isJob = p.deployment == nil
        let app = p.deployment.map { config.deployments[$0].name } ?? p.owner
        var meta = "\"name\":\"\(p.name)\",\"namespace\":\"\(ns)\",\"uid\":\"\(p.uid)\",\"resourceVersion\":\"\(nextVersion())\",\"creationTimestamp\":\"\(rfc(p.created))\""
        if isJob {
            meta += ",\"labels\":{\"job-name\":\"\(p.owner)\"},\"ownerReferences\":[{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"name\":\"\(p.owner)\",\"uid\":\"\(p.uid)-job\",\"controller\":true}]"
        } else {
            meta += ",\"labels\":{\"app\":\"\(app)\",\"pod-template-hash\":\"\(p.hash)\"},\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"\(p.owner)\",\"uid\":\"rs-\(p.owner)\",\"controller\":true}]"
        }
        if let d = p.deleteAt {
            meta += ",\"deletionTimestamp\":\"\(rfc(d + Double(p.grace)))\",\"deletionGracePeriodSeconds\":\(p.grace)"
        }
        var spec = "\"terminationGracePeriodSeconds\":\(p.grace)"
        if !p.node.isEmpty { spec += ",\"nodeName\":\"\(p.node)\"" }
        let main = isJob ? "report" : "app"
        var container = "{\"name\":\"\(main)\",\"image\":\"ghcr.io/acme/\(app):\(p.hash)\""
        if let s = p.preStop { container += ",\"lifecycle\":{\"preStop\":{\"exec\":{\"command\":[\"/bin/sh\",\"-c\",\"sleep \(s)\"]}}}" }
        container += "}"
        spec += ",\"containers\":[\(container)]"
        if !isJob { spec += ",\"initContainers\":[{\"name\":\"migrate\",\"image\":\"ghcr.io/acme/migrate:\(p.hash)\"}]" }

        var conditions: [String] = []
        func cond(_ type: String, _ at: Double?) {
            conditions.append("{\"type\":\"\(type)\",\"status\":\"\(at != nil ? "True" : "False")\",\"lastTransitionTime\":\(at.map { "\"\(rfc($0))\"" } ?? "\"\(rfc(p.created))\"")}")
        }
        var phase = "Pending"
        if p.scheduled != nil {
            cond("PodScheduled", p.scheduled)
            cond("PodReadyToStartContainers", p.sandbox)
            if !isJob { cond("Initialized", p.initDone) }
            // Ready until the process exits (without a hook: until SIGTERM, at the request).
            let unready = p.exited ?? (p.preStop == nil ? p.deleteAt : nil)
            if p.ready != nil, let unready {
                conditions.append("{\"type\":\"Ready\",\"status\":\"False\",\"lastTransitionTime\":\"\(rfc(unready))\"}")
            } else {
                cond("Ready", p.ready)
            }
        }
        var status = ""
        if p.running != nil { phase = "Running" }
        if let ip = p.ip { status += "\"podIP\":\"\(ip)\",\"hostIP\":\"172.18.0.\((id % Swift.max(1, config.nodes)) + 3)\"," }
        if let s = p.sandbox { status += "\"startTime\":\"\(rfc(s))\"," }
        if !isJob, let started = p.initStarted {
            var state: String
            var last = ""
            if let done = p.initDone {
                state = "{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\",\"startedAt\":\"\(rfc(started))\",\"finishedAt\":\"\(rfc(done))\"}}"
            } else if p.initFailing {
                state = "{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}"
                last = ",\"lastState\":{\"terminated\":{\"exitCode\":1,\"reason\":\"Error\",\"startedAt\":\"\(rfc(started))\",\"finishedAt\":\"\(rfc(started + 2))\"}}"
            } else {
                state = "{\"running\":{\"startedAt\":\"\(rfc(started))\"}}"
            }
            status += "\"initContainerStatuses\":[{\"name\":\"migrate\",\"restartCount\":\(p.initRestarts),\"ready\":\(p.initDone != nil),\"state\":\(state)\(last)}],"
        } else if !isJob, p.scheduled != nil {
            status += "\"initContainerStatuses\":[{\"name\":\"migrate\",\"restartCount\":0,\"ready\":false,\"state\":{\"waiting\":{\"reason\":\"PodInitializing\"}}}],"
        }
        if let run = p.running {
            let state: String
            if let exit = p.exited {
                let reason = p.exitCode == 0 ? "Completed" : "Error"
                state = "{\"terminated\":{\"exitCode\":\(p.exitCode),\"reason\":\"\(reason)\",\"startedAt\":\"\(rfc(run))\",\"finishedAt\":\"\(rfc(exit))\"}}"
                phase = p.exitCode == 0 ? "Succeeded" : "Failed"
            } else {
                state = "{\"running\":{\"startedAt\":\"\(rfc(run))\"}}"
            }
            status += "\"containerStatuses\":[{\"name\":\"\(main)\",\"restartCount\":0,\"ready\":\(p.ready != nil && p.exited == nil),\"state\":\(state)}],"
        }
        status += "\"phase\":\"\(phase)\",\"conditions\":[\(conditions.joined(separator: ","))]"
        let object = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\(meta)},\"spec\":{\(spec)},\"status\":{\(status)}}"
        emit(ChurnItem(time: Instant(seconds: t), kind: .pod, text: "{\"type\":\"\(type)\",\"object\":\(object)}"))
    }

    mutating func emitSlice(_ i: Int, at t: Double) {
        let d = config.deployments[i]
        var endpoints: [String] = []
        for p in pods.values.sorted(by: { $0.id < $1.id }) where p.deployment == i {
            guard let ip = p.ip, p.ready != nil, p.exited == nil else { continue }
            let terminating = p.deleteAt != nil
            let serving = p.preStop != nil || !terminating
            endpoints.append("{\"addresses\":[\"\(ip)\"],\"conditions\":{\"ready\":\(!terminating),\"serving\":\(serving),\"terminating\":\(terminating)},\"nodeName\":\"\(p.node)\",\"targetRef\":{\"kind\":\"Pod\",\"name\":\"\(p.name)\",\"namespace\":\"\(config.namespace)\",\"uid\":\"\(p.uid)\"}}")
        }
        let object = "{\"apiVersion\":\"discovery.k8s.io/v1\",\"kind\":\"EndpointSlice\",\"metadata\":{\"name\":\"\(d.name)-abcde\",\"namespace\":\"\(config.namespace)\",\"resourceVersion\":\"\(nextVersion())\",\"labels\":{\"kubernetes.io/service-name\":\"\(d.name)\"}},\"addressType\":\"IPv4\",\"endpoints\":[\(endpoints.joined(separator: ","))],\"ports\":[{\"name\":\"http\",\"port\":8080,\"protocol\":\"TCP\"}]}"
        emit(ChurnItem(time: Instant(seconds: t), kind: .slice, text: "{\"type\":\"MODIFIED\",\"object\":\(object)}"))
    }

    func deploymentUID(_ i: Int) -> String { "00000000-0000-4000-9000-" + String(i).leftPadded(12) }

    mutating func emitDeployment(_ i: Int, at t: Double) {
        let d = config.deployments[i], s = deployments[i]
        let object = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"\(d.name)\",\"namespace\":\"\(config.namespace)\",\"uid\":\"\(deploymentUID(i))\",\"generation\":\(s.generation),\"annotations\":{\"deployment.kubernetes.io/revision\":\"\(s.revision)\"}},\"spec\":{\"replicas\":\(s.replicas),\"progressDeadlineSeconds\":600,\"selector\":{\"matchLabels\":{\"app\":\"\(d.name)\"}},\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":0}}}}"
        emit(ChurnItem(time: Instant(seconds: t), kind: .deployment, text: object))
    }

    mutating func emitEvent(at t: Double, pod p: PodState, reason: String, message: String, type: String = "Normal",
                            field: String? = nil, component: String = "kubelet") {
        emitEvent(at: t, kind: "Pod", name: p.name, uid: p.uid, reason: reason, message: message, type: type, field: field, component: component)
    }

    mutating func emitEvent(at t: Double, kind: String, name: String, uid: String, reason: String, message: String,
                            type: String = "Normal", field: String? = nil, component: String = "deployment-controller") {
        let v = nextVersion()
        let ns = config.namespace
        let fieldPath = field.map { ",\"fieldPath\":\"\($0)\"" } ?? ""
        let object = "{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"\(name).\(String(v, radix: 16))\",\"namespace\":\"\(ns)\",\"uid\":\"ev-\(v)\",\"resourceVersion\":\"\(v)\",\"creationTimestamp\":\"\(rfc(t))\"},\"involvedObject\":{\"kind\":\"\(kind)\",\"name\":\"\(name)\",\"namespace\":\"\(ns)\",\"uid\":\"\(uid)\"\(fieldPath)},\"reason\":\"\(reason)\",\"message\":\"\(message)\",\"type\":\"\(type)\",\"count\":1,\"firstTimestamp\":\"\(rfc(t))\",\"lastTimestamp\":\"\(rfc(t))\",\"source\":{\"component\":\"\(component)\"}}"
        emit(ChurnItem(time: Instant(seconds: t), kind: .event, text: "{\"type\":\"ADDED\",\"object\":\(object)}"))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
