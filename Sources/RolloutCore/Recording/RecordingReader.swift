import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a rollscope recording back into observations and signals, each at its recorded time.
public enum RecordingReader {
    /// True when `data` starts with a recording header.
    public static func isRecording(_ data: Data) -> Bool {
        let head = data.prefix(200)
        guard head.first == UInt8(ascii: "{") else { return false }
        return String(decoding: head, as: UTF8.self).contains("\"schema\":\"rollscope.recording/")
    }

    public struct Result: Sendable {
        public var observations: [Observation] = []
        public var signals: [Signal] = []
        /// What its signal lines were, when it had any.
        public var signalSource: SignalSource?
        public var warnings: [String] = []
        public var header: JSONValue?
    }

    public static func read(_ data: Data, name: String, source: Int) throws(InputError) -> Result {
        let outcome: Swift.Result<Result, InputError> = data.withUnsafeBytes { raw in
            do { return .success(try read(raw, name: name, source: source)) } catch let e as InputError { return .failure(e) } catch {
                return .failure(InputError(file: name, message: "\(error)"))
            }
        }
        return try outcome.get()
    }

    /// Line ranges of `raw` (without their newlines), found with memchr.
    static func lineRanges(_ raw: UnsafeRawBufferPointer) -> (ranges: [Range<Int>], cutOff: Bool) {
        var ranges: [Range<Int>] = []
        guard let base = raw.baseAddress, raw.count > 0 else { return ([], false) }
        var start = 0
        while start < raw.count {
            guard let hit = memchr(base + start, 0x0A, raw.count - start) else {
                ranges.append(start..<raw.count)
                return (ranges, true)
            }
            let end = base.distance(to: UnsafeRawPointer(hit))
            ranges.append(start..<end)
            start = end + 1
        }
        return (ranges, false)
    }

    static func read(_ raw: UnsafeRawBufferPointer, name: String, source: Int) throws(InputError) -> Result {
        var result = Result()
        let (lines, cutOff) = lineRanges(raw)
        guard let first = lines.first else { throw InputError(file: name, message: "is empty") }
        do {
            let header = try JSONValue.parse(UnsafeRawBufferPointer(rebasing: raw[first]))
            guard case .string(let schema)? = header["schema"], schema.hasPrefix("rollscope.recording/") else {
                throw InputError(file: name, message: "has no recording header")
            }
            guard schema == Recording.schema else {
                throw InputError(file: name, message: "is a \(Sanitizer.clean(schema)) recording; this rollscope reads \(Recording.schema)")
            }
            result.header = header
        } catch let e as InputError {
            throw e
        } catch {
            throw InputError(file: name, message: "has a damaged recording header: \(error)")
        }
        var classifier = Classifier(name: name, source: source, explicitTime: nil, scope: name)
        var bad = 0
        var firstBad: Int?
        var signalResult = SignalParser.Result()
        var problems = ReadProblems()
        for (index, range) in lines.enumerated().dropFirst() where !range.isEmpty {
            let number = index + 1
            guard let entry = Entry.decode(UnsafeRawBufferPointer(rebasing: raw[range]), line: number, problems: &problems) else {
                if index == lines.count - 1 && cutOff {
                    result.warnings.append("\(name): the last line (\(number)) is cut off, as after a crash while recording; skipped it")
                } else {
                    bad += 1
                    if firstBad == nil { firstBad = number }
                }
                continue
            }
            switch Recording.Kind(rawValue: entry.kind) {
            case .signal?:
                if entry.source == ProbeRecord.source, let signal = entry.line.flatMap(ProbeRecord.signal) {
                    // The prober's own signals, slow answers and rollout-level ones included.
                    signalResult.signals.append(signal)
                } else if let text = entry.line {
                    SignalParser.parseLine(Data(text.utf8), origin: name, line: number, into: &signalResult)
                }
            case .note?:
                continue
            case .pod?, .event?, .slice?, .deployment?, .replicaset?, .list?, .workload?, nil:
                // An object, by its shape: a kind this reader does not know is read as one too.
                guard let object = entry.object else { continue }
                classifier.explicitTime = entry.time
                if object.items != nil {
                    classifier.addList(object)
                } else {
                    classifier.addEnvelope(type: entry.type ?? "ADDED", object: object)
                }
            }
        }
        classifier.finish()
        if bad > 0 {
            result.warnings.append("\(name): skipped \(TextLayout.count(bad, "damaged line")) (first: line \(firstBad!))")
        }
        result.warnings += problems.warnings(file: name)
        result.observations = classifier.out
        result.warnings += classifier.warnings
        result.signals = signalResult.signals
        if signalResult.linesRead + signalResult.skipped > 0 { result.signalSource = SignalSource(file: name, signalResult) }
        return result
    }

    /// One decoded line.
    struct Entry {
        var time: Instant
        var kind: String
        var type: String?
        var object: KubeObject?
        var line: String?
        /// Of a signal: its source (`probe`, or the log's name).
        var source: String?

        static func decode(_ raw: UnsafeRawBufferPointer, line: Int, problems: inout ReadProblems) -> Entry? {
            return JSONReader.read(raw) { (r: inout JSONReader) -> Entry? in
                defer {
                    if r.typeMismatches + r.invalidUTF8 + r.longNames + r.longStrings > 0 { problems.merge(ReadProblems(r) { _ in "line \(line)" }) }
                }
                var time: Instant?, kind: String?, type: String?, object: KubeObject?, line: String?, source: String?
                do {
                    try r.forEachKey { (r, key) throws(JSONError) in
                        switch key {
                        case "t": time = try r.readTime()
                        case "kind": kind = try r.readString()
                        case "type": type = try r.readString()
                        case "object": object = try KubeObject.decode(&r)
                        case "line": line = try r.readString()
                        case "source": source = try r.readName()
                        default: try r.skipValue()
                        }
                    }
                    guard r.isAtEnd() else { return nil }
                } catch {
                    return nil
                }
                guard let time, let kind else { return nil }
                return Entry(time: time, kind: kind, type: type, object: object, line: line, source: source)
            }
        }
    }
}
