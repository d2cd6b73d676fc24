extension InitContainerTimeline {
    /// Takes in one status: the latest attempt wins, restarts only grow.
    mutating func absorb(_ s: ContainerStatus) {
        restarts = max(restarts, s.restartCount)
        for t in [s.lastState.terminated?.startedAt, s.state.terminated?.startedAt, s.state.runningStartedAt] {
            if let t { firstStartedAt = min(firstStartedAt, t) }
        }
        var attempt: (start: Instant?, finish: Instant?, exit: Int?, reason: String?, message: String?, running: Bool)?
        // ContainerStatusUnknown: the kubelet's placeholder for a container it never saw end.
        if s.state.terminated?.reason == "ContainerStatusUnknown" || s.lastState.terminated?.reason == "ContainerStatusUnknown" {
            waitingReason = s.state.waitingReason
            return
        }
        if let t = s.state.terminated {
            attempt = (t.startedAt, t.finishedAt, t.exitCode, t.reason, t.message, false)
        } else if s.state.running {
            attempt = (s.state.runningStartedAt, nil, nil, nil, nil, true)
        } else if let t = s.lastState.terminated {
            attempt = (t.startedAt, t.finishedAt, t.exitCode, t.reason, t.message, false)
        }
        waitingReason = s.state.waitingReason
        guard let attempt else { return }
        // An attempt that started earlier than the one we hold is stale.
        if let current = startedAt, let new = attempt.start, new < current { return }
        startedAt = attempt.start
        finishedAt = attempt.finish
        exitCode = attempt.exit
        reason = attempt.reason
        message = attempt.message
        running = attempt.running
    }
}
