import Foundation
import Testing
import TestSupport
@testable import RolloutCore

/// Broken and hostile inputs, run through the real `rollscope report` binary with a time limit.
///
/// Every case ends in one of three outcomes, chosen as a demanding user would expect:
///
/// - **refused**: exit status 2, exactly one stderr line that names the file and says what is
///   wrong; nothing on stdout. For input with nothing usable in it, or where using the readable
///   part would mislead (a List cut off mid-item would make its missing pods look deleted).
/// - **usable**: a normal report (exit 0 or 1) plus exactly one warning line naming the file and
///   the problem, when the valid part stands on its own (each line of a watch stream or a
///   recording is an observation; a value of the wrong type is one field, not the object).
/// - **clean**: exit 0, no stderr at all, for files that are merely written differently (CRLF
///   line ends, a byte order mark): a warning would be noise.
///
/// Never a crash, a trap, a hang or a stack overflow; stdout and stderr are valid UTF-8 with no
/// control characters (C0 other than newline, DEL, C1). Small files are in
/// `Fixtures/hostile/` (written from the simulator's objects by `rollscope-fixtures`); huge ones
/// are generated here at run time.
///
/// | input | outcome | the line says |
/// | --- | --- | --- |
/// | `empty.json` (0 bytes) | refused | is empty |
/// | `whitespace.json` | refused | is empty (holds only whitespace) |
/// | `truncated-list.json` (a List cut mid-item) | refused | not valid JSON ... the file is cut off |
/// | `top-null.json`, `top-string.json`, `top-number.json` | refused | holds JSON null / a string ("pods") / a number (42) |
/// | `nul-bytes.json` (starts with NULs) | refused | is binary data |
/// | `kubectl-error.txt`, `kubectl-forbidden.txt` | refused | holds kubectl's error text, with the text |
/// | `html-502.json` | refused | is an HTML page (its first line) |
/// | `yaml-bad-indent.yaml`, `yaml-tab.yaml`, `yaml-unterminated-quote.yaml` | refused | neither JSON nor valid YAML, with the parser's place |
/// | generated: 200,000 nested arrays / objects, 200,000 levels inside a pod | refused | nesting deeper than 512 levels |
/// | generated: 200,000-level YAML flow nesting, 200,000 compact `- - -` | refused | nesting deeper than 256 levels |
/// | generated: recording header nested 200,000 levels | refused | damaged recording header |
/// | generated: kubectl error line of 100 KB | refused | kubectl's error text (the line bounded) |
/// | `name-is-number.json` | usable | name: expected a string, found a number |
/// | `containers-is-object.json` | usable | containers: expected an array, found an object |
/// | `grace-is-string.json` | usable | terminationGracePeriodSeconds: expected a number, found "thirty" |
/// | `overflowing-numbers.json` (1e400, 99999999999999999999999) | usable | ignored 17 unusable values |
/// | `negative-grace.json` | usable | -30 seconds is out of range |
/// | `invalid-utf8-name.json` | usable | not valid UTF-8; shown as U+FFFD |
/// | `time-year-0000`, `time-month-13`, `time-leap-second-9999`, `time-yesterday` | usable | "..." is not an RFC 3339 time |
/// | `finished-before-started.json` | usable | ignored the times of a container that finished before it started |
/// | `unknown-watch-type.json` (`FROBNICATE`) | usable | skipped watch events of unknown type |
/// | `garbage-between.json`, `nul-between-objects.json` | usable | skipped 1 damaged stretch (and read on after it) |
/// | `error-after-stream.json` (kubectl's error after the objects) | usable | ignored the rest of the file from line 6 |
/// | `kubectl-warning-first.json`, `kubectl-error-first.json` (kubectl's stderr captured before its output) | usable | skipped 1 damaged stretch (first at line 1: text that is not JSON: ...) |
/// | `pretty-watch-garbage.json` (`kubectl get pods -w -o json`, garbage between pretty objects) | usable | skipped 1 damaged stretch |
/// | `cut-mid-line.json`, `pretty-watch-cut.json` (watch streams cut mid-object) | usable | the file is cut off |
/// | `recording-cut-mid-line.json` | usable | the last line is cut off |
/// | `recording-damaged-line.json` | usable | skipped 1 damaged line |
/// | generated: pod named with 5 MB (JSON and YAML) | usable | cut 1 name longer than Kubernetes allows |
/// | generated: 200,000 levels in the second line of a stream | usable | skipped 1 damaged stretch |
/// | generated: an event whose message is 5 MB | usable | cut 1 text longer than 64 KB |
/// | `crlf.json`, `bom.json` | clean | (report identical to `valid.json`'s) |
/// | `crlf-list.json`, `bom.yaml`, `recording.json` | clean | |
@Suite struct HostileInputTests {
    enum Outcome: Sendable, CustomStringConvertible {
        case refused
        case usable
        case clean
        var description: String {
            switch self {
            case .refused: "refused"
            case .usable: "usable"
            case .clean: "clean"
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var outcome: Outcome
        /// Text the one stderr line must contain (besides the file's name).
        var says: String
        /// Text the report must show (the valid part was used).
        var shows: String?
        /// The report must be byte for byte the one of this fixture.
        var sameAs: String?
        var testDescription: String { "\(file) \(outcome)" }
    }

    static let newPod = "web-5f8d7c9b4a-k2hdz"
    static let oldPod = "web-7d4b9c8f6d-b6wkc"

    static let cases: [Case] = [
        Case(file: "empty.json", outcome: .refused, says: ": is empty"),
        Case(file: "whitespace.json", outcome: .refused, says: "is empty (holds only whitespace)"),
        Case(file: "truncated-list.json", outcome: .refused, says: "is not valid JSON: unexpected end of input inside an object at line 347, column 13; the file is cut off"),
        Case(file: "top-null.json", outcome: .refused, says: "holds JSON null, not Kubernetes objects"),
        Case(file: "top-string.json", outcome: .refused, says: "holds a string (\"pods\"), not Kubernetes objects"),
        Case(file: "top-number.json", outcome: .refused, says: "holds a number (42), not Kubernetes objects"),
        Case(file: "nul-bytes.json", outcome: .refused, says: "is binary data, not JSON or YAML"),
        Case(file: "kubectl-error.txt", outcome: .refused, says: "holds kubectl's error text, not its output: error: the server doesn't have a resource type \"podz\""),
        Case(file: "kubectl-forbidden.txt", outcome: .refused, says: "holds kubectl's error text, not its output: Error from server (Forbidden): pods is forbidden"),
        Case(file: "html-502.json", outcome: .refused, says: "is an HTML page, not kubectl output (<html><head><title>502 Bad Gateway</title></head>)"),
        Case(file: "yaml-bad-indent.yaml", outcome: .refused, says: "is neither JSON nor valid YAML: 5:2:"),
        Case(file: "yaml-tab.yaml", outcome: .refused, says: "is neither JSON nor valid YAML: 4:1:"),
        Case(file: "yaml-unterminated-quote.yaml", outcome: .refused, says: "is neither JSON nor valid YAML: 6:1:"),

        Case(file: "name-is-number.json", outcome: .usable, says: "ignored 1 unusable value (first, at line 1: name: expected a string, found a number)", shows: "18b12c58-9625-4582-bc18-b4756621d5c3"),
        Case(file: "containers-is-object.json", outcome: .usable, says: "ignored 1 unusable value (first, at line 1: containers: expected an array, found an object)", shows: oldPod),
        Case(file: "grace-is-string.json", outcome: .usable, says: "terminationGracePeriodSeconds: expected a number, found \"thirty\"", shows: oldPod),
        Case(file: "overflowing-numbers.json", outcome: .usable, says: "ignored 17 unusable values (first, at line 1: terminationGracePeriodSeconds: 1e400 is not a whole number in range)", shows: newPod),
        Case(file: "negative-grace.json", outcome: .usable, says: "terminationGracePeriodSeconds: -30 seconds is out of range", shows: newPod),
        Case(file: "invalid-utf8-name.json", outcome: .usable, says: "4 strings are not valid UTF-8; the bad bytes show as \u{FFFD} (first at line 1)", shows: "web-7d4b9c8f6d-\u{FFFD}\u{FFFD}\u{FFFD}(b6wkc"),
        Case(file: "time-year-0000.json", outcome: .usable, says: "creationTimestamp: \"0000-01-01T00:00:00Z\" is not an RFC 3339 time", shows: newPod),
        Case(file: "time-month-13.json", outcome: .usable, says: "creationTimestamp: \"2026-13-01T00:00:00Z\" is not an RFC 3339 time", shows: newPod),
        Case(file: "time-leap-second-9999.json", outcome: .usable, says: "creationTimestamp: \"9999-12-31T23:59:60Z\" is not an RFC 3339 time", shows: "2026-11-21 14:20:05 UTC"),
        Case(file: "time-yesterday.json", outcome: .usable, says: "creationTimestamp: \"yesterday\" is not an RFC 3339 time", shows: newPod),
        Case(file: "finished-before-started.json", outcome: .usable, says: "container nginx of pod web-7d4b9c8f6d-b6wkc finished at 2026-11-21T13:00:00Z before it started at 2026-11-21T14:00:00Z", shows: newPod),
        Case(file: "unknown-watch-type.json", outcome: .usable, says: "skipped watch events of unknown type: 1 \"FROBNICATE\"", shows: "7s/30s"),
        Case(file: "garbage-between.json", outcome: .usable, says: "skipped 1 damaged stretch and read on from the next object (first at line 3: text that is not JSON: GARBAGE ]] here)", shows: "7s/30s"),
        Case(file: "nul-between-objects.json", outcome: .usable, says: "skipped 1 damaged stretch and read on from the next object (first at line 3", shows: "7s/30s"),
        Case(file: "error-after-stream.json", outcome: .usable, says: "ignored the rest of the file from line 6: text that is not JSON: error: an error on the server", shows: "7s/30s"),
        Case(file: "kubectl-warning-first.json", outcome: .usable, says: "(first at line 1: text that is not JSON: Warning: v1 ComponentStatus is deprecated in v1.19+)", shows: "7s/30s"),
        Case(file: "kubectl-error-first.json", outcome: .usable, says: "(first at line 1: text that is not JSON: error: You must be logged in to the server (Unauthorized))", shows: "7s/30s"),
        Case(file: "pretty-watch-garbage.json", outcome: .usable, says: "skipped 1 damaged stretch and read on from the next object (first at line 635: text that is not JSON: }}} stray", shows: "7s/30s"),
        Case(file: "pretty-watch-cut.json", outcome: .usable, says: "the file is cut off in the middle of an object", shows: newPod),
        Case(file: "cut-mid-line.json", outcome: .usable, says: "the file is cut off in the middle of an object at line 5; read the 4 objects before it", shows: newPod),
        Case(file: "recording-cut-mid-line.json", outcome: .usable, says: "the last line (6) is cut off", shows: newPod),
        Case(file: "recording-damaged-line.json", outcome: .usable, says: "skipped 1 damaged line (first: line 4)", shows: "7s/30s"),

        Case(file: "crlf.json", outcome: .clean, says: "", sameAs: "valid.json"),
        Case(file: "bom.json", outcome: .clean, says: "", sameAs: "valid.json"),
        Case(file: "crlf-list.json", outcome: .clean, says: "", shows: newPod),
        Case(file: "bom.yaml", outcome: .clean, says: "", shows: newPod),
        Case(file: "recording.json", outcome: .clean, says: "", shows: "7s/30s"),
    ]

    static var usableCases: [Case] { cases.filter { if case .usable = $0.outcome { true } else { false } } }

    // MARK: The corpus

    @Test(arguments: cases)
    func corpusCase(_ c: Case) throws {
        try Self.check(c, path: Fixtures.path("hostile/" + c.file))
    }

    /// The usable cases in the other formats: the same status and warning; JSON that parses
    /// and carries the warning; Markdown as safe as text.
    @Test(arguments: usableCases)
    func usableCaseInMarkdownAndJSON(_ c: Case) throws {
        let path = Fixtures.path("hostile/" + c.file)
        let text = try Self.runChecked(["report", path])
        for format in ["markdown", "json"] {
            let r = try Self.runChecked(["report", path, "--format", format])
            #expect(r.status == text.status, "\(format)")
            #expect(r.stderr == text.stderr, "\(format)")
            if format == "json" {
                let root = try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any])
                #expect(root["schema"] as? String == "rollscope.report/1")
                let warnings = root["warnings"] as? [String] ?? []
                #expect(warnings.count == 1)
                #expect(warnings.first.map { text.stderr.contains($0) } == true, "JSON warnings \(warnings) vs stderr \(text.stderr)")
                #expect(Self.pythonAccepts(r.stdoutData))
            } else {
                #expect(r.stdout.hasPrefix("# rollscope report"))
                if let shows = c.shows { #expect(r.stdout.contains(shows) || r.stdout.contains(ReportText.md(shows))) }
            }
        }
    }

