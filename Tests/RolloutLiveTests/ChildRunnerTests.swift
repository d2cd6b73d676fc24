import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import RolloutLive

/// kubectl children: each in its own process group, our pipe ends never inherited, stopped as
/// a group, bounded in time, with their standard error's last line kept.
@Suite struct ChildRunnerTests {
    /// Whether `pid` is still there and not a zombie.
    static func alive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    static func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    @Test func aChildLeadsAProcessGroupOfItsOwn() {
        // The shell prints its pid and its process group (field 5 of /proc/PID/stat).
        let (outcome, output) = ChildRunner().capture(["sh", "-c", "echo $$; cut -d' ' -f5 /proc/$$/stat"])
        #expect(outcome.status == 0)
        let ids = String(decoding: output, as: UTF8.self).split(separator: "\n").compactMap { pid_t($0) }
        #expect(ids.count == 2)
        #expect(ids.first == ids.last, "pid and process group differ: \(ids)")
        #expect(ids.last != getpgrp())
    }

    @Test func stopEndsWhatTheChildStartedToo() throws {
        // Like kubectl with an exec auth plugin: the child starts a grandchild and waits.
        let runner = ChildRunner()
        let grandchild = Mutex<pid_t?>(nil)
        let done = Mutex(false)
        let thread = Thread {
            _ = runner.run(["sh", "-c", "sleep 300 & echo $!; wait"]) { data in
                let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if let pid = pid_t(text) { grandchild.withLock { $0 = pid } }
            }
            done.withLock { $0 = true }
        }
        thread.start()
        try #require(Self.waitUntil(seconds: 10) { grandchild.withLock { $0 } != nil })
        let pid = try #require(grandchild.withLock { $0 })
        #expect(Self.alive(pid))
        runner.stop(grace: 0.5)
        #expect(Self.waitUntil(seconds: 5) { done.withLock { $0 } }, "the run did not end")
        #expect(Self.waitUntil(seconds: 5) { !Self.alive(pid) }, "the grandchild \(pid) outlived the stop")
        #expect(runner.running.isEmpty)
    }

    @Test func nothingStartsOnceStopped() {
        let runner = ChildRunner()
        runner.stop()
        let outcome = runner.run(["true"])
        #expect(!outcome.started)
        #expect(runner.stopped)
    }

    @Test func aChildPastItsTimeLimitIsStopped() {
        let started = Date()
        let outcome = ChildRunner().run(["sleep", "30"], limit: 0.3)
        #expect(outcome.timedOut)
        #expect(outcome.status == 128 + SIGTERM)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func aChildThatIgnoresSIGTERMIsKilled() {
        let started = Date()
        let outcome = ChildRunner().run(["sh", "-c", "trap '' TERM; sleep 30 & wait; wait"], limit: 0.3)
        #expect(outcome.timedOut)
        #expect(outcome.status == 128 + SIGKILL)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func theLastLineOfStandardErrorIsKept() {
        let outcome = ChildRunner().run(["sh", "-c", "echo out; echo first >&2; printf '  Unable to connect  \\n\\n' >&2; exit 3"])
        #expect(outcome.status == 3)
        #expect(outcome.errorLine == "Unable to connect")
        #expect(outcome.started && !outcome.timedOut)
    }

    @Test func aMissingProgramIsNamed() {
        let outcome = ChildRunner().run(["/nonexistent/kubectl", "version"])
        #expect(!outcome.started)
        #expect(outcome.status == 127)
        #expect(outcome.errorLine == "/nonexistent/kubectl: not found")
    }

    @Test func outputArrivesWhileTheChildRuns() {
        // A watch: each line is handed over as kubectl prints it, not at the end.
        var chunks: [(Date, String)] = []
        let outcome = ChildRunner().run(["sh", "-c", "echo a; sleep 0.4; echo b"]) { chunks.append((Date(), String(decoding: $0, as: UTF8.self))) }
        #expect(outcome.status == 0)
        #expect(chunks.map(\.1).joined() == "a\nb\n")
        #expect(chunks.count == 2)
        if chunks.count == 2 { #expect(chunks[1].0.timeIntervalSince(chunks[0].0) > 0.2) }
    }

    @Test func ourPipeEndsAreNotInheritedByOtherChildren() throws {
        // A long-lived child (a watch) holds pipes; a child started meanwhile must not get our
        // ends of them, or a reader would never see the end of its stream.
        let watch = try ChildProcess(argv: ["sleep", "30"])
        defer {
            watch.signal(SIGKILL)
            _ = watch.collect()
        }
        let (outcome, output) = ChildRunner().capture(["sh", "-c", "ls /proc/$$/fd"])
        #expect(outcome.status == 0)
        let fds = Set(String(decoding: output, as: UTF8.self).split(separator: "\n").compactMap { Int32($0) })
        #expect(fds.isSuperset(of: [0, 1, 2]))
        #expect(!fds.contains(watch.stdoutFD) && !fds.contains(watch.stderrFD), "inherited \(fds.sorted())")
    }

    @Test func signalDispositionsAndTheMaskAreNotInherited() throws {
        // rollscope ignores SIGPIPE and blocks nothing a child should keep: kubectl starts with
        // every signal at its default and none blocked.
        var old = sigaction()
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        sigaction(SIGPIPE, &ignore, &old)
        defer { sigaction(SIGPIPE, &old, nil) }
        let (outcome, output) = ChildRunner().capture(["grep", "-E", "^Sig(Ign|Blk):", "/proc/self/status"])
        #expect(outcome.status == 0)
        // Bit n-1 stands for signal n; the C library keeps 32 and 33 for itself.
        var masks: [String: UInt64] = [:]
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: ":")
            if parts.count == 2 { masks[String(parts[0])] = UInt64(parts[1].trimmingCharacters(in: .whitespaces), radix: 16) }
        }
        #expect(masks["SigIgn"].map { $0 & 0x7FFF_FFFF } == 0, "ignored: \(masks)")
        #expect(masks["SigBlk"].map { $0 & 0x7FFF_FFFF } == 0, "blocked: \(masks)")
    }
}
