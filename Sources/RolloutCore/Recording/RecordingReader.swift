import Foundation

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
        public var warnings: [String] = []
        public var header: JSONValue?
    }

    public static func read(_ data: Data, name: String, source: Int) throws(InputError) -> Result {
        var result = Result()
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        let cutOff = data.last != 0x0A && !(lines.last?.isEmpty ?? true)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first else { throw InputError(file: name, message: "is empty") }
        do {
            let header = try first.withUnsafeBytes { raw in try JSONValue.parse(raw) }
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
        for (index, line) in lines.enumerated().dropFirst() {
            let number = index + 1
            guard let entry = Entry.decode(line) else {
                if index == lines.count - 1 && cutOff {
                    result.warnings.append("\(name): the last line (\(number)) is cut off, as after a crash while recording; skipped it")
                } else {
                    bad += 1
                    if firstBad == nil { firstBad = number }
                }
                continue
            }
            switch entry.kind {
            case Recording.Kind.signal.rawValue:
                if let text = entry.line {
                    var r = SignalParser.Result()
                    SignalParser.parseLine(Data(text.utf8), origin: "\(name):\(number)", line: number, into: &r)
                    signalResult.signals += r.signals
                }
            case Recording.Kind.note.rawValue:
                continue
            default:
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
            result.warnings.append("\(name): skipped \(bad) damaged line\(bad == 1 ? "" : "s") (first: line \(firstBad!))")
        }
        result.observations = classifier.out
        result.warnings += classifier.warnings
        result.signals = signalResult.signals
        return result
    }

    /// One decoded line.
    struct Entry {
        var time: Instant
        var kind: String
        var type: String?
        var object: KubeObject?
        var line: String?

        static func decode(_ bytes: Data.SubSequence) -> Entry? {
            bytes.withUnsafeBytes { raw -> Entry? in
                JSONReader.read(raw) { (r: inout JSONReader) -> Entry? in
                    var time: Instant?, kind: String?, type: String?, object: KubeObject?, line: String?
                    do {
                        try r.forEachKey { (r, key) throws(JSONError) in
                            switch key {
                            case "t": time = try r.readTime()
                            case "kind": kind = try r.readString()
                            case "type": type = try r.readString()
                            case "object": object = try KubeObject.decode(&r)
                            case "line": line = try r.readString()
                            default: try r.skipValue()
                            }
                        }
                        guard r.isAtEnd() else { return nil }
                    } catch {
                        return nil
                    }
                    guard let time, let kind else { return nil }
                    return Entry(time: time, kind: kind, type: type, object: object, line: line)
                }
            }
        }
    }
}
