import Testing
@testable import RolloutCore

/// The one binary search: where a sorted collection turns from one side of a boundary to the other.
@Suite struct PartitioningIndexTests {
    @Test(arguments: [
        ([], 5, 0), ([1], 0, 0), ([1], 1, 1), ([1, 2, 2, 2, 3], 2, 4), ([1, 2, 2, 2, 3], 1, 1),
        ([1, 2, 2, 2, 3], 9, 5), ([1, 2, 2, 2, 3], 0, 0), ([0, 0, 0], 0, 3),
    ] as [([Int], Int, Int)])
    func countAtOrBefore(items: [Int], value: Int, expected: Int) {
        #expect(items.partitioningIndex { $0 > value } == expected)
        #expect(items.partitioningIndex { $0 > value } == items.filter { $0 <= value }.count)
    }

    @Test func everyBoundaryOfEveryLength() {
        for n in 0...40 {
            let items = Array(0..<n)
            for v in -1...n { #expect(items.partitioningIndex { $0 >= v } == max(0, min(v, n))) }
        }
        // A slice keeps its own indices.
        let slice = [5, 6, 7, 8, 9][2...]
        #expect(slice.partitioningIndex { $0 >= 8 } == 3)
    }

    @Test func storeCountsAndStepsByTime() {
        let t0 = Hand.t0
        let deployment = KubeObject()
        deployment.kind = "Deployment"
        deployment.metadata.name = "web"
        let info = WorkloadInfo(deployment)!
        let obs = [0.0, 1, 1, 3].map { Observation(time: t0 + $0, estimated: false, source: 0, payload: .workload(info)) }
        let store = ObservationStore(observations: obs)
        #expect(store.count(at: t0 + 1) == 3)
        #expect(store.count(before: t0 + 1) == 1)
        #expect(store.count(at: t0 - 1) == 0)
        #expect(store.nextChange(after: t0) == t0 + 1)
        #expect(store.nextChange(after: t0 + 3) == nil)
        #expect(store.previousChange(before: t0 + 3) == t0 + 1)
        #expect(store.previousChange(before: t0 + 1) == t0)
        #expect(store.previousChange(before: t0) == nil)
    }
}
