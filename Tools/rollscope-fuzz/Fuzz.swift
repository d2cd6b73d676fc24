import Foundation
import RolloutCore

/// The libFuzzer target: every input goes through the whole pipeline for saved inputs.
///
/// The bytes are one input file (kubectl JSON, a stream, watch lines, YAML or a recording,
/// told apart by content as `report` does). A line `#rollscope-fuzz:signals` splits them: what
/// follows is a signal file (ingress-nginx or JSON Lines); without it, bytes refused as input
/// are read as a signal file. Then the correlator, signal attribution, the model at the end
/// and halfway (replay), and the JSON, text and markdown reports. Input that is refused is fine;
/// a trap (overflow, index out of range, unwrapped nil) or a hang is a bug.
///
/// Built with `-sanitize=fuzzer -D FUZZING` (scripts/fuzz.sh), libFuzzer's driver calls
/// `LLVMFuzzerTestOneInput`. In an ordinary build, `main` below replays files given as
/// arguments through the same pipeline instead, so the target always compiles and links.
enum FuzzPipeline {
    static let signalsMarker = Data("\n#rollscope-fuzz:signals\n".utf8)

    static func run(_ data: Data) {
        var input = data
        var signalFile: Data?
        if let marker = data.range(of: signalsMarker) {
            // Copies, so each part starts at index 0 like a file read from disk.
            input = Data(data[data.startIndex..<marker.lowerBound])
            signalFile = Data(data[marker.upperBound..<data.endIndex])
        }
        var observations: [Observation] = []
        var signals: [Signal] = []
        var warnings: [String] = []
        do {
            let loaded = try InputLoader.load(data: input, name: "fuzz.json")
            observations = loaded.observations
            signals = loaded.signals
            warnings = loaded.warnings
        } catch {
            _ = error.description
            // Refused as kubectl output: read it as a signal file instead (unless one follows).
            if signalFile == nil { signalFile = input }
        }
        if let signalFile {
            do {
                let (result, w) = try SignalParser.parse(data: signalFile, name: "fuzz.log")
                signals += result.signals
                warnings += w
            } catch {
                _ = error.description
            }
        }
        let store = ObservationStore(observations: observations, signals: signals, warnings: warnings, checkpointEvery: 16)
        let model = store.correlator(upTo: store.observations.count).model(signals: store.signals, warnings: store.warnings)
        _ = ReportJSON.bytes(model)
        _ = ReportText.render(model, flavor: .text)
        _ = ReportText.render(model, flavor: .markdown, width: 100)
        _ = ReportHTML.render(model)
        _ = ReportSVG.render(model)
        if let start = store.start, let end = store.end {
            let halfway = start + (end - start) / 2
            _ = ReportText.render(store.model(at: halfway))
            _ = store.previousChange(before: halfway)
            _ = store.nextChange(after: halfway)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: size) } ?? Data()
    FuzzPipeline.run(data)
    return 0
}

#if FUZZING
/// libFuzzer's driver, from libclang_rt.fuzzer (linked by `-sanitize=fuzzer`).
@_extern(c, "LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links executables with `--defsym main=rollscope_fuzz_main`, so libFuzzer's own
/// `main` cannot be used: this one hands the command line to libFuzzer's driver.
@main
enum FuzzMain {
    static func main() {
        // The Swift runtime's backtracer catches crash signals first, and libFuzzer then keeps
        // its hands off them: it would neither save the crashing input nor minimise it.
        for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] { signal(sig, SIG_DFL) }
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { bytes, size in fuzz(bytes, size) })
    }
}
#else
/// Without libFuzzer: `rollscope-fuzz FILE|FOLDER...` runs each file through the pipeline
/// (a regression check that needs no sanitizer build).
@main
enum ReplayMain {
    static func main() {
        var files: [String] = []
        for arg in CommandLine.arguments.dropFirst() {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: arg, isDirectory: &isDir), isDir.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: arg)) ?? []
                files += names.sorted().map { (arg as NSString).appendingPathComponent($0) }
            } else {
                files.append(arg)
            }
        }
        guard !files.isEmpty else {
            FileHandle.standardError.write(Data("usage: rollscope-fuzz FILE|FOLDER... (built without -sanitize=fuzzer: replays inputs)\n".utf8))
            exit(2)
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("rollscope-fuzz: cannot read \(file)\n".utf8))
                exit(1)
            }
            FuzzPipeline.run(data)
        }
        print("rollscope-fuzz: ran \(files.count) input\(files.count == 1 ? "" : "s") without a crash")
    }
}
#endif
