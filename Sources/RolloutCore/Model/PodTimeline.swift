/// Which side of a rollout a pod is on.
public enum Role: String, Sendable { case old, new }

/// Everything known about one pod's life, reconstructed from the observations.
///
/// A timeline is large (31 fields, a dozen of them strings and arrays) and is copied into
/// drafts, rollouts, views and reports: its fields are kept in a `CopyOnWrite`.
public struct PodTimeline: Sendable {
    struct Fields: Sendable {
        var name: String
        var uid: String
        var namespace: String
        var workload: String
        var replicaSet: String
        var templateHash: String
        var role: Role = .new
        var kind: WorkloadKind?
        var ordinal: Int?
        var templateGeneration: Int?
        var node: String?
        var ip: String?
        var createdAt: Instant?
        var scheduledAt: Instant?
        var sandboxReadyAt: Instant?
        var initializedAt: Instant?
        var readyAt: Instant?
        var unreadyAt: Instant?
        var readyIntervals: [(from: Instant, to: Instant?)] = []
        var initContainers: [InitContainerTimeline] = []
        var containers: [ContainerTimeline] = []
        var termination: Termination?
        var firstSeenAt: Instant
        var lastSeenAt: Instant
        var goneAt: Instant?
        var status: String
        var phase: String?
        var events: [KubeEvent] = []
        var endpoint: [EndpointObservation] = []
        var signals: [Signal] = []
        var findings: [Finding.Kind] = []
    }

    private var storage: CopyOnWrite<Fields>

    init(name: String, uid: String, namespace: String, workload: String, replicaSet: String, templateHash: String, role: Role = .new, kind: WorkloadKind? = nil, ordinal: Int? = nil, templateGeneration: Int? = nil, node: String? = nil, ip: String? = nil, createdAt: Instant? = nil, scheduledAt: Instant? = nil, sandboxReadyAt: Instant? = nil, initializedAt: Instant? = nil, readyAt: Instant? = nil, unreadyAt: Instant? = nil, readyIntervals: [(from: Instant, to: Instant?)] = [], initContainers: [InitContainerTimeline] = [], containers: [ContainerTimeline] = [], termination: Termination? = nil, firstSeenAt: Instant, lastSeenAt: Instant, goneAt: Instant? = nil, status: String, phase: String? = nil, events: [KubeEvent] = [], endpoint: [EndpointObservation] = [], signals: [Signal] = [], findings: [Finding.Kind] = []) {
        storage = CopyOnWrite(Fields(name: name, uid: uid, namespace: namespace, workload: workload, replicaSet: replicaSet, templateHash: templateHash, role: role, kind: kind, ordinal: ordinal, templateGeneration: templateGeneration, node: node, ip: ip, createdAt: createdAt, scheduledAt: scheduledAt, sandboxReadyAt: sandboxReadyAt, initializedAt: initializedAt, readyAt: readyAt, unreadyAt: unreadyAt, readyIntervals: readyIntervals, initContainers: initContainers, containers: containers, termination: termination, firstSeenAt: firstSeenAt, lastSeenAt: lastSeenAt, goneAt: goneAt, status: status, phase: phase, events: events, endpoint: endpoint, signals: signals, findings: findings))
    }

    public var name: String {
        get { storage.value.name }
        _modify { yield &storage.value.name }
    }
    public var uid: String {
        get { storage.value.uid }
        _modify { yield &storage.value.uid }
    }
    public var namespace: String {
        get { storage.value.namespace }
        _modify { yield &storage.value.namespace }
    }
    public var workload: String {
        get { storage.value.workload }
        _modify { yield &storage.value.workload }
    }
    public var replicaSet: String {
        get { storage.value.replicaSet }
        _modify { yield &storage.value.replicaSet }
    }
    public var templateHash: String {
        get { storage.value.templateHash }
        _modify { yield &storage.value.templateHash }
    }
    public var role: Role {
        get { storage.value.role }
        _modify { yield &storage.value.role }
    }
    /// The kind of workload that owns the pod (nil: other owners, or nothing said).
    public var kind: WorkloadKind? {
        get { storage.value.kind }
        _modify { yield &storage.value.kind }
    }
    /// A StatefulSet pod's ordinal.
    public var ordinal: Int? {
        get { storage.value.ordinal }
        _modify { yield &storage.value.ordinal }
    }
    /// A DaemonSet pod's `pod-template-generation`.
    public var templateGeneration: Int? {
        get { storage.value.templateGeneration }
        _modify { yield &storage.value.templateGeneration }
    }
    public var node: String? {
        get { storage.value.node }
        _modify { yield &storage.value.node }
    }
    public var ip: String? {
        get { storage.value.ip }
        _modify { yield &storage.value.ip }
    }
    public var createdAt: Instant? {
        get { storage.value.createdAt }
        _modify { yield &storage.value.createdAt }
    }
    public var scheduledAt: Instant? {
        get { storage.value.scheduledAt }
        _modify { yield &storage.value.scheduledAt }
    }
    /// When the pod sandbox was ready (PodReadyToStartContainers): init containers start then.
    public var sandboxReadyAt: Instant? {
        get { storage.value.sandboxReadyAt }
        _modify { yield &storage.value.sandboxReadyAt }
    }
    public var initializedAt: Instant? {
        get { storage.value.initializedAt }
        _modify { yield &storage.value.initializedAt }
    }
    public var readyAt: Instant? {
        get { storage.value.readyAt }
        _modify { yield &storage.value.readyAt }
    }
    /// When readiness was lost after `readyAt` (probe failure or termination), if seen.
    public var unreadyAt: Instant? {
        get { storage.value.unreadyAt }
        _modify { yield &storage.value.unreadyAt }
    }
    /// Every ready span seen (readiness can be lost and come back).
    public var readyIntervals: [(from: Instant, to: Instant?)] {
        get { storage.value.readyIntervals }
        _modify { yield &storage.value.readyIntervals }
    }
    public var initContainers: [InitContainerTimeline] {
        get { storage.value.initContainers }
        _modify { yield &storage.value.initContainers }
    }
    public var containers: [ContainerTimeline] {
        get { storage.value.containers }
        _modify { yield &storage.value.containers }
    }
    public var termination: Termination? {
        get { storage.value.termination }
        _modify { yield &storage.value.termination }
    }
    /// First observation, last observation, and when it was seen gone (DELETED or absent).
    public var firstSeenAt: Instant {
        get { storage.value.firstSeenAt }
        _modify { yield &storage.value.firstSeenAt }
    }
    public var lastSeenAt: Instant {
        get { storage.value.lastSeenAt }
        _modify { yield &storage.value.lastSeenAt }
    }
    public var goneAt: Instant? {
        get { storage.value.goneAt }
        _modify { yield &storage.value.goneAt }
    }
    /// What kubectl's STATUS column would say at the last observation.
    public var status: String {
        get { storage.value.status }
        _modify { yield &storage.value.status }
    }
    public var phase: String? {
        get { storage.value.phase }
        _modify { yield &storage.value.phase }
    }
    public var events: [KubeEvent] {
        get { storage.value.events }
        _modify { yield &storage.value.events }
    }
    public var endpoint: [EndpointObservation] {
        get { storage.value.endpoint }
        _modify { yield &storage.value.endpoint }
    }
    public var signals: [Signal] {
        get { storage.value.signals }
        _modify { yield &storage.value.signals }
    }
    /// Finding kinds that name this pod.
    public var findings: [Finding.Kind] {
        get { storage.value.findings }
        _modify { yield &storage.value.findings }
    }
    public var droppedConnections: Int { signals.filter(\.dropped).count }

