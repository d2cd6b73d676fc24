/// Semantic roles for every cell; the terminal layer maps them to colours or attributes.
public enum Style: UInt8, Sendable, CaseIterable {
    case normal, dim, bold, title, border, borderFocus, selection, ruler, cursor
    case headerBar, live, replay, paused, error, warning, info, ok
    case pending, initializing, initFailed, starting, ready, notReady, preStop, terminating, unobserved, killed
    case signal, event, key, searchMatch

    /// One character per style for the style mask of text goldens.
    public var maskCode: Character {
        let codes: [Style: Character] = [
            .normal: " ", .dim: "d", .bold: "B", .title: "T", .border: "b", .borderFocus: "F", .selection: "S",
            .ruler: "r", .cursor: "|", .headerBar: "H", .live: "L", .replay: "R", .paused: "P", .error: "E",
            .warning: "W", .info: "I", .ok: "O", .pending: ".", .initializing: "i", .initFailed: "!",
            .starting: "s", .ready: "=", .notReady: "-", .preStop: "~", .terminating: "t", .unobserved: "?",
            .killed: "X", .signal: "g", .event: "v", .key: "k", .searchMatch: "m",
        ]
        return codes[self] ?? "?"
    }
}

extension Style {
    /// The style of a pod phase segment.
    public init(_ phase: RolloutCore.Segment.Phase) {
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
}

import RolloutCore
