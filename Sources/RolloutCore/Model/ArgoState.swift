/// What an Argo Rollout's object says about its rollout, as every surface shows it: the
/// strategy, the step it is at, the phase Argo's controller (or its plugin) gives it, and
/// which ReplicaSet is stable, canary, active and preview (by hash). Set by the correlator
/// when the Rollout object was seen.
public struct ArgoState: Sendable, Equatable {
    public var strategy: ArgoRollout.Strategy?
    public var steps: [ArgoRollout.Step] = []
    /// `status.currentStepIndex` (0-based, as Argo counts: equal to the step count when done).
    public var stepIndex: Int?
    /// `Healthy`, `Progressing`, `Paused` or `Degraded`, and the message that goes with it.
    public var phase: String
    public var message: String
    public var abort: Bool
    public var abortedAt: Instant?
    public var pauseReasons: [String] = []
    public var pausedAt: Instant?
    public var stableHash: String?
    /// The hash the canary runs: `currentPodHash` while it differs from the stable one.
    public var canaryHash: String?
    public var activeHash: String?
    public var previewHash: String?
    public var currentHash: String?
    public var canaryWeight: Int?
    public var activeService: String?
    public var previewService: String?
    public var autoPromotionEnabled: Bool
    public var scaleDownDelaySeconds: Int
    /// Blue-green: when the active Service was switched to the new ReplicaSet (the
    /// `SwitchService` event; else estimated from when the old pods were scaled down, less
    /// scaleDownDelaySeconds: `switchEstimated`).
    public var switchedAt: Instant?
    public var switchEstimated = false
    /// progressDeadlineSeconds exceeded (the `Progressing` condition's reason), and its message.
    public var deadlineExceeded: String?
    public var deadlineExceededAt: Instant?
    /// The `RolloutAborted` condition's message (an analysis failed, or aborted by hand).
    public var abortMessage: String?

    /// Builds the state from the Rollout as last seen.
    public init(_ w: WorkloadInfo, argo a: ArgoRollout) {
        strategy = a.strategy
        steps = a.steps
        stepIndex = a.currentStepIndex
        let pm = a.phaseAndMessage(generation: w.generation, replicas: w.replicas, updated: w.updatedReplicas, total: w.currentReplicas)
        phase = pm.phase
        message = pm.message
        abort = a.abort || a.conditions.contains { $0.reason == "RolloutAborted" }
        abortedAt = a.abortedAt ?? a.conditions.first { $0.reason == "RolloutAborted" }?.lastTransitionTime
        abortMessage = a.conditions.first { $0.reason == "RolloutAborted" }?.message
        pauseReasons = a.pauseReasons
        pausedAt = a.pausedAt
        stableHash = a.stableRS
        currentHash = a.currentPodHash
        if a.strategy == .canary, let c = a.currentPodHash, c != a.stableRS { canaryHash = c }
        activeHash = a.activeSelector
        previewHash = a.previewSelector
        canaryWeight = a.canaryWeight
        activeService = a.activeService
        previewService = a.previewService
        autoPromotionEnabled = a.autoPromotionEnabled ?? true
        scaleDownDelaySeconds = a.scaleDownDelay
        if let c = a.conditions.first(where: { $0.reason == "ProgressDeadlineExceeded" }) {
            deadlineExceeded = c.message ?? ""
            deadlineExceededAt = c.lastTransitionTime
        }
    }

    /// "step 3/8: pause 1m00s", "all 8 steps done"; nil for blue-green and for no steps.
    public var stepText: String? {
        guard strategy == .canary, !steps.isEmpty else { return nil }
        let i = stepIndex ?? 0
        guard i >= 0, i < steps.count else { return "all \(steps.count) steps done" }
        return "step \(i + 1)/\(steps.count): \(Sanitizer.clean(steps[i].description))"
    }

    /// Argo considers the rollout fully promoted: the stable ReplicaSet is the current one.
    public var fullyPromoted: Bool { stableHash != nil && stableHash == currentHash }

    /// What `kubectl argo rollouts status NAME` prints: the phase, and its message unless
    /// Healthy or Degraded.
    public var pluginLine: String {
        let clean = Sanitizer.clean(String(message.prefix(300)))
        if phase == "Healthy" || phase == "Degraded" || clean.isEmpty { return Sanitizer.clean(phase) }
        return Sanitizer.clean(phase) + " - " + clean
    }

    /// The Argo role of the ReplicaSet with `hash`: stable, canary, active, preview (joined
    /// when it is several, as the plugin tags them); nil for none.
    public func roleName(of hash: String) -> String? {
        var roles: [String] = []
        if hash == stableHash { roles.append("stable") }
        if hash == canaryHash { roles.append("canary") }
        if strategy == .blueGreen {
            if hash == activeHash { roles.append("active") }
            if hash == previewHash { roles.append("preview") }
        }
        return roles.isEmpty ? nil : roles.joined(separator: ", ")
    }
}
