import Foundation

/// The no-prestop fixture with markup planted wherever the cluster or a proxy writes text: a
/// pod's name (everywhere it appears), every event message, a container's termination
/// message, and the request line of the access log's lines. A report must show each payload
/// as text and make no element of it.
public enum PlantedMarkup {
    /// The payloads: an element with a handler, a title and a style breaking out, an attribute
    /// breaking out with either quote, a CDATA end and a comment, and an entity that must stay
    /// as typed.
    public static let payloads = [
        "<img src=x onerror=alert(1)>",
        "</title><script>alert(2)</script>",
        "\"><svg onload=alert(3)>",
        "' onmouseover='alert(4)",
        "</style><b>bold</b>",
        "]]><!--",
        "&lt;i&gt;",
    ]

    /// The pod whose name gets the first payload.
    public static let pod = "web-7d4b9c8f6d-c8dnz"
    public static let hostileName = pod + "<img src=x onerror=alert(1)>"

    /// Writes the planted files to a fresh folder: (inputs, signal files).
    public static func write() throws -> (inputs: [String], signals: [String]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-planted-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func read(_ name: String) throws -> String { try String(contentsOfFile: Fixtures.path("no-prestop/" + name), encoding: .utf8) }
        let all = payloads.joined(separator: " ")
        let json = jsonEscaped(all)
        let name = jsonEscaped(hostileName)
        var pods = try read("pods-watch.json").replacingOccurrences(of: pod, with: name)
        pods = pods.replacingOccurrences(of: "\"terminated\": {", with: "\"terminated\": {\"message\": \"panic: \(json)\",")
        let events = try read("events.json").replacingOccurrences(of: pod, with: name)
            .replacingOccurrences(of: "\"message\": \"", with: "\"message\": \"\(json) ")
        let slices = try read("endpointslices-watch.json").replacingOccurrences(of: pod, with: name)
        // The request path: no spaces inside a request line, so the payloads go in joined.
        let path = payloads.joined().replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "\"", with: "%22")
        let log = try read("ingress-nginx.log").replacingOccurrences(of: "\"GET /api/cart ", with: "\"GET /api/cart\(path) ")
        var inputs: [String] = []
        for (file, text) in [("pods-watch.json", pods), ("events.json", events), ("endpointslices-watch.json", slices)] {
            let url = dir.appendingPathComponent(file)
            try Data(text.utf8).write(to: url)
            inputs.append(url.path)
        }
        let logURL = dir.appendingPathComponent("ingress-nginx.log")
        try Data(log.utf8).write(to: logURL)
        return (inputs, [logURL.path])
    }

    static func jsonEscaped(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
