/// The whole pipeline for saved inputs: load, correlate, attribute signals, build the model.
public enum Analysis {
    /// With `retention`, rollouts past it are summarised (`model.history`) instead of shown in full.
    public static func run(inputs: [String], signalFiles: [String] = [], signalOptions: SignalParser.Options = .init(),
                           retention: Retention? = nil) throws(InputError) -> RolloutModel {
        try analyze(inputs: inputs, signalFiles: signalFiles, signalOptions: signalOptions, retention: retention).model
    }

    /// The model together with what it was built from. A one-shot command that exits while
    /// holding this spares the freeing of every observation and pod state one by one.
    public struct Analyzed: Sendable {
        public let model: RolloutModel
        let store: ObservationStore
    }

    public static func analyze(inputs: [String], signalFiles: [String] = [], signalOptions: SignalParser.Options = .init(),
                               retention: Retention? = nil) throws(InputError) -> Analyzed {
        // A store with a retention prunes as the observations go in.
        let store = try ObservationStore.load(inputs: inputs, signalFiles: signalFiles, signalOptions: signalOptions, retention: retention)
        return Analyzed(model: store.model(), store: store)
    }

    /// The highest severity among all findings, if any (summarised rollouts' included).
    public static func worstSeverity(_ model: RolloutModel) -> Finding.Severity? {
        (model.rollouts.flatMap(\.findings).map(\.severity) + model.history.findings.map(\.severity)).max()
    }
}
