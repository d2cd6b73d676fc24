import Foundation
import Testing
import RolloutCore
import RolloutSim
@testable import FakeKubeAPI

let kubectlPath = "/usr/bin/kubectl"

/// The healthy preset, simulated once for every test.
let healthy = Simulator.run(.healthy)

/// A temporary folder for one test, removed with `cleanUp()`.
struct Scratch {
    let url: URL

    init(_ name: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fakekube-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func cleanUp() { try? FileManager.default.removeItem(at: url) }
}

/// A server with a kubeconfig written for it, and kubectl run against them.
final class Harness {
    let server: FakeKubeAPI
    let scratch: Scratch
    let kubeconfig: String

    init(_ name: String, output: SimOutput = healthy, speed: Double = 30, startOffset: Double = 0,
         mode: FakeKubeAPI.Mode = .ok, discovery: FakeKubeAPI.Discovery = .aggregated, argoCRD: Bool = true) throws {
        server = FakeKubeAPI(output: output, speed: speed, startOffset: startOffset, mode: mode, discovery: discovery, argoCRD: argoCRD)
        try server.start()
        scratch = try Scratch(name)
        kubeconfig = try server.writeKubeconfig(to: scratch.path("kubeconfig"))
    }

    deinit {
        server.stop()
        scratch.cleanUp()
    }

    /// kubectl's argv with the kubeconfig and a private discovery cache.
    func argv(_ args: [String]) -> [String] {
        args + ["--kubeconfig", kubeconfig, "--cache-dir", scratch.path("cache")]
    }

    /// Starts kubectl (no shell); stdout and stderr go to files.
    func launch(_ args: [String], tag: String = UUID().uuidString) throws -> Running {
        try Running(argv: argv(args), scratch: scratch, tag: tag)
    }

    /// Runs kubectl to the end (killed after `timeout` seconds).
    func run(_ args: [String], timeout: Double = 20) throws -> Running.Result {
        let p = try launch(args)
        return p.wait(timeout: timeout)
    }
}

/// A kubectl process.
final class Running {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
        /// Ended by a signal we sent.
        var killed: Bool
    }

    let process = Process()
    let outPath: String
    let errPath: String
    let began = Date()

    init(argv: [String], scratch: Scratch, tag: String) throws {
        outPath = scratch.path("\(tag).out")
        errPath = scratch.path("\(tag).err")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: kubectlPath)
        process.arguments = argv
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = scratch.url.path
        env["KUBECONFIG"] = nil
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
    }

    var stdout: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

    /// Waits for the end, terminating the process after `timeout` seconds.
    func wait(timeout: Double) -> Result {
        let deadline = Date().addingTimeInterval(timeout)
        var killed = false
        while process.isRunning {
            if Date() > deadline {
                killed = true
                process.interrupt()
                usleep(300_000)
                if process.isRunning { process.terminate() }
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr,
                      seconds: Date().timeIntervalSince(began), killed: killed)
    }

    /// Waits until stdout satisfies `condition` or `timeout` passes; true if it did.
    func waitForOutput(timeout: Double, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(stdout) { return true }
            if !process.isRunning { return condition(stdout) }
            usleep(50_000)
        }
        return false
    }

    /// Stops kubectl as a user would (SIGINT) and collects what it wrote.
    func stop() -> Result { wait(timeout: 0) }
}

/// Parses a JSON document with Foundation (as a test's independent reader).
func jsonObject(_ text: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
}

func jsonObject(_ object: JSONValue) -> [String: Any]? { jsonObject(KubectlPrinter.raw(object)) }

/// Splits kubectl's watch output (one JSON document per line with `-o json
/// --output-watch-events`, or indented documents one after another) into objects.
func jsonDocuments(_ text: String) -> [[String: Any]] {
    var docs: [[String: Any]] = []
    var depth = 0, inString = false, escaped = false, start: String.Index?
    for i in text.indices {
        let c = text[i]
        if inString {
            if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            continue
        }
        switch c {
        case "\"": inString = true
        case "{":
            if depth == 0 { start = i }
            depth += 1
        case "}":
            depth -= 1
            if depth == 0, let s = start, let d = jsonObject(String(text[s...i])) { docs.append(d) }
        default: break
        }
    }
    return docs
}

extension Dictionary where Key == String, Value == Any {
    func string(_ path: String) -> String? {
        var v: Any? = self
        for part in path.split(separator: ".") { v = (v as? [String: Any])?[String(part)] }
        return v as? String
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client on a blocking socket, to test the server below kubectl.
final class RawClient {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
        /// For chunked responses: each chunk's payload.
        var chunks: [String]
        /// The response ended (Content-Length read, or the last chunk arrived).
        var complete: Bool
    }

    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let r = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard r == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    func send(_ target: String, method: String = "GET", headers: [String: String] = [:]) {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: raw-test\r\n"
        for (k, v) in headers { text += "\(k): \(v)\r\n" }
        text += "\r\n"
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads more bytes, waiting until `deadline`; false on timeout or end of stream.
    private func fill(until deadline: Date) -> Bool {
        let ms = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, ms) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    private func line(until deadline: Date) -> String? {
        while true {
            if let i = buffer.firstIndex(of: 10) {
                let l = String(decoding: buffer[0..<i], as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
                buffer.removeFirst(i + 1)
                return l
            }
            if !fill(until: deadline) { return nil }
        }
    }

    private func bytes(_ n: Int, until deadline: Date) -> [UInt8]? {
        while buffer.count < n { if !fill(until: deadline) { return nil } }
        let out = Array(buffer[0..<n])
        buffer.removeFirst(n)
        return out
    }

    /// Reads one response; a chunked one until its end or `seconds` pass.
    func response(seconds: Double) -> Response? {
        let deadline = Date().addingTimeInterval(seconds)
        guard let status = line(until: deadline) else { return nil }
        var headers: [String: String] = [:]
        while let l = line(until: deadline), !l.isEmpty {
            if let c = l.firstIndex(of: ":") {
                headers[l[..<c].lowercased()] = l[l.index(after: c)...].trimmingCharacters(in: .whitespaces)
            }
        }
        let code = Int(status.split(separator: " ")[1]) ?? 0
        if headers["transfer-encoding"] == "chunked" {
            var chunks: [String] = []
            while let size = line(until: deadline).flatMap({ Int($0, radix: 16) }) {
                if size == 0 {
                    _ = line(until: deadline)
                    return Response(status: code, headers: headers, body: chunks.joined(), chunks: chunks, complete: true)
                }
                guard let b = bytes(size + 2, until: deadline) else { break }
                chunks.append(String(decoding: b.dropLast(2), as: UTF8.self))
            }
            return Response(status: code, headers: headers, body: chunks.joined(), chunks: chunks, complete: false)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        guard let b = bytes(length, until: deadline) else {
            return Response(status: code, headers: headers, body: "", chunks: [], complete: false)
        }
        return Response(status: code, headers: headers, body: String(decoding: b, as: UTF8.self), chunks: [], complete: true)
    }
}
