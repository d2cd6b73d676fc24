/// The whole pipeline for saved inputs: load, correlate, attribute signals, build the model.
public enum Analysis {
    public static func run(inputs: [String], signalFiles: [String] = []) throws(InputError) -> RolloutModel {
        let store = try ObservationStore.load(inputs: inputs, signalFiles: signalFiles)
        return store.correlator(upTo: store.observations.count).model(signals: store.signals, warnings: store.warnings)
    }

    /// The highest severity among all findings, if any.
    public static func worstSeverity(_ model: RolloutModel) -> Finding.Severity? {
        model.rollouts.flatMap(\.findings).map(\.severity).max()
    }
}