    // MARK: Generated at run time (too big to commit)

    static func generated(_ name: String, _ data: Data) -> String { temporaryFile(data, name: name) }

    static let deep = 200_000

    @Test func deepJSONNestingIsRefusedWithoutOverflowingTheStack() throws {
        let arrays = Data((String(repeating: "[", count: Self.deep) + String(repeating: "]", count: Self.deep)).utf8)
        let objects = Data((String(repeating: "{\"a\":", count: Self.deep) + "1" + String(repeating: "}", count: Self.deep)).utf8)
        let valid = try String(contentsOfFile: Fixtures.path("hostile/valid.json"), encoding: .utf8)
        let lines = valid.split(separator: "\n").map(String.init)
        let nested = String(repeating: "[", count: Self.deep) + String(repeating: "]", count: Self.deep)
        let inPod = lines[0].replacingOccurrences(of: "\"spec\":{", with: "\"spec\":{\"x\":\(nested),")
        for (name, data) in [("deep-arrays.json", arrays), ("deep-objects.json", objects), ("deep-in-pod.json", Data((inPod + "\n").utf8))] {
            try Self.check(Case(file: name, outcome: .refused, says: "is not valid JSON: nesting deeper than 512 levels"), path: Self.generated(name, data))
        }
        // The same nesting on the second line of a stream: the other lines are still read.
        let second = ([lines[0], inPod.replacingOccurrences(of: "ADDED", with: "MODIFIED")] + lines[1...]).joined(separator: "\n") + "\n"
        try Self.check(Case(file: "deep-second-line.json", outcome: .usable,
                            says: "skipped 1 damaged stretch and read on from the next object (first at line 2: nesting deeper than 512 levels",
                            shows: "7s/30s"),
                       path: Self.generated("deep-second-line.json", Data(second.utf8)))
        let header = "{\"schema\":\"rollscope.recording/1\",\"x\":" + nested + "}\n"
        try Self.check(Case(file: "deep-recording.json", outcome: .refused, says: "has a damaged recording header: nesting deeper than 512 levels"),
                       path: Self.generated("deep-recording.json", Data(header.utf8)))
    }

