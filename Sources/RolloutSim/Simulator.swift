import Foundation
import HeapModule
import RolloutCore

/// Plays a rollout through models of the Kubernetes components involved: the Deployment and
/// ReplicaSet controllers, the scheduler, the kubelet, the EndpointSlice controller, an
/// ingress-nginx and its clients. Pure: time is data and randomness comes from the scenario's
/// seed, so the same scenario always gives the same output.
///
/// The objects follow Kubernetes 1.35 (pod `generation`/`observedGeneration`, kubelet event
/// texts, the final grace-0 delete writing deletionTimestamp = now). What is modelled:
///
/// - Deployment controller (`rolling.go`): the new ReplicaSet is created already scaled
///   (`NewRSNewReplicas`), then each sync either scales it up within replicas + maxSurge or
///   scales old ones down (unhealthy first) while available pods stay >= replicas -
///   maxUnavailable, reading the ReplicaSets' status as last written.
/// - ReplicaSet controller: creates and deletes pods (deletion rank: unscheduled, pending, not
///   ready, doubled up on a node, recently ready, restarted, newer); status excludes pods being
///   deleted. Scheduler: fewest app pods per node, then fewest pods, random ties.
/// - Kubelet: sandbox and IP, image pulls once per node (serialized), init containers in order
///   (sidecars start and stay running), readiness probe ticks, crash-loop back-off (first
///   restart at once, then 10 s doubling to 300 s, noticed at ~10 s pod syncs). Deletion:
///   Killing, preStop bounded by the grace period, the stop signal with what is left (at least
///   2 s, so a hook that eats the grace period gives SIGKILL at grace + 2 s), exit 0
///   `Completed` or 137 `Error`; terminal phase, then the grace-0 delete ~1 s later.
///   Terminating pods stay Ready until their readiness probe fails or they exit.
/// - EndpointSlice controller: `ready` = Ready and not terminating, `serving` = Ready,
///   terminal pods removed, last-change-trigger-time from new Ready transitions only.
/// - ingress-nginx: round robin over endpoints it has seen `ready`, `ingressLagSeconds` after
///   each slice change; refused connections give 502 at once, a vanished address 502 after
///   3 s, 504 after 5 s or 499 when the client gives up; some failures are retried on the
///   next endpoint (`502, 200`); long requests are cut (502) when their pod's process ends.
///
/// Every step of the rollout starts early in its second (probe ticks at .2-.4 s), so the
/// whole-second timestamps of a chain keep its exact length: 6 s for preStop 5 + 1 s exit.
/// The run ends `ingressLagSeconds + 6` s after the rollout completes (old pods deleted) so
/// late access-log lines are written, or at `horizonSeconds`.
public enum Simulator {
    public static func run(_ scenario: SimScenario) -> SimOutput {
        Engine(scenario).run()
    }
}

/// Which container of a pod.
enum Slot: Equatable {
    case initContainer(Int)
    case main
}

struct ContainerRun {
    var name: String
    var image: String
    var isInit: Bool
    var sidecar: Bool
    var containerID: String?
    var state: SimPod.ContainerState
    var lastState: SimPod.Terminated?
    var restartCount = 0
    var ready = false
    var started = false
    /// Truth (not the API): when the current run's process started and whether it still runs.
    var processStart: Double?
    var processAlive = false
    /// Runs that failed so far (init containers).
    var failures = 0
    /// The kubelet's crash-loop back-off for this container (0: no entry yet).
    var backoff: Double = 0
    /// Truth: how the last run ended, until the kubelet reports it.
    var pendingTerm: SimPod.Terminated?
}

/// One run of an init container, as it happened and as the kubelet reported it.
struct RunTruth {
    var start: Double
    var runningShown: Double?
    var finish: Double?
    var exitCode: Int?
    var endShown: Double?
}

struct Cond {
    var status: Bool
    var time: Double
    var reason: String?
    var message: String?
}

