import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Standard output and standard error as the process sees them, with SIGPIPE ignored.
///
/// SIGPIPE's default action would kill the process on the first write to a closed pipe, before
/// it could stop its kubectl children or close a recording; Foundation's `FileHandle.write(_:)`
/// crashes with a backtrace instead when the signal is ignored. So SIGPIPE is ignored from the
/// start and every write goes through here: a closed standard output (`rollscope report | head
/// -1`) ends the process quietly with 141, the status a shell shows for a process SIGPIPE
/// stopped, and a hung-up terminal with 129, as SIGHUP would; a closed or hung-up standard
/// error (the SSH link dropped) is not worth dying for.
enum Output {
    /// 128 + SIGPIPE.
    static let brokenPipeStatus: Int32 = 128 + SIGPIPE

    static func ignoreBrokenPipeSignal() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes everything to standard output; on a closed pipe, exits quietly with 141.
    static func write(_ bytes: [UInt8]) {
        switch writeAll(STDOUT_FILENO, bytes) {
        case 0: return
        case EPIPE: exit(brokenPipeStatus)
        case EIO where hungUp(STDOUT_FILENO):
            // A terminal that went away (the SSH link dropped): as if SIGHUP had come.
            exit(128 + SIGHUP)
        case let error:
            // A full disk or a hung-up terminal: say so (if stderr still works) and fail.
            printError("rollscope: writing standard output failed (\(String(cString: strerror(error))))")
            exit(2)
        }
    }

    static func write(_ text: String) { write(Array(text.utf8)) }

    /// One line on standard error; write errors are ignored (there is nowhere left to report them).
    static func error(_ line: String) {
        _ = writeAll(STDERR_FILENO, Array((line + "\n").utf8))
    }

    /// Whether `fd` is a terminal or pipe whose other side is gone.
    static func hungUp(_ fd: Int32) -> Bool {
        var p = pollfd(fd: fd, events: 0, revents: 0)
        return poll(&p, 1, 0) > 0 && p.revents & Int16(POLLHUP | POLLERR) != 0
    }

    /// write(2) until done, through EINTR and short writes; 0 or the errno that stopped it.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n >= 0 {
                offset += n
            } else if errno == EAGAIN {
                // A non-blocking descriptor (inherited that way): wait until it takes more.
                var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&p, 1, -1)
            } else if errno != EINTR {
                return errno
            }
        }
        return 0
    }
}