    @Test func deepYAMLNestingIsRefusedWithoutOverflowingTheStack() throws {
        let flow = "items: " + String(repeating: "[", count: Self.deep) + String(repeating: "]", count: Self.deep) + "\n"
        let mappings = "a: " + String(repeating: "{a: ", count: Self.deep) + "1" + String(repeating: "}", count: Self.deep) + "\n"
        let compact = "items:\n" + String(repeating: "- ", count: Self.deep) + "x\n"
        for (name, text) in [("deep-flow.yaml", flow), ("deep-mappings.yaml", mappings), ("deep-compact.yaml", compact)] {
            try Self.check(Case(file: name, outcome: .refused, says: "nesting deeper than 256 levels"), path: Self.generated(name, Data(text.utf8)))
        }
    }

    @Test func fiveMegabyteNameIsCutWithAWarning() throws {
        let huge = "web-" + String(repeating: "x", count: 5 << 20)
        let valid = try String(contentsOfFile: Fixtures.path("hostile/valid.json"), encoding: .utf8)
        // The pod's first state carries the 5 MB name.
        let first = try #require(valid.range(of: Self.oldPod))
        let json = valid.replacingCharacters(in: first, with: huge)
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \(huge)\n  namespace: shop\n  uid: u1\n  creationTimestamp: \"2026-11-21T14:20:05Z\"\nspec:\n  containers:\n  - name: nginx\n"
        let says = "cut 1 name longer than Kubernetes allows (253 characters) to that length (first: web-xxxxxxxx"
        for (name, text) in [("huge-name.json", json), ("huge-name.yaml", yaml)] {
            let path = Self.generated(name, Data(text.utf8))
            try Self.check(Case(file: name, outcome: .usable, says: says), path: path)
            // Every format stays small: the name is cut to 253 characters (and marked), not copied 5 MB.
            let markdown = try Self.runChecked(["report", path, "--format", "markdown"])
            #expect(markdown.stdoutData.count < 20_000, "\(name) markdown: \(markdown.stdoutData.count) bytes")
            let r = try Self.runChecked(["report", path, "--format", "json"])
            #expect(r.stdoutData.count < 20_000, "\(name) json: \(r.stdoutData.count) bytes")
            let root = try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any])
            let pods = (root["rollouts"] as? [[String: Any]] ?? []).flatMap { $0["pods"] as? [[String: Any]] ?? [] }
            let names = pods.compactMap { $0["name"] as? String }
            #expect(!names.isEmpty && names.allSatisfy { $0.count <= 254 }, "\(names.map { $0.prefix(20) })")
            // (In the stream the pod's later states carry its real name, which the report shows.)
            if name.hasSuffix(".yaml") { #expect(names == [String(huge.prefix(253)) + "…"]) }
        }
    }

