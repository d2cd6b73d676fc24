import Testing
@testable import RolloutCore
@testable import RolloutUI

/// How the timeline lays out a StatefulSet (a row a pod name, its incarnations on it, by
/// ordinal) and a DaemonSet (by node, the node in the row), from the simulator's fixtures.
@Suite struct KindViewTests {
    static let statefulset = ["statefulset/pods-watch.json", "statefulset/events.json", "statefulset/statefulset.json"]
    static let daemonset = ["daemonset/pods-watch.json", "daemonset/events.json", "daemonset/daemonset.json"]

    @Test func aStatefulSetIsOneRowAPodNameByOrdinal() throws {
        let a = try replayApp(Self.statefulset)
        let view = a.currentView
        #expect(view.pods.map(\.name) == ["db-0", "db-1", "db-2"])
        // The row shows the latest incarnation; the one it replaced is drawn before it.
        #expect(view.pods.allSatisfy { $0.role == .new })
        #expect(view.earlier.map { $0.map(\.role) } == [[.old], [.old], [.old]])
        #expect(zip(view.pods, view.earlier).allSatisfy { p, e in e.first!.name == p.name && e.first!.uid != p.uid })
        #expect(view.rows == [.caption("by ordinal  db-6c9d8b7f5c -> db-79f5c8d6b4"), .pod(0), .pod(1), .pod(2)])
    }

    @Test func aStatefulSetAt120x32() throws {
        var a = try replayApp(Self.statefulset, signals: ["statefulset/ingress-nginx.log"])
        a.handle(.char("j"))
        expectScreen(a.render(width: 120, height: 32, glyphs: .unicode), "statefulset-120x32.txt")
    }

    @Test func midRolloutTheRowShowsTheOldIncarnationTheGapAndTheNewOne() throws {
        var a = try replayApp(Self.statefulset)
        // db-2 replaced, db-1 in its preStop hook.
        a.state.cursor = Instant(rfc3339: "2026-11-27T09:01:00Z")!
        let view = a.currentView
        #expect(view.pods.map { "\($0.name) \($0.role)" } == ["db-0 old", "db-1 old", "db-2 new"])
        #expect(view.earlier.map(\.count) == [0, 0, 1])
        let text = a.render(width: 120, height: 32, glyphs: .ascii).text
        let row = try #require(text.split(separator: "\n").first { $0.contains(" db-2 ") })
        // The old pod ready, in its preStop hook, SIGKILLed; then (a second later, once it
        // is gone) the new one pending, initializing, starting, ready: on one row.
        #expect(row.contains("=~"), "\(row)")
        #expect(row.contains("tX.i"), "\(row)")
        #expect(row.contains("s="), "\(row)")
    }

    @Test func aDaemonSetShowsTheNodeOnEveryRow() throws {
        let a = try replayApp(Self.daemonset)
        let view = a.currentView
        #expect(view.labels.count == 8)
        #expect(view.labels.allSatisfy { $0.hasPrefix("worker-") })
        // By node, each node's old pod above its new one.
        #expect(view.labels.map { String($0.prefix(8)) } == ["worker-1", "worker-1", "worker-2", "worker-2",
                                                             "worker-3", "worker-3", "worker-4", "worker-4"])
        #expect(view.pods.map(\.role) == [.old, .new, .old, .new, .old, .new, .old, .new])
        expectScreen(a.render(width: 100, height: 24, glyphs: .ascii), "daemonset-100x24-ascii.txt")
    }

    @Test func theWorkloadsViewMarksTheKind() throws {
        let a = try replayApp(Self.statefulset + Self.daemonset)
        let rows = a.currentView.model.rollouts.map { Panes.workloadRow($0, selected: false, glyphs: .ascii).map(\.text).joined() }
        #expect(rows.contains { $0.hasPrefix("shop/db (sts)") }, "\(rows)")
        #expect(rows.contains { $0.hasPrefix("shop/node-agent (ds)") }, "\(rows)")
    }
}
