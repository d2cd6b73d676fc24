import Foundation
import RolloutCore

/// What a live session runs: kubectl and its flags, the target, watch or poll, and the signal source.
public struct LiveConfig: Sendable {
    public enum Mode: String, Sendable { case watch, poll }
    public var kubectl: Kubectl
    public var target: LiveTarget
    public var mode: Mode
    /// Seconds between polls (pods in poll mode; events, slices and the Deployment always).
    public var interval: Double
    public var signalsFile: String?
    public var signalsCommand: [String]?
    /// How to read signal lines beyond the built-in formats (`--signal-fields`).
    public var signalOptions: SignalParser.Options

    public init(kubectl: Kubectl, target: LiveTarget, mode: Mode = .watch, interval: Double = 2,
                signalsFile: String? = nil, signalsCommand: [String]? = nil, signalOptions: SignalParser.Options = .init()) {
        self.kubectl = kubectl
        self.target = target
        self.mode = mode
        self.interval = interval
        self.signalsFile = signalsFile
        self.signalsCommand = signalsCommand
        self.signalOptions = signalOptions
    }
}