struct PodState {
    var name: String
    var uid: String
    /// The revision the pod was made from: an index into `Engine.replicaSets` (a ReplicaSet, or
    /// a StatefulSet's or DaemonSet's ControllerRevision).
    var rs: Int
    /// A StatefulSet pod's ordinal (the `-N` of its name).
    var ordinal: Int?
    /// The node the pod must run on: a DaemonSet pod's node (node affinity), or a StatefulSet
    /// pod's predecessor's (its local volume is there).
    var pinnedNode: Int?
    /// A DaemonSet pod's `pod-template-generation`.
    var templateGeneration = 0
    var volumeName: String
    var createdAt: Double
    var generation = 1
    var resourceVersion = 0
    var node: Int?
    var scheduledAt: Double?
    var startTime: Double?
    var observedGeneration = 1
    var ip: String?
    var conditions: [String: Cond] = [:]
    var phase = "Pending"
    var inits: [ContainerRun]
    var main: ContainerRun
    var deletionRequestedAt: Double?
    var deletionTimestamp: Double?
    var deletionGrace: Int?
    var terminal = false
    var deleted = false
    var deletedAt: Double?

    // Truth about the application and the network, for traffic and ground truth.
    /// From when the application answers (its readiness probe would pass).
    var servingFrom: Double?
    /// When it stopped accepting connections (stop signal).
    var listenerClosedAt: Double?
    var processExitedAt: Double?
    var exitCode: Int?
    var sigkilled = false
    var sigkillAt: Double?
    var killingAt: Double?
    /// When the kubelet's first `Killing` event for the pod was emitted (none when nothing ran).
    var killingEventAt: Double?
    var stopSignalAt: Double?
    /// The network namespace exists (the IP answers, even if only with a reset).
    var sandboxUp = false
    var probeFailures = 0
    var readyAt: Double?
    var inflight: [Int] = []
    var drops = 0
    var initFailures = 0
    /// Truth for the record: each init container's runs, and when things became true.
    var initRuns: [[RunTruth]]
    var initializedAt: Double?
    var ipAt: Double?
    var terminalAt: Double?
    var lastExitAt: Double?
    /// The kubelet's latest status write (its managedFields time).
    var statusWrittenAt: Double?

    var isActive: Bool { !deleted && deletionTimestamp == nil && !terminal }
    var isReady: Bool { conditions["Ready"]?.status ?? false }
}

struct RSState {
    var name: String
    var hash: String
    var uid: String
    var revision: Int
    var spec: Int
    var exists: Bool
    var createdAt: Double
    var resourceVersion = 0
    var statusReplicas = 0
    var statusReady = 0
    var statusAvailable = 0
}

struct DeploymentState {
    var uid: String
    var createdAt: Double
    var generation: Int
    var observedGeneration: Int
    var resourceVersion = 0
    var replicas = 0
    var updated = 0
    var ready = 0
    var available = 0
    var availableCond: Cond
    var progressingCond: Cond
    var progressingUpdate: Double
    var complete = false
    var templateRS = 0
}

struct SliceEndpoint: Equatable {
    var pod: Int
    var ip: String
    var node: String
    var ready: Bool
    var serving: Bool
    var terminating: Bool
}

struct IngressTarget: Equatable {
    var pod: Int
    var ip: String
}

struct NodeState {
    var spec: SimNode
    var prefix: String
    var images: Set<String>
    /// Image pulls in progress: image -> when done.
    var pulls: [String: Double] = [:]
    var owner: [Int: Int] = [:]
    var released: [Int: Double] = [:]
    var lastReserved: Int
    var reservedForOthers: Set<Int>
}

struct LongRequest {
    var pod: Int
    var ip: String
    var sentAt: Double
    var client: Client
}

struct Client {
    var addr: String
    var port: Int
    var agent: String
    var method: String
    var path: String
    var bytes: Int
    var requestLength: Int
    var reqID: String
}

enum Action {
    case deploymentSync
    case statefulSetSync
    case daemonSetSync
    /// `kubectl rollout undo`: the old template again.
    case rollback
    /// `kubectl argo rollouts promote`.
    case promote
    /// `kubectl delete pod NAME`.
    case deletePod(String)
    case replicaSetSync(Int)
    case bind(Int)
    case kubeletAdmit(Int)
    case sandboxReady(Int)
    case pulled(Int, Slot, pullStart: Double, pullSeconds: Double)
    case createStart(Int, Slot)
    case writeRunning(Int, Slot)
    case initExit(Int, Int)
    case initNoticed(Int, Int)
    case crashLoopSync(Int, Int)
    case restartInit(Int, Int)
    case probe(Int)
    case kubeletKill(Int)
    case stopSignal(Int)
    case appExit(Int, sigkill: Bool)
    case sidecarExit(Int, Int)
    case podStopped(Int)
    case terminalStatus(Int)
    case finalDelete(Int)
    case endpointSync
    case ingressUpdate([IngressTarget])
    case request
    case longRequest
    case longRequestDone(Int)
    case stop
}

