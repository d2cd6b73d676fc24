import Foundation
import Testing
@testable import RolloutCore

@Suite struct JSONReaderTests {
    func read<R>(_ text: String, _ body: (inout JSONReader) throws -> R) rethrows -> R {
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBytes { raw in try JSONReader.read(UnsafeRawBufferPointer(raw), body) }
    }

    @Test func decodesStringsWithEscapesAndSurrogates() throws {
        let s = try read(#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#) { r in try r.readString() }
        #expect(s == "a\"b\\c/d\né😀")
    }

    @Test func keysCompareAsBytesAndAfterUnescaping() throws {
        var seen: [String] = []
        try read(#"{"kind": "Pod", "k\u0069nd2": 1, "x": [1, {"y": null}]}"#) { r in
            try r.forEachKey { (r, key) throws(JSONError) in
                if key.equals("kind") { seen.append("kind=" + (try r.readString() ?? "")) }
                else if key.equals("kind2") { seen.append("kind2=\(try r.readInt() ?? -1)") }
                else { try r.skipValue(); seen.append("skipped " + key.string) }
            }
        }
        #expect(seen == ["kind=Pod", "kind2=1", "skipped x"])
    }

    @Test func integersOverflowToNilAndCountAMismatch() throws {
        let (value, mismatches) = try read("99999999999999999999999") { r in (try r.readInt(), r.typeMismatches) }
        #expect(value == nil)
        #expect(mismatches == 1)
        #expect(try read("30.0") { r in try r.readInt() } == 30)
        #expect(try read("-5") { r in try r.readInt() } == -5)
        #expect(try read("\"45\"") { r in try r.readInt() } == 45)
    }

    @Test func wrongTypesAreSkippedNotFatal() throws {
        let (s, n) = try read(#"{"a": [1, 2, {"b": "c"}]}"#) { r in (try r.readString(), r.typeMismatches) }
        #expect(s == nil)
        #expect(n == 1)
    }

    @Test(arguments: [
        ("{\"a\": ", "unexpected end of input"),
        ("{\"a\" 1}", "expected ':'"),
        ("[1, 2", "unexpected end of input"),
        ("\"abc", "unterminated string"),
        ("{\"a\": tru}", "invalid literal"),
        ("[1,]", "unexpected ']'"),
        ("{\"a\":\"x\u{01}\"}", "control character"),
    ])
    func malformedInputFailsWithAReason(text: String, reason: String) {
        do {
            try read(text) { r in try r.skipValue() }
            Issue.record("expected an error for \(text)")
        } catch let e as JSONError {
            #expect(e.message.contains(reason), "\(e.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func deepNestingIsRefusedWithoutRecursion() {
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        #expect(throws: JSONError.self) { try read(deep) { r in try r.skipValue() } }
        let deepObjects = String(repeating: "{\"a\":", count: 200_000) + "1" + String(repeating: "}", count: 200_000)
        #expect(throws: JSONError.self) { try read(deepObjects) { r in _ = try KubeObject.decode(&r) } }
    }

    @Test func errorLocationCountsLinesAndColumns() {
        do {
            try read("{\n  \"a\": 1,\n  \"b\": x\n}") { r in try r.skipValue() }
        } catch let e as JSONError {
            #expect(e.location.line == 3)
            #expect(e.location.column == 8)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

@Suite struct InstantTests {
    @Test func parsesAndFormatsRFC3339() {
        #expect(t("2026-11-20T10:00:05Z").rfc3339 == "2026-11-20T10:00:05Z")
        #expect(t("2026-11-20T10:00:05.123456Z").rfc3339 == "2026-11-20T10:00:05.123456Z")
        #expect(t("2026-11-20T12:00:05+02:00") == t("2026-11-20T10:00:05Z"))
        #expect(t("1970-01-01T00:00:00Z").seconds == 0)
        #expect(t("2024-02-29T00:00:00Z").rfc3339 == "2024-02-29T00:00:00Z")
        #expect(t("2026-11-20T10:00:05Z").clock == "10:00:05")
    }

    @Test(arguments: ["", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-20 10:00", "2026-11-20T25:00:00Z",
                      "2026-11-20T10:00:05", "2026-11-20T10:00:05.Z", "not a time", "2026-11-20T10:00:05Zjunk",
                      "0000-01-01T00:00:00Z", "9999-12-31T23:59:60Z", "9999-12-31T23:00:00-01:00", "yesterday"])
    func rejectsImpossibleTimestamps(text: String) {
        #expect(Instant(rfc3339: text) == nil)
    }

    @Test func acceptsTheEdgesOfFourDigitYears() {
        #expect(t("0001-01-01T00:00:00Z").rfc3339 == "0001-01-01T00:00:00Z")
        #expect(t("9999-12-31T23:59:59.5Z").clock == "23:59:59")
        #expect(t("2026-06-30T23:59:60Z") == t("2026-07-01T00:00:00Z"))
    }

    @Test func formatsDurations() {
        #expect(formatDuration(4) == "4s")
        #expect(formatDuration(65) == "1m05s")
        #expect(formatDuration(7380) == "2h03m")
        #expect(formatDuration(0.4) == "0.4s")
    }
}

@Suite struct SanitizerTests {
    @Test func controlCharactersBecomeVisibleAndInert() {
        #expect(Sanitizer.clean("ok\u{1B}[31mred\u{07}") == "ok\\e[31mred\\x07")
        #expect(Sanitizer.clean("a\nb\tc") == "a b c")
        #expect(Sanitizer.clean("\u{9B}2J") == "\\x9b2J")
        #expect(Sanitizer.clean("rtl\u{202E}txt") == "rtl\\u202etxt")
        #expect(Sanitizer.clean("plain-name-é") == "plain-name-é")
    }

    @Test func jsonWriterEscapesControls() {
        #expect(JSONWriter.quote("a\u{1B}b\"") == "\"a\\u001bb\\\"\"")
        #expect(JSONWriter.quote("\u{7F}\u{85}\u{9B}\u{202E}é") == "\"\\u007f\\u0085\\u009b\\u202eé\"")
    }

    @Test func markdownEscapesStructureInNames() {
        #expect(ReportText.md("web-7d4b9c8f6d-b6wkc") == "web-7d4b9c8f6d-b6wkc")
        #expect(ReportText.md("a|b\nc") == "a\\|b c")
        #expect(ReportText.md("<b>[x](y)*_`~&\\") == "\\<b\\>\\[x\\](y)\\*\\_\\`\\~\\&\\\\")
        #expect(ReportText.md("x\u{1B}[2J") == "x\\\\e\\[2J")
        #expect(ReportText.codeFence(for: ["plain", "a``b"]) == "```")
        #expect(ReportText.codeFence(for: ["a````b"]) == "`````")
    }
}

@Suite struct ReaderProblemTests {
    func read(_ json: String, _ body: (inout JSONReader) throws(JSONError) -> Void) throws -> JSONReader {
        let bytes = Array(json.utf8)
        return try bytes.withUnsafeBytes { raw in
            try JSONReader.read(raw) { (r: inout JSONReader) throws(JSONError) -> JSONReader in
                try body(&r)
                return r
            }
        }
    }

    @Test func longNamesAreCutAtACharacterBoundary() throws {
        var name: String?
        let long = String(repeating: "a", count: 252) + "é" + String(repeating: "b", count: 10)
        let r = try read(JSONWriter.quote(long)) { (r) throws(JSONError) in name = try r.readName() }
        #expect(name == String(repeating: "a", count: 252) + "…")
        #expect(r.longNames == 1)
        var short: String?
        _ = try read("\"web-1\"") { (r) throws(JSONError) in short = try r.readName() }
        #expect(short == "web-1")
    }

    @Test func invalidUTF8IsCountedAndReplaced() throws {
        var bytes = Array("{\"a\": \"x".utf8) + [0xFF, 0x9B] + Array("y\", \"b\": \"ok\u{e9}\"}".utf8)
        var values: [String] = []
        let r = try bytes.withUnsafeMutableBytes { raw in
            try JSONReader.read(UnsafeRawBufferPointer(raw)) { (r: inout JSONReader) throws(JSONError) -> JSONReader in
                try r.forEachKey { (r, _) throws(JSONError) in values.append(try r.readString() ?? "") }
                return r
            }
        }
        bytes.removeAll()
        #expect(values == ["x\u{FFFD}\u{FFFD}y", "ok\u{e9}"])
        #expect(r.invalidUTF8 == 1)
    }

    @Test func unusableValuesAreCountedWithTheirKey() throws {
        var grace: Int?, count: Int?, time: Instant?
        let r = try read(#"{"grace": -30, "restarts": 99999999999999999999999, "at": "yesterday", "ok": 5}"#) { (r) throws(JSONError) in
            try r.forEachKey { (r, k) throws(JSONError) in
                switch k {
                case "grace": grace = try r.readSeconds()
                case "restarts": count = try r.readCount()
                case "at": time = try r.readTime()
                default: _ = try r.readSeconds()
                }
            }
        }
        #expect(grace == nil && count == nil && time == nil)
        #expect(r.typeMismatches == 3)
        #expect(r.firstMismatch == "grace: -30 seconds is out of range (0 to a year)")
    }
}
