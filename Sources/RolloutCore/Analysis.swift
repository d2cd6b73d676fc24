/// The whole pipeline for saved inputs: load, correlate, attribute signals, build the model.
public enum Analysis {
    public static func run(inputs: [String], signalFiles: [String] = []) throws(InputError) -> RolloutModel {
        let loaded = try InputLoader.load(paths: inputs)
        var warnings = loaded.warnings
        var signals: [Signal] = []
        for file in signalFiles {
            let (result, w) = try SignalParser.parse(file: file)
            signals += result.signals
            warnings += w
        }
        var correlator = Correlator()
        correlator.apply(loaded.observations)
        return correlator.model(signals: signals.sorted { $0.time < $1.time }, warnings: warnings)
    }

    /// The highest severity among all findings, if any.
    public static func worstSeverity(_ model: RolloutModel) -> Finding.Severity? {
        model.rollouts.flatMap(\.findings).map(\.severity).max()
    }
}