    /// Kubernetes keeps messages to a few KB; a 5 MB one would slow every screen showing it.
    static func hugeEvent(message: String) -> String {
        #"{"apiVersion": "v1", "kind": "List", "items": [{"kind": "Event", "metadata": {"name": "e", "namespace": "shop"}, "#
            + #""involvedObject": {"kind": "Pod", "name": "web-7d4b9c8f6d-b6wkc", "namespace": "shop", "uid": "0b6c1a52-old"}, "#
            + #""reason": "Killing", "message": "# + JSONWriter.quote(message)
            + #", "count": 1, "firstTimestamp": "2026-11-21T14:20:17Z", "lastTimestamp": "2026-11-21T14:20:17Z", "type": "Normal"}]}"#
    }

    @Test func fiveMegabyteMessageIsCutWithAWarning() throws {
        let message = "Stopping container nginx " + String(repeating: "wörd ", count: 1_000_000)
        let events = Self.generated("huge-event.json", Data(Self.hugeEvent(message: message).utf8))
        let r = try Self.runChecked(["report", Fixtures.path("hostile/valid.json"), events, "--format", "json"])
        #expect(r.status == 0)
        #expect(r.stderrLines.count == 1)
        #expect(r.stderr.hasPrefix("rollscope: warning: \(events): cut 1 text longer than 64 KB to that length (first at line 1)"), "\(r.stderr)")
        #expect(r.stdoutData.count < 20_000)
    }

