/// The instants marked on a pod's row, over its phases: what happened to it and when. The
/// terminal marks dropped connections; the SVG timeline marks all of them. Names, glyphs and
/// colours live here for the same reason as the phases' (`Segment.Phase.ink`).
public enum TimelineMark: String, Sendable, CaseIterable {
    /// `metadata.deletionTimestamp - deletionGracePeriodSeconds`: the grace period starts here.
    case deletionRequested
    /// The kubelet's `Killing` event: it is about to run preStop (or send SIGTERM).
    case killing
    /// A container's exit with code 0.
    case exited
    /// A container's (or an init container's) exit with any other code.
    case exitedWithError
    /// The pod's EndpointSlice entry changed (ready, serving, terminating, or removed).
    case endpointChange
    /// A proxy saw a request to this pod fail (a dropped connection).
    case dropped

    /// The name in the legend.
    public var legendName: String {
        switch self {
        case .deletionRequested: "deletion requested"
        case .killing: "Killing event"
        case .exited: "exit 0"
        case .exitedWithError: "exit ≠ 0"
        case .endpointChange: "endpoint change"
        case .dropped: "dropped connection"
        }
    }

    public var unicodeGlyph: Character {
        switch self {
        case .deletionRequested: "▼"
        case .killing: "▽"
        case .exited: "●"
        case .exitedWithError: "●"
        case .endpointChange: "◇"
        case .dropped: "◆"
        }
    }

    public var asciiGlyph: Character {
        switch self {
        case .deletionRequested: "v"
        case .killing: "k"
        case .exited: "o"
        case .exitedWithError: "x"
        case .endpointChange: "e"
        case .dropped: "*"
        }
    }

    public var ink: Ink {
        switch self {
        case .deletionRequested, .killing, .exited: Ink(.white, .brightWhite)
        case .exitedWithError: Ink(.red, .brightRed, bold: true)
        case .endpointChange: Ink(.cyan, .brightCyan)
        case .dropped: Ink(.red, .brightRed, bold: true)
        }
    }
}
