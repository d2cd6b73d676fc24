/// A file (or command, or recording) signals were read from: how many lines of each format it
/// held and how many it skipped. Reports list them, so a user sees that the log was read, and
/// as what.
public struct SignalSource: Sendable, Equatable {
    /// The file as the user named it (or the command, or the recording).
    public var file: String
    /// Lines read, per format.
    public var formats: [SignalFormat: Int]
    public var skipped: Int
    /// The first skipped line's number.
    public var firstSkipped: Int?
    /// Lines of other log types recognised among the skipped (`AWS NLB access log lines`).
    public var otherTypes: [String: Int]

    public init(file: String, formats: [SignalFormat: Int], skipped: Int = 0, firstSkipped: Int? = nil, otherTypes: [String: Int] = [:]) {
        self.file = file
        self.formats = formats
        self.skipped = skipped
        self.firstSkipped = firstSkipped
        self.otherTypes = otherTypes
    }

    /// What reading `file` gave.
    public init(file: String, _ r: SignalParser.Result) {
        self.init(file: file, formats: r.formats, skipped: r.skipped, firstSkipped: r.firstSkipped, otherTypes: r.otherTypes)
    }

    /// Lines read in all.
    public var lines: Int { formats.values.reduce(0, +) }

    /// The format most of its lines were in (the first in `SignalFormat` order on a tie).
    public var mainFormat: SignalFormat? {
        formats.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }

    /// Its formats with their line counts, most lines first: `Envoy/Istio text 812, AWS ALB 3`.
    public var formatList: [(format: SignalFormat, lines: Int)] {
        formats.map { ($0.key, $0.value) }.sorted { a, b in a.lines != b.lines ? a.lines > b.lines : a.format < b.format }
    }
}
