/// What rolls a workload's pods out: each kind has its own controller, its own way of naming
/// revisions and its own rule for when a rollout is done.
///
/// The raw values are a contract: the JSON report's `kind` and the `KIND/NAME` of `watch`
/// name them. A kind is one case; the compiler then asks for it in every switch below and in
/// the correlator's per-kind steps (docs/architecture.md, "a workload kind").
public enum WorkloadKind: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Replaces pods through ReplicaSets: a new ReplicaSet scaled up, the old one scaled down
    /// (maxSurge, maxUnavailable). Pods carry `pod-template-hash`.
    case deployment = "Deployment"
    /// Replaces pods one ordinal at a time, highest first, deleting each before creating its
    /// successor under the same name (a new uid). Pods carry `controller-revision-hash`
    /// (`<name>-<hash>`, the ControllerRevision's name).
    case statefulSet = "StatefulSet"
    /// Replaces the one pod on each node (maxUnavailable nodes at a time, or maxSurge new pods
    /// beside the old). Pods carry the bare `controller-revision-hash` and
    /// `pod-template-generation`.
    case daemonSet = "DaemonSet"
    /// Argo Rollouts (`argoproj.io/v1alpha1`): ReplicaSets like a Deployment's, moved by
    /// canary steps (setWeight, pause, analysis) or a blue-green switch of Services. Pods carry
    /// `rollouts-pod-template-hash`; the Rollout's `status.currentPodHash` is the new revision,
    /// `status.stableRS` the stable one.
    case rollout = "Rollout"

    public var description: String { rawValue }

    /// The kind a pod's controller owner reference names; nil for other owners (Jobs,
    /// operators) and for a ReplicaSet's kind, which is the Deployment's side of it.
    public init?(ownerKind: String?) {
        switch ownerKind {
        case "ReplicaSet": self = .deployment
        case "StatefulSet": self = .statefulSet
        case "DaemonSet": self = .daemonSet
        case "Rollout": self = .rollout
        default: return nil
        }
    }

    /// kubectl's resource name (`kubectl get statefulset NAME`).
    public var resource: String {
        switch self {
        case .deployment: "deployment"
        case .statefulSet: "statefulset"
        case .daemonSet: "daemonset"
        case .rollout: "rollout"
        }
    }

    /// The resource as `kubectl get` is given it: a custom resource by its full name
    /// (`rollouts.argoproj.io`), so no other CRD's `rollout` can be meant.
    public var kubectlResource: String {
        switch self {
        case .deployment, .statefulSet, .daemonSet: resource
        case .rollout: "rollouts.argoproj.io"
        }
    }

    /// What `watch` accepts before the slash, as kubectl does: the singular, the plural and the
    /// short name (`deploy`, `sts`, `ds`), in any case, and the kind with its API group.
    public static func parse(resource text: String) -> WorkloadKind? {
        let word = text.lowercased()
        for kind in WorkloadKind.allCases {
            let api = kind.apiGroup
            let group = kind.resource + "s." + api
            if [kind.resource, kind.resource + "s", kind.shortName, group, kind.resource + "." + api].contains(word) { return kind }
        }
        return nil
    }

    /// kubectl's short name.
    public var shortName: String {
        switch self {
        case .deployment: "deploy"
        case .statefulSet: "sts"
        case .daemonSet: "ds"
        case .rollout: "ro"
        }
    }

    /// The API group of the kind's resource (`apps`, or Argo's `argoproj.io`).
    public var apiGroup: String {
        switch self {
        case .deployment, .statefulSet, .daemonSet: "apps"
        case .rollout: "argoproj.io"
        }
    }

    /// What a revision of this kind is called in reports: a ReplicaSet for Deployments and
    /// Rollouts, a ControllerRevision for the others.
    public var revisionNoun: String {
        switch self {
        case .deployment, .rollout: "ReplicaSet"
        case .statefulSet, .daemonSet: "ControllerRevision"
        }
    }
}
