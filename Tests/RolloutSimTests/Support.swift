import Foundation
import Testing
import RolloutCore
@testable import RolloutSim

/// A simulated run, saved the way a user saves kubectl output, and RolloutCore's reading of it.
struct Analyzed {
    let output: SimOutput
    let model: RolloutModel
    let directory: URL

    var rollout: Rollout { model.rollouts.first { $0.workload == output.scenario.deployment }! }

    func pod(_ name: String) -> PodTimeline? { rollout.pods.first { $0.name == name } }
    func truth(_ name: String) -> SimPodTruth? { output.pods.first { $0.name == name } }
    var oldPods: [PodTimeline] { rollout.pods.filter { $0.role == .old } }
    var newPods: [PodTimeline] { rollout.pods.filter { $0.role == .new } }
    func findings(_ kind: String) -> [Finding] { rollout.findings.filter { $0.kind.rawValue == kind } }
}

/// Writes the five views to files and runs `Analysis.run` on them, exactly as `rollscope report` would.
func analyze(_ scenario: SimScenario) throws -> Analyzed {
    let output = Simulator.run(scenario)
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("rollscope-sim-\(scenario.name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    var files: [(String, String)] = [
        ("pods-watch.json", output.watchStream()),
        ("events.json", output.eventsList()),
        ("endpointslices-watch.json", output.endpointSliceStream()),
        // The workload as kubectl prints it: the Deployment, or the StatefulSet, DaemonSet or Rollout.
        ("workload.json", scenario.kind == .deployment ? output.deploymentJSON() : output.workloadJSON()),
        ("ingress-nginx.log", output.accessLog()),
    ]
    // An Argo Rollout's ReplicaSets, before the access log (the last file is the signals).
    if scenario.kind == .rollout { files.insert(("replicasets.json", output.replicaSetList()), at: files.count - 1) }
    for (name, text) in files {
        try Data(text.utf8).write(to: dir.appendingPathComponent(name))
    }
    let inputs = files.dropLast().map { dir.appendingPathComponent($0.0).path }
    let model = try Analysis.run(inputs: inputs, signalFiles: [dir.appendingPathComponent("ingress-nginx.log").path])
    if ProcessInfo.processInfo.environment["SIM_DUMP"] == nil { try? FileManager.default.removeItem(at: dir) }
    return Analyzed(output: output, model: model, directory: dir)
}
