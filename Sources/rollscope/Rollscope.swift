import ArgumentParser

struct Rollscope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollscope",
        abstract: "See every pod of a Kubernetes rolling deploy: init containers, readiness, preStop, SIGKILLs and dropped connections.",
        discussion: """
        Start with `rollscope demo` (no cluster needed). Inputs are told apart by content: kubectl get pods -o json (List or PodList), a single Pod, a JSON array of pods, kubectl get pods -w -o json streams (with or without --output-watch-events), kubectl get events -o json (core/v1 and events.k8s.io/v1), kubectl get endpointslices -o json, Deployments, ReplicaSets, StatefulSets, DaemonSets, ControllerRevisions and Argo Rollouts, -o yaml of any of these, folders of snapshot files (each observed at its modification time), and rollscope's own recordings.

        Exit status: 0 fine, 1 findings at or above --fail-on, 2 bad input or usage.
        """,
        version: "0.1.0",
        subcommands: [Watch.self, Replay.self, Report.self, Record.self, Demo.self]
    )
}
