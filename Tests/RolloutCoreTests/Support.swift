import Foundation
import Testing
@testable import RolloutCore
import TestSupport

/// The shared fixtures, and this target's goldens.
enum Paths {
    static let fixtures = Fixtures.root
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    static func fixture(_ relative: String) -> String { Fixtures.path(relative) }
}

/// Decodes in-memory text as if it were a file named `name`.
func decode(_ text: String, name: String = "input.json", explicitTime: Instant? = nil) throws(InputError) -> (observations: [Observation], warnings: [String]) {
    try InputLoader.decode(data: Data(text.utf8), name: name, source: 0, explicitTime: explicitTime, scope: name)
}

func t(_ s: String) -> Instant { Instant(rfc3339: s)! }

/// Compares `actual` with the golden `name` in this target's Goldens folder.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    Golden.expect(actual, name, in: Paths.goldens, sourceLocation: sourceLocation)
}

/// Hand-built timelines for the small tests: every time is seconds after `t0`.
enum Hand {
    static let t0 = Instant(rfc3339: "2026-11-20T14:00:00Z")!

    static func at(_ seconds: Double) -> Instant { t0 + seconds }
    static func maybe(_ seconds: Double?) -> Instant? { seconds.map { t0 + $0 } }

    /// A pod of `web` created (and first seen) at `created`, running `nginx`.
    static func pod(_ name: String = "web-1", created: Double = 0, role: Role = .new) -> PodTimeline {
        var p = PodTimeline(name: name, uid: "uid-" + name, namespace: "shop", workload: "web", replicaSet: "web-5f8d7c9b4a",
                            templateHash: "5f8d7c9b4a", createdAt: at(created), firstSeenAt: at(created), lastSeenAt: at(created),
                            status: "Running")
        p.role = role
        p.ip = "10.244.1.7"
        p.containers = [container()]
        return p
    }

    static func container(_ name: String = "nginx", preStop: PreStopKind = .none, sleep: Int? = nil, command: String? = nil,
                          started: Double? = nil, finished: Double? = nil, exit: Int? = nil) -> ContainerTimeline {
        ContainerTimeline(name: name, preStop: preStop, preStopSleepSeconds: sleep, preStopCommand: command, startedAt: maybe(started),
                          restarts: 0, finishedAt: maybe(finished), exitCode: exit)
    }

    static func initContainer(_ name: String = "migrate", started: Double?, finished: Double? = nil, exit: Int? = nil, reason: String? = nil,
                              restarts: Int = 0, waiting: String? = nil, sidecar: Bool = false, running: Bool = false) -> InitContainerTimeline {
        InitContainerTimeline(name: name, sidecar: sidecar, startedAt: maybe(started), finishedAt: maybe(finished), exitCode: exit,
                              reason: reason, restarts: restarts, firstStartedAt: maybe(started), waitingReason: waiting, running: running)
    }

    /// A termination requested at `requested`; `seconds` when its end was seen.
    static func termination(requested: Double, grace: Int = 30, preStop: PreStopKind = .none, sleep: Int? = nil,
                            seconds: Double? = nil, atMost: Double? = nil, atLeast: Double? = nil,
                            exitCodes: [(String, Int)] = [], exceeded: Bool? = nil) -> Termination {
        var t = Termination(requestedAt: at(requested), gracePeriodSeconds: grace, preStop: preStop, preStopSleepSeconds: sleep,
                            exitCodes: exitCodes.map { (container: $0.0, code: $0.1) })
        t.killingAt = at(requested)
        t.seconds = seconds
        t.finishedAt = seconds.map { at(requested + $0) }
        t.secondsAtMost = atMost
        t.secondsAtLeast = atLeast
        t.exceededGrace = exceeded
        return t
    }

    static func signal(at seconds: Double, status: Int = 502) -> Signal {
        Signal(time: at(seconds), ip: "10.244.1.7", pod: nil, status: status, kind: String(status), dropped: true,
               summary: "GET / \(status)", origin: "ingress.log:1")
    }

    /// A request the proxy answered itself, having no endpoint (Envoy `503 UH`), sent at `sent`.
    static func noUpstream(at seconds: Double, sent: Double? = nil) -> Signal {
        Signal(time: at(seconds), requestStart: sent.map(at), ip: nil, pod: nil, status: 503, kind: "503 UH", dropped: true,
               summary: "GET / 503 UH", origin: "envoy.log:1", format: .envoy, noHealthyUpstream: true,
               service: "outbound|80||web.shop.svc.cluster.local")
    }

    static func event(_ reason: String, at seconds: Double, message: String) -> KubeEvent {
        let o = KubeObject()
        o.involvedObject = ObjectRef(kind: "Pod", name: "web-1", namespace: "shop", uid: "uid-web-1")
        o.reason = reason
        o.message = message
        o.type = "Warning"
        o.eventTime = at(seconds)
        return KubeEvent(o)!
    }

    /// The chart row of `segments` at one column a second from `t0`.
    static func row(_ segments: [Segment], columns: Int) -> String {
        TimelineChart(start: t0, step: 1, columns: columns).row(segments)
    }
}
