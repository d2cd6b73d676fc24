import Foundation
import RolloutCore
import RolloutSim
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Kubernetes API server on 127.0.0.1 that plays a `SimOutput` in real time, for the real
/// `kubectl` to talk to: discovery, `/version`, and list, get and watch of pods, events
/// (core/v1 and events.k8s.io/v1), EndpointSlices, Deployments and ReplicaSets (plus a few
/// static objects: namespaces, nodes, the Service), with label and field selectors.
///
/// The server owns a clock: the simulation's "now" is `output.start + startOffset` when
/// `start()` is called and advances `speed` simulated seconds per real second. Lists show the
/// objects as of now; watches send what changed since the `resourceVersion` they name (or
/// ADDED for everything, for none or `0`), then each change when its time comes.
///
/// Thread-based and blocking: one thread accepts, one thread per connection (HTTP/1.1 with
/// keep-alive; watches as chunked responses). All mutable state sits behind one lock.
///
/// Failure modes (`mode`, switchable while running) stand in for what goes wrong with real
/// clusters; see `Mode`.
///
///     let server = FakeKubeAPI(output: Simulator.run(.healthy), speed: 30)
///     try server.start()
///     defer { server.stop() }          // the threads keep the server alive until stop()
///     try server.writeKubeconfig(to: dir + "/kubeconfig")
///     // kubectl --kubeconfig DIR/kubeconfig --cache-dir DIR/cache \
///     //     get pods -n shop -l app=web -w -o json --output-watch-events
///
/// What kubectl 1.32 asks, and the answers:
/// - `/usr/bin/kubectl` is gcloud's dispatcher: it first sends `GET /version?timeout=5s`
///   (User-Agent `kubectl-dispatcher/v1.0`) and runs the kubectl release matching the
///   server's minor version (`serverVersion`, v1.32.4 by default, so kubectl 1.32).
/// - Discovery, once per cache dir: `GET /api` and `GET /apis` with Accept
///   `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,...v2beta1...,
///   application/json`. Answered with the aggregated document (`.aggregated`), or with
///   `APIVersions`/`APIGroupList`, after which kubectl fetches `/api/v1`, `/apis/apps/v1`,
///   `/apis/discovery.k8s.io/v1` and `/apis/events.k8s.io/v1` (`.legacy`).
/// - `-o json`: `Accept: application/json`, lists with `limit=500` (answered whole, no
///   `continue`). Without `-o`: `Accept: application/json;as=Table;v=v1;g=meta.k8s.io,...`,
///   answered with a server-side `Table` (see `Tables`).
/// - `get -w`: a list, then `?resourceVersion=<list's>&watch=true`.
///   `rollout status`: list with `fieldSelector=metadata.name=web&resourceVersion=0`, then
///   `watch=true&allowWatchBookmarks=true&timeoutSeconds=...`.
public final class FakeKubeAPI: @unchecked Sendable {
    public enum Mode: Sendable, Equatable {
        /// Serve normally.
        case ok
        /// Every request gets 401 with a `Status` body (an expired or wrong token).
        case unauthorized
        /// Resource requests (list, get, watch) get 500 `InternalError`; discovery and
        /// `/version` keep working, so kubectl gets as far as the request that fails.
        case error500
        /// Read each request and never answer (the connection stays open until the client
        /// gives up or the server stops). Open watches stall: nothing more is sent.
        case hang
        /// Serve normally, but end every watch stream this many real seconds after it opened
        /// (including watches already open), as real API servers do after their 30-60 min
        /// timeout: clients must list again and watch again.
        case closeWatchesAfter(Double)
    }

    /// How discovery is answered.
    public enum Discovery: Sendable, Equatable {
        /// Answer the aggregated discovery request (`/api` and `/apis` as
        /// `APIGroupDiscoveryList`, apidiscovery.k8s.io/v2) when asked for it, as servers since
        /// 1.30 do; legacy documents otherwise.
        case aggregated
        /// Only the legacy documents (`APIVersions`, `APIGroupList`, one `APIResourceList` per
        /// group version), as servers before 1.26 did: kubectl falls back to them.
        case legacy
    }

    /// An environment variable added to every container of the pods (and the Deployment's pod
    /// template) when served.
    public struct EnvVar: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One request as received, for tests and for reporting what a client asked.
    public struct LoggedRequest: Sendable, Equatable, CustomStringConvertible {
        public var method: String
        public var path: String
        /// The query string as sent (percent-encoded).
        public var query: String
        public var accept: String
        public var userAgent: String
        public var isWatch: Bool
        /// The status answered (0 while unanswered: a hang, or a watch still being opened).
        public var status: Int

