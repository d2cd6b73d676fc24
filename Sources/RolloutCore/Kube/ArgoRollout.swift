/// What rollscope reads of an Argo Rollout (`argoproj.io/v1alpha1`, kind `Rollout`): its
/// strategy (canary steps or blue-green Services), the phase its controller computed, the
/// step it is at, abort, pause conditions and the hashes of its ReplicaSets
/// (pkg/apis/rollouts/v1alpha1/types.go). Only these fields are decoded.
public struct ArgoRollout: Sendable, Equatable {
    public enum Strategy: String, Sendable {
        case canary = "Canary"
        case blueGreen = "BlueGreen"
    }

    /// One canary step, as `spec.strategy.canary.steps[i]` says it.
    public enum Step: Sendable, Equatable, CustomStringConvertible {
        /// Scale (or route) the canary to this percentage.
        case setWeight(Int)
        /// Wait this long, or until promoted when nil (`pause: {}`).
        case pause(seconds: Int?)
        /// Run an analysis (its templates' names): a failure aborts the rollout.
        case analysis([String])
        /// Override the canary's scale: replicas, or a weight, or match the traffic weight.
        case setCanaryScale(replicas: Int?, weight: Int?)
        /// Another step (experiment, setHeaderRoute, setMirrorRoute, plugin), by its key.
        case other(String)

        public var description: String {
            switch self {
            case .setWeight(let w): "setWeight \(w)"
            case .pause(let s?): "pause \(formatDuration(Double(s)))"
            case .pause(nil): "pause (until promoted)"
            case .analysis(let names): names.isEmpty ? "analysis" : "analysis " + names.joined(separator: ", ")
            case .setCanaryScale(let r?, _): "setCanaryScale \(r) replicas"
            case .setCanaryScale(nil, let w?): "setCanaryScale \(w)%"
            case .setCanaryScale(nil, nil): "setCanaryScale matchTrafficWeight"
            case .other(let key): key
            }
        }
    }

    /// A `status.conditions` entry, with the reason and message Argo's phase is computed from.
    public struct Condition: Sendable, Equatable {
        public var type = ""
        public var status: String?
        public var reason: String?
        public var message: String?
        public var lastTransitionTime: Instant?
    }

    // Spec.
    public var strategy: Strategy?
    public var steps: [Step] = []
    /// Blue-green: the Services the controller points at the active and preview ReplicaSets.
    public var activeService: String?
    public var previewService: String?
    /// Blue-green: whether the switch happens by itself once the preview is ready (default true).
    public var autoPromotionEnabled: Bool?
    /// Blue-green (and canary with traffic routing): how long the old ReplicaSet keeps its pods
    /// after the switch; 30 s when not set (`DefaultScaleDownDelaySeconds`).
    public var scaleDownDelaySeconds: Int?
    /// `spec.paused`: paused by hand.
    public var paused = false
    /// Traffic routing configured (a mesh or ingress does the weights; the old stack stays up).
    public var trafficRouting = false

    // Status.
    /// `Healthy`, `Progressing`, `Paused`, `Degraded` (1.0+ controllers write it), and its message.
    public var phase: String?
    public var message: String?
    public var abort = false
    public var abortedAt: Instant?
    public var currentStepIndex: Int?
    /// `status.pauseConditions`: why and since when the controller pauses (`CanaryPauseStep`,
    /// `BlueGreenPause`, `InconclusiveAnalysisRun`).
    public var pauseReasons: [String] = []
    public var pausedAt: Instant?
    public var controllerPause = false
    public var conditions: [Condition] = []
    /// `status.canary.weights`, when a traffic router reports them.
    public var canaryWeight: Int?
    public var stableWeight: Int?
    /// Blue-green: the hashes the active and preview Services select.
    public var activeSelector: String?
    public var previewSelector: String?
    public var currentPodHash: String?
    public var stableRS: String?
    public var availableReplicas: Int?
    /// Argo writes `status.observedGeneration` as a string.
    public var observedGeneration: String?

    public init() {}

    public static let defaultScaleDownDelaySeconds = 30

    public var scaleDownDelay: Int { scaleDownDelaySeconds ?? ArgoRollout.defaultScaleDownDelaySeconds }

    /// The condition of `type`.
    public func condition(_ type: String) -> Condition? { conditions.first { $0.type == type } }

    /// The step the controller is at, nil when every step is done or there are none.
    public var currentStep: Step? {
        guard let i = currentStepIndex, i >= 0, i < steps.count else { return nil }
        return steps[i]
    }

    /// "step 3/8: pause 1m00s", "all 8 steps done"; nil for blue-green and for no steps.
    public var stepText: String? {
        guard strategy == .canary, !steps.isEmpty else { return nil }
        let i = currentStepIndex ?? 0
        guard let step = currentStep else { return "all \(steps.count) steps done" }
        return "step \(i + 1)/\(steps.count): \(Sanitizer.clean(step.description))"
    }
}

