import Foundation
import Testing
@testable import RolloutCore

/// Argo Rollouts in the read model, on the Argo project's own test documents
/// (argoproj/argo-rollouts pkg/kubectl-argo-rollouts/info/testdata, Apache-2.0; see
/// Fixtures/README.md): kind, roles, step and what `kubectl argo rollouts status` says, checked
/// against what the plugin's tests (info_test.go) say of the same documents.
@Suite struct ArgoTests {
    static func model(_ folder: String) throws -> RolloutModel {
        let dir = Paths.fixture("real/argo/" + folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }.sorted()
        return try Analysis.run(inputs: files.map { dir + "/" + $0 })
    }

    static func rollout(_ folder: String) throws -> Rollout {
        let m = try model(folder)
        #expect(m.rollouts.count == 1, "\(m.rollouts.map(\.workload))")
        return try #require(m.rollouts.first)
    }

    /// testdata/canary: 8 steps at index 0, a `ProgressDeadlineExceeded` condition and no
    /// `status.phase` (a pre-1.0 controller), so the plugin computes Degraded itself; the
    /// canary ReplicaSet 65fb5ffc84 (image does-not-exist) against the stable 877894d5b.
    @Test func aRealCanaryPastItsDeadline() throws {
        let r = try Self.rollout("canary")
        #expect(r.kind == .rollout && r.workload == "canary-demo" && r.namespace == "jesse-test")
        let a = try #require(r.argo)
        #expect(a.strategy == .canary && a.steps.count == 8 && a.stepIndex == 0)
        #expect(a.steps[0] == .setWeight(20) && a.steps[1] == .pause(seconds: nil) && a.steps[3] == .pause(seconds: 10))
        #expect(a.stepText == "step 1/8: setWeight 20")
        #expect(a.stableHash == "877894d5b" && a.canaryHash == "65fb5ffc84")
        // The plugin's TestCanaryRolloutInfo: canary does-not-exist, stable green.
        #expect(r.replicaSets.map(\.name) == ["canary-demo-877894d5b", "canary-demo-65fb5ffc84"])
        #expect(r.replicaSets.map(\.role) == [.old, .new])
        #expect(a.roleName(of: "877894d5b") == "stable" && a.roleName(of: "65fb5ffc84") == "canary")
        #expect(r.pods.filter { $0.role == .old }.count == 5 && r.pods.filter { $0.role == .new }.count == 1)
        #expect(a.phase == "Degraded" && a.message == "ProgressDeadlineExceeded: ReplicaSet \"canary-demo-65fb5ffc84\" has timed out progressing.")
        #expect(r.kubectl == KubectlVerdict(message: "Degraded", done: true))
        #expect(r.finishedAt == nil)
        let stall = try #require(r.findings.first { $0.kind == .rolloutStalled })
        #expect(stall.message.contains("progressDeadlineSeconds (30)") && stall.message.contains("kubectl argo rollouts abort canary-demo -n jesse-test"))
        #expect(stall.message.contains("canary-demo-65fb5ffc84-9wf5r is ImagePullBackOff"))
    }

    /// testdata/blue-green: the preview 74b948fccb is up and paused (`BlueGreenPause`), the
    /// active Service still on the stable 6cbccd9f99 (TestBlueGreenRolloutInfo: stable and
    /// active blue, preview green).
    @Test func aRealBlueGreenWaitingForPromotion() throws {
        let r = try Self.rollout("blue-green")
        let a = try #require(r.argo)
        #expect(r.kind == .rollout && a.strategy == .blueGreen && a.stepText == nil)
        #expect(a.activeHash == "6cbccd9f99" && a.previewHash == "74b948fccb" && a.stableHash == "6cbccd9f99")
        #expect(a.roleName(of: "6cbccd9f99") == "stable, active" && a.roleName(of: "74b948fccb") == "preview")
        #expect(r.replicaSets.map(\.templateHash) == ["6cbccd9f99", "74b948fccb"] && r.replicaSets.map(\.role) == [.old, .new])
        #expect(a.phase == "Paused" && a.message == "BlueGreenPause" && !a.autoPromotionEnabled && a.scaleDownDelaySeconds == 30)
        #expect(r.kubectl == KubectlVerdict(message: "Paused - BlueGreenPause", done: false))
        #expect(r.finishedAt == nil && a.switchedAt == nil)
        #expect(!r.findings.contains { $0.kind == .rolloutStalled })
        let held = try #require(r.findings.first { $0.kind == .rolloutHeld })
        #expect(held.message.contains("kubectl argo rollouts promote bluegreen-demo -n jesse-test") && held.message.contains("not a stall"))
    }

    /// testdata/rollout-aborted: the plugin's TestRolloutAborted says Degraded with
    /// `RolloutAborted: metric "web" assessed Failed due to failed (1) > failureLimit (0)`.
    @Test func aRealAbortedRollout() throws {
        let r = try Self.rollout("rollout-aborted")
        let a = try #require(r.argo)
        #expect(a.abort && a.phase == "Degraded")
        #expect(a.message == #"RolloutAborted: metric "web" assessed Failed due to failed (1) > failureLimit (0)"#)
        #expect(r.kubectl?.message == "Degraded" && r.kubectl?.done == true)
        #expect(r.replicaSets.map(\.name) == ["rollout-background-analysis-7d84d44bb8", "rollout-background-analysis-db976bc44"])
        #expect(r.replicaSets.map(\.pods) == [1, 0])
        let f = try #require(r.findings.first { $0.kind == .rolloutAborted })
        #expect(f.severity == .error && f.at == Instant(rfc3339: "2020-09-22T09:10:05Z"))
        #expect(f.message.contains("kubectl argo rollouts retry rollout rollout-background-analysis -n default"))
        #expect(!r.findings.contains { $0.kind == .rolloutStalled })
    }

