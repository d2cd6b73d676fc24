import ArgumentParser
import RolloutCore

/// `--signal-fields`: how every command that reads signals reads the user's own JSON Lines.
struct SignalOptions: ParsableArguments {
    @Option(name: .customLong("signal-fields"), help: ArgumentHelp(
        "Read JSON Lines signals with your own key names, e.g. time=ts,address=upstream,status=code (also start, pod, kind, service).",
        valueName: "MAP"))
    var signalFields: String?

    func validate() throws {
        if let signalFields, case .failure(let e) = SignalFields.parse(signalFields) { throw ValidationError(e.description) }
    }

    var options: SignalParser.Options {
        SignalParser.Options(fields: signalFields.flatMap { try? SignalFields.parse($0).get() })
    }
}
