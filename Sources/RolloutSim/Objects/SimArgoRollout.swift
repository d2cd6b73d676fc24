import RolloutCore

/// An Argo Rollout (`argoproj.io/v1alpha1`) as the API server holds it: the spec as applied,
/// the status as Argo's controller last wrote it (pkg/apis/rollouts/v1alpha1/types.go field
/// order; `observedGeneration` is a string there).
public struct SimArgoRollout: Sendable, Equatable {
    public enum Strategy: Sendable, Equatable {
        case canary(steps: [SimWorkload.ArgoRollout.Step], maxSurge: IntOrString, maxUnavailable: IntOrString)
        case blueGreen(activeService: String, previewService: String, autoPromotionEnabled: Bool, scaleDownDelaySeconds: Int?)
    }

    public var metadata: SimObjectMeta
    public var replicas: Int
    public var selector: [String: String]
    public var template: JSONValue
    public var strategy: Strategy
    public var progressDeadlineSeconds: Int
    public var observedGeneration: Int?
    public var statusReplicas = 0
    public var updatedReplicas = 0
    public var readyReplicas = 0
    public var availableReplicas = 0
    public var currentPodHash: String?
    public var stableRS: String?
    public var currentStepIndex: Int?
    public var abort = false
    public var abortedAt: Double?
    public var pauseConditions: [(reason: String, startTime: Double)] = []
    public var controllerPause = false
    public var activeSelector: String?
    public var previewSelector: String?
    public var phase = "Progressing"
    public var message = ""
    public var conditions: [SimDeployment.Condition] = []

    public init(metadata: SimObjectMeta, replicas: Int, selector: [String: String], template: JSONValue, strategy: Strategy,
                progressDeadlineSeconds: Int) {
        self.metadata = metadata
        self.replicas = replicas
        self.selector = selector
        self.template = template
        self.strategy = strategy
        self.progressDeadlineSeconds = progressDeadlineSeconds
    }

    public static func == (a: SimArgoRollout, b: SimArgoRollout) -> Bool { a.json == b.json }

    public var json: JSONValue {
        func intOrString(_ v: IntOrString) -> JSONValue {
            switch v {
            case .int(let i): .int(i)
            case .string(let s): .string(s)
            }
        }
        let labels: JSONValue = .object(selector.keys.sorted().map { .init($0, .string(selector[$0]!)) })
        let strategyJSON: JSONValue
        switch strategy {
        case .canary(let steps, let surge, let unavailable):
            let list: [JSONValue] = steps.map { step in
                switch step {
                case .setWeight(let w): ["setWeight": .int(w)]
                case .pause(let s?): ["pause": ["duration": .string("\(s)s")]]
                case .pause(nil): ["pause": [:]]
                case .analysis(let template, _, _): ["analysis": ["templates": [["templateName": .string(template)]]]]
                }
            }
            strategyJSON = ["canary": ["maxSurge": intOrString(surge), "maxUnavailable": intOrString(unavailable), "steps": .array(list)]]
        case .blueGreen(let active, let preview, let auto, let delay):
            strategyJSON = ["blueGreen": .members([
                ("activeService", .string(active)), ("previewService", .string(preview)),
                ("autoPromotionEnabled", auto ? nil : .bool(false)),
                ("scaleDownDelaySeconds", delay.map(JSONValue.int)),
            ])]
        }
        let blueGreen: JSONValue = .members([("activeSelector", activeSelector.map(JSONValue.string)),
                                             ("previewSelector", previewSelector.map(JSONValue.string))])
        let spec: JSONValue = .members([
            ("replicas", .int(replicas)),
            ("selector", ["matchLabels": labels]),
            ("template", ["metadata": ["creationTimestamp": .null, "labels": labels], "spec": template]),
            ("strategy", strategyJSON),
            ("revisionHistoryLimit", .int(10)),
            ("progressDeadlineSeconds", .int(progressDeadlineSeconds)),
        ])
        let pauses: JSONValue? = pauseConditions.isEmpty ? nil : .array(pauseConditions.map { p -> JSONValue in
            .members([("reason", .string(p.reason)), ("startTime", KubeTime.json(p.startTime))])
        })
        let selectorText = selector.keys.sorted().map { "\($0)=\(selector[$0]!)" }.joined(separator: ",")
        var status: [(String, JSONValue?)] = []
        status.append(("abort", abort ? .bool(true) : nil))
        status.append(("abortedAt", abortedAt.map(KubeTime.json)))
        status.append(("pauseConditions", pauses))
        status.append(("controllerPause", controllerPause ? .bool(true) : nil))
        status.append(("currentPodHash", currentPodHash.map(JSONValue.string)))
        status.append(("currentStepIndex", currentStepIndex.map(JSONValue.int)))
        status.append(("replicas", .int(statusReplicas)))
        status.append(("updatedReplicas", .int(updatedReplicas)))
        status.append(("readyReplicas", .int(readyReplicas)))
        status.append(("availableReplicas", .int(availableReplicas)))
        status.append(("HPAReplicas", .int(statusReplicas)))
        status.append(("selector", .string(selectorText)))
        status.append(("stableRS", stableRS.map(JSONValue.string)))
        status.append(("conditions", conditions.isEmpty ? nil : .array(conditions.map(\.json))))
        status.append(("canary", .object([])))
        status.append(("blueGreen", blueGreen))
        status.append(("observedGeneration", observedGeneration.map { .string(String($0)) }))
        status.append(("phase", .string(phase)))
        status.append(("message", message.isEmpty ? nil : .string(message)))
        return .members([
            ("apiVersion", .string("argoproj.io/v1alpha1")), ("kind", .string("Rollout")),
            ("metadata", metadata.json), ("spec", spec), ("status", .members(status)),
        ])
    }
}