    /// testdata/rollout-invalid: the plugin's TestRolloutStatusInvalidSpec says Degraded with
    /// the InvalidSpec condition's message; a rollout of it is stalled, with that message.
    @Test func aRealInvalidRollout() throws {
        let loaded = try InputLoader.load(paths: [Paths.fixture("real/argo/rollout-invalid/rollout-invalid.yaml")])
        let w = try #require(loaded.observations.compactMap { o -> WorkloadInfo? in
            if case .workload(let w) = o.payload { return w } else { return nil }
        }.first)
        let a = try #require(w.argo)
        let state = ArgoState(w, argo: a)
        #expect(state.phase == "Degraded")
        #expect(state.message == #"InvalidSpec: The Rollout "rollout-invalid" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"doesnt-match"}: `selector` does not match template `labels`"#)
        #expect(KubectlVerdict.of(w, argo: state) == KubectlVerdict(message: "Degraded", done: true))
        var r = Rollout(workload: "rollout-invalid", namespace: "default", replicaSets: [], pods: [], observedFrom: Instant(seconds: 0),
                        observedUntil: Instant(seconds: 10))
        r.kind = .rollout
        r.argo = state
        let f = try #require(Findings.argoStalled(r, pods: [], rollout: w, asOf: Instant(seconds: 10)))
        #expect(f.message.hasPrefix(#"Argo marks the rollout of rollout-invalid Degraded ("InvalidSpec: The Rollout "rollout-invalid" is invalid"#))
    }

    /// Pods alone (no Rollout object): the label tells the kind, the newest ReplicaSet by
    /// creation is new, and the Deployment's rules apply.
    @Test func podsAloneTellTheKind() throws {
        let dir = Paths.fixture("real/argo/canary")
        let pods = ["canary-pod.yaml", "stable-pod1.yaml", "stable-pod2.yaml"].map { dir + "/" + $0 }
        let m = try Analysis.run(inputs: pods)
        let r = try #require(m.rollouts.first)
        #expect(r.kind == .rollout && r.argo == nil && r.kubectl == nil)
        #expect(r.replicaSets.map(\.templateHash) == ["877894d5b", "65fb5ffc84"] && r.replicaSets.last?.role == .new)
    }

    @Test(arguments: [("30s", 30), ("1m", 60), ("1h30m", 5400), ("90", 90), ("500ms", 1), ("", nil), ("5x", nil), ("m", nil)] as [(String, Int?)])
    func pauseDurations(text: String, seconds: Int?) {
        #expect(ArgoRollout.seconds(of: text) == seconds)
    }

    @Test func targetsParseLikeKubectl() {
        for word in ["rollout", "rollouts", "ro", "rollouts.argoproj.io", "Rollout"] {
            #expect(WorkloadKind.parse(resource: word) == .rollout, "\(word)")
        }
        #expect(WorkloadKind.parse(resource: "rollouts.apps") == nil)
    }

    /// The simulator's Argo fixtures: what the report says of the Rollout (phase, step, hashes,
    /// abort and switch to the second) is what the simulated controller did
    /// (`expected/<scenario>.json`, `argo`), in every form that has the Rollout object.
    @Test(arguments: ["canary", "canary-abort", "bluegreen"])
    func fixturesAgreeWithTheController(scenario: String) throws {
        let (expected, actual) = try FixtureTests.report(for: scenario)
        let truth = try #require(expected["argo"] as? [String: Any])
        let rollout = try #require((actual["rollouts"] as? [[String: Any]])?.first { $0["workload"] as? String == "web" })
        let argo = try #require(rollout["argo"] as? [String: Any])
        #expect(argo["phase"] as? String == truth["phase"] as? String)
        #expect(argo["stableHash"] as? String == truth["stableHash"] as? String)
        if (truth["steps"] as? Int ?? 0) > 0 { #expect(argo["step"] as? Int == truth["step"] as? Int) }
        #expect(argo["switchedAt"] as? String == truth["switchedAt"] as? String)
        #expect((argo["abort"] as? Bool ?? false) == (truth["abortedAt"] is String))
        if let aborted = truth["abortedAt"] as? String {
            let finding = (rollout["findings"] as? [[String: Any]] ?? []).first { $0["kind"] as? String == "rollout-aborted" }
            #expect(finding?["at"] as? String == aborted)
            #expect(rollout["finishedAt"] is NSNull)
        }
        // Healthy at the switch for blue-green. A canary is Healthy for Argo once no old pod is
        // counted (their deletion requested); rollscope also waits for them to be gone.
        if let switched = truth["switchedAt"] as? String {
            #expect(rollout["finishedAt"] as? String == switched)
        } else if truth["phase"] as? String == "Healthy", let healthy = truth["healthyAt"] as? String {
            let finished = try #require(rollout["finishedAt"] as? String)
            #expect(finished >= healthy, "finished \(finished), Healthy \(healthy)")
        }
    }
}
