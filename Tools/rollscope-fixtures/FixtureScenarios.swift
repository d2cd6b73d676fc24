import RolloutCore
import RolloutSim

/// The scenarios behind `Tests/Fixtures`: each a rolling update of Deployment `web` in namespace
/// `shop` on three kind-like workers (3 replicas, maxSurge 1, maxUnavailable 0, grace period
/// 30 s), on its own day of November 2026, with the pod names tests and documents quote.
enum FixtureScenarios {
    static func scenario(_ name: String, _ title: String, start: String, seed: UInt64, names: [String]) -> SimScenario {
        var s = SimScenario(name: name, title: title, replicas: 3, start: Instant(rfc3339: start)!, seed: seed)
        s.podNames = names
        s.managedFields = true
        return s
    }

    /// preStop `sleep 5` inside a 30 s grace period: each old pod stops 6 s after its deletion.
    static let healthy = scenario("healthy", "preStop sleep 5 within grace 30", start: "2026-11-20T10:00:05Z", seed: 11,
                                  names: ["2xkqp", "h8wvn", "q4zrt", "7vjxk", "m9cfz", "sd4lq"])

    /// preStop `sleep 40` with a 30 s grace period: the kubelet cuts the hook at 30 s, gives the
    /// stop signal its 2 s minimum and SIGKILLs nginx (still draining) at 32 s: exit 137.
    static let sigkill: SimScenario = {
        var s = scenario("sigkill", "preStop sleep 40 with grace 30: SIGKILL", start: "2026-11-21T14:20:05Z", seed: 12,
                         names: ["b6wkc", "fj9nt", "x5lqm", "k2hdz", "p7rvx", "tq4gn"])
        s.preStop = .execSleep(40)
        s.appShutdownSeconds = 20
        return s
    }()

    /// No preStop hook: nginx exits 1 s after its stop signal while the ingress still routes to
    /// it (502s, 499s, retried requests); the kubelet reports the exits late, so the
    /// EndpointSlice still lists a stopped pod as serving.
    static let noPrestop: SimScenario = {
        var s = scenario("no-prestop", "no preStop hook: 502s, a late EndpointSlice", start: "2026-11-22T09:30:05Z", seed: 13,
                         names: ["c8dnz", "lw5hr", "v9gkp", "4rjxb", "n6zqs", "wd8fh"])
        s.preStop = .none
        s.requestsPerSecond = 6
        s.terminalStatusDelaySeconds = 14
        s.appErrorFraction = 0.015
        return s
    }()

    /// The new template's `migrate` exits 1 every time: Init:CrashLoopBackOff, the rollout
    /// stalls with the old pods serving.
    static let initCrashloop: SimScenario = {
        var s = scenario("init-crashloop", "init container fails forever: rollout stalls", start: "2026-11-23T11:00:05Z",
                         seed: 14, names: ["g5tbm", "r2vcx", "z7hkq", "j4xwp"])
        s.initContainers = [.migrate(seconds: 2, failures: .forever)]
        s.horizonSeconds = 300
        return s
    }()

    /// A native sidecar (`log-shipper`, restartPolicy Always) before `migrate`.
    static let sidecar: SimScenario = {
        var s = scenario("sidecar", "a native sidecar init container", start: "2026-11-24T16:45:05Z", seed: 15,
                         names: ["m4wqd", "t7zcp", "v2kxb", "8qzvt", "c5hlr", "n9jsw"])
        s.initContainers = [.logShipper(), .migrate(seconds: 3)]
        return s
    }()

    /// One worker whose pod IPs are handed out again 4 s after they are freed (the lowest free
    /// address), no preStop hook, long-running requests, and an application that now and then
    /// does not answer in time (504 after ingress-nginx's 3 s proxy-read-timeout): a new pod gets
    /// the address of an old one, and a failed request at that address belongs to whichever
    /// held it when the request was sent.
    static let ipReuse: SimScenario = {
        var s = scenario("ip-reuse", "a pod IP reused by a later pod", start: "2026-11-25T08:10:05Z", seed: 21,
                         names: ["f6mzd", "s2kwn", "aaaaa", "h9tlc", "x4bqr", "bbbbb"])
        s.nodes = SimNode.workers(1)
        s.ipAllocation = .lowestFree(cooldownSeconds: 4)
        s.preStop = .none
        s.requestsPerSecond = 16
        s.longRequestsPerMinute = 12
        s.longRequestSeconds = 20...40
        s.upstreamTimeoutFraction = 0.02
        s.proxyReadTimeoutSeconds = 3
        return s
    }()