    @Test func hugeErrorLineGivesABoundedLine() throws {
        let text = "error: " + String(repeating: "x\u{1B}[2J", count: 25_000) + "\n"
        try Self.check(Case(file: "long-error.txt", outcome: .refused, says: "holds kubectl's error text, not its output: error: x\\e[2Jx"),
                       path: Self.generated("long-error.txt", Data(text.utf8)))
    }

    // MARK: Hostile signal files

    /// Proxy log lines are untrusted too: escapes in paths, user agents and service names, a
    /// 5 MB line, cut-off JSON, NUL bytes, a gzip file that inflates to 300 MB of one line, and
    /// a file name with an escape. The report is usable, every byte of it inert, in bounded time.
    @Test func hostileSignalLinesStayInertAndBounded() throws {
        let esc = "\u{1B}]0;pwned\u{07}\u{1B}[2J"
        var text = ""
        text += "[2026-11-21T14:20:40.250Z] \"GET /\(esc) HTTP/1.1\" 503 UF upstream_reset_before_response_started{\(esc)} - \"-\" 0 91 3 - "
            + "\"-\" \"\(esc)\" \"x\" \"y\" \"10.244.1.7:8080\" outbound|80||\(esc).shop.svc.cluster.local - - - - -\n"
        text += #"{"StartUTC":"2026-11-21T14:20:41Z","DownstreamStatus":503,"ServiceName":"\#(esc.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined())","RequestPath":"/\u001b[2J"}"# + "\n"
        text += String(repeating: "A\u{1B}", count: 2_500_000) + "\n"
        text += #"{"start_time":"2026-11-21T14:20:42Z","response_code":503,"upstream_host":"10.2"# + "\n"
        text += "\u{0}\u{0}[pod/\u{1B}x/y] \u{0}\n"
        let hostile = Self.generated("hostile-\u{1B}[31m.log", Data(text.utf8))
        // 300 MB of one line, compressed.
        let zeros = Self.generated("zeros.bin", Data())
        let dd = try Spawn.run(["/bin/sh", "-c", "head -c 300000000 /dev/zero | gzip -1 > \(zeros)"], timeout: 60)
        #expect(dd.status == 0)
        // The bomb holds no line at all: refused, in one line naming it, quickly.
        let bomb = try Self.runChecked(["report", Fixtures.path("hostile/escapes/pods-watch.json"), "--signals", zeros])
        #expect(bomb.status == 2 && bomb.stdout.isEmpty)
        #expect(bomb.stderrLines.count == 1 && bomb.stderr.contains("zeros.bin: no line is an access-log line"), "\(bomb.stderr)")
        #expect(bomb.seconds < 30)
        let r = try Self.runChecked(["report", Fixtures.path("hostile/escapes/pods-watch.json"), "--signals", hostile, "--fail-on", "never"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.seconds < 30)
        #expect(r.stdout.contains("SIGNALS"))
        #expect(r.stdout.contains("hostile-\\e[31m.log:"), "\(r.stdout)")
        #expect(r.stdout.contains("Envoy/Istio text 1 line, Traefik JSON 1 line; 3 skipped (first: line 3)"), "\(r.stdout)")
        // One warning for the file, one line, bounded.
        #expect(r.stderrLines.filter { $0.contains("skipped") }.count == 1, "\(r.stderr)")
        for line in r.stderrLines { #expect(line.utf8.count <= 2100) }
        let json = try Self.runChecked(["report", Fixtures.path("hostile/escapes/pods-watch.json"), "--signals", hostile,
                                        "--fail-on", "never", "--format", "json"])
        #expect(Self.pythonAccepts(json.stdoutData))
    }

    // MARK: Terminal safety of reports

    /// The strings planted in `hostile/escapes/`, as the JSON report must give them back.
    static let plantedOldPod = "web-old-\u{1B}]52;c;ZXZpbA==\u{07}-a|b\nc"
    static let plantedNewPod = "web-new-\u{01}\u{0E}\u{0F}\u{85}\u{9B}31m\u{9D}\u{202E}-\u{FFFD}-<b>[x](y)```"

    static var escapes: [String] {
        ["report", Fixtures.path("hostile/escapes/pods-watch.json"), Fixtures.path("hostile/escapes/events.json"),
         "--signals", Fixtures.path("hostile/escapes/ingress-nginx.log")]
    }

    /// Visible stand-ins every format that shows text must carry (Sanitizer's convention).
    static let visible = ["\\e]0;pwned\\x07", "\\e]52;c;ZXZpbA==\\x07", "\\e[2J\\e[H", "\\e[5m\\x08\\x7f", "\\x85\\x9b31m\\x9d",
                          "\\x01\\x0e\\x0f", "\\u202e", "\\e[?1049h", "\u{FFFD}", "Init:CrashLoopBackOff\\e[2J"]

    @Test func escapesAreInertInTheTextReport() throws {
        let r = try Self.runChecked(Self.escapes)
        #expect(r.status == 1)
        #expect(r.stderrLines.count == 1 && r.stderr.contains("pods-watch.json: 1 string is not valid UTF-8"))
        for v in Self.visible { #expect(r.stdout.contains(v), "text report lacks \(v)") }
        // A name's newline and pipe stay on its own row.
        #expect(r.stdout.contains("web-old-\\e]52;c;ZXZpbA==\\x07-a|b c was still"))
    }

    @Test func escapesAreInertInTheMarkdownReport() throws {
        let r = try Self.runChecked(Self.escapes + ["--format", "markdown"])
        #expect(r.status == 1)
        // In Markdown the backslashes of the stand-ins are themselves escaped.
        for v in Self.visible { #expect(r.stdout.contains(ReportText.md(v)) || r.stdout.contains(v), "markdown report lacks \(v)") }
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Every table row has its seven cells: no name adds a `|` or a line.
        let rows = lines.filter { $0.hasPrefix("| ") }
        #expect(rows.count == 3)
        for row in rows { #expect(Self.unescapedPipes(row) == 8, "\(row)") }
        #expect(rows.contains { $0.hasPrefix("| web-old-\\\\e\\]52;c;ZXZpbA==\\\\x07-a\\|b c | old |") })
        // No HTML, link or emphasis from a name; the chart's fence is longer than any backtick run in it.
        #expect(!r.stdout.contains("<b>") || r.stdout.components(separatedBy: "<b>").count - 1 == Self.insideFence(lines, "<b>"))
        #expect(r.stdout.contains("\\<b\\>\\[x\\](y)\\`\\`\\`"))
        let fenceOpen = try #require(lines.firstIndex { $0.hasSuffix("text") && $0.hasPrefix("```") })
        let fence = String(lines[fenceOpen].dropLast(4))
        #expect(fence == "````")
        let fenceClose = try #require(lines[(fenceOpen + 1)...].firstIndex { $0.hasPrefix("```") })
        #expect(lines[fenceClose] == fence, "the chart's fence was closed early by \(lines[fenceClose])")
        #expect(lines[fenceClose - 1].hasPrefix("~ preStop"))
    }

    @Test func escapesAreEscapedInTheJSONReport() throws {
        let r = try Self.runChecked(Self.escapes + ["--format", "json"])
        #expect(r.status == 1)
        #expect(Self.pythonAccepts(r.stdoutData))
        // Escaped, not dropped: the JSON gives back exactly what the cluster said.
        #expect(r.stdout.contains("\\u001b]52;c;ZXZpbA==\\u0007"))
        #expect(r.stdout.contains("\\u0085\\u009b31m\\u009d\\u202e"))
        let root = try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any])
        let rollout = try #require((root["rollouts"] as? [[String: Any]])?.first)
        #expect(rollout["workload"] as? String == "web\u{1B}]0;pwned\u{07}|`x`")
        #expect(rollout["namespace"] as? String == "shop\u{1B}[31m")
        let names = (rollout["pods"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(Set(names) == [Self.plantedOldPod, Self.plantedNewPod])
        let messages = (rollout["findings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(!messages.isEmpty)
        for m in messages { #expect(!m.unicodeScalars.contains { Sanitizer.isUnsafe($0) }, "finding message holds a raw control: \(m)") }
    }

    // MARK: Running the binary

    struct Hung: Error, CustomStringConvertible {
        var args: [String]
        var description: String { "rollscope \(args.joined(separator: " ").prefix(200)) did not finish within the time limit" }
    }

    /// Runs the binary with a time limit; a crash or a hang is a test failure.
    static func run(_ args: [String], seconds: Double = 60) throws -> Spawn.Result {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        let r = try Binary.run(args, timeout: seconds, environment: env)
        if r.timedOut { throw Hung(args: args) }
        if let signal = r.signal {
            Issue.record("rollscope \(args.joined(separator: " ").prefix(200)) crashed with signal \(signal)")
        }
        return r
    }

    /// `run`, plus what holds for every run: valid UTF-8 and no control characters anywhere.
    static func runChecked(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Spawn.Result {
        let r = try run(args)
        for (stream, data) in [("stdout", r.stdoutData), ("stderr", r.stderrData)] {
            if let bad = unsafeByte(data) {
                Issue.record("\(stream) of rollscope \(args.last ?? "") holds \(bad)", sourceLocation: sourceLocation)
            }
        }
        return r
    }

    /// The first byte or character a terminal would act on (C0 but newline, DEL, C1), or bytes
    /// that are not UTF-8; nil when the output is inert.
    static func unsafeByte(_ data: Data) -> String? {
        for (i, b) in data.enumerated() where (b < 0x20 && b != 0x0A) || b == 0x7F {
            return String(format: "byte 0x%02X at offset %d", b, i)
        }
        guard let text = String(validating: data, as: UTF8.self) else { return "bytes that are not UTF-8" }
        if let c1 = text.unicodeScalars.first(where: { (0x80...0x9F).contains($0.value) }) {
            return "C1 control U+\(String(c1.value, radix: 16, uppercase: true))"
        }
        return nil
    }

    /// Checks one case against its outcome.
    static func check(_ c: Case, path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try runChecked(["report", path], sourceLocation: sourceLocation)
        let lines = r.stderrLines
        for line in lines {
            #expect(line.contains(path), "the line does not name the file: \(line)", sourceLocation: sourceLocation)
            #expect(line.utf8.count <= 2100, "stderr line of \(line.utf8.count) bytes", sourceLocation: sourceLocation)
        }
        switch c.outcome {
        case .refused:
            #expect(r.status == 2, "\(c.file): status \(r.status), stderr \(r.stderr.prefix(300))", sourceLocation: sourceLocation)
            #expect(lines.count == 1, "\(c.file): \(lines.count) stderr lines: \(r.stderr.prefix(600))", sourceLocation: sourceLocation)
            #expect(lines.first?.hasPrefix("rollscope: \(path): ") == true, "\(lines.first?.prefix(200) ?? "")", sourceLocation: sourceLocation)
            #expect(r.stdoutData.isEmpty, "\(c.file): refused input printed a report", sourceLocation: sourceLocation)
        case .usable:
            #expect(r.status == 0 || r.status == 1, "\(c.file): status \(r.status), stderr \(r.stderr.prefix(300))", sourceLocation: sourceLocation)
            #expect(lines.count == 1, "\(c.file): \(lines.count) stderr lines: \(r.stderr.prefix(600))", sourceLocation: sourceLocation)
            #expect(lines.first?.hasPrefix("rollscope: warning: \(path): ") == true, "\(lines.first?.prefix(200) ?? "")", sourceLocation: sourceLocation)
            #expect(r.stdout.hasPrefix("ROLLOUT  "), "\(c.file): no report: \(r.stdout.prefix(200))", sourceLocation: sourceLocation)
        case .clean:
            #expect(r.status == 0, "\(c.file): status \(r.status)", sourceLocation: sourceLocation)
            #expect(lines.isEmpty, "\(c.file): \(r.stderr.prefix(600))", sourceLocation: sourceLocation)
            #expect(r.stdout.hasPrefix("ROLLOUT  "), "\(c.file): no report: \(r.stdout.prefix(200))", sourceLocation: sourceLocation)
        }
        if !c.says.isEmpty {
            #expect(lines.first?.contains(c.says) == true, "\(c.file): expected \"\(c.says)\" in: \(lines.first?.prefix(600) ?? "nothing")", sourceLocation: sourceLocation)
        }
        if let shows = c.shows {
            #expect(r.stdout.contains(shows), "\(c.file): the report does not show \(shows)", sourceLocation: sourceLocation)
        }
        if let same = c.sameAs {
            let reference = try run(["report", Fixtures.path("hostile/" + same)])
            #expect(r.stdout == reference.stdout, "\(c.file): the report differs from \(same)'s", sourceLocation: sourceLocation)
        }
    }

    /// True when python3's json module parses `data` (skipped when there is no python3).
    static func pythonAccepts(_ data: Data) -> Bool {
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return true
        }
        let path = temporaryFile(data, name: "report.json")
        let r = try? Spawn.run([python, "-c", "import json, sys; json.load(open(sys.argv[1], encoding='utf-8'))", path])
        return r?.status == 0
    }

    /// `|` that are not backslash-escaped.
    static func unescapedPipes(_ row: String) -> Int {
        var count = 0
        var escaped = false
        for ch in row {
            if escaped { escaped = false; continue }
            if ch == "\\" { escaped = true } else if ch == "|" { count += 1 }
        }
        return count
    }

    /// How often `text` occurs on lines inside fenced code blocks.
    static func insideFence(_ lines: [String], _ text: String) -> Int {
        var inside = false
        var count = 0
        for line in lines {
            if line.hasPrefix("```") { inside.toggle(); continue }
            if inside { count += line.components(separatedBy: text).count - 1 }
        }
        return count
    }
}
