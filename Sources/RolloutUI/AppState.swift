import RolloutCore

/// Watching a rollout as it happens, or replaying saved input.
public enum Mode: Sendable, Equatable { case live, replay }

/// Which pane receives scrolling keys.
public enum Focus: Int, Sendable, CaseIterable { case timeline, detail, log }

/// What covers the main screen, if anything; keys go to it first.
public enum Overlay: Sendable, Equatable { case none, help, findings, filter, workloads }

/// Orders of the pod rows, cycled with `s`.
public enum SortOrder: String, Sendable, CaseIterable {
    case rollout = "rollout", name = "name", status = "status", termination = "termination"
}

/// Everything the screen shows besides the data: cursor, view window, selection, overlays.
public struct AppState: Sendable, Equatable {
    public var mode: Mode
    /// Where the data comes from: a kube context, or the replayed files.
    public var source: String
    /// The instant the screen shows.
    public var cursor: Instant
    public var playing = false
    public var speed: Double = 1
    /// Live: the cursor stays at "now".
    public var follow: Bool
    /// Visible time window; nil means fit the whole rollout.
    public var viewStart: Instant?
    public var viewSpan: Double?
    public var rolloutIndex = 0
    /// Index of the selected pod among the visible (filtered, sorted) pods.
    public var selected = 0
    /// First visible row of the timeline list.
    public var scroll = 0
    /// Log lines scrolled back from the newest.
    public var logScroll = 0
    /// Detail lines scrolled past.
    public var detailScroll = 0
    /// Findings list lines scrolled past.
    public var findingsScroll = 0
    public var focus: Focus = .timeline
    public var overlay: Overlay = .none
    public var filter = ""
    public var filterDraft = ""
    /// The filter prompt was opened from the dashboard (`w`, then `/`), and goes back to it.
    public var filterFromDashboard = false
    public var sort: SortOrder = .rollout
    /// Enter: the detail pane takes the lower half of the screen.
    public var detailExpanded = false
    public var quit = false
    /// One-line note shown in the footer until the next key (speed changes, end of a demo).
    public var message: String?
    /// Live: what is wrong with the source (kubectl's error line, age of the last good data),
    /// shown until the source recovers.
    public var liveProblem: String?
    /// Live with `--probe`: what the prober has sent so far (`probe 10/s: 1204 sent, 7 failed,
    /// 2 slow`), shown at the end of the header's second line.
    public var probe: String?
    /// Selected row in the workloads list.
    public var workloadCursor = 0

    public static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64]

    public init(mode: Mode, source: String, cursor: Instant) {
        self.mode = mode
        self.source = source
        self.cursor = cursor
        self.follow = mode == .live
    }
}