    /// One replica replaced without a surge on one worker whose freed addresses are handed out
    /// again at once (`SimScenario.staleEndpoint`, at 6 requests a second): the new pod gets the
    /// old pod's address while the ingress, 5 s behind, still sends there; then no endpoint at all.
    static let staleEndpoint: SimScenario = {
        var s = SimScenario.staleEndpoint
        s.podNames = ["r7kxq", "w2mhz"]
        s.managedFields = true
        s.requestsPerSecond = 6
        s.start = Instant(rfc3339: "2026-11-27T07:40:05Z")!
        s.seed = 22
        return s
    }()

    /// Polled with `kubectl get pods -o json` every 10 s.
    static let snapshots = scenario("snapshots", "polled every 10 s", start: "2026-11-26T13:00:05Z", seed: 17,
                                    names: ["d2nfw", "k8vxl", "t5crq", "6hzmb", "q9wtd", "zl4kx"])

    /// The base of the hostile corpus: one old pod (preStop `sleep 6`, so it stops in 7 s)
    /// replaced by one new pod.
    static let hostile: SimScenario = {
        var s = scenario("hostile", "one pod replaced", start: "2026-11-21T14:20:05Z", seed: 18, names: ["b6wkc", "k2hdz"])
        s.replicas = 1
        s.preStop = .execSleep(6)
        s.managedFields = false
        return s
    }()

    /// The base of `hostile/escapes/`: the old pod is SIGKILLed (preStop `sleep 40`, grace 30)
    /// after its replacement's init container failed three times.
    static let hostileEscapes: SimScenario = {
        var s = scenario("hostile-escapes", "SIGKILL after a crash-looping init container", start: "2026-11-21T14:20:05Z",
                         seed: 19, names: ["b6wkc", "k2hdz"])
        s.replicas = 1
        s.preStop = .execSleep(40)
        s.appShutdownSeconds = 20
        s.initContainers = [.migrate(seconds: 2, failures: .times(3))]
        s.managedFields = false
        return s
    }()

    static let all = [healthy, sigkill, noPrestop, initCrashloop, sidecar, ipReuse, staleEndpoint, snapshots, hostile, hostileEscapes]
        + kinds + argo

    // MARK: StatefulSets and DaemonSets

    static let kinds = [statefulset, statefulsetPartition, statefulsetRollback, daemonset, daemonsetSurge]

    /// StatefulSet `db` (3 replicas, OrderedReady, RollingUpdate): preStop `sleep 40` with a 30 s
    /// grace period, so each pod is SIGKILLed with long requests running; it is recreated under
    /// its name only once gone, highest ordinal first, and on its node gets its predecessor's IP.
    static let statefulset: SimScenario = {
        var s = SimScenario.statefulset
        s.name = "statefulset"
        s.title = "StatefulSet, OrderedReady: SIGKILL, delete then recreate, IP reused"
        s.start = Instant(rfc3339: "2026-11-27T09:00:05Z")!
        s.seed = 31
        s.managedFields = true
        return s
    }()

    /// StatefulSet `db` of 4 replicas, Parallel, partition 2: ordinals 2 and 3 are replaced
    /// (preStop `sleep 5`); 0 and 1 stay on the old revision by design.
    static let statefulsetPartition: SimScenario = {
        var s = SimScenario.statefulset
        s.name = "statefulset-partition"
        s.title = "StatefulSet, Parallel, partition 2: two ordinals replaced, two held"
        s.replicas = 4
        s.preStop = .execSleep(5)
        s.appShutdownSeconds = 1
        s.longRequestsPerMinute = 0
        s.requestsPerSecond = 2
        s.workload = .statefulSet(.init(podManagementPolicy: .parallel, partition: 2))
        s.start = Instant(rfc3339: "2026-11-27T15:10:05Z")!
        s.seed = 32
        s.managedFields = true
        return s
    }()