/// An action due at `time`; `seq` keeps actions due at the same time in the order scheduled.
struct Scheduled: Comparable {
    var time: Double
    var seq: Int
    var action: Action

    static func < (a: Scheduled, b: Scheduled) -> Bool { (a.time, a.seq) < (b.time, b.seq) }
    static func == (a: Scheduled, b: Scheduled) -> Bool { (a.time, a.seq) == (b.time, b.seq) }
}

final class Engine {
    let sc: SimScenario
    let t0: Double
    var now: Double
    var queue = Heap<Scheduled>()
    var seq = 0
    /// The etcd revision: every write of any object takes the next one.
    var revision = 48100
    var records: [(time: Double, seq: Int, record: SimRecord.Kind)] = []

    var ids: SimRandom
    var timing: SimRandom
    var traffic: SimRandom

    var deployment: DeploymentState
    var replicaSets: [RSState]
    var pods: [PodState] = []
    var podNames: Set<String> = []
    var nodes: [NodeState] = []
    var events: [SimEvent] = []
    var eventIndex: [String: Int] = [:]
    var eventNames: Set<String> = []
    var lastEventNanos: UInt64 = 0

    var sliceName: String
    var sliceUID: String
    var sliceCreated: Double
    var sliceGeneration = 11
    var sliceRV = 0
    var sliceEndpoints: [SliceEndpoint] = []
    var sliceTrigger: Double?
    var lastPodTrigger: [Int: Double] = [:]
    var endpointSyncPending = false
    var serviceUID: String

    var ingress: [IngressTarget] = []
    var ingressNext = 0
    var longRequests: [LongRequest] = []

    var deploymentSyncPending = false
    var rsSyncPending: Set<Int> = []
    /// The StatefulSet or DaemonSet, when the scenario's workload is one (Engine+StatefulSet,
    /// Engine+DaemonSet).
    var statefulSet: StatefulSetState?
    var daemonSet: DaemonSetState?
    /// The Argo Rollout, when the scenario's workload is one (Engine+Argo).
    var argo: ArgoRolloutState?
    var workloadSyncPending = false
    /// The observedGeneration in the StatefulSet or DaemonSet last written.
    var lastObservedGeneration = 0

    var endAt: Double
    var completedAt: Double?
    var dropsTruth: [SimDrop] = []
    /// Every request logged: the time it was logged, its place among the records, and it.
    var requests: [(time: Double, seq: Int, request: SimRequest)] = []
    var sliceWrites: [SimOutput.SliceWrite] = []
    var lastSliceWrite: Double?

    init(_ scenario: SimScenario) {
        sc = scenario
        t0 = scenario.start.seconds
        now = t0
        endAt = t0 + scenario.horizonSeconds
        ids = SimRandom(seed: scenario.seed, stream: 1)
        timing = SimRandom(seed: scenario.seed, stream: 2)
        traffic = SimRandom(seed: scenario.seed, stream: 3)
        let created = t0 - 263 * 86400 + 3658
        deployment = DeploymentState(
            uid: ids.uuid(), createdAt: created, generation: scenario.revision + 2,
            observedGeneration: scenario.revision + 2,
            availableCond: Cond(status: true, time: created + 29, reason: "MinimumReplicasAvailable",
                                message: "Deployment has minimum availability."),
            progressingCond: Cond(status: true, time: created + 7, reason: "NewReplicaSetAvailable", message: nil),
            progressingUpdate: t0 - 2 * 86400 + 40)
        replicaSets = [
            RSState(name: scenario.oldReplicaSet, hash: scenario.oldTemplateHash, uid: ids.uuid(),
                    revision: scenario.revision - 1, spec: scenario.replicas, exists: true, createdAt: t0 - 2 * 86400),
            RSState(name: scenario.newReplicaSet, hash: scenario.newTemplateHash, uid: ids.uuid(),
                    revision: scenario.revision, spec: 0, exists: false, createdAt: t0),
        ]
        sliceName = scenario.deployment + "-" + ids.nameSuffix()
        sliceUID = ids.uuid()
        serviceUID = ids.uuid()
        sliceCreated = created + 1
        switch scenario.workload {
        case .deployment: break
        case .statefulSet: statefulSet = StatefulSetState(uid: ids.uuid(), createdAt: created, generation: scenario.revision)
        case .daemonSet: daemonSet = DaemonSetState(uid: ids.uuid(), createdAt: created, generation: scenario.revision)
        case .argoRollout:
            argo = ArgoRolloutState(
                uid: ids.uuid(), createdAt: created, generation: scenario.revision + 2, observedGeneration: scenario.revision + 2,
                progressingCond: Cond(status: true, time: created + 7, reason: "NewReplicaSetAvailable",
                                      message: "ReplicaSet \"\(scenario.oldReplicaSet)\" has successfully progressed."),
                availableCond: Cond(status: true, time: created + 29, reason: "AvailableReason", message: "Rollout has minimum availability"))
        }
    }

