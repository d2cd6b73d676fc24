import Testing
@testable import RolloutCore

/// Table tests for the fixed-width text helpers every pane and report uses.
@Suite struct TextLayoutTests {
    @Test(arguments: [
        ("web", 6, "web   "), ("web", 3, "web"), ("web-1", 2, "web-1"), ("", 2, "  "),
    ])
    func pad(text: String, width: Int, expected: String) {
        #expect(TextLayout.pad(text, width) == expected)
    }

    @Test(arguments: [("7", 3, "  7"), ("1234", 3, "1234"), ("", 1, " ")])
    func padLeft(text: String, width: Int, expected: String) {
        #expect(TextLayout.padLeft(text, width) == expected)
    }

    @Test(arguments: [
        ("web-7d4b9c8f6d-b6wkc", 30, "…", "web-7d4b9c8f6d-b6wkc"),
        ("web-7d4b9c8f6d-b6wkc", 12, "…", "web-7d…b6wkc"),
        ("web-7d4b9c8f6d-b6wkc", 12, "..", "web-7..b6wkc"),
        ("web-7d4b9c8f6d-b6wkc", 5, "…", "we…kc"),
        ("web-7d4b9c8f6d-b6wkc", 4, "…", "web-"),
        ("worker-1", 6, "..", "wo..-1"),
        ("worker-1", 5, "..", "worke"),
        ("abc", 0, "…", ""),
    ])
    func fit(text: String, width: Int, ellipsis: String, expected: String) {
        let out = TextLayout.fit(text, width, ellipsis: ellipsis)
        #expect(out == expected)
        #expect(out.count <= max(width, 0) || text.count <= width)
    }

    @Test func wrapBreaksAtSpacesWithFirstAndIndent() {
        #expect(TextLayout.wrap("the quick brown fox jumps", width: 10) == ["the quick", "brown fox", "jumps"])
        #expect(TextLayout.wrap("the quick brown fox", width: 12, first: "- ", indent: "  ") == ["- the quick", "  brown fox"])
        // A word longer than the width gets a line of its own; nothing is cut.
        #expect(TextLayout.wrap("a verylongwordindeed b", width: 6) == ["a", "verylongwordindeed", "b"])
        #expect(TextLayout.wrap("", width: 10).isEmpty)
        #expect(TextLayout.wrap("  spaced   out  ", width: 20) == ["spaced out"])
    }

    @Test(arguments: [(0, "pod", nil, "0 pods"), (1, "pod", nil, "1 pod"), (2, "error", nil, "2 errors"),
                      (1, "is", "are", "1 is"), (3, "is", "are", "3 are")] as [(Int, String, String?, String)])
    func count(n: Int, singular: String, plural: String?, expected: String) {
        #expect(TextLayout.count(n, singular, plural: plural) == expected)
    }
}

@Suite struct ZeroPaddedTests {
    @Test(arguments: [(7, 2, "07"), (42, 2, "42"), (123, 2, "123"), (0, 4, "0000"), (2026, 4, "2026"), (5, 1, "5")])
    func zeroPadded(value: Int, width: Int, expected: String) {
        #expect(TextLayout.zeroPadded(value, width) == expected)
    }

    @Test func padLeftWithAFill() {
        #expect(TextLayout.padLeft("1b", 4, fill: "0") == "001b")
        #expect(TextLayout.padLeft("202e", 4, fill: "0") == "202e")
    }

    @Test func clockAndDurationsUseTwoDigits() {
        #expect(Instant(rfc3339: "2026-11-20T04:05:06Z")!.clock == "04:05:06")
        #expect(formatDuration(65) == "1m05s")
        #expect(formatDuration(3600 + 120) == "1h02m")
        #expect(Sanitizer.clean("a\u{7}b\u{202E}c") == "a\\x07b\\u202ec")
    }
}
