import Foundation
import Testing
@testable import RolloutCore
@testable import RolloutUI
import TestSupport

/// The header, the workloads view and the text and JSON reports read one `RolloutProgress`:
/// at every cursor time they give the same numbers.
@Suite struct ReadModelTests {
    struct Numbers: Equatable, CustomStringConvertible {
        var newReady: Int, desired: Int, oldServing: Int, terminating: Int?
        var description: String { "\(newReady)/\(desired) ready, \(oldServing) serving, \(terminating.map(String.init) ?? "-") stopping" }
    }

    /// The integers of `text` in order.
    static func integers(_ text: Substring) -> [Int] {
        text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    }

    /// "new 2/3 ready  old 1 serving  stopping 1 ..." on the header's second line.
    static func header(_ app: inout App) throws -> Numbers {
        app.state.overlay = .none
        let line = try #require(app.render(width: 120, height: 40).text.split(separator: "\n").dropFirst().first)
        let n = integers(line.split(separator: "stopping").first! + "stopping" + (line.split(separator: "stopping").dropFirst().first?.prefix(4) ?? ""))
        return Numbers(newReady: n[0], desired: n[1], oldServing: n[2], terminating: n[3])
    }

    /// The workload's row of the workloads view: "shop/web  rolling  2/3  1  ...".
    static func workloads(_ app: inout App, workload: String) throws -> Numbers {
        app.state.overlay = .workloads
        let text = app.render(width: 120, height: 40).text
        let row = try #require(text.split(separator: "\n").first { $0.contains(workload + " ") && ($0.contains("rolling") || $0.contains("steady") || $0.contains("rolled")) })
        let cells = row.split(separator: " ", omittingEmptySubsequences: true)
        let ready = try #require(cells.first { $0.contains("/") && !$0.contains(workload) }).split(separator: "/")
        let index = try #require(cells.firstIndex { $0.contains("/") && !$0.contains(workload) })
        return Numbers(newReady: Int(ready[0])!, desired: Int(ready[1])!, oldServing: Int(cells[index + 1])!, terminating: nil)
    }

    /// "  progress  2/3 new ready, 1 old serving, 1 terminating" in the text report.
    static func text(_ model: RolloutModel) throws -> Numbers {
        let line = try #require(ReportText.render(model).split(separator: "\n").first { $0.hasPrefix("  progress") })
        let n = integers(line)
        return Numbers(newReady: n[0], desired: n[1], oldServing: n[2], terminating: n[3])
    }

    static func json(_ model: RolloutModel) throws -> Numbers {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(ReportJSON.render(model).utf8)) as? [String: Any])
        let rollout = try #require((doc["rollouts"] as? [[String: Any]])?.first)
        let p = try #require(rollout["progress"] as? [String: Any])
        return Numbers(newReady: p["newReady"] as! Int, desired: p["desired"] as! Int, oldServing: p["oldServing"] as! Int,
                       terminating: p["terminating"] as? Int)
    }

    @Test(arguments: [["sigkill/pods-watch.json", "sigkill/events.json"], ["healthy/pods-watch.json", "healthy/events.json"],
                      ["no-prestop/pods-watch.json", "no-prestop/events.json"]])
    func everySurfaceGivesTheSameProgress(inputs: [String]) throws {
        var app = try replayApp(inputs)
        let whole = try #require(app.store.model().rollouts.first)
        let start = try #require(whole.startedAt) - 5, end = try #require(app.store.end)
        var seen: Set<String> = []
        for step in 0...40 {
            app.state.cursor = start + (end - start) * Double(step) / 40
            let model = app.store.model(at: app.state.cursor)
            guard let rollout = model.rollouts.first else { continue }
            let p = rollout.progress
            let truth = Numbers(newReady: p.newReady, desired: p.desired, oldServing: p.oldServing, terminating: p.terminating)
            seen.insert(truth.description)
            #expect(try Self.header(&app) == truth, "header at \(app.state.cursor.clock)")
            #expect(try Self.text(model) == truth, "text report at \(app.state.cursor.clock)")
            #expect(try Self.json(model) == truth, "JSON report at \(app.state.cursor.clock)")
            var board = try Self.workloads(&app, workload: rollout.workload)
            board.terminating = truth.terminating
            #expect(board == truth, "workloads view at \(app.state.cursor.clock)")
        }
        // The rollout is seen in several states, pods stopping among them.
        #expect(seen.count >= 4, "\(seen)")
    }
}
