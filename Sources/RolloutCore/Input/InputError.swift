/// Input that cannot be used: names the file and says what is wrong, in one line.
public struct InputError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { Sanitizer.clean("\(file): \(message)") }
}

/// Everything read from the inputs, in observation order, plus one-line warnings.
public struct LoadedInputs: Sendable {
    public var observations: [Observation] = []
    /// Signals carried inside recordings, and what each recording's signal lines were.
    public var signals: [Signal] = []
    public var signalSources: [SignalSource] = []
    public var warnings: [String] = []
    /// The display names of the inputs, by source index.
    public var sources: [String] = []
    public init() {}
}
