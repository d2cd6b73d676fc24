import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RolloutSim
import TestSupport
import Testing

/// Signals and broken outputs: SIGTERM, SIGHUP and SIGINT during `rollscope watch --record`,
/// a terminal that goes away without a SIGHUP, a recording FIFO whose reader leaves, and a
/// report piped into `head`. Each must restore the terminal, stop every kubectl child and
/// leave a recording that ends with a whole line.
@Suite(.serialized) struct SignalEndToEndTests {
    typealias Cluster = LiveEndToEndTests.Cluster

    /// The running `rollscope` whose command line holds `unique` (shells and tmux, which carry
    /// the same text as one string, have another argv[0]).
    static func rollscope(_ unique: String, binary: String = Binary.rollscope) -> ProcessTable.Entry? {
        ProcessTable.find(unique).first { $0.argv.first == binary }
    }

    /// What the recording holds, checked: it ends with a newline, every line is JSON, and
    /// `rollscope report` reads it without a warning and shows every pod it holds.
    static func checkRecording(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.last == 0x0A, "the recording does not end with a whole line", sourceLocation: sourceLocation)
        var pods = Set<String>()
        for (i, line) in data.split(separator: 0x0A).enumerated() {
            let json = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            #expect(json != nil, "line \(i + 1) is not JSON", sourceLocation: sourceLocation)
            if json?["kind"] as? String == "pod",
               let name = (json?["object"] as? [String: Any])?["metadata"].flatMap({ ($0 as? [String: Any])?["name"] as? String }) {
                pods.insert(name)
            }
        }
        #expect(!pods.isEmpty, "no pod was recorded", sourceLocation: sourceLocation)
        let report = try Binary.run(["report", path, "--format", "json", "--fail-on", "never"])
        #expect(report.status == 0, "report: \(report.stderr)", sourceLocation: sourceLocation)
        #expect(report.stderr.isEmpty, "report warned: \(report.stderr)", sourceLocation: sourceLocation)
        let json = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any]
        let reported = Set(((json?["rollouts"] as? [[String: Any]]) ?? []).flatMap { r in
            ((r["pods"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
        })
        #expect(reported == pods, "report shows \(reported.sorted()), recorded \(pods.sorted())", sourceLocation: sourceLocation)
    }

    /// The tmux pane's terminal state: alternate screen, cursor visible, keypad mode.
    static func paneModes(_ tmux: Tmux) throws -> String {
        try tmux.run(["display-message", "-p", "alternate=#{alternate_on} cursor=#{cursor_flag} keypad=#{keypad_cursor_flag}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let signals: [String: (number: Int32, status: Int32)] = ["TERM": (SIGTERM, 143), "HUP": (SIGHUP, 129), "INT": (SIGINT, 130)]

    @Test(.serialized, arguments: ["TERM", "HUP", "INT"])
    func watchWithRecordingStopsCleanlyOnASignal(_ name: String) throws {
        let (signal, status) = try #require(Self.signals[name])
        // 5x: the rollout is still going when the signal comes.
        let cluster = try Cluster(.sigkill, speed: 5)
        defer { withExtendedLifetime(cluster) {} }
        let recording = cluster.path("signal.rollout")
        defer { ProcessTable.killRunning(ProcessTable.find(recording).filter { $0.argv.first == Binary.rollscope } + ProcessTable.kubectl(kubeconfig: cluster.kubeconfig)) }
        let tmux = Tmux()
        // After rollscope: its status, then the terminal's modes as stty sees them.
        try tmux.start("\(Binary.rollscope) watch deployment/web -n shop --kubeconfig \(cluster.kubeconfig) --record \(recording) --interval 500ms"
                       + "; echo STATUS=$?; stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo -e icanon -e -icanon | tr '\\n' ' '")
        let s = try tmux.wait(for: "web-7d4b9c8f6d-", seconds: 30)
        try #require(s.contains("LIVE") && s.contains("web-7d4b9c8f6d-"), "no pods on screen: \(s)")
        let process = try #require(Self.rollscope(recording))
        // kubectl is running (the pod watch at least) when the signal arrives.
        #expect(ProcessTable.waitUntil(seconds: 10) { ProcessTable.kubectl(kubeconfig: cluster.kubeconfig).count >= 2 })
        let children = ProcessTable.kubectl(kubeconfig: cluster.kubeconfig)
        #expect(try Self.paneModes(tmux).hasPrefix("alternate=1"))

        kill(process.pid, signal)
        let after = try tmux.wait(for: "EXIT=", seconds: 20)
        #expect(after.contains("STATUS=\(status)"), "after SIG\(name): \(after)")
        // The terminal is as it was: the UI's alternate screen left, the cursor visible,
        // keypad mode off, echo and canonical input back on.
        #expect(!after.contains("Timeline"), "the UI is still on the screen after SIG\(name)")
        #expect(try Self.paneModes(tmux) == "alternate=0 cursor=1 keypad=0")
        #expect(after.contains("echo icanon") || after.contains("icanon echo"), "stty: \(after)")
        #expect(after.contains("rollscope: recorded"), "\(after)")
        // Every kubectl child is gone (each ran in its own process group).
        #expect(ProcessTable.waitUntil(seconds: 5) { ProcessTable.kubectl(kubeconfig: cluster.kubeconfig).isEmpty },
                "kubectl left running: \(ProcessTable.kubectl(kubeconfig: cluster.kubeconfig))")
        for child in children { #expect(!ProcessTable.isRunning(child.pid), "kubectl \(child.pid) still running") }
        try Self.checkRecording(recording)
    }

    @Test func watchStopsWhenItsTerminalGoesAwayWithoutASignal() throws {
        // rollscope in a session of its own (setsid): closing the terminal hangs up its pty,
        // so reads see end of file and writes fail, but the kernel's SIGHUP goes to the pane's
        // session, not to it. It must notice by itself.
        let cluster = try Cluster(.sigkill, speed: 5)
        defer { withExtendedLifetime(cluster) {} }
        let recording = cluster.path("hangup.rollout")
        defer { ProcessTable.killRunning(ProcessTable.find(recording).filter { $0.argv.first == Binary.rollscope } + ProcessTable.kubectl(kubeconfig: cluster.kubeconfig)) }
        let statusFile = cluster.path("status")
        let tmux = Tmux()
        try tmux.start("setsid sh -c '\(Binary.rollscope) watch deployment/web -n shop --kubeconfig \(cluster.kubeconfig) --record \(recording) --interval 500ms; echo $? > \(statusFile)'")
        let s = try tmux.wait(for: "web-7d4b9c8f6d-", seconds: 30)
        try #require(s.contains("web-7d4b9c8f6d-"), "no pods on screen: \(s)")
        let process = try #require(Self.rollscope(recording))
        #expect(ProcessTable.waitUntil(seconds: 10) { ProcessTable.kubectl(kubeconfig: cluster.kubeconfig).count >= 2 })

        try tmux.run(["kill-server"])
        #expect(ProcessTable.waitUntil(seconds: 10) { !ProcessTable.isRunning(process.pid) }, "rollscope still running after its terminal closed")
        #expect(ProcessTable.waitUntil(seconds: 5) { (try? String(contentsOfFile: statusFile, encoding: .utf8)) != nil })
        let status = (try? String(contentsOfFile: statusFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(status == "129", "exit status \(status ?? "none"), expected 129 as for SIGHUP")
        #expect(ProcessTable.waitUntil(seconds: 5) { ProcessTable.kubectl(kubeconfig: cluster.kubeconfig).isEmpty },
                "kubectl left running: \(ProcessTable.kubectl(kubeconfig: cluster.kubeconfig))")
        try Self.checkRecording(recording)
    }

    @Test func recordStopsWhenTheReaderOfItsFIFOGoesAway() throws {
        let cluster = try Cluster(.sigkill, speed: 5)
        defer { withExtendedLifetime(cluster) {} }
        let fifo = cluster.path("recording.fifo")
        try #require(mkfifo(fifo, 0o600) == 0)
        // Opened for reading first (non-blocking), so rollscope's open for writing goes through;
        // close-on-exec, or rollscope itself would inherit a reader and never see EPIPE.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        try #require(reader >= 0)
        var readerOpen = true
        defer { if readerOpen { close(reader) } }
        let stderrPath = cluster.path("record.err")
        let record = try Spawn.start([Binary.rollscope, "record", "deployment/web", "-n", "shop", "--kubeconfig", cluster.kubeconfig,
                                      "--record", fifo, "--timeout", "120s", "--interval", "500ms"], stderr: .file(stderrPath))
        var status: Int32?
        defer {
            if status == nil { record.signal(SIGKILL); _ = record.wait(timeout: 5) }
            ProcessTable.killRunning(ProcessTable.kubectl(kubeconfig: cluster.kubeconfig))
        }

        // Read until pods have arrived and kubectl's watch is running, then go away.
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let ready = ProcessTable.waitUntil(seconds: 30, interval: 0.05) {
            let n = buffer.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
            if n > 0 { received.append(contentsOf: buffer[0..<n]) }
            return String(decoding: received, as: UTF8.self).contains("\"kind\":\"pod\"")
                && ProcessTable.kubectl(kubeconfig: cluster.kubeconfig).count >= 2
        }
        try #require(ready, "no pods recorded: \(String(decoding: received.prefix(300), as: UTF8.self))")
        close(reader)
        readerOpen = false

        status = record.wait(timeout: 10)
        let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        #expect(status == 141, "exit status \(status.map(String.init) ?? "none: still running"); stderr: \(stderr)")
        #expect(stderr.contains("the reader of the recording went away"), "\(stderr)")
        #expect(!stderr.contains("Fatal error") && !stderr.contains("Backtrac") && !stderr.contains("crashed"), "\(stderr)")
        #expect(ProcessTable.waitUntil(seconds: 5) { ProcessTable.kubectl(kubeconfig: cluster.kubeconfig).isEmpty },
                "kubectl left running: \(ProcessTable.kubectl(kubeconfig: cluster.kubeconfig))")
        // What the reader got is whole lines of JSON (a chunk may have stopped mid-line).
        let lines = received.split(separator: 0x0A)
        #expect(lines.first.map { String(decoding: $0, as: UTF8.self).hasPrefix("{\"schema\":\"rollscope.recording/1\"") } == true)
        for line in received.last == 0x0A ? lines : lines.dropLast() {
            #expect((try? JSONSerialization.jsonObject(with: Data(line))) != nil)
        }
    }

    @Test func watchGoesOnWhenTheReaderOfItsRecordingLeaves() throws {
        let cluster = try Cluster(.sigkill, speed: 5)
        defer { withExtendedLifetime(cluster) {} }
        let fifo = cluster.path("w.fifo")
        try #require(mkfifo(fifo, 0o600) == 0)
        defer { ProcessTable.killRunning(ProcessTable.find(fifo).filter { $0.argv.first == Binary.rollscope } + ProcessTable.kubectl(kubeconfig: cluster.kubeconfig)) }
        let reader = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        try #require(reader >= 0)
        let tmux = Tmux()
        try tmux.start("\(Binary.rollscope) watch deployment/web -n shop --kubeconfig \(cluster.kubeconfig) --record \(fifo) --interval 500ms")
        var s = try tmux.wait(for: "web-7d4b9c8f6d-", seconds: 30)
        close(reader)
        s = try tmux.wait(for: "stopped: ", seconds: 10)
        #expect(s.contains("recording to") && s.contains("stopped: "), "\(s)")
        #expect(s.contains("LIVE") && !s.contains("EXIT="), "the view did not go on: \(s)")
        try tmux.keys("q")
        s = try tmux.wait(for: "EXIT=", seconds: 15)
        #expect(s.contains("EXIT=0"), "\(s)")
        #expect(ProcessTable.waitUntil(seconds: 5) { ProcessTable.kubectl(kubeconfig: cluster.kubeconfig).isEmpty })
    }

    /// A report of the simulated SIGKILL rollout's watch stream.
    static func reportInput() throws -> (dir: URL, file: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollscope-pipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("pods-watch.json").path
        try Data(Simulator.run(.sigkill).watchStream().utf8).write(to: URL(fileURLWithPath: file))
        return (dir, file)
    }

    @Test func reportIntoAClosedPipeExitsQuietly() throws {
        let (dir, input) = try Self.reportInput()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Started with SIGPIPE at its default, and with SIGPIPE ignored by the parent (then
        // Foundation's FileHandle.write used to crash with a backtrace).
        let starts: [(String, [String])] = [
            ("default", [Binary.rollscope]),
            ("ignored", ["bash", "-c", "trap '' PIPE; exec \"$0\" \"$@\"", Binary.rollscope]),
        ]
        for (disposition, prefix) in starts {
            for format in ["text", "json", "markdown"] {
                // The reader is gone before the first write: EPIPE every time, no race.
                var fds: [Int32] = [0, 0]
                try #require(pipe(&fds) == 0)
                for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
                close(fds[0])
                let stderrPath = dir.appendingPathComponent("err-\(format)").path
                let report = try Spawn.start(prefix + ["report", input, "--format", format], stdout: .descriptor(fds[1]), stderr: .file(stderrPath))
                close(fds[1])
                let status = report.wait(timeout: 30)
                let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
                #expect(status == 141, "SIGPIPE \(disposition), \(format): exit status \(status.map(String.init) ?? "none")")
                #expect(stderr.isEmpty, "SIGPIPE \(disposition), \(format): \(stderr)")
            }
        }
    }

    @Test func reportToAHungUpTerminalExitsQuietly() throws {
        let (dir, input) = try Self.reportInput()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A pty whose terminal side is gone (its master closed): writes fail with EIO.
        let slave = try #require(Pty.hungUpTerminal())
        let stderrPath = dir.appendingPathComponent("err").path
        let report = try Spawn.start([Binary.rollscope, "report", input], stdout: .descriptor(slave), stderr: .file(stderrPath))
        close(slave)
        let status = report.wait(timeout: 30)
        let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        #expect(status == 129, "exit status \(status.map(String.init) ?? "none")")
        #expect(stderr.isEmpty, "\(stderr)")
    }

    @Test func reportIntoHeadExitsQuietly() throws {
        let (dir, input) = try Self.reportInput()
        defer { try? FileManager.default.removeItem(at: dir) }
        // As people type it, through a shell; with SIGPIPE ignored by the parent as well
        // (a shell started from Python or some CI runners does that).
        for ignore in ["", "trap '' PIPE; "] {
            let run = try Spawn.run(["bash", "-c", ignore + "'\(Binary.rollscope)' report '\(input)' --format json | head -c 20; echo; echo \"status=${PIPESTATUS[0]}\""])
            #expect(run.stdout.hasPrefix("{"), "\(run.stdout)")
            #expect(["status=0", "status=1", "status=141"].contains { run.stdout.contains($0) }, "\(run.stdout)")
            #expect(run.stderr.isEmpty, "stderr: \(run.stderr)")
            let text = try Spawn.run(["bash", "-c", ignore + "'\(Binary.rollscope)' report '\(input)' | head -1"])
            #expect(text.stdout.hasPrefix("ROLLOUT"), "\(text.stdout)")
            #expect(text.stderr.isEmpty, "stderr: \(text.stderr)")
        }
    }
}
