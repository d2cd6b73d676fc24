/// Turns a rollout's timelines into findings: cause and remedy, in the user's numbers.
///
/// One function per finding kind (`Findings+Pod.swift`, `Findings+Rollout.swift`); the
/// switches below name every kind, so a new one does not compile until it is found somewhere.
public enum Findings {
    /// Default `progressDeadlineSeconds` of a Deployment.
    static let defaultProgressDeadline = 600

    /// `pods`: the rollout's pods, when they are not yet in `r.pods`.
    /// `podFindings`: what `podFindings(of: pods)` gives, when already known.
    static func evaluate(_ r: Rollout, pods: [PodTimeline]? = nil, podFindings known: [Finding]? = nil, deployment: WorkloadInfo?,
                         asOf: Instant) -> [Finding] {
        let pods = pods ?? r.pods
        var out = known ?? podFindings(of: pods)
        out += cleaned(rolloutFindings(r, pods: pods, deployment: deployment, asOf: asOf))
        sort(&out)
        return out
    }

    /// Most severe first, then by time, pod and kind.
    static func sort(_ findings: inout [Finding]) {
        findings.sort { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            return (a.at ?? Instant(seconds: 0), a.pod ?? "", a.kind.rawValue) < (b.at ?? Instant(seconds: 0), b.pod ?? "", b.kind.rawValue)
        }
    }

    /// Messages quote cluster text (names, IPs, hook commands): make every one inert. A pod's
    /// findings carry its uid (a StatefulSet pod name has several incarnations).
    static func cleaned(_ findings: [Finding], uid: String? = nil) -> [Finding] {
        findings.map { f in
            var f = f
            f.message = Sanitizer.clean(f.message)
            f.uid = uid
            return f
        }
    }

    /// The findings about each of `pods`, in their order, cleaned: they depend on the pod
    /// alone, not on when the rollout was last observed.
    /// `parallel`: on both cores for thousands of pods (they are independent).
    static func podFindings(of pods: [PodTimeline], parallel: Bool = true) -> [Finding] {
        Parallel.map(pods.count, minimum: parallel ? 256 : .max) { i in cleaned(podFindings(pods[i]), uid: pods[i].uid) }.flatMap { $0 }
    }

    /// Every finding about one pod, kind by kind.
    static func podFindings(_ p: PodTimeline) -> [Finding] {
        var out: [Finding] = []
        for kind in Finding.Kind.allCases { out += podFindings(kind, p) }
        return out
    }

    /// The findings of one kind about `p` (none for the kinds about a whole rollout).
    static func podFindings(_ kind: Finding.Kind, _ p: PodTimeline) -> [Finding] {
        switch kind {
        case .graceExceeded: graceExceeded(p).map { [$0] } ?? []
        case .noPreStop: noPreStop(p).map { [$0] } ?? []
        case .preStopFailed: preStopFailed(p).map { [$0] } ?? []
        case .droppedConnections: droppedConnections(p).map { [$0] } ?? []
        case .endpointServingAfterExit: endpointServingAfterExit(p).map { [$0] } ?? []
        case .initFailed: initFailed(p)
        case .terminationUnobserved: terminationUnobserved(p).map { [$0] } ?? []
        case .noHealthyUpstream, .rolloutStalled, .availabilityDip, .nodeWithoutReadyPod, .rolloutHeld, .rolloutAborted: []
        }
    }

    /// The findings about the rollout as a whole (not attributed to a pod).
    /// `deployment` is the workload object of the rollout's kind (a Deployment, StatefulSet,
    /// DaemonSet or Rollout), when one was seen.
    static func rolloutFindings(_ r: Rollout, pods: [PodTimeline], deployment: WorkloadInfo?, asOf: Instant) -> [Finding] {
        Finding.Kind.allCases.flatMap { kind -> [Finding] in
            switch kind {
            case .rolloutStalled: rolloutStalled(r, pods: pods, deployment: deployment, asOf: asOf).map { [$0] } ?? []
            case .availabilityDip: availabilityDip(r, asOf: asOf).map { [$0] } ?? []
            case .noHealthyUpstream: noHealthyUpstream(r).map { [$0] } ?? []
            case .nodeWithoutReadyPod: nodeWithoutReadyPod(r, pods: pods, asOf: asOf)
            case .rolloutHeld: rolloutHeld(r, pods: pods).map { [$0] } ?? []
            case .rolloutAborted: rolloutAborted(r, pods: pods).map { [$0] } ?? []
            case .graceExceeded, .noPreStop, .preStopFailed, .droppedConnections, .endpointServingAfterExit, .initFailed,
                 .terminationUnobserved: []
            }
        }
    }

    // MARK: Wording shared by several kinds

    static func secs(_ v: Double) -> String { "\(JSONWriter.formatNumber(v)) s" }

    static func offset(_ d: Double) -> String {
        d >= 0 ? "+" + secs(d) : "-" + secs(-d)
    }

    /// ` (sleep 40 s)`, ` (/bin/sh -c sleep 40)`, or nothing when the pod has no hook.
    static func hookDescription(_ p: PodTimeline) -> String {
        if let s = p.containers.compactMap(\.preStopSleepSeconds).first { return " (sleep \(s) s)" }
        if let cmd = p.containers.compactMap(\.preStopCommand).first { return " (\(Sanitizer.clean(String(cmd.prefix(60)))))" }
        return ""
    }

    /// The seconds of a `sleep N` inside an exec hook command, if it has one.
    static func sleepSeconds(in command: String) -> Int? {
        let words = command.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "&" })
        for (i, w) in words.enumerated() where w == "sleep" && i + 1 < words.count {
            if let v = Int(words[i + 1]) { return v }
        }
        return nil
    }
}
