import Foundation
import Testing
import TestSupport
@testable import RolloutCore

/// Text and markdown reports of each scenario, compared with Goldens/ (readable diff on failure).
@Suite struct ReportGoldenTests {
    static let cases: [(name: String, inputs: [String], signals: [String])] = [
        ("healthy", ["healthy/pods-watch.json", "healthy/events.json", "healthy/deployment.json", "healthy/endpointslices.json"], []),
        ("sigkill", ["sigkill/pods-watch.json", "sigkill/events.json"], []),
        ("no-prestop", ["no-prestop/pods-watch.json", "no-prestop/events.json", "no-prestop/endpointslices-watch.json"], ["no-prestop/ingress-nginx.log"]),
        ("init-crashloop", ["init-crashloop/pods.json", "init-crashloop/events.json"], []),
        ("ip-reuse", ["ip-reuse/pods-watch.json"], ["ip-reuse/signals.jsonl"]),
        ("snapshots", ["snapshots/pods/"], []),
        ("stale-endpoint", ["stale-endpoint/pods-watch.json", "stale-endpoint/events.json", "stale-endpoint/endpointslices-watch.json",
                            "stale-endpoint/deployment.json"], ["stale-endpoint/istio.log", "proxy-logs/aws-alb.log"]),
    ]

    static func model(_ c: (name: String, inputs: [String], signals: [String])) throws -> RolloutModel {
        let inputs = try c.inputs.map { $0 == "snapshots/pods/" ? try FixtureTests.snapshotFolder() : Paths.fixture($0) }
        var model = try Analysis.run(inputs: inputs, signalFiles: c.signals.map(Paths.fixture))
        // The report names signal files as given: here, as paths under Tests/Fixtures.
        for i in model.signalSources.indices {
            model.signalSources[i].file = model.signalSources[i].file.replacingOccurrences(of: Paths.fixtures.path + "/", with: "")
        }
        return model
    }

    @Test(arguments: cases.map(\.name))
    func textReport(name: String) throws {
        let model = try Self.model(Self.cases.first { $0.name == name }!)
        let text = ReportText.render(model, flavor: .text)
        expectGolden(text, "\(name).txt")
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.count <= 80, "line longer than 80 columns: \(line)")
        }
    }

    @Test(arguments: cases.map(\.name))
    func markdownReport(name: String) throws {
        let model = try Self.model(Self.cases.first { $0.name == name }!)
        expectGolden(ReportText.render(model, flavor: .markdown), "\(name).md")
    }

    @Test func jsonReportIsStableAndValid() throws {
        let model = try Self.model(Self.cases[0])
        let json = ReportJSON.render(model)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["schema"] as? String == "rollscope.report/1")
        #expect(json == ReportJSON.render(try Self.model(Self.cases[0])))
    }

    @Test func untrustedTextIsInertInReports() throws {
        let evil = "web-\u{1B}]52;c;ZXZpbA==\u{07}x"
        let pod = """
        {"kind": "Pod", "metadata": {"name": \(JSONWriter.quote(evil)), "uid": "1", "namespace": "shop\\u001b[2J", "creationTimestamp": "2026-11-20T10:00:00Z", "deletionTimestamp": "2026-11-20T10:01:00Z", "deletionGracePeriodSeconds": 30},
         "spec": {"containers": [{"name": "c\\u009b31m"}]}, "status": {"phase": "Running"}}
        """
        let model = try Analysis.run(inputs: [temporaryFile(pod)])
        for flavor in [ReportText.Flavor.text, .markdown] {
            let out = ReportText.render(model, flavor: flavor)
            #expect(!out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }, "raw control characters in \(flavor)")
            #expect(out.contains("\\e]52;c;ZXZpbA==\\x07"))
        }
        let json = ReportJSON.render(model)
        #expect(!json.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }
}