extension ArgoRollout {
    /// The phase and message as the Argo plugin derives them (`GetRolloutPhase`): waiting
    /// while the spec is not observed or an unpause is pending, else the controller's
    /// `status.phase`, else computed from the conditions and counts as pre-1.0 controllers
    /// left it to clients (`CalculateRolloutPhase`).
    public func phaseAndMessage(generation: Int?, replicas: Int?, updated: Int?, total: Int?) -> (phase: String, message: String) {
        if let observed = observedGeneration.flatMap({ Int($0) }), let generation, observed < generation {
            return ("Progressing", "waiting for rollout spec update to be observed")
        }
        if controllerPause && pauseReasons.isEmpty { return ("Progressing", "waiting for rollout to unpause") }
        if let phase, !phase.isEmpty { return (phase, message ?? "") }
        for c in conditions {
            if c.type == "InvalidSpec" { return ("Degraded", "InvalidSpec: " + (c.message ?? "")) }
            if c.reason == "RolloutAborted" || c.reason == "ProgressDeadlineExceeded" {
                return ("Degraded", (c.reason ?? "") + ": " + (c.message ?? ""))
            }
        }
        if paused { return ("Paused", "manually paused") }
        if let reason = pauseReasons.first { return ("Paused", reason) }
        let desired = replicas ?? 1
        let updated = updated ?? 0, available = availableReplicas ?? 0
        if updated < desired { return ("Progressing", "more replicas need to be updated") }
        if available < updated { return ("Progressing", "updated replicas are still becoming available") }
        switch strategy {
        case .blueGreen?:
            if activeSelector == nil || activeSelector != currentPodHash { return ("Progressing", "active service cutover pending") }
            if stableRS == nil || stableRS != currentPodHash {
                return ("Progressing", "waiting for post-promotion verification to complete")
            }
        case .canary?:
            if !trafficRouting, let total, total > updated { return ("Progressing", "old replicas are pending termination") }
            if stableRS == nil || stableRS != currentPodHash { return ("Progressing", "waiting for all steps to complete") }
        case nil: break
        }
        return ("Healthy", "")
    }
}

// MARK: - Decoding

extension ArgoRollout {
    /// `spec` of a Rollout; `o` takes the fields every workload has (replicas, deadline).
    static func decodeSpec(_ r: inout JSONReader, into o: KubeObject) throws(JSONError) {
        var a = o.controller.argo ?? ArgoRollout()
        try r.forEachKey { (r, key) throws(JSONError) in
            switch key {
            case "replicas": o.replicas = try r.readCount()
            case "progressDeadlineSeconds": o.progressDeadlineSeconds = try r.readSeconds()
            case "paused": a.paused = try r.readBool() ?? false
            case "strategy":
                try r.forEachKey { (r, k) throws(JSONError) in
                    switch k {
                    case "canary":
                        a.strategy = .canary
                        try r.forEachKey { (r, k) throws(JSONError) in
                            switch k {
                            case "steps":
                                var steps: [Step] = []
                                try r.forEachElement { (r) throws(JSONError) in steps.append(try decodeStep(&r)) }
                                a.steps = steps
                            case "maxSurge": o.maxSurge = try readIntOrString(&r)
                            case "maxUnavailable": o.maxUnavailable = try readIntOrString(&r)
                            case "trafficRouting": a.trafficRouting = true; try r.skipValue()
                            case "scaleDownDelaySeconds": a.scaleDownDelaySeconds = try r.readSeconds()
                            default: try r.skipValue()
                            }
                        }
                    case "blueGreen":
                        a.strategy = .blueGreen
                        try r.forEachKey { (r, k) throws(JSONError) in
                            switch k {
                            case "activeService": a.activeService = try r.readName()
                            case "previewService": a.previewService = try r.readName()
                            case "autoPromotionEnabled": a.autoPromotionEnabled = try r.readBool()
                            case "scaleDownDelaySeconds": a.scaleDownDelaySeconds = try r.readSeconds()
                            default: try r.skipValue()
                            }
                        }
                    default: try r.skipValue()
                    }
                }
            default: try r.skipValue()
            }
        }
        o.controller.argo = a
    }

    static func decodeStep(_ r: inout JSONReader) throws(JSONError) -> Step {
        var step = Step.other("step")
        try r.forEachKey { (r, k) throws(JSONError) in
            switch k {
            case "setWeight": step = .setWeight(min(max(try r.readInt() ?? 0, 0), 100))
            case "pause":
                var seconds: Int?
                try r.forEachKey { (r, k) throws(JSONError) in
                    guard k.equals("duration") else { try r.skipValue(); return }
                    if r.peek() == UInt8(ascii: "\"") {
                        seconds = try r.readString().flatMap(ArgoRollout.seconds(of:))
                    } else {
                        seconds = try r.readSeconds()
                    }
                }
                step = .pause(seconds: seconds)
            case "analysis":
                var names: [String] = []
                try r.forEachKey { (r, k) throws(JSONError) in
                    guard k.equals("templates") else { try r.skipValue(); return }
                    try r.forEachElement { (r) throws(JSONError) in
                        try r.forEachKey { (r, k) throws(JSONError) in
                            if k.equals("templateName"), let n = try r.readName() { names.append(n) } else { try r.skipValue() }
                        }
                    }
                }
                step = .analysis(names)
            case "setCanaryScale":
                var replicas: Int?, weight: Int?
                try r.forEachKey { (r, k) throws(JSONError) in
                    switch k {
                    case "replicas": replicas = try r.readCount()
                    case "weight": weight = try r.readCount()
                    default: try r.skipValue()
                    }
                }
                step = .setCanaryScale(replicas: replicas, weight: weight)
            default:
                step = .other(Sanitizer.clean(String(k.string.prefix(40))))
                try r.skipValue()
            }
        }
        return step
    }

