/// How a rollout's timeline (the UI's and the text report's) lays its pods out in rows, by
/// kind, so both show the same thing:
///
/// - Deployment (and pods of no known kind): one row a pod, old pods under their ReplicaSet's
///   header, then new ones.
/// - StatefulSet: one row a pod name, ordinals in order; its incarnations (the old pod, the gap
///   while no pod of that name exists, the new pod) side by side on it, oldest first.
/// - DaemonSet: one row a pod, by node, each node's pods in creation order, the node part of
///   the row's label.
public enum Lanes {
    /// One row: the indexes (into the pods given) of what it draws, oldest first, and its
    /// label.
    public struct Lane: Sendable, Equatable {
        public var pods: [Int]
        public var label: String

        /// The pod the row stands for: its latest incarnation.
        public var current: Int { pods.last! }
    }

    /// Whether `kind` puts several pods on one row or orders rows its own way.
    public static func arranges(_ kind: WorkloadKind?) -> Bool {
        switch kind {
        case .statefulSet?, .daemonSet?: true
        case .deployment?, .rollout?, nil: false
        }
    }

    /// The rows of `pods` (in the order given, within a row oldest first), for a StatefulSet
    /// or DaemonSet; one row a pod, in the given order, otherwise.
    public static func rows(_ pods: [PodTimeline], kind: WorkloadKind?) -> [Lane] {
        switch kind {
        case .statefulSet?:
            var order: [String] = []
            var byName: [String: [Int]] = [:]
            for (i, p) in pods.enumerated() {
                if byName[p.name] == nil { order.append(p.name) }
                byName[p.name, default: []].append(i)
            }
            return order.map { name in
                let members = byName[name]!.sorted { created(pods[$0]) < created(pods[$1]) }
                return Lane(pods: members, label: name)
            }.sorted { a, b in
                let oa = pods[a.current].ordinal ?? .max, ob = pods[b.current].ordinal ?? .max
                return oa != ob ? oa < ob : a.label < b.label
            }
        case .daemonSet?:
            return pods.indices.sorted { a, b in
                let na = pods[a].node ?? "~", nb = pods[b].node ?? "~"
                return na != nb ? na < nb : created(pods[a]) < created(pods[b])
            }.map { Lane(pods: [$0], label: (pods[$0].node ?? "-") + " " + pods[$0].name) }
        case .deployment?, .rollout?, nil:
            return pods.indices.map { Lane(pods: [$0], label: pods[$0].name) }
        }
    }

    static func created(_ p: PodTimeline) -> Instant { p.createdAt ?? p.firstSeenAt }

    /// The caption above a StatefulSet's or DaemonSet's rows: how they are ordered and the
    /// revisions, old to new.
    public static func caption(_ r: Rollout) -> String {
        let revisions = r.replicaSets.map(\.name)
        let change = revisions.count > 1 ? revisions.dropLast().joined(separator: ", ") + " -> " + revisions.last! : revisions.first ?? ""
        switch r.kind {
        case .statefulSet?: return "by ordinal  " + change
        case .daemonSet?: return "by node  " + change
        case .deployment?, .rollout?, nil: return change
        }
    }
}
