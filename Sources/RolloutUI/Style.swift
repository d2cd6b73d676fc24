import RolloutCore

/// Semantic roles for every cell; the terminal layer maps them to colours or attributes.
public enum Style: UInt8, Sendable, CaseIterable {
    case normal, dim, bold, title, border, borderFocus, selection, ruler, cursor
    case headerBar, live, replay, paused, error, warning, info, ok
    case pending, initializing, initFailed, starting, ready, notReady, preStop, terminating, unobserved, killed
    case signal, event, key, searchMatch

    /// One character per style for the style mask of text goldens.
    public var maskCode: Character {
        switch self {
        case .normal: " "; case .dim: "d"; case .bold: "B"; case .title: "T"; case .border: "b"; case .borderFocus: "F"
        case .selection: "S"; case .ruler: "r"; case .cursor: "|"; case .headerBar: "H"; case .live: "L"; case .replay: "R"
        case .paused: "P"; case .error: "E"; case .warning: "W"; case .info: "I"; case .ok: "O"
        case .pending: "."; case .initializing: "i"; case .initFailed: "!"; case .starting: "s"; case .ready: "="
        case .notReady: "-"; case .preStop: "~"; case .terminating: "t"; case .unobserved: "?"; case .killed: "X"
        case .signal: "g"; case .event: "v"; case .key: "k"; case .searchMatch: "m"
        }
    }

    /// The style of a pod phase segment.
    public init(_ phase: Segment.Phase) {
        switch phase {
        case .pending: self = .pending
        case .initializing: self = .initializing
        case .initFailed: self = .initFailed
        case .starting: self = .starting
        case .ready: self = .ready
        case .notReady: self = .notReady
        case .preStop: self = .preStop
        case .terminating: self = .terminating
        case .unobserved: self = .unobserved
        case .killed: self = .killed
        }
    }

    /// The style of a finding's severity.
    public init(_ severity: Finding.Severity) {
        switch severity {
        case .error: self = .error
        case .warning: self = .warning
        case .info: self = .info
        }
    }
}
