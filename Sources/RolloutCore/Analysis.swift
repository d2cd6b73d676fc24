/// The whole pipeline for saved inputs: load, correlate, attribute signals, build the model.
public enum Analysis {
    /// With `retention`, rollouts past it are summarised (`model.history`) instead of shown in full.
    public static func run(inputs: [String], signalFiles: [String] = [], retention: Retention? = nil) throws(InputError) -> RolloutModel {
        // A store with a retention prunes as the observations go in.
        let store = try ObservationStore.load(inputs: inputs, signalFiles: signalFiles, retention: retention)
        return store.model()
    }

    /// The highest severity among all findings, if any (summarised rollouts' included).
    public static func worstSeverity(_ model: RolloutModel) -> Finding.Severity? {
        (model.rollouts.flatMap(\.findings).map(\.severity) + model.history.findings.map(\.severity)).max()
    }
}