    /// The end of the pod's life as far as it is known.
    public var endAt: Instant? { termination?.finishedAt ?? goneAt }

    /// An empty timeline, to swap with one that is moved elsewhere.
    static let placeholder = PodTimeline(
        name: "", uid: "", namespace: "", workload: "", replicaSet: "", templateHash: "",
        firstSeenAt: Instant(seconds: 0), lastSeenAt: Instant(seconds: 0), status: "")
}

public struct InitContainerTimeline: Sendable, Equatable {
    public var name: String
    public var sidecar: Bool
    /// The latest attempt: start, finish (nil while running or waiting), exit code, reason.
    public var startedAt: Instant?
    public var finishedAt: Instant?
    public var exitCode: Int?
    public var reason: String?
    public var restarts: Int
    /// The first start ever observed (earlier attempts included).
    public var firstStartedAt: Instant?
    /// `CrashLoopBackOff`, `PodInitializing`... when waiting at the last observation.
    public var waitingReason: String?
    public var running: Bool
    /// The latest attempt's termination message, when it wrote one (untrusted text).
    public var message: String? = nil
    public var seconds: Double? {
        guard let s = startedAt, let f = finishedAt else { return nil }
        return f - s
    }
    /// Failed attempts: restarts of a non-sidecar, plus a failing latest attempt.
    public var failed: Bool { !sidecar && ((exitCode ?? 0) != 0 || waitingReason == "CrashLoopBackOff") }
}

public struct ContainerTimeline: Sendable, Equatable {
    public var name: String
    public var preStop: PreStopKind
    public var preStopSleepSeconds: Int?
    public var preStopCommand: String?
    public var startedAt: Instant?
    public var restarts: Int
    /// The final state after deletion, when it was observed.
    public var finishedAt: Instant?
    public var exitCode: Int?
    public var reason: String?
    /// Its termination message, when it wrote one (untrusted text).
    public var message: String? = nil
}

/// The termination analysis of a pod whose deletion was requested.
public struct Termination: Sendable, Equatable {
    public var requestedAt: Instant
    public var gracePeriodSeconds: Int
    public var preStop: PreStopKind
    public var preStopSleepSeconds: Int?
    public var killingAt: Instant?
    /// When the last container finished, only when that was observed.
    public var finishedAt: Instant?
    public var seconds: Double?
    /// Bounds when the end was not observed: last seen running, first seen gone.
    public var secondsAtMost: Double?
    public var secondsAtLeast: Double?
    public var exitCodes: [(container: String, code: Int)]
    public var exceededGrace: Bool?
    public var failedPreStop: KubeEvent?

    public static func == (a: Termination, b: Termination) -> Bool {
        a.requestedAt == b.requestedAt && a.gracePeriodSeconds == b.gracePeriodSeconds && a.preStop == b.preStop
            && a.killingAt == b.killingAt && a.finishedAt == b.finishedAt && a.seconds == b.seconds
            && a.secondsAtMost == b.secondsAtMost && a.secondsAtLeast == b.secondsAtLeast
            && a.exitCodes.map(\.container) == b.exitCodes.map(\.container)
            && a.exitCodes.map(\.code) == b.exitCodes.map(\.code) && a.exceededGrace == b.exceededGrace
    }

    /// True when a container was killed with SIGKILL (exit 137) after the request.
    public var killed: Bool { exitCodes.contains { $0.code == 137 } }
}

/// An EndpointSlice's view of a pod at one observation.
public struct EndpointObservation: Sendable, Equatable {
    public var time: Instant
    public var slice: String
    /// False when the slice no longer lists the pod.
    public var present: Bool
    public var ready: Bool?
    public var serving: Bool?
    public var terminating: Bool?
    /// Serving traffic: `serving`, or `ready` where `serving` is not reported.
    public var routable: Bool { present && (serving ?? ready ?? false) }
}
