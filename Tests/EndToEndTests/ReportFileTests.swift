import Foundation
import Testing
import TestSupport

/// `report -o FILE` and `--svg FILE`: files written where asked, the Markdown's picture linked
/// by a relative path, and mistakes as one line with exit status 2.
@Suite struct ReportFileTests {
    static let sigkill = ["sigkill/pods-watch.json", "sigkill/events.json"].map(Fixtures.path)

    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("pictures"), withIntermediateDirectories: true)
        return dir
    }

    @Test func markdownLinksTheSVGRelativeToItself() throws {
        let dir = try Self.folder()
        let md = dir.appendingPathComponent("post mortem.md"), svg = dir.appendingPathComponent("pictures/time line.svg")
        let r = try Binary.run(["report"] + Self.sigkill + ["--format", "markdown", "-o", md.path, "--svg", svg.path])
        #expect(r.status == 1)  // the rollout's findings are errors
        #expect(r.stdout.isEmpty && r.stderr.isEmpty)
        let text = try String(contentsOf: md, encoding: .utf8)
        #expect(text.contains("### Timeline\n\n![Timeline](pictures/time%20line.svg)\n\n```text\n"))
        #expect(try String(contentsOf: svg, encoding: .utf8).hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        // To standard output, the link is relative to the current directory.
        let out = try Spawn.run(["/bin/sh", "-c", "cd \"$1\" && \"$2\" report \"$3\" --format markdown --svg pictures/t.svg", "sh",
                                 dir.path, Binary.rollscope, Self.sigkill[0]])
        #expect(out.stdout.contains("![Timeline](pictures/t.svg)"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("pictures/t.svg").path))
    }

    @Test func outputGoesToTheFileInEveryFormat() throws {
        let dir = try Self.folder()
        for format in ["text", "markdown", "json", "html", "svg"] {
            let file = dir.appendingPathComponent("report.\(format)")
            let r = try Binary.run(["report"] + Self.sigkill + ["--format", format, "-o", file.path, "--fail-on", "never"])
            #expect(r.status == 0 && r.stdout.isEmpty, "\(format): \(r.stderr)")
            let written = try Data(contentsOf: file)
            let printed = try Binary.run(["report"] + Self.sigkill + ["--format", format, "--fail-on", "never"]).stdoutData
            #expect(written == printed, "\(format)")
        }
    }

    @Test(arguments: [
        (["--format", "html", "--svg", "x.svg"], "rollscope: --svg goes with --format markdown (for the SVG alone: --format svg) (see rollscope --help)"),
        (["--format", "html", "-o", "/nonexistent/dir/r.html"], "rollscope: /nonexistent/dir/r.html: cannot write (No such file or directory)"),
        (["--format", "markdown", "--svg", "/nonexistent/t.svg"], "rollscope: /nonexistent/t.svg: cannot write (No such file or directory)"),
    ])
    func mistakesAreOneLineAndStatusTwo(args: [String], line: String) throws {
        let r = try Binary.run(["report"] + Self.sigkill + args)
        #expect(r.status == 2)
        #expect(r.stderr == line + "\n")
    }
}
