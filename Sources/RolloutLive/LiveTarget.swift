import Foundation

/// What to watch.
public enum LiveTarget: Sendable, Equatable {
    /// `deployment/NAME`: its selector, replicas and strategy come from the Deployment.
    case deployment(String)
    /// `-l SELECTOR`.
    case selector(String)
    /// Everything in the namespace.
    case namespace

    /// Parses `deployment/NAME` (also `deploy/NAME`, `deployments/NAME`).
    public static func parse(_ text: String) -> LiveTarget? {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["deployment", "deployments", "deploy"].contains(parts[0].lowercased()), !parts[1].isEmpty else { return nil }
        return .deployment(parts[1])
    }

    public var description: String {
        switch self {
        case .deployment(let n): return "deployment/\(n)"
        case .selector(let s): return "-l \(s)"
        case .namespace: return "namespace"
        }
    }
}
