@testable import RolloutCore
@testable import RolloutUI

/// Tiny hand-made values for the pane tests: on 2026-11-21 at 14:20 the deletion of the old pod
/// `web-old-a` is requested; its preStop hook outlasts the 30 s grace period and it is SIGKILLed
/// at 14:20:32; the ingress dropped two requests to it on the way; the new pod `web-new-b` became ready at
/// 14:20:12 after its init container ran.
enum Sample {
    static func at(_ clock: String) -> Instant { Instant(rfc3339: "2026-11-21T\(clock)Z")! }

    static func event(_ reason: String, _ message: String, at clock: String, pod: String, warning: Bool = false) -> KubeEvent {
        let o = KubeObject()
        o.kind = "Event"
        o.involvedObject = ObjectRef(kind: "Pod", name: pod, namespace: "shop")
        o.reason = reason
        o.message = message
        o.type = warning ? "Warning" : "Normal"
        o.firstTimestamp = at(clock)
        return KubeEvent(o)!
    }

    static func pod(_ name: String, role: Role, created: String, status: String) -> PodTimeline {
        var p = PodTimeline(name: name, uid: name, namespace: "shop", workload: "web", replicaSet: role == .old ? "web-old" : "web-new",
                            templateHash: role == .old ? "old" : "new", firstSeenAt: at(created), lastSeenAt: at("14:21:00"), status: status)
        p.role = role
        p.createdAt = at(created)
        return p
    }

    static var oldPod: PodTimeline {
        var p = pod("web-old-a", role: .old, created: "14:00:00", status: "Terminating")
        p.node = "worker-1"
        p.ip = "10.0.0.1"
        p.scheduledAt = at("14:00:01")
        p.initializedAt = at("14:00:09")
        p.readyAt = at("14:00:12")
        p.initContainers = [InitContainerTimeline(name: "migrate", sidecar: false, startedAt: at("14:00:03"), finishedAt: at("14:00:08"),
                                                  exitCode: 0, restarts: 0, running: false)]
        p.containers = [ContainerTimeline(name: "nginx", preStop: .exec, preStopCommand: "sleep 40", startedAt: at("14:00:10"), restarts: 0,
                                          finishedAt: at("14:20:32"), exitCode: 137, reason: "Error")]
        p.termination = Termination(requestedAt: at("14:20:00"), gracePeriodSeconds: 30, preStop: .exec, killingAt: at("14:20:00"),
                                    finishedAt: at("14:20:32"), seconds: 32, exitCodes: [("nginx", 137)], exceededGrace: true)
        p.endpoint = [EndpointObservation(time: at("14:20:01"), slice: "web-x1", present: true, ready: false, serving: true, terminating: true)]
        p.signals = [drop("14:20:25", "GET /cart 502"), drop("14:20:31", "POST /pay 502")]
        p.events = [event("Killing", "Stopping container nginx", at: "14:20:00", pod: p.name)]
        return p
    }

    static var newPod: PodTimeline {
        var p = pod("web-new-b", role: .new, created: "14:20:00", status: "Running")
        p.node = "worker-2"
        p.ip = "10.0.0.2"
        p.initializedAt = at("14:20:08")
        p.readyAt = at("14:20:12")
        p.initContainers = [InitContainerTimeline(name: "migrate", sidecar: false, startedAt: at("14:20:02"), finishedAt: at("14:20:07"),
                                                  exitCode: 0, restarts: 0, running: false)]
        p.containers = [ContainerTimeline(name: "nginx", preStop: .sleep, preStopSleepSeconds: 5, startedAt: at("14:20:09"), restarts: 0)]
        p.events = [event("Pulled", "image pulled", at: "14:20:08", pod: p.name)]
        return p
    }

    static func drop(_ clock: String, _ summary: String) -> Signal {
        Signal(time: at(clock), ip: "10.0.0.1", pod: nil, status: 502, kind: "http", dropped: true, summary: summary, origin: "log:1")
    }

    static var finding: Finding {
        Finding(kind: .graceExceeded, severity: .error, pod: "web-old-a", at: at("14:20:30"),
                message: "nginx was still running 32 s after the deletion request; grace period 30 s.")
    }

    static func rollout(_ state: RolloutProgress.State = .rolling, newReady: Int = 1, oldServing: Int = 0, terminating: Int = 1,
                        findings: [Finding] = [finding], finished: String? = nil) -> Rollout {
        Rollout(workload: "web", namespace: "shop", startedAt: at("14:20:00"), finishedAt: finished.map(at), replicaSets: [],
                pods: [oldPod, newPod], findings: findings,
                progress: RolloutProgress(state: state, newReady: newReady, desired: 1, oldServing: oldServing, terminating: terminating),
                observedFrom: at("14:00:00"), observedUntil: at("14:21:00"))
    }

    static func state(_ mode: Mode = .replay, cursor: String = "14:20:40") -> AppState {
        AppState(mode: mode, source: "test", cursor: at(cursor))
    }
}
