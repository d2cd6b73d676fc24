import Foundation
import RolloutCore
import RolloutUI
#if canImport(Glibc)
import Glibc
#endif

/// Seconds since this process started, from the kernel's record of its start time
/// (`/proc/self/stat` field 22, in clock ticks since boot, against CLOCK_BOOTTIME).
/// Resolution: one clock tick (10 ms on most systems).
func secondsSinceProcessStart() -> Double? {
    guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return nil }
    // Fields after the command name start at field 3.
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
    let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
    var ts = timespec()
    clock_gettime(CLOCK_BOOTTIME, &ts)
    let now = Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    return now - ticks / hz
}

func monotonic() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// What `rollscope replay` does before its first frame: load like `report`, build the App in
/// replay mode, render at 120x40. No terminal: the cost of presenting through ncurses is left out.
enum FirstFrame {
    static func run(files: [String]) throws {
        let t0 = monotonic()
        let store = try ObservationStore.load(inputs: files, signalFiles: [])
        let t1 = monotonic()
        let app = App(store: store, mode: .replay, source: files.count == 1 ? (files[0] as NSString).lastPathComponent : "\(files.count) inputs")
        let screen = app.render(width: 120, height: 40)
        let t2 = monotonic()
        let sinceStart = secondsSinceProcessStart()
        // Use the frame so the optimiser cannot drop it.
        let rows = screen.height
        print(String(format: "first_frame_seconds=%.3f load_seconds=%.3f render_seconds=%.3f observations=%d rows=%d",
                     sinceStart ?? (t2 - t0), t1 - t0, t2 - t1, store.observations.count, rows))
    }
}
