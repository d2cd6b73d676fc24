import Foundation
import RolloutCore

/// What to watch.
public enum LiveTarget: Sendable, Equatable {
    /// `deployment/NAME`, `statefulset/NAME`, `daemonset/NAME` (or kubectl's other spellings):
    /// the pods' selector comes from the workload, which is read again every fifth interval
    /// (its status says which revision is new and how far the controller has come).
    case workload(WorkloadKind, String)
    /// `-l SELECTOR`.
    case selector(String)
    /// Everything in the namespace.
    case namespace

    /// `deployment/NAME`.
    public static func deployment(_ name: String) -> LiveTarget { .workload(.deployment, name) }

    /// Parses `KIND/NAME`: `deployment`, `statefulset` or `daemonset`, singular or plural, or
    /// kubectl's short names (`deploy`, `sts`, `ds`), in any case.
    public static func parse(_ text: String) -> LiveTarget? {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = WorkloadKind.parse(resource: parts[0]), !parts[1].isEmpty,
              !parts[1].contains("/") else { return nil }
        return .workload(kind, parts[1])
    }

    /// Why `text` is not a target, in one line for the user.
    public static func problem(_ text: String) -> String? {
        guard parse(text) == nil else { return nil }
        let kind = text.split(separator: "/", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        if ["rollout", "rollouts", "ro", "rollouts.argoproj.io"].contains(kind) {
            return "rollout/NAME (an Argo Rollout) is not supported yet; watch its pods with -l SELECTOR (for example -l app=NAME)"
        }
        return "TARGET must be deployment/NAME, statefulset/NAME or daemonset/NAME (or deploy/, sts/, ds/), not '\(text)'"
    }

    /// The workload's name when the target is one.
    public var workloadName: String? {
        if case .workload(_, let name) = self { return name }
        return nil
    }

    public var description: String {
        switch self {
        case .workload(let kind, let n): return "\(kind.resource)/\(n)"
        case .selector(let s): return "-l \(s)"
        case .namespace: return "namespace"
        }
    }
}
