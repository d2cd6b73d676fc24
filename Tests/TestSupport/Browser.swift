import Foundation

/// Debian's Chromium, headless, for the HTML and SVG reports: one start opens a file and
/// gives its DOM after scripts ran (`--dump-dom`), and on request a screenshot and a PDF
/// print, together with the page's console lines (CSP violations and failed loads are
/// logged there).
///
/// The browser runs with a fresh profile, its own background services off, every host name
/// unresolvable and a proxy on a closed loopback port: whatever a page tried to load could
/// not leave the machine and would show as a failed load in the console.
public enum Browser {
    public struct Page: Sendable {
        /// The DOM as Chromium serialises it after the page's scripts ran.
        public var dom: String
        /// The console's messages (`INFO:CONSOLE` lines), one a line.
        public var console: [String]
        public var seconds: Double
    }

    public static let flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
        "--disable-extensions", "--no-pings", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
        "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,SpellcheckService",
        "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
        "--enable-logging=stderr", "--v=0", "--no-pdf-header-footer",
    ]

    /// Opens `file` in a `width` x `height` window; writes a screenshot (PNG) and a PDF
    /// print where asked.
    public static func open(_ file: String, width: Int = 1280, height: Int = 900, screenshot: String? = nil, pdf: String? = nil,
                            timeout: Double = 120) throws -> Page {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-chromium-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: profile) }
        var argv = ["chromium"] + flags + ["--user-data-dir=\(profile)", "--window-size=\(width),\(height)"]
        if let screenshot { argv.append("--screenshot=\(screenshot)") }
        if let pdf { argv.append("--print-to-pdf=\(pdf)") }
        argv += ["--dump-dom", URL(fileURLWithPath: file).absoluteString]
        let r = try Spawn.run(argv, timeout: timeout, environment: ["HOME": profile, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        guard r.status == 0, !r.timedOut else {
            throw Failure("chromium exited \(r.status)\(r.timedOut ? " (timed out)" : ""): \(r.stderr.suffix(2000))")
        }
        let console = r.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Page(dom: r.stdout, console: console, seconds: r.seconds)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    /// An RGB picture: `pixels` holds 3 bytes a pixel, row by row.
    public struct Picture: Sendable {
        public var width: Int
        public var height: Int
        public var pixels: [UInt8]

        /// How many pixels are exactly `#rrggbb`.
        public func count(_ hex: String) -> Int {
            let v = Array(hex.dropFirst())
            let rgb = stride(from: 0, to: 6, by: 2).map { UInt8(String(v[$0..<$0 + 2]), radix: 16)! }
            var n = 0
            var i = 0
            while i + 2 < pixels.count {
                if pixels[i] == rgb[0] && pixels[i + 1] == rgb[1] && pixels[i + 2] == rgb[2] { n += 1 }
                i += 3
            }
            return n
        }

        /// How many different colours the picture holds.
        public var distinctColours: Int {
            var seen = Set<UInt32>()
            var i = 0
            while i + 2 < pixels.count {
                seen.insert(UInt32(pixels[i]) << 16 | UInt32(pixels[i + 1]) << 8 | UInt32(pixels[i + 2]))
                i += 3
            }
            return seen.count
        }
    }

    /// Reads a PNG through netpbm's `pngtopnm` (binary PPM, P6, 8 bits).
    public static func picture(_ png: String) throws -> Picture {
        let r = try Spawn.run(["pngtopnm", png], timeout: 60)
        guard r.status == 0 else { throw Failure("pngtopnm \(png): \(r.stderr)") }
        let data = [UInt8](r.stdoutData)
        // Header: "P6", width, height, maxval, separated by whitespace, then one byte.
        var fields: [Int] = []
        var i = 2
        while fields.count < 3 && i < data.count {
            while i < data.count, data[i] == 0x20 || data[i] == 0x0A || data[i] == 0x0D || data[i] == 0x09 { i += 1 }
            var v = 0
            while i < data.count, data[i] >= 0x30, data[i] <= 0x39 { v = v * 10 + Int(data[i] - 0x30); i += 1 }
            fields.append(v)
        }
        guard data.starts(with: Array("P6".utf8)), fields.count == 3, fields[2] == 255 else { throw Failure("\(png): not an 8-bit PPM") }
        let pixels = Array(data[(i + 1)...])
        guard pixels.count == fields[0] * fields[1] * 3 else { throw Failure("\(png): \(pixels.count) bytes for \(fields[0])x\(fields[1])") }
        return Picture(width: fields[0], height: fields[1], pixels: pixels)
    }
}
