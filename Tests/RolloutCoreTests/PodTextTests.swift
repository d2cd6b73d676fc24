import Testing
@testable import RolloutCore

/// The pod table's INIT, READY and TERMINATION texts (`PodTimeline+Text.swift`).
@Suite struct PodTextTests {
    @Test func initText() {
        var p = Hand.pod()
        #expect(p.initText == "-")
        p.initContainers = [Hand.initContainer("proxy", started: 1, sidecar: true, running: true)]
        #expect(p.initText == "sidecar")
        p.initContainers.append(Hand.initContainer(started: 2))
        #expect(p.initText == "...")
        p.initContainers[1] = Hand.initContainer(started: 2, finished: 14, exit: 0, restarts: 2)
        p.initializedAt = Hand.at(14)
        #expect(p.initText == "12s r2")
        p.initContainers[1] = Hand.initContainer(started: 2, finished: 67, exit: 0)
        p.initializedAt = Hand.at(67)
        #expect(p.initText == "1m05s")
        p.initContainers[1] = Hand.initContainer(started: 2, finished: 3, exit: 1, restarts: 3, waiting: "CrashLoopBackOff")
        p.initializedAt = nil
        #expect(p.initText == "FAILx3")
        p.initContainers[1] = Hand.initContainer(started: 2, finished: 3, exit: 1)
        #expect(p.initText == "FAILx1")
    }

    @Test func readyText() {
        var p = Hand.pod()
        #expect(p.readyText == "...")
        p.readyAt = Hand.at(14)
        #expect(p.readyText == "14s")
        p.readyAt = Hand.at(-1)
        #expect(p.readyText == "?")
        p.readyAt = nil
        p.termination = Hand.termination(requested: 5)
        #expect(p.readyText == "-")
        p.termination = nil
        p.goneAt = Hand.at(5)
        #expect(p.readyText == "-")
    }

    @Test(arguments: [
        (Hand.termination(requested: 0, seconds: 12, exitCodes: [("nginx", 0)], exceeded: false), "12s/30s"),
        (Hand.termination(requested: 0, seconds: 33, exitCodes: [("nginx", 137)], exceeded: true), "33s/30s KILLED"),
        (Hand.termination(requested: 0, seconds: 31, exitCodes: [("nginx", 0)], exceeded: true), "31s/30s OVER"),
        (Hand.termination(requested: 0, atMost: 20, atLeast: 8, exceeded: false), "8s-20s/30s"),
        (Hand.termination(requested: 0, atMost: 20, exceeded: false), "<=20s/30s"),
        (Hand.termination(requested: 0, atMost: 50, atLeast: 40, exceeded: true), "40s-50s/30s OVER"),
        (Hand.termination(requested: 0, atLeast: 40, exceeded: true), ">=40s/30s OVER"),
        (Hand.termination(requested: 0, atLeast: 4), ">=4s/30s"),
        (Hand.termination(requested: 0, grace: 5), "running/5s"),
    ] as [(Termination, String)])
    func terminationText(termination: Termination, expected: String) {
        var p = Hand.pod()
        p.termination = termination
        #expect(p.terminationText == expected)
    }

    @Test func terminationTextWithoutATermination() {
        var p = Hand.pod()
        #expect(p.terminationText == "-")
        p.goneAt = Hand.at(5)
        #expect(p.terminationText == "gone")
    }
}
