import RolloutCore

/// Which controller rolls the scenario's pods out, with the settings that controller takes.
/// `maxSurge` and `maxUnavailable` of the scenario serve the Deployment and the DaemonSet;
/// a StatefulSet has its own `maxUnavailable`.
public enum SimWorkload: Sendable, Equatable {
    case deployment
    case statefulSet(StatefulSet)
    case daemonSet(DaemonSet)
    case argoRollout(ArgoRollout)

    public var kind: WorkloadKind {
        switch self {
        case .deployment: .deployment
        case .statefulSet: .statefulSet
        case .daemonSet: .daemonSet
        case .argoRollout: .rollout
        }
    }

    /// An Argo Rollout (`argoproj.io/v1alpha1`): its strategy, and what a user does during the
    /// rollout (`kubectl argo rollouts promote`). The scenario's `maxSurge` and
    /// `maxUnavailable` are the canary's.
    public struct ArgoRollout: Sendable, Equatable {
        public enum Step: Sendable, Equatable {
            /// `setWeight`: the canary scaled to ceil(weight x replicas / 100), the stable
            /// ReplicaSet to the rest (a basic canary, no traffic router).
            case setWeight(Int)
            /// `pause`: for this many seconds, or until promoted (nil).
            case pause(seconds: Int?)
            /// `analysis` with template `template`: it runs `seconds`, then passes, or fails and
            /// the rollout is aborted.
            case analysis(template: String, seconds: Double, passes: Bool)
        }

        public enum Strategy: Sendable, Equatable {
            case canary(steps: [Step])
            /// The preview ReplicaSet at full size behind the preview Service, then the active
            /// Service switched to it (by itself, or when promoted), and the old ReplicaSet
            /// scaled down `scaleDownDelaySeconds` after the switch.
            case blueGreen(autoPromotionEnabled: Bool, scaleDownDelaySeconds: Int?)
        }

        public var strategy: Strategy
        /// Seconds after the start at which `kubectl argo rollouts promote` is run.
        public var promoteAfterSeconds: Double?

        public init(strategy: Strategy, promoteAfterSeconds: Double? = nil) {
            self.strategy = strategy
            self.promoteAfterSeconds = promoteAfterSeconds
        }
    }

    /// `spec.podManagementPolicy`, `spec.updateStrategy` and what a user does during the
    /// rollout (a rollback).
    public struct StatefulSet: Sendable, Equatable {
        public enum PodManagementPolicy: String, Sendable, Equatable {
            /// Pods are created in ordinal order, each once its predecessor is Running and
            /// Ready, and the controller stops at the first pod that is not.
            case orderedReady = "OrderedReady"
            /// Pods are created and deleted without waiting for each other.
            case parallel = "Parallel"
        }

        public var podManagementPolicy: PodManagementPolicy
        /// `rollingUpdate.partition`: ordinals below it keep the current revision.
        public var partition: Int
        /// `updateStrategy.type: OnDelete`: the controller replaces no pod by itself; a pod
        /// deleted by hand comes back at the update revision.
        public var onDelete: Bool
        /// `rollingUpdate.maxUnavailable` (beta, on by default since 1.35); nil leaves it unset
        /// (one pod at a time).
        public var maxUnavailable: IntOrString?
        /// Seconds after the start at which `kubectl rollout undo` restores the old template.
        public var rollbackAfterSeconds: Double?

        public init(podManagementPolicy: PodManagementPolicy = .orderedReady, partition: Int = 0, onDelete: Bool = false,
                    maxUnavailable: IntOrString? = nil, rollbackAfterSeconds: Double? = nil) {
            self.podManagementPolicy = podManagementPolicy
            self.partition = partition
            self.onDelete = onDelete
            self.maxUnavailable = maxUnavailable
            self.rollbackAfterSeconds = rollbackAfterSeconds
        }
    }

    /// `spec.updateStrategy.type`; the rolling update's maxSurge and maxUnavailable are the
    /// scenario's.
    public struct DaemonSet: Sendable, Equatable {
        /// `updateStrategy.type: OnDelete`: only pods deleted by hand are replaced.
        public var onDelete: Bool

        public init(onDelete: Bool = false) {
            self.onDelete = onDelete
        }
    }
}

/// A pod deleted by hand (`kubectl delete pod NAME`) some seconds after the rollout starts.
public struct SimPodDeletion: Sendable, Equatable {
    public var pod: String
    public var afterSeconds: Double

    public init(pod: String, afterSeconds: Double) {
        self.pod = pod
        self.afterSeconds = afterSeconds
    }
}