    // MARK: Scheduling and records

    func at(_ time: Double, _ action: Action) {
        seq += 1
        queue.insert(Scheduled(time: max(time, now), seq: seq, action: action))
    }

    func after(_ delay: Double, _ action: Action) { at(now + delay, action) }

    /// A uniformly random delay, from the timing stream.
    func j(_ low: Double, _ high: Double) -> Double { timing.uniform(low, high) }

    func nextRevision() -> Int {
        revision += 1
        return revision
    }

    func record(_ kind: SimRecord.Kind, at time: Double? = nil) {
        seq += 1
        records.append((time ?? now, seq, kind))
    }

    /// A write of pod `i`; `byKubelet` for the kubelet's status updates.
    func writePod(_ i: Int, _ type: String = "MODIFIED", byKubelet: Bool = true) {
        if byKubelet { pods[i].statusWrittenAt = now }
        pods[i].resourceVersion = nextRevision()
        record(.pod(watchType: type, object: podJSON(pods[i])))
    }

    func writeDeployment() {
        deployment.resourceVersion = nextRevision()
        record(.deployment(object: deploymentJSON()))
    }

    // MARK: Run

    func run() -> SimOutput {
        setUpHistory()
        // The watches begin: what exists now arrives as ADDED, in API (name) order.
        for i in pods.indices.sorted(by: { pods[$0].name < pods[$1].name }) {
            record(.pod(watchType: "ADDED", object: podJSON(pods[i])))
        }
        let slice = sliceObject()
        sliceWrites.append(.init(time: Instant(seconds: now), slice: slice))
        record(.endpointSlice(watchType: "ADDED", object: slice.json))
        // `kubectl apply` of the new template.
        switch sc.workload {
        case .deployment:
            deployment.generation += 1
            deployment.templateRS = 1
            writeDeployment()
            after(j(0.02, 0.05), .deploymentSync)
            deploymentSyncPending = true
        case .statefulSet(let options):
            applyStatefulSet()
            if let t = options.rollbackAfterSeconds { at(t0 + t, .rollback) }
        case .daemonSet:
            applyDaemonSet()
        case .argoRollout:
            applyArgoRollout()
        }
        for d in sc.podDeletions { at(t0 + d.afterSeconds, .deletePod(d.pod)) }
        if sc.requestsPerSecond > 0 { after(traffic.exponential(rate: sc.requestsPerSecond), .request) }
        if sc.longRequestsPerMinute > 0 { after(traffic.exponential(rate: sc.longRequestsPerMinute / 60), .longRequest) }
        at(endAt, .stop)

        while let next = queue.popMin() {
            if next.time > endAt { break }
            now = next.time
            if case .stop = next.action { break }
            handle(next.action)
        }
        return output()
    }

    func handle(_ action: Action) {
        switch action {
        case .deploymentSync: if sc.kind == .rollout { argoSync() } else { deploymentSync() }
        case .promote: promoteArgoRollout()
        case .statefulSetSync: statefulSetSync()
        case .daemonSetSync: daemonSetSync()
        case .rollback: rollbackStatefulSet()
        case .deletePod(let name): deleteByHand(name)
        case .replicaSetSync(let rs): replicaSetSync(rs)
        case .bind(let p): bind(p)
        case .kubeletAdmit(let p): kubeletAdmit(p)
        case .sandboxReady(let p): sandboxReady(p)
        case .pulled(let p, let slot, let start, let seconds): pulled(p, slot, pullStart: start, pullSeconds: seconds)
        case .createStart(let p, let slot): createStart(p, slot)
        case .writeRunning(let p, let slot): writeRunning(p, slot)
        case .initExit(let p, let i): initExit(p, i)
        case .initNoticed(let p, let i): initNoticed(p, i)
        case .crashLoopSync(let p, let i): crashLoopSync(p, i)
        case .restartInit(let p, let i): restartInit(p, i)
        case .probe(let p): probe(p)
        case .kubeletKill(let p): kubeletKill(p)
        case .stopSignal(let p): stopSignal(p)
        case .appExit(let p, let sigkill): appExit(p, sigkill: sigkill)
        case .sidecarExit(let p, let i): sidecarExit(p, i)
        case .podStopped(let p): podStopped(p)
        case .terminalStatus(let p): terminalStatus(p)
        case .finalDelete(let p): finalDelete(p)
        case .endpointSync: endpointSync()
        case .ingressUpdate(let targets): ingressUpdate(targets)
        case .request: request()
        case .longRequest: longRequest()
        case .longRequestDone(let id): longRequestDone(id)
        case .stop: break
        }
    }