    /// A Go duration as Argo's pause takes it (`30s`, `1m`, `1h30m`, a bare number of
    /// seconds), in whole seconds; nil when it is none.
    public static func seconds(of text: String) -> Int? {
        if let n = Int(text), n >= 0 { return n }
        var total = 0.0, number = "", i = text.startIndex
        guard !text.isEmpty else { return nil }
        while i < text.endIndex {
            let c = text[i]
            if c.isASCII && (c.isNumber || c == ".") {
                number.append(c)
                i = text.index(after: i)
                continue
            }
            var unit = String(c)
            let next = text.index(after: i)
            if c == "m", next < text.endIndex, text[next] == "s" { unit = "ms"; i = text.index(after: next) } else { i = next }
            guard let v = Double(number), v.isFinite else { return nil }
            switch unit {
            case "h": total += v * 3600
            case "m": total += v * 60
            case "s": total += v
            case "ms": total += v / 1000
            default: return nil
            }
            number = ""
        }
        guard number.isEmpty, total < 1e9 else { return nil }
        return Int(total.rounded())
    }

    /// `status` of a Rollout; the counts every controller has go to `o`.
    static func decodeStatus(_ r: inout JSONReader, into o: KubeObject) throws(JSONError) {
        var a = o.controller.argo ?? ArgoRollout()
        try r.forEachKey { (r, key) throws(JSONError) in
            switch key {
            case "phase": a.phase = try r.readString()
            case "message": a.message = try r.readString()
            case "abort": a.abort = try r.readBool() ?? false
            case "abortedAt": a.abortedAt = try r.readTime()
            case "currentStepIndex": a.currentStepIndex = try r.readCount()
            case "controllerPause": a.controllerPause = try r.readBool() ?? false
            case "pauseConditions":
                var reasons: [String] = []
                var since: Instant?
                try r.forEachElement { (r) throws(JSONError) in
                    try r.forEachKey { (r, k) throws(JSONError) in
                        switch k {
                        case "reason": if let s = try r.readString() { reasons.append(s) }
                        case "startTime": if let t = try r.readTime() { since = min(since ?? t, t) }
                        default: try r.skipValue()
                        }
                    }
                }
                a.pauseReasons = reasons
                a.pausedAt = since
            case "conditions":
                var list: [Condition] = []
                try r.forEachElement { (r) throws(JSONError) in
                    var c = Condition()
                    try r.forEachKey { (r, k) throws(JSONError) in
                        switch k {
                        case "type": c.type = try r.readString() ?? ""
                        case "status": c.status = try r.readString()
                        case "reason": c.reason = try r.readString()
                        case "message": c.message = try r.readString()
                        case "lastTransitionTime": c.lastTransitionTime = try r.readTime()
                        default: try r.skipValue()
                        }
                    }
                    list.append(c)
                }
                a.conditions = list
            case "canary":
                try r.forEachKey { (r, k) throws(JSONError) in
                    guard k.equals("weights") else { try r.skipValue(); return }
                    try r.forEachKey { (r, k) throws(JSONError) in
                        let which = k.string
                        guard which == "canary" || which == "stable" else { try r.skipValue(); return }
                        try r.forEachKey { (r, k) throws(JSONError) in
                            guard k.equals("weight") else { try r.skipValue(); return }
                            let w = try r.readInt()
                            if which == "canary" { a.canaryWeight = w } else { a.stableWeight = w }
                        }
                    }
                }
            case "blueGreen":
                try r.forEachKey { (r, k) throws(JSONError) in
                    switch k {
                    case "activeSelector": a.activeSelector = try r.readName()
                    case "previewSelector": a.previewSelector = try r.readName()
                    default: try r.skipValue()
                    }
                }
            case "currentPodHash": a.currentPodHash = try r.readName()
            case "stableRS": a.stableRS = try r.readName()
            case "availableReplicas": a.availableReplicas = try r.readCount()
            case "readyReplicas": o.readyReplicas = try r.readCount()
            case "updatedReplicas": o.updatedReplicas = try r.readCount()
            case "replicas": o.currentReplicas = try r.readCount()
            case "observedGeneration":
                if r.peek() == UInt8(ascii: "\"") {
                    a.observedGeneration = try r.readString()
                } else {
                    a.observedGeneration = try r.readCount().map(String.init)
                }
            default: try r.skipValue()
            }
        }
        o.controller.argo = a
    }
}
