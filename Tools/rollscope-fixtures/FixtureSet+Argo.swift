import Foundation
import RolloutCore
import RolloutSim

/// The Argo Rollout scenarios: a canary through its steps, a canary aborted by its analysis, a
/// blue-green rollout promoted by hand; each in kubectl's watch with the Rollout, its
/// ReplicaSets, events and access log, the canary and blue-green also as a plain watch, YAML and
/// polls. Besides the pods, the ground truth holds what Argo's controller did (`argo`).
extension FixtureSet {
    mutating func argoRollouts() {
        argo(FixtureScenarios.canary, allForms: true, notes: "Argo Rollout web, 5 replicas, canary without a traffic router: "
             + "setWeight 20 (the canary ReplicaSet scaled to 1, then the stable one to 4), pause 30 s, setWeight 60 (canary 3, "
             + "stable 2), an analysis that passes after 20 s, then the canary to 5, stable, and the old ReplicaSet to 0. Argo "
             + "calls it Healthy once the stable ReplicaSet is the new one and no old pod is left.")
        argo(FixtureScenarios.canaryAbort, notes: "Argo Rollout web, 5 replicas: setWeight 40 (canary 2, stable 3), then an analysis "
             + "that fails after 20 s: Argo aborts (RolloutAborted), scales the canary to 0 and the stable ReplicaSet back to 5; "
             + "the Rollout is Degraded and rollout-aborted must say so.", rolloutFindings: ["rollout-aborted"])
        argo(FixtureScenarios.bluegreen, allForms: true, notes: "Argo Rollout web, 3 replicas, blue-green with autoPromotionEnabled false: "
             + "the preview ReplicaSet comes up at full size behind web-preview and waits (BlueGreenPause) until kubectl argo "
             + "rollouts promote at +40 s; the active Service is switched then (SwitchService) and the rollout is Healthy; the "
             + "old pods stay up for scaleDownDelaySeconds (30 s) after the switch and then drain, by design.")
    }

    mutating func argo(_ scenario: SimScenario, allForms: Bool = false, notes: String, rolloutFindings: [String] = []) {
        let o = Simulator.run(scenario)
        let a = o.argo!
        let truth: JSONValue = .members([
            ("phase", .string(a.phase)),
            ("step", .int(a.stepIndex)), ("steps", .int(a.steps)),
            ("stableHash", .string(a.stableHash)), ("currentHash", .string(a.currentHash)),
            ("abortedAt", GroundTruth.time(a.abortedAt)),
            ("switchedAt", GroundTruth.time(a.switchedAt)),
            ("healthyAt", GroundTruth.time(a.healthyAt)),
        ])
        forms(o, dir: scenario.name, allForms: allForms, pollSeconds: 10, notes: notes, rolloutFindings: rolloutFindings,
              extra: [("argo", truth)])
    }
}
