import Testing
@testable import RolloutCore

/// `PodTimeline.segments` for hand-built timelines, drawn one column a second from creation
/// (`TimelineChart` characters: `.` pending, `i` init, `!` init failing, `s` starting, `=`
/// ready, `-` not ready, `~` preStop, `t` shutting down, `X` SIGKILL, `?` end not observed).
@Suite struct SegmentTests {
    static func row(_ p: PodTimeline, until: Double = 12, columns: Int = 12) -> String {
        Hand.row(p.segments(until: Hand.at(until)), columns: columns)
    }

    @Test func pendingOnlyUntilNow() {
        #expect(Self.row(Hand.pod(), until: 5, columns: 5) == ".....")
    }

    @Test func pendingStartingReady() {
        var p = Hand.pod()
        p.containers = [Hand.container(started: 3)]
        p.readyAt = Hand.at(6)
        #expect(Self.row(p) == "...sss======")
    }

    @Test func initContainersInTurn() {
        var p = Hand.pod()
        p.initContainers = [Hand.initContainer("migrate", started: 2, finished: 4, exit: 0),
                            Hand.initContainer("fetch-secrets", started: 4, finished: 6, exit: 0)]
        p.initializedAt = Hand.at(6)
        p.containers = [Hand.container(started: 7)]
        p.readyAt = Hand.at(9)
        #expect(Self.row(p) == "..iiiisss===")
        #expect(p.segments(until: Hand.at(12)).filter { $0.phase == .initializing }.map(\.detail) == ["migrate", "fetch-secrets"])
    }

    @Test func initFailingUntilNow() {
        var p = Hand.pod()
        p.initContainers = [Hand.initContainer(started: 2, exit: 1, restarts: 3, waiting: "CrashLoopBackOff")]
        #expect(Self.row(p) == "..!!!!!!!!!!")
    }

    @Test func readyThenNotReady() {
        var p = Hand.pod()
        p.readyAt = Hand.at(3)
        p.unreadyAt = Hand.at(7)
        #expect(Self.row(p) == "...====-----")
    }

    @Test func preStopSleepThenShuttingDown() {
        var p = Hand.pod()
        p.readyAt = Hand.at(2)
        p.termination = Hand.termination(requested: 5, preStop: .sleep, sleep: 3, seconds: 5, exitCodes: [("nginx", 0)], exceeded: false)
        #expect(Self.row(p) == "..===~~~tt  ")
    }

    @Test func execHookLengthFromItsSleepCommand() {
        var p = Hand.pod()
        p.readyAt = Hand.at(2)
        p.containers = [Hand.container(preStop: .exec, command: "/bin/sh -c sleep 4")]
        p.termination = Hand.termination(requested: 5, preStop: .exec, seconds: 6, exitCodes: [("nginx", 0)], exceeded: false)
        #expect(Self.row(p) == "..===~~~~tt ")
    }

    @Test func sigkillAtTheEndOfTheGracePeriod() {
        var p = Hand.pod()
        p.readyAt = Hand.at(2)
        p.termination = Hand.termination(requested: 4, grace: 5, preStop: .sleep, sleep: 8, seconds: 7,
                                         exitCodes: [("nginx", 137)], exceeded: true)
        #expect(Self.row(p) == "..==~~~~~ttX")
    }

    @Test func hookOfUnknownLengthThatOutlastedTheGracePeriodFillsIt() {
        var p = Hand.pod()
        p.readyAt = Hand.at(2)
        p.termination = Hand.termination(requested: 4, grace: 5, preStop: .httpGet, seconds: 7, exitCodes: [("nginx", 137)], exceeded: true)
        #expect(Self.row(p) == "..==~~~~~ttX")
    }

    @Test func shuttingDownWithoutAHookUntilNow() {
        var p = Hand.pod()
        p.readyAt = Hand.at(2)
        p.termination = Hand.termination(requested: 6)
        #expect(Self.row(p) == "..====tttttt")
    }

    @Test func endNotObservedBetweenItsBounds() {
        // Last seen running 2 s after the request, seen gone 6 s after it.
        var p = Hand.pod()
        p.readyAt = Hand.at(2)
        p.goneAt = Hand.at(10)
        p.termination = Hand.termination(requested: 4, atMost: 6, atLeast: 2)
        #expect(Self.row(p) == "..==tt????  ")
    }

    @Test func deletedBeforeItBecameReady() {
        var p = Hand.pod()
        p.containers = [Hand.container(started: 2)]
        p.termination = Hand.termination(requested: 4, seconds: 1, exitCodes: [("nginx", 0)], exceeded: false)
        #expect(Self.row(p, until: 8, columns: 8) == "..sst   ")
    }
}
