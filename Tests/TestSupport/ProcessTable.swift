import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The processes running now, read from /proc.
public enum ProcessTable {
    public struct Entry: Sendable, CustomStringConvertible {
        public var pid: pid_t
        public var argv: [String]
        /// The executable's name as the kernel keeps it (/proc/PID/comm).
        public var name: String
        public var description: String { "\(pid) \(argv.joined(separator: " "))" }
    }

    /// Every live process (zombies have no command line and are left out).
    public static func all() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> Entry? in
            guard let pid = pid_t(name), pid != getpid(),
                  let raw = FileManager.default.contents(atPath: "/proc/\(name)/cmdline"), !raw.isEmpty else { return nil }
            let argv = raw.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            let comm = (try? String(contentsOfFile: "/proc/\(name)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return Entry(pid: pid, argv: argv.last == "" ? Array(argv.dropLast()) : argv, name: comm)
        }
    }

    /// Processes whose command line has an argument containing `text`, and whose program
    /// (argv[0]'s last path component) is `program` when given. Shells and tmux that merely
    /// carry the command line as one string are told apart by `program`.
    public static func find(_ text: String, program: String? = nil) -> [Entry] {
        all().filter { e in
            guard e.argv.contains(where: { $0.contains(text) }) else { return false }
            guard let program else { return true }
            let first = e.argv.first.map { ($0 as NSString).lastPathComponent } ?? ""
            return first == program || e.name == program
        }
    }

    /// kubectl processes run with this kubeconfig (each test's kubeconfig path is unique).
    public static func kubectl(kubeconfig: String) -> [Entry] { find(kubeconfig, program: "kubectl") }

    /// Cleanup after a failed test: SIGKILLs those of `entries` still running (a test passes
    /// only processes it started, found by its own unique paths).
    public static func killRunning(_ entries: [Entry]) {
        for e in entries where isRunning(e.pid) { kill(e.pid, SIGKILL) }
    }

    /// Whether `pid` is a running process (not gone, not a zombie waiting to be reaped).
    public static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X" && state != nil
    }

    /// Waits until `condition` holds, polling, for at most `seconds`; whether it held.
    public static func waitUntil(seconds: Double, interval: Double = 0.1, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if condition() { return true }
            if Date() >= deadline { return false }
            Thread.sleep(forTimeInterval: interval)
        }
    }
}
