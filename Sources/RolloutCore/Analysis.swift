/// The whole pipeline for saved inputs: load, correlate, attribute signals, build the model.
public enum Analysis {
    public static func run(inputs: [String], signalFiles: [String] = []) throws(InputError) -> RolloutModel {
        try analyze(inputs: inputs, signalFiles: signalFiles).model
    }

    /// The model together with what it was built from. A one-shot command that exits while
    /// holding this spares the freeing of every observation and pod state one by one.
    public struct Analyzed: Sendable {
        public let model: RolloutModel
        let store: ObservationStore
        let correlator: Correlator
    }

    public static func analyze(inputs: [String], signalFiles: [String] = []) throws(InputError) -> Analyzed {
        let store = try ObservationStore.load(inputs: inputs, signalFiles: signalFiles)
        let correlator = store.correlator(upTo: store.observations.count)
        return Analyzed(model: correlator.model(signals: store.signals, warnings: store.warnings), store: store, correlator: correlator)
    }

    /// The highest severity among all findings, if any.
    public static func worstSeverity(_ model: RolloutModel) -> Finding.Severity? {
        model.rollouts.flatMap(\.findings).map(\.severity).max()
    }
}