    /// StatefulSet `db`, OrderedReady, whose new revision's init container fails forever: the
    /// rollout stops at `db-2`. `kubectl rollout undo` at +60 s restores the old template, but
    /// the controller still waits for db-2 to become Ready (kubernetes#67250) until it is
    /// deleted by hand at +150 s; then db-2 comes back at the restored revision.
    static let statefulsetRollback: SimScenario = {
        var s = SimScenario.statefulset
        s.name = "statefulset-rollback"
        s.title = "StatefulSet rolled to a broken revision, rolled back, stuck until the broken pod is deleted"
        s.preStop = .execSleep(5)
        s.appShutdownSeconds = 1
        s.longRequestsPerMinute = 0
        s.requestsPerSecond = 2
        s.initContainers = [SimInitContainer(name: "init-data", image: "busybox:1.37.0", command: ["sh", "-c", "chown -R 70:70 /var/lib/data"],
                                             seconds: 1, failures: .forever, pullSeconds: 0.8)]
        s.workload = .statefulSet(.init(rollbackAfterSeconds: 60))
        s.podDeletions = [SimPodDeletion(pod: "db-2", afterSeconds: 150)]
        s.start = Instant(rfc3339: "2026-11-27T18:40:05Z")!
        s.seed = 33
        s.horizonSeconds = 400
        s.managedFields = true
        return s
    }()

    /// DaemonSet `node-agent` on four workers, maxUnavailable 1: each node's pod stops
    /// (preStop `sleep 5`) and is gone before its replacement is created, one node at a time.
    static let daemonset: SimScenario = {
        var s = SimScenario.daemonset
        s.name = "daemonset"
        s.title = "DaemonSet, maxUnavailable 1: each node without a ready pod for a while"
        s.start = Instant(rfc3339: "2026-11-28T07:30:05Z")!
        s.seed = 34
        s.managedFields = true
        return s
    }()

    /// DaemonSet `node-agent` on three workers, maxSurge 1 and maxUnavailable 0: on each node
    /// the new pod is ready before the old one is deleted; no node goes without.
    static let daemonsetSurge: SimScenario = {
        var s = SimScenario.daemonset
        s.name = "daemonset-surge"
        s.title = "DaemonSet, maxSurge 1: new pod ready before the old one stops"
        s.nodes = SimNode.workers(3)
        s.replicas = 3
        s.maxSurge = 1
        s.maxUnavailable = 0
        s.requestsPerSecond = 2
        s.start = Instant(rfc3339: "2026-11-28T12:15:05Z")!
        s.seed = 35
        s.managedFields = true
        return s
    }()

    // MARK: Argo Rollouts

    static let argo = [canary, canaryAbort, bluegreen]

    /// Argo Rollout `web`, 5 replicas: setWeight 20, pause 30 s, setWeight 60, an analysis that
    /// passes, then full promotion.
    static let canary: SimScenario = {
        var s = SimScenario.canary
        s.title = "Argo canary: setWeight 20, pause 30 s, setWeight 60, analysis passes, promoted"
        s.start = Instant(rfc3339: "2026-11-29T10:00:05Z")!
        s.seed = 41
        s.managedFields = true
        return s
    }()

    /// Argo Rollout `web`, 5 replicas: setWeight 40, then an analysis that fails: aborted.
    static let canaryAbort: SimScenario = {
        var s = SimScenario.canary
        s.name = "canary-abort"
        s.title = "Argo canary aborted by a failed analysis: canary scaled away, stable back to full size"
        s.workload = .argoRollout(.init(strategy: .canary(steps: [
            .setWeight(40), .analysis(template: "error-rate", seconds: 20, passes: false), .setWeight(100),
        ])))
        s.start = Instant(rfc3339: "2026-11-29T13:20:05Z")!
        s.seed = 42
        s.horizonSeconds = 150
        s.managedFields = true
        return s
    }()

    /// Argo Rollout `web`, 3 replicas, blue-green promoted by hand at +40 s; old pods kept 30 s.
    static let bluegreen: SimScenario = {
        var s = SimScenario.bluegreen
        s.title = "Argo blue-green: preview, promoted at 40 s, switch, old pods kept 30 s then drained"
        s.start = Instant(rfc3339: "2026-11-29T11:00:05Z")!
        s.seed = 43
        s.managedFields = true
        return s
    }()
}
