import Foundation
import Testing
@testable import RolloutCore

/// The HTML and SVG writer: untrusted text stays text, in text nodes and attribute values.
@Suite struct MarkupWriterTests {
    @Test(arguments: [
        ("plain text", "plain text"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a & b", "a &amp; b"),
        ("&lt;i&gt;", "&amp;lt;i&amp;gt;"),
        ("\" onmouseover=\"alert(1)", "&quot; onmouseover=&quot;alert(1)"),
        ("' onfocus='x", "&#39; onfocus=&#39;x"),
        ("]]><!--", "]]&gt;&lt;!--"),
        ("line\nbreak\ttab", "line break tab"),
        ("\u{1B}[31mred", "\\e[31mred"),
        ("bidi \u{202E}gnp.exe", "bidi \\u202egnp.exe"),
        ("not xml \u{FFFE}\u{FFFF}", "not xml \\ufffe\\uffff"),
    ])
    func escapeMakesEveryStringInertText(input: String, escaped: String) {
        #expect(MarkupWriter.escape(input) == escaped)
    }

    @Test func textNodesAndAttributeValuesAreBothEscaped() {
        var w = MarkupWriter()
        w.element("p", ["title": "\"><img src=x onerror=alert(1)>", "data-pod": "web-<b>"], "</p><script>x</script>")
        #expect(w.text == "<p title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\" data-pod=\"web-&lt;b&gt;\">"
            + "&lt;/p&gt;&lt;script&gt;x&lt;/script&gt;</p>")
    }

    @Test func nilAttributesAreLeftOutAndElementsCloseInOrder() {
        var w = MarkupWriter()
        w.start("svg", ["width": "10", "class": nil])
        w.element("g") { w in
            w.empty("rect", ["x": "1"])
            w.element("title", "a < b")
        }
        w.end()
        w.end()  // nothing left open: no output
        #expect(w.text == "<svg width=\"10\"><g><rect x=\"1\"/><title>a &lt; b</title></g></svg>")
    }

    @Test func ownCodeCannotCloseItsElement() {
        let inert = MarkupWriter.inert("a</script><b>")
        #expect(!inert.contains("</"))
        #expect(MarkupWriter.inert(inert) == inert)
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func sha256MatchesTheStandardVectors(input: String, hex: String) {
        let digest = SHA256.digest(Array(input.utf8))
        #expect(digest.map { String(format: "%02x", $0) }.joined() == hex)
    }

    @Test func cspSourceIsBase64OfTheDigest() {
        #expect(SHA256.cspSource("abc") == "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='")
        #expect(SHA256.base64([1]) == "AQ==")
        #expect(SHA256.base64([1, 2]) == "AQI=")
        #expect(SHA256.base64([1, 2, 3]) == "AQID")
    }
}
