import Foundation
import Testing
@testable import RolloutCore
import RolloutSim

/// Pod, PodTrack and PodTimeline keep their fields behind one reference (copy on write): a
/// copy must still behave as a value, whichever side is written, on any thread.
@Suite struct SharedStorageTests {
    @Test func aCopiedTimelineIsAValue() {
        var a = Hand.pod("web-1")
        var b = a
        b.role = .old
        b.endpoint.append(EndpointObservation(time: Hand.at(5), slice: "web-abc12", present: false))
        b.containers[0].exitCode = 137
        #expect(a.role == .new && a.endpoint.isEmpty && a.containers[0].exitCode == nil)
        #expect(b.role == .old && b.endpoint.count == 1 && b.containers[0].exitCode == 137)
        a.name = "web-2"
        #expect(b.name == "web-1" && a.name == "web-2")
    }

    @Test func aCopiedPodIsAValueAndEqualityIsByFields() throws {
        let pods = try ParallelModelTests.pods(2)
        var a = pods[0]
        let b = a
        #expect(a == b)
        a.podIP = "10.9.9.9"
        a.containerStatuses[0].restartCount += 1
        #expect(a != b)
        #expect(b.podIP == pods[0].podIP && b.containerStatuses[0].restartCount == pods[0].containerStatuses[0].restartCount)
        // Equal fields in two boxes are equal.
        var c = a
        c.podIP = b.podIP
        c.containerStatuses[0].restartCount -= 1
        #expect(c == b)
        #expect(pods[0] != pods[1])
    }

    @Test func aCheckpointKeepsItsTracksWhenTheTipMovesOn() throws {
        // The store copies the correlator into checkpoints; the tracks they share must not
        // change under them: replaying from a checkpoint gives the model of that moment.
        let pods = try ParallelModelTests.pods(40)
        let t0 = Instant(seconds: 1_794_300_000)
        var observations = [Observation(time: t0, estimated: false, source: 0, payload: .podList(pods, scope: "p"))]
        for (i, pod) in pods.enumerated() {
            var p = pod
            p.deletionTimestamp = t0 + Double(60 + i)
            p.deletionGracePeriodSeconds = 30
            observations.append(Observation(time: t0 + Double(30 + i), estimated: false, source: 0, payload: .pod(p, .modified)))
        }
        let store = ObservationStore(observations: observations, checkpointEvery: 16)
        for n in [1, 17, 33, 41] {
            var fresh = Correlator()
            fresh.apply(Array(observations.prefix(n)))
            #expect(ReportJSON.bytes(store.correlator(upTo: n).model()) == ReportJSON.bytes(fresh.model()), "after \(n) observations")
        }
    }

    @Test func aTrackCopyIsAValue() throws {
        let pods = try ParallelModelTests.pods(1)
        let t0 = Instant(seconds: 1_794_300_000)
        var a = PodTrack(pod: pods[0], firstSeen: t0)
        a.update(pods[0], at: t0, deleted: false, estimated: false)
        let b = a
        a.update(pods[0], at: t0 + 10, deleted: true, estimated: false)
        #expect(a.goneAt == t0 + 10 && a.lastSeen == t0 + 10)
        #expect(b.goneAt == nil && b.lastSeen == t0)
    }

    @Test func timelinesWrittenOnTwoThreadsStayApart() {
        // Every element shares its box with `original` until written: each thread's writes
        // copy only its own elements.
        let original = (0..<2000).map { Hand.pod("web-\($0)") }
        var timelines = original
        _ = Parallel.mapEach(&timelines, weight: { _ in 1 }) { i, t, _ in t.status = "Terminating \(i)" }
        #expect(timelines.indices.allSatisfy { timelines[$0].status == "Terminating \($0)" })
        #expect(original.allSatisfy { $0.status == "Running" })
    }
}

/// `Parallel.mapEach`: the one-thread result, in order, whatever the weights; too little
/// weight stays on one thread.
@Suite struct ParallelMapEachTests {
    @Test(arguments: [[1, 1, 1, 1], [1000, 1, 1, 1], [1, 1, 1, 1000], [5], [0, 0, 7, 0, 3], [], [2, 3], [0, 0]])
    func givesTheOneThreadResult(weights: [Int]) {
        var items = weights.enumerated().map { (index: $0.offset, weight: $0.element, touched: false) }
        let results = Parallel.mapEach(&items, minimumWeight: 1, weight: { $0.weight }) { i, item, inTwo -> Int in
            item.touched = true
            // Two threads whenever there are two items and any weight.
            #expect(inTwo == (weights.count >= 2 && weights.reduce(0, +) >= 1))
            return i * 10 + item.weight
        }
        #expect(results == weights.enumerated().map { $0.offset * 10 + $0.element })
        #expect(items.allSatisfy { $0.touched })
        #expect(items.map(\.index) == Array(weights.indices))
    }
}

/// `ByName` against a dictionary, over random operations on a few names and on many (past
/// the point where it indexes them).
@Suite struct ByNameTests {
    @Test(arguments: [4, 40])
    func behavesAsADictionaryThatRemembersOrder(names: Int) {
        var random = SimRandom(seed: UInt64(names))
        var map = ByName<Int>()
        var dictionary: [String: Int] = [:]
        var order: [String] = []
        for step in 0..<3000 {
            let name = "c\(random.int(names))"
            if random.chance(0.2) {
                map[name] = nil
                dictionary[name] = nil
                order.removeAll { $0 == name }
            } else {
                if dictionary[name] == nil { order.append(name) }
                map[name] = step
                dictionary[name] = step
            }
            let probe = "c\(random.int(names + 2))"
            #expect(map[probe] == dictionary[probe])
        }
        #expect(map.names == order)
        #expect(map.isEmpty == dictionary.isEmpty)
        for name in order { #expect(map[name] == dictionary[name]) }
    }
}
