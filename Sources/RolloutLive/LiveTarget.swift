import Foundation
import RolloutCore

/// What to watch.
public enum LiveTarget: Sendable, Equatable {
    /// `deployment/NAME`, `statefulset/NAME`, `daemonset/NAME`, `rollout/NAME` (an Argo
    /// Rollout; or kubectl's other spellings):
    /// the pods' selector comes from the workload, which is read again every fifth interval
    /// (its status says which revision is new and how far the controller has come).
    case workload(WorkloadKind, String)
    /// `-l SELECTOR`.
    case selector(String)
    /// Everything in the namespace.
    case namespace

    /// `deployment/NAME`.
    public static func deployment(_ name: String) -> LiveTarget { .workload(.deployment, name) }

    /// Parses `KIND/NAME`: `deployment`, `statefulset`, `daemonset` or `rollout`, singular or
    /// plural, kubectl's short names (`deploy`, `sts`, `ds`, `ro`) or with the API group
    /// (`rollouts.argoproj.io`), in any case.
    public static func parse(_ text: String) -> LiveTarget? {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = WorkloadKind.parse(resource: parts[0]), !parts[1].isEmpty,
              !parts[1].contains("/") else { return nil }
        return .workload(kind, parts[1])
    }

    /// Why `text` is not a target, in one line for the user.
    public static func problem(_ text: String) -> String? {
        guard parse(text) == nil else { return nil }
        return "TARGET must be deployment/NAME, statefulset/NAME, daemonset/NAME or rollout/NAME (or deploy/, sts/, ds/, ro/), not '\(Sanitizer.clean(String(text.prefix(120))))'"
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