        public var description: String {
            "\(method) \(path)\(query.isEmpty ? "" : "?" + query) [Accept: \(accept)] [\(userAgent)] -> \(status == 0 ? "-" : String(status))"
        }
    }

    /// The secret-like value the pods carry by default, so that clients' redaction can be
    /// tested: `DB_PASSWORD=hunter2-secret` in every container's `env`.
    public static let secretEnv = EnvVar(name: "DB_PASSWORD", value: "hunter2-secret")

    public let output: SimOutput
    let history: ClusterHistory
    let discovery: Discovery
    /// Argo Rollouts' CRD is installed: rollouts.argoproj.io is served and discovered.
    let argoCRD: Bool
    /// What `/version` reports. The gcloud `kubectl` dispatcher picks the kubectl release
    /// matching the server's minor version, so this also selects the client.
    public let serverVersion: String
    /// Real seconds between BOOKMARK events on watches that ask for them.
    public let bookmarkInterval: Double
    let startOffset: Double

    private let lock = NSCondition()
    private var _mode: Mode
    private var _speed: Double
    /// The clock: simulation time `simBase` at real (monotonic) time `realBase`.
    private var simBase: Double
    private var realBase: Double = 0
    private var started = false
    private var stopped = false
    private var listenFD: Int32 = -1
    private var _port = 0
    private var connections: Set<Int32> = []
    private var threads = 0
    private var _requests: [LoggedRequest] = []
    private var _counts: [String: Int] = [:]
    private var _watchConnections = 0
    private var _openWatches = 0

    /// - Parameters:
    ///   - output: the simulation to play.
    ///   - speed: simulated seconds per real second.
    ///   - startOffset: simulated seconds past `output.start` at which the clock starts.
    ///   - mode: the initial failure mode.
    ///   - podEnv: added to every container of the pods and the Deployment's template (by
    ///     default `DB_PASSWORD=hunter2-secret`; RolloutSim has no env for the app container).
    ///   - discovery: aggregated (as kubectl 1.32 asks first) or legacy only.
    ///   - argoCRD: whether Argo Rollouts' CRD is installed (rollouts.argoproj.io served and in
    ///     discovery); false gives a cluster without it.
    public init(output: SimOutput, speed: Double = 20, startOffset: Double = 0, mode: Mode = .ok,
                podEnv: [EnvVar] = [FakeKubeAPI.secretEnv], discovery: Discovery = .aggregated,
                serverVersion: String = "v1.32.4", bookmarkInterval: Double = 1, argoCRD: Bool = true) {
        self.output = output
        self.argoCRD = argoCRD
        self.history = ClusterHistory(output, podEnv: podEnv)
        self.discovery = discovery
        self.serverVersion = serverVersion
        self.bookmarkInterval = bookmarkInterval
        self.startOffset = startOffset
        _mode = mode
        _speed = speed
        simBase = output.start.seconds + startOffset
    }

    deinit { stop() }

    // MARK: Public state

    /// The port listened on (0 before `start()`).
    public var port: Int { lock.withLock { _port } }

    /// `http://127.0.0.1:PORT`.
    public var url: String { "http://127.0.0.1:\(port)" }

    public var mode: Mode {
        get { lock.withLock { _mode } }
        set { lock.withLock { _mode = newValue } }
    }

    /// Simulated seconds per real second; changing it keeps "now" where it is.
    public var speed: Double {
        get { lock.withLock { _speed } }
        set {
            lock.withLock {
                let now = ProcessInfo.processInfo.systemUptime
                if started { simBase += (now - realBase) * _speed; realBase = now }
                _speed = newValue
            }
        }
    }

    /// "Now" in simulation time (the clock stands at its start until `start()`).
    public var simulationNow: Instant { Instant(seconds: simNow()) }

    /// Moves the clock forward (or back, for negative values) by simulated seconds. Open
    /// watches send what the jump passed over within a quarter of a second.
    public func advance(bySimulatedSeconds seconds: Double) {
        lock.withLock { simBase += seconds }
    }

    /// The simulation has no more changes after this (its last record).
    public var simulationEnd: Instant { output.end }

    /// Every request so far, in arrival order.
    public var requests: [LoggedRequest] { lock.withLock { _requests } }

    /// Requests per path (no query), every mode.
    public var requestCounts: [String: Int] { lock.withLock { _counts } }

    public func requestCount(path: String) -> Int { lock.withLock { _counts[path] ?? 0 } }

