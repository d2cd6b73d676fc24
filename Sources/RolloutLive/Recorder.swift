import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RolloutCore
import Synchronization

/// Writes what a live session observed to a recording (`Recording`): one line per change,
/// each written with its own write call, so a crash loses at most the line being written.
/// An object is written again only when its resourceVersion changed: size grows with
/// changes, not with pods times polls.
public final class Recorder: Sendable {
    struct State {
        var handle: FileHandle?
        /// kind/namespace/name -> resourceVersion last written.
        var versions: [String: String] = [:]
        /// Pods written and not yet deleted, for polls that stop listing them.
        var pods: [String: JSONValue] = [:]
        var bytes = 0
        var lines = 0
        var failed: String?
        /// The recording is a pipe or FIFO whose reader went away (EPIPE).
        var readerGone = false
    }
    private let state: Mutex<State>
    public let path: String

    public init(path: String, header: Recording.Header) throws {
        self.path = path
        // Close-on-exec, so kubectl and signal commands never inherit the recording.
        // Owner-only: a recording holds pod names, IPs and events of the cluster.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw InputError(file: path, message: "cannot be written (\(String(cString: strerror(errno))))") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        state = Mutex(State(handle: handle))
        write(Recording.headerLine(header))
    }

    public var bytesWritten: Int { state.withLock { $0.bytes } }
    public var linesWritten: Int { state.withLock { $0.lines } }
    /// The first write error, if writing failed (the disk filled up).
    public var failure: String? { state.withLock { $0.failed } }

    /// True when the recording goes to a pipe or FIFO whose reader has gone: nothing written
    /// from now on reaches anyone. Asked of the descriptor too, so it shows before the next
    /// write fails (poll reports POLLERR on a pipe's write end once no reader is left).
    public var readerGone: Bool {
        state.withLock { s in
            if s.readerGone { return true }
            guard let h = s.handle else { return false }
            var p = pollfd(fd: h.fileDescriptor, events: 0, revents: 0)
            if poll(&p, 1, 0) > 0 && p.revents & Int16(POLLERR) != 0 {
                s.readerGone = true
                s.failed = s.failed ?? "the reader of the pipe went away"
            }
            return s.readerGone
        }
    }

    /// Writes one whole line with write(2), through short writes and EINTR (a signal arriving
    /// while a pipe is full must not cut a line in two). SIGPIPE is ignored by the callers, so
    /// a FIFO whose reader left gives EPIPE here.
    func write(_ line: String) {
        state.withLock { s in
            guard let h = s.handle, s.failed == nil else { return }
            let bytes = Array(line.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { Glibc.write(h.fileDescriptor, $0.baseAddress! + offset, $0.count - offset) }
                if n >= 0 {
                    offset += n
                } else if errno == EAGAIN {
                    var p = pollfd(fd: h.fileDescriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&p, 1, -1)
                } else if errno != EINTR {
                    if errno == EPIPE { s.readerGone = true }
                    s.failed = String(cString: strerror(errno))
                    return
                }
            }
            s.bytes += bytes.count
            s.lines += 1
        }
    }

    static func key(_ kind: Recording.Kind, _ object: JSONValue) -> (key: String, version: String?)? {
        guard let meta = object["metadata"], case .string(let name)? = meta["name"] else { return nil }
        var namespace = ""
        if case .string(let ns)? = meta["namespace"] { namespace = ns }
        var version: String?
        if case .string(let rv)? = meta["resourceVersion"] { version = rv }
        // A StatefulSet and a DaemonSet of one name are two workloads.
        var sub = ""
        if kind == .workload, case .string(let k)? = object["kind"] { sub = k + "/" }
        return ("\(kind.rawValue)/\(sub)\(namespace)/\(name)", version)
    }

    /// Records one object if it changed since it was last written.
    public func record(_ object: JSONValue, kind: Recording.Kind, type: String?, at t: Instant) {
        guard let (key, version) = Recorder.key(kind, object) else { return }
        let changed: Bool = state.withLock { s in
            if type == "DELETED" {
                s.versions[key] = nil
                s.pods[key] = nil
                return true
            }
            if let version, s.versions[key] == version { return false }
            s.versions[key] = version ?? UUID().uuidString
            if kind == .pod { s.pods[key] = object }
            return true
        }
        if changed { write(Recording.objectLine(at: t, kind: kind, type: type, object: object)) }
    }

    /// Records the items of a complete pod list; pods recorded before and missing now are
    /// written as DELETED (a poll saw them gone).
    public func recordPodList(_ items: [JSONValue], at t: Instant) {
        var present = Set<String>()
        for item in items {
            if let (key, _) = Recorder.key(.pod, item) { present.insert(key) }
            record(item, kind: .pod, type: "MODIFIED", at: t)
        }
        let gone: [JSONValue] = state.withLock { s in s.pods.filter { !present.contains($0.key) }.map(\.value) }
        for pod in gone { record(pod, kind: .pod, type: "DELETED", at: t) }
    }

    public func recordSignal(line: String, source: String, at t: Instant) {
        write(Recording.signalLine(at: t, source: source, line: line))
    }

    public func note(_ text: String, at t: Instant) {
        write(Recording.noteLine(at: t, text: text))
    }

    /// Flushes the recording to the disk (fsync) and closes it; later writes are dropped.
    /// Every line is already written whole, so a recording closed at any moment ends with a
    /// complete line.
    public func close() {
        state.withLock { s in
            try? s.handle?.synchronize()
            try? s.handle?.close()
            s.handle = nil
        }
    }
}
