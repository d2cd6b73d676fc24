import Foundation
import Testing
import TestSupport
@testable import RolloutCore

/// Runs the built `rollscope` binary: exit statuses and stderr lines are a contract.
@Suite struct CommandLineTests {
    static func run(_ args: [String]) throws -> Spawn.Result { try Binary.run(args) }

    @Test func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: Binary.rollscope), "build the package first: \(Binary.rollscope)")
    }

    @Test func healthyRolloutExitsZero() throws {
        let r = try Self.run(["report", Fixtures.path("healthy/pods-watch.json"), Fixtures.path("healthy/events.json")])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("ROLLOUT  shop/web"))
        #expect(r.stderr.isEmpty)
    }

    @Test func errorFindingsExitOneAndFailOnControlsIt() throws {
        let args = ["report", Fixtures.path("sigkill/pods-watch.json")]
        #expect(try Self.run(args).status == 1)
        #expect(try Self.run(args + ["--fail-on", "never"]).status == 0)
        let noPrestop = ["report", Fixtures.path("snapshots/pods.yaml"), "--format", "json"]
        // Info findings only: passes even at --fail-on warning.
        #expect(try Self.run(noPrestop + ["--fail-on", "warning"]).status == 0)
    }

    @Test(arguments: [
        (["report", "/nonexistent.json"], "rollscope: /nonexistent.json: no such file or folder"),
        (["report"], "rollscope: Missing expected argument '<INPUT> ...' (see rollscope --help)"),
        (["report", "x", "--format", "xml"], "rollscope: The value 'xml' is invalid for '--format <format>'. Please provide one of 'text', 'markdown', 'json', 'html' or 'svg'. (see rollscope --help)"),
        (["frobnicate"], "rollscope: Unexpected argument 'frobnicate' (see rollscope --help)"),
        (["watch", "-A", "-n", "shop"], "rollscope: give -n NAMESPACE or -A (--all-namespaces), not both (see rollscope --help)"),
        (["record", "--all-namespaces", "deployment/web", "--record", "/dev/null"],
         "rollscope: -A (--all-namespaces) watches every workload of the cluster; it takes no target ('deployment/web'), watch that one with -n NAMESPACE (see rollscope --help)"),
    ])
    func usageAndInputErrorsExitTwoWithOneLine(args: [String], line: String) throws {
        let r = try Self.run(args)
        #expect(r.status == 2)
        #expect(r.stderr == line + "\n")
        #expect(r.stdout.isEmpty)
    }

    @Test func badFileIsNamedInOneLine() throws {
        let path = temporaryFile("<html><body>502 Bad Gateway</body></html>\n", name: "pods.json")
        let r = try Self.run(["report", path])
        #expect(r.status == 2)
        #expect(r.stderr == "rollscope: \(path): is an HTML page, not kubectl output (<html><body>502 Bad Gateway</body></html>)\n")
    }

    @Test func helpExitsZero() throws {
        let r = try Self.run(["report", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("--fail-on"))
    }

    @Test func jsonFormatFollowsTheContract() throws {
        let r = try Self.run(["report", Fixtures.path("sigkill/pods-watch.json"), Fixtures.path("sigkill/events.json"), "--format", "json", "--fail-on", "never"])
        #expect(r.status == 0)
        let root = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let rollout = (root["rollouts"] as! [[String: Any]])[0]
        for key in ["workload", "namespace", "startedAt", "finishedAt", "seconds", "replicaSets", "pods", "findings"] {
            #expect(rollout.keys.contains(key), "missing \(key)")
        }
        let pod = (rollout["pods"] as! [[String: Any]]).first { $0["role"] as? String == "old" }!
        for key in ["name", "uid", "replicaSet", "templateHash", "role", "node", "ip", "createdAt", "scheduledAt",
                    "initializedAt", "readyAt", "initContainers", "termination", "droppedConnections", "findings"] {
            #expect(pod.keys.contains(key), "missing pod.\(key)")
        }
        let term = pod["termination"] as! [String: Any]
        for key in ["requestedAt", "gracePeriodSeconds", "preStop", "killingAt", "finishedAt", "seconds", "secondsAtMost", "exitCodes", "exceededGrace"] {
            #expect(term.keys.contains(key), "missing termination.\(key)")
        }
        let finding = (rollout["findings"] as! [[String: Any]])[0]
        for key in ["kind", "severity", "pod", "at", "message"] {
            #expect(finding.keys.contains(key), "missing finding.\(key)")
        }
    }
}
