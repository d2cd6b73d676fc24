import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RolloutCore
import Synchronization

/// Sends requests through the front door during a rollout (`watch --probe URL`) and turns
/// what goes wrong into signals: refused, reset and timed-out connections, 5xx answers, and
/// answers slower than `slow`. One thread keeps the pace (at most `rate` a second, spaced,
/// never bursting to catch up); each request runs on a thread of its own, at most
/// `maxInFlight` at once. `stop()` wakes every wait at once through a pipe, so the prober
/// ends with the UI within a fraction of a second, whatever its requests are waiting for.
public final class Prober: Sendable {
    public let config: ProbeConfig
    let tls: TLSContext?
    let request: [UInt8]
    /// Written to on `stop()`, never read: its read end stays readable, so every poll returns.
    let stopRead: Int32
    let stopWrite: Int32

    struct State {
        var stopped = false
        var started = false
        var threads = 0
        var inFlight = 0
        var stats = ProbeStats()
        var addresses: [ProbeAddress] = []
        var resolvedAt = -Double.infinity
    }
    let state = Mutex(State())

    /// Seconds a resolved address list is used before the name is resolved again: the front
    /// door's addresses rarely change during a rollout, and the cluster's DNS is spared.
    static let resolveEvery = 10.0

    public struct SetupError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Ready to start; for `https://`, OpenSSL is opened and the CAs read now, so that a
    /// missing libssl or a bad `--probe-ca` is a usage error before the UI starts.
    public init(_ config: ProbeConfig) throws(SetupError) {
        self.config = config
        if config.target.scheme == .https {
            do {
                tls = try TLSContext(caFile: config.caFile)
            } catch {
                throw SetupError(description: error.description)
            }
        } else {
            tls = nil
        }
        request = HTTPProbe.request(config.target)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw SetupError(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        for fd in fds {
            // Close-on-exec, so kubectl never inherits it; non-blocking, so `stop` never waits.
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }
        stopRead = fds[0]
        stopWrite = fds[1]
    }

    deinit {
        close(stopRead)
        close(stopWrite)
    }

    public var stats: ProbeStats { state.withLock { $0.stats } }

    /// Starts sending. `now` stamps each request's start (the session's clock, as observations
    /// are stamped); `emit` takes each signal as its request ends.
    public func start(now: @escaping @Sendable () -> Instant, emit: @escaping @Sendable (Signal) -> Void) {
        let go = state.withLock { s in
            defer { s.started = true }
            return !s.started && !s.stopped
        }
        guard go else { return }
        spawn { self.pace(now: now, emit: emit) }
    }

    /// Stops the pace and every request in flight; returns when their threads are gone (or
    /// after `timeout`: a thread inside getaddrinfo ends on its own, and emits nothing).
    public func stop(timeout: Double = 1) {
        state.withLock { $0.stopped = true }
        var byte: UInt8 = 1
        _ = write(stopWrite, &byte, 1)
        let deadline = ProbeConnection.monotonic() + timeout
        while state.withLock({ $0.threads }) > 0 && ProbeConnection.monotonic() < deadline { usleep(2_000) }
    }

    var stopped: Bool { state.withLock { $0.stopped } }

    func spawn(_ body: @escaping @Sendable () -> Void) {
        state.withLock { $0.threads += 1 }
        let thread = Thread {
            body()
            self.state.withLock { $0.threads -= 1 }
        }
        thread.stackSize = 512 << 10
        thread.start()
    }

    /// Sleeps until `deadline` (monotonic) or `stop()`; false when stopped.
    func sleep(until deadline: Double) -> Bool {
        while true {
            let left = deadline - ProbeConnection.monotonic()
            if left <= 0 { return !stopped }
            var fd = pollfd(fd: stopRead, events: Int16(POLLIN), revents: 0)
            if poll(&fd, 1, Int32((left * 1000).rounded(.up))) > 0 { return false }
        }
    }

    /// The pace: one request every 1/rate seconds, counted from when the last was sent, so a
    /// late wake-up never makes two close together.
    func pace(now: @escaping @Sendable () -> Instant, emit: @escaping @Sendable (Signal) -> Void) {
        let interval = 1 / config.rate
        var next = ProbeConnection.monotonic()
        while sleep(until: next) {
            let sent = ProbeConnection.monotonic()
            let go = state.withLock { s in
                guard s.inFlight < config.maxInFlight else { s.stats.skipped += 1; return false }
                s.inFlight += 1
                s.stats.sent += 1
                return true
            }
            if go {
                let start = now()
                spawn {
                    let signal = self.probe(start: start, began: sent)
                    self.finish(signal, emit: emit)
                }
            }
            next = sent + interval
        }
    }

    /// Counts a finished request and hands its signal on, unless the prober stopped meanwhile.
    func finish(_ result: Result<Signal?, ProbeConnection.Failure>, emit: @Sendable (Signal) -> Void) {
        let signal: Signal? = state.withLock { s in
            s.inFlight -= 1
            guard !s.stopped else { return nil }
            switch result {
            case .failure:
                return nil
            case .success(let signal):
                guard let signal, let kind = ProbeKind(rawValue: signal.kind) else { s.stats.answered += 1; return nil }
                if kind.isFailure {
                    s.stats.failed += 1
                    s.stats.lastFailure = signal.summary
                } else {
                    s.stats.slow += 1
                }
                return signal
            }
        }
        if let signal { emit(signal) }
    }

    /// One request: the signal it comes to (nil for a good answer in time), or `.stopped`.
    func probe(start: Instant, began: Double) -> Result<Signal?, ProbeConnection.Failure> {
        let deadline = began + config.timeout
        let target = config.target
        let what = "GET \(target.path.prefix(80))"
        func elapsed() -> String { Prober.milliseconds(ProbeConnection.monotonic() - began) }
        do {
            let addresses = try addresses().get()
            let connection = try ProbeConnection.open(addresses, deadline: deadline, stopFD: stopRead)
            if let tls { try connection.startTLS(tls, host: target.host) }
            let answer = try HTTPProbe.exchange(connection, request: request, podHeader: config.podHeader)
            let seconds = ProbeConnection.monotonic() - began
            let kind: ProbeKind
            if answer.status >= 500 {
                kind = .serverError
            } else if seconds > config.slow {
                kind = .slow
            } else {
                return .success(nil)
            }
            let (pod, ip) = Prober.servedBy(answer.servedBy)
            var summary = "\(what) \(answer.status) in \(elapsed())"
            if let by = answer.servedBy { summary += " from \(by)" }
            return .success(.probe(start: start, kind: kind, status: answer.status, pod: pod, ip: ip,
                                   summary: Sanitizer.clean(String(summary.prefix(200)))))
        } catch {
            switch error {
            case .stopped:
                return .failure(.stopped)
            case .failed(let kind, let detail):
                let summary = "\(what) \(kind.rawValue) after \(elapsed()): \(detail)"
                return .success(.probe(start: start, kind: kind, status: nil, pod: nil, ip: nil,
                                       summary: Sanitizer.clean(String(summary.prefix(200)))))
            }
        }
    }

    /// The front door's addresses: resolved again every `resolveEvery` seconds; a failed
    /// resolution keeps the last good list when there is one.
    func addresses() -> Result<[ProbeAddress], ProbeConnection.Failure> {
        let now = ProbeConnection.monotonic()
        let cached: [ProbeAddress]? = state.withLock { s in
            if now - s.resolvedAt < Prober.resolveEvery { return s.addresses }
            // This request resolves; the others use the old list meanwhile, if there is one.
            if !s.addresses.isEmpty { s.resolvedAt = now }
            return nil
        }
        if let cached { return .success(cached) }
        let resolved = ProbeAddress.resolve(config.target.host, port: config.target.port)
        return state.withLock { s in
            switch resolved {
            case .success(let list):
                s.addresses = list
                s.resolvedAt = now
                return resolved
            case .failure:
                return s.addresses.isEmpty ? resolved : .success(s.addresses)
            }
        }
    }

    /// The pod the answer's header names: an IP (`10.244.1.7` or `10.244.1.7:8080`,
    /// `[fd00::7]:8080`) or else a pod name, cleaned and cut to Kubernetes' 253 characters.
    static func servedBy(_ value: String?) -> (pod: String?, ip: String?) {
        guard let raw = value?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return (nil, nil) }
        var host = raw
        if raw.hasPrefix("["), let close = raw.firstIndex(of: "]") {
            host = String(raw[raw.index(after: raw.startIndex)..<close])
        } else if raw.filter({ $0 == ":" }).count == 1, let colon = raw.firstIndex(of: ":") {
            host = String(raw[..<colon])
        }
        if ProbeTarget.isIPv4(host) || ProbeTarget.isIPv6(host) { return (nil, host) }
        return (String(Sanitizer.clean(raw).prefix(253)), nil)
    }

    /// `12 ms`, `1.25 s`.
    static func milliseconds(_ seconds: Double) -> String {
        seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : String(format: "%.2f s", seconds)
    }
}