    /// Watch streams opened so far (a 200 with a chunked body).
    public var watchConnections: Int { lock.withLock { _watchConnections } }

    /// Watch streams open now.
    public var openWatches: Int { lock.withLock { _openWatches } }

    // MARK: Start and stop

    public func start() throws {
        let (fd, port) = try Listener.open(port: 0)
        lock.withLock {
            listenFD = fd
            _port = port
            started = true
            realBase = ProcessInfo.processInfo.systemUptime
            threads += 1
        }
        let t = Thread { [self] in acceptLoop(fd) }
        t.name = "FakeKubeAPI accept"
        t.start()
    }

    /// Stops accepting, ends every connection (open watches and hangs included) and waits up
    /// to two seconds for their threads to finish.
    public func stop() {
        lock.lock()
        guard started, !stopped else { lock.unlock(); return }
        stopped = true
        if listenFD >= 0 { shutdown(listenFD, Int32(SHUT_RDWR)) }
        for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
        let deadline = Date().addingTimeInterval(2)
        while threads > 0, lock.wait(until: deadline) {}
        lock.unlock()
    }

    // MARK: Clock

    func simNow() -> Double {
        lock.withLock {
            guard started else { return simBase }
            return simBase + (ProcessInfo.processInfo.systemUptime - realBase) * _speed
        }
    }

    var isStopped: Bool { lock.withLock { stopped } }

    // MARK: Threads

    private func threadDone() {
        lock.withLock {
            threads -= 1
            lock.broadcast()
        }
    }

    private func acceptLoop(_ fd: Int32) {
        defer {
            lock.withLock {
                close(fd)
                listenFD = -1
            }
            threadDone()
        }
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                // stop() shuts the socket down; anything else (EINTR, EMFILE, ...) is passing.
                if isStopped { return }
                usleep(10_000)
                continue
            }
            let admitted = lock.withLock { () -> Bool in
                guard !stopped else { return false }
                connections.insert(client)
                threads += 1
                return true
            }
            guard admitted else { close(client); return }
            Listener.setNoDelay(client)
            let t = Thread { [self] in serve(Connection(fd: client)) }
            t.name = "FakeKubeAPI connection"
            t.start()
        }
    }

    private func serve(_ conn: Connection) {
        defer {
            lock.withLock { _ = connections.remove(conn.fd) }
            close(conn.fd)
            threadDone()
        }
        while !isStopped, let request = conn.readRequest() {
            guard handle(request, conn) else { return }
            if !request.keepAlive { return }
        }
    }

    // MARK: Bookkeeping

    func log(_ r: HTTPRequest, watch: Bool) -> Int {
        lock.withLock {
            _counts[r.path, default: 0] += 1
            _requests.append(LoggedRequest(method: r.method, path: r.path, query: r.rawQuery, accept: r.accept,
                                           userAgent: r.headers["user-agent"] ?? "", isWatch: watch, status: 0))
            return _requests.count - 1
        }
    }

    func setStatus(_ index: Int, _ status: Int) {
        lock.withLock { _requests[index].status = status }
    }

    func watchOpened() { lock.withLock { _watchConnections += 1; _openWatches += 1 } }
    func watchClosed() { lock.withLock { _openWatches -= 1 } }

    // MARK: Kubeconfig

    /// A kubeconfig for this server: cluster `fake` at `http://127.0.0.1:PORT`, user `fake`
    /// with a bearer token, context `fake` with namespace `shop`, current.
    public func kubeconfig(token: String = "fake-token", namespace: String? = nil) -> String {
        FakeKubeAPI.kubeconfig(server: url, token: token, namespace: namespace ?? output.scenario.namespace)
    }

    /// Writes `kubeconfig(...)` to `path` (mode 0600) and returns the path.
    @discardableResult
    public func writeKubeconfig(to path: String, token: String = "fake-token", namespace: String? = nil) throws -> String {
        try Data(kubeconfig(token: token, namespace: namespace).utf8).write(to: URL(fileURLWithPath: path))
        _ = chmod(path, 0o600)
        return path
    }

    public static func kubeconfig(server: String, token: String = "fake-token", namespace: String = "shop",
                                  context: String = "fake") -> String {
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: \(context)
          cluster:
            server: \(server)
            insecure-skip-tls-verify: true
        users:
        - name: \(context)
          user:
            token: \(token)
        contexts:
        - name: \(context)
          context:
            cluster: \(context)
            user: \(context)
            namespace: \(namespace)
        current-context: \(context)
        preferences: {}

        """
    }
}

extension NSCondition {
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}