    /// Called whenever something the rollout's end depends on changed: the controller says it
    /// is done (the Deployment's status, the StatefulSet's or DaemonSet's rule) and the pods
    /// it replaces are gone.
    func checkCompletion() {
        guard completedAt == nil else { return }
        switch sc.workload {
        case .deployment:
            guard deployment.complete, pods.allSatisfy({ $0.rs != 0 || $0.deleted }) else { return }
        case .statefulSet:
            guard statefulSetComplete() else { return }
        case .daemonSet:
            guard daemonSetComplete() else { return }
        case .argoRollout:
            guard argoComplete() else { return }
        }
        completedAt = now
        // Keep going until requests sent before the ingress caught up have been logged.
        endAt = min(endAt, now + sc.ingressLagSeconds + 6)
        at(endAt, .stop)
    }

    func output() -> SimOutput {
        let end = min(endAt, now)
        let ordered = records.filter { $0.time <= end }.sorted { $0.time != $1.time ? $0.time < $1.time : $0.seq < $1.seq }
        let preStop = switch sc.preStop {
        case .none: "none"
        case .execSleep: "exec"
        case .sleep: "sleep"
        case .httpGet: "httpGet"
        }
        func instant(_ t: Double?) -> Instant? { t.map(Instant.init(seconds:)) }
        let truth = pods.map { p -> SimPodTruth in
            let inits = p.inits.indices.map { c in
                SimPodTruth.InitContainer(name: p.inits[c].name, sidecar: p.inits[c].sidecar, runs: p.initRuns[c].map { r in
                    SimPodTruth.InitRun(startedAt: Instant(seconds: r.start), runningShownAt: instant(r.runningShown),
                                        finishedAt: instant(r.finish), exitCode: r.exitCode, endShownAt: instant(r.endShown))
                })
            }
            return SimPodTruth(
                name: p.name, uid: p.uid, role: p.rs == updateRevision ? "new" : "old", replicaSet: replicaSets[p.rs].name,
                templateHash: replicaSets[p.rs].hash, ordinal: p.ordinal, container: sc.containerName,
                node: p.node.map { nodes[$0].spec.name }, ip: p.ip,
                createdAt: Instant(seconds: p.createdAt), scheduledAt: instant(p.scheduledAt), ipAssignedAt: instant(p.ipAt),
                initContainers: inits, initializedAt: instant(p.initializedAt), readyAt: instant(p.readyAt),
                deletionRequestedAt: instant(p.deletionRequestedAt), gracePeriodSeconds: sc.terminationGracePeriodSeconds,
                preStop: preStop, killingAt: instant(p.killingEventAt), stopSignalAt: instant(p.stopSignalAt),
                finishedAt: instant(p.processExitedAt), exitCode: p.exitCode, sigkilled: p.sigkilled,
                lastContainerFinishedAt: instant(p.lastExitAt), terminalShownAt: instant(p.terminalAt),
                deletedAt: instant(p.deletedAt), drops: p.drops, initFailures: p.initFailures)
        }
        var out = SimOutput(
            scenario: sc, records: ordered.map { SimRecord(time: Instant(seconds: $0.time), kind: $0.record) },
            start: Instant(seconds: t0), end: Instant(seconds: end),
            completedAt: completedAt.map(Instant.init(seconds:)), pods: truth,
            drops: dropsTruth.filter { $0.loggedAt.seconds <= end },
            requests: requests.filter { $0.time <= end }.sorted { ($0.time, $0.seq) < ($1.time, $1.seq) }.map(\.request),
            sliceWrites: sliceWrites.filter { $0.time.seconds <= end })
        if argo != nil { out.argo = argoTruth() }
        return out
    }
}
