import Foundation

/// Reads every input the README's Inputs table lists, telling formats apart by content, never by file name.
public enum InputLoader {
    /// Loads files and folders; a folder is a series of snapshots ordered by modification time.
    public static func load(paths: [String]) throws(InputError) -> LoadedInputs {
        var result = LoadedInputs()
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw InputError(file: path, message: "no such file or folder")
            }
            if isDir.boolValue {
                try loadFolder(path, into: &result)
            } else {
                let data = try readFile(path)
                try load(data: data, name: path, into: &result)
                // Unmapping a large file takes milliseconds: done on a thread of its own.
                if data.count >= 16 << 20 { Parallel.releaseInBackground(consume data) }
            }
        }
        result.observations = ordered(result.observations)
        return result
    }

    /// Loads in-memory bytes exactly as a file named `name` holding them would load (a
    /// recording, JSON or YAML, told apart by content); touches no file. `name` only labels
    /// errors and warnings.
    public static func load(data: Data, name: String) throws(InputError) -> LoadedInputs {
        var result = LoadedInputs()
        try load(data: data, name: name, into: &result)
        result.observations = ordered(result.observations)
        return result
    }

    /// One file's bytes, appended to `result` as source number `result.sources.count`.
    static func load(data: Data, name: String, into result: inout LoadedInputs) throws(InputError) {
        let source = result.sources.count
        result.sources.append(name)
        if RecordingReader.isRecording(data) {
            let recording = try RecordingReader.read(data, name: name, source: source)
            result.observations += recording.observations
            result.signals += recording.signals
            if let source = recording.signalSource { result.signalSources.append(source) }
            result.warnings += recording.warnings
            return
        }
        let doc = try decode(data: data, name: name, source: source, explicitTime: nil, scope: name)
        result.observations += doc.observations
        result.warnings += doc.warnings
    }

    /// Orders observations by time; ties keep input order.
    static func ordered(_ obs: [Observation]) -> [Observation] {
        obs.enumerated().sorted { a, b in
            if a.element.time != b.element.time { return a.element.time < b.element.time }
            return a.offset < b.offset
        }.map(\.element)
    }

    static func readFile(_ path: String) throws(InputError) -> Data {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw InputError(file: path, message: "is a folder inside a folder; give it on its own")
        }
        if let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType,
           type != .typeRegular && type != .typeSymbolicLink {
            throw InputError(file: path, message: "is not a regular file (a device, pipe or socket)")
        }
        // Large regular files are mapped, not copied: the decoder reads them once, in order.
        if let attrs = try? FileManager.default.attributesOfItem(atPath: path),
           attrs[.type] as? FileAttributeType == .typeRegular, (attrs[.size] as? NSNumber)?.intValue ?? 0 > 1 << 20,
           let mapped = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) {
            return withoutByteOrderMark(mapped)
        }
        do {
            return withoutByteOrderMark(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "cannot be read"
            throw InputError(file: path, message: "cannot be read (\(reason))")
        }
    }

    /// Editors on Windows start UTF-8 files with a byte order mark; JSON and YAML readers do not want it.
    static func withoutByteOrderMark(_ data: Data) -> Data {
        guard data.count >= 3, data[data.startIndex] == 0xEF, data[data.startIndex + 1] == 0xBB,
              data[data.startIndex + 2] == 0xBF else { return data }
        return data.subdata(in: (data.startIndex + 3)..<data.endIndex)
    }

    static func loadFolder(_ path: String, into result: inout LoadedInputs) throws(InputError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw InputError(file: path, message: "cannot list the folder")
        }
        var files: [(name: String, mtime: Double)] = []
        for name in names where !name.hasPrefix(".") {
            let full = (path as NSString).appendingPathComponent(name)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue else { continue }
            let attrs = try? FileManager.default.attributesOfItem(atPath: full)
            let mtime = (attrs?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            files.append((full, mtime))
        }
        guard !files.isEmpty else { throw InputError(file: path, message: "the folder holds no snapshot files") }
        // Snapshots copied or checked out without their times all share one modification time:
        // then the times say nothing, so order by name and estimate from the content instead.
        let mtimes = files.map(\.mtime)
        let timesUsable = files.count == 1 || (mtimes.max()! - mtimes.min()!) >= 1
        if timesUsable {
            files.sort { $0.mtime != $1.mtime ? $0.mtime < $1.mtime : $0.name < $1.name }
        } else {
            files.sort { $0.name < $1.name }
            result.warnings.append("\(path): all \(files.count) snapshots have the same modification time (copied without keeping times?); ordered them by name and estimated each one's time from its content")
        }
        for file in files {
            let source = result.sources.count
            result.sources.append(file.name)
            let data = try readFile(file.name)
            let doc = try decode(data: data, name: file.name, source: source,
                                 explicitTime: timesUsable ? Instant(seconds: file.mtime) : nil, scope: path)
            result.observations += doc.observations
            result.warnings += doc.warnings
        }
    }

    /// Decodes one document (JSON, a stream of JSON values, or YAML) into observations.
    /// `explicitTime` stamps every observation (snapshot files); otherwise times are estimated.
    public static func decode(data: Data, name: String, source: Int, explicitTime: Instant?, scope: String)
        throws(InputError) -> (observations: [Observation], warnings: [String]) {
        var classifier = Classifier(name: name, source: source, explicitTime: explicitTime, scope: scope)
        let objects = try parseObjects(data: data, name: name, warnings: &classifier.warnings)
        for object in objects { classifier.add(object) }
        classifier.finish()
        // Thousands of decoded objects are freed on the other core while this one goes on.
        if objects.reduce(0, { $0 + ($1.items?.count ?? 1) }) >= 1000 { Parallel.releaseInBackground(consume objects) }
        // Objects of other kinds are skipped with a warning; only input with no
        // Kubernetes object at all (no kind, no shape rollscope knows) is an error.
        if classifier.recognised == 0 && classifier.skipped.keys.allSatisfy({ $0 == "unrecognised" }) {
            throw InputError(file: name, message: "holds no Kubernetes objects (no kind, and not the shape of a Pod, Event or EndpointSlice)")
        }
        return (classifier.out, classifier.warnings)
    }

    /// Splits the bytes into top-level Kubernetes objects, whatever the syntax.
    static func parseObjects(data: Data, name: String, warnings: inout [String]) throws(InputError) -> [KubeObject] {
        let sniff = Sniffer(data)
        switch sniff.kind {
        case .empty:
            throw InputError(file: name, message: data.isEmpty ? "is empty" : "is empty (holds only whitespace)")
        case .json:
            return try parseJSON(data: data, name: name, warnings: &warnings)
        case .html:
            throw InputError(file: name, message: "is an HTML page, not kubectl output (\(sniff.firstLine))")
        case .kubectlError:
            // `kubectl ... 2>&1 > file`: its complaint first, its output after it.
            if let objects = jsonAfterText(data: data, name: name, warnings: &warnings) { return objects }
            throw InputError(file: name, message: "holds kubectl's error text, not its output: \(sniff.firstLine)")
        case .binary:
            throw InputError(file: name, message: "is binary data, not JSON or YAML")
        case .text:
            do {
                return try YAMLInput.parse(data: data, name: name, warnings: &warnings)
            } catch {
                if let objects = jsonAfterText(data: data, name: name, warnings: &warnings) { return objects }
                throw error
            }
        }
    }

    /// JSON objects that follow lines of text (kubectl's warnings or errors captured with its
    /// output): read from the first line that starts with `{`, with a warning; nil when there
    /// is no such line or nothing there is an object.
    static func jsonAfterText(data: Data, name: String, warnings: inout [String]) -> [KubeObject]? {
        guard data.firstRange(of: Data("\n{".utf8)) != nil else { return nil }
        var more: [String] = []
        guard let objects = try? parseJSON(data: data, name: name, warnings: &more), !objects.isEmpty else { return nil }
        warnings += more
        return objects
    }

    /// The objects of a JSON document (one, a stream, arrays of them), read on past damage.
    static func parseJSON(data: Data, name: String, warnings: inout [String]) throws(InputError) -> [KubeObject] {
        var scan = JSONDocumentScan()
        data.withUnsafeBytes { raw in
            JSONReader.read(raw) { r in scan.read(&r) }
        }
        if let refusal = scan.refusal(file: name) { throw refusal }
        warnings += scan.warnings(file: name)
        return scan.objects
    }

    /// True when the error is the input ending inside a value: the file was cut off.
    static func cutOff(_ e: JSONError) -> Bool {
        e.message.hasPrefix("unexpected end of input") || e.message == "unterminated string"
    }

    static func describe(_ e: JSONError) -> String {
        cutOff(e) ? "\(e); the file is cut off" : "\(e)"
    }

    static func describeTopLevel(_ c: UInt8?) -> String {
        switch c {
        case nil: "nothing"
        case UInt8(ascii: "\"")?: "a string"
        case UInt8(ascii: "n")?: "null"
        case UInt8(ascii: "t")?, UInt8(ascii: "f")?: "a boolean"
        case UInt8(ascii: "-")?, (0x30...0x39)?: "a number"
        default: "text"
        }
    }
}

/// Looks at the first bytes to tell JSON, YAML and common mistakes apart.
struct Sniffer {
    enum Kind { case empty, json, html, kubectlError, binary, text }
    let kind: Kind
    let firstLine: String

    init(_ data: Data) {
        var start = data.startIndex
        // UTF-8 byte order mark.
        if data.count >= 3, data[start] == 0xEF, data[start + 1] == 0xBB, data[start + 2] == 0xBF { start += 3 }
        while start < data.endIndex, [0x20, 0x0A, 0x0D, 0x09].contains(data[start]) { start += 1 }
        guard start < data.endIndex else {
            kind = .empty
            firstLine = ""
            return
        }
        let head = data[start..<min(data.endIndex, start + 4096)]
        var lineEnd = head.firstIndex(of: 0x0A) ?? head.endIndex
        if lineEnd > head.startIndex, head[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        firstLine = Sanitizer.clean(String(decoding: head[head.startIndex..<lineEnd].prefix(160), as: UTF8.self))
        let lower = firstLine.lowercased()
        let first = data[start]
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "\"")
            || first == UInt8(ascii: "-") && !lower.hasPrefix("---") || (0x30...0x39).contains(first)
            || lower.hasPrefix("null") || lower == "true" || lower == "false" {
            kind = .json
        } else if first == UInt8(ascii: "<") {
            kind = .html
        } else if lower.hasPrefix("error") || lower.hasPrefix("the connection to the server")
                    || lower.hasPrefix("unable to connect") || lower.hasPrefix("no resources found")
                    || lower.hasPrefix("unauthorized") || lower.hasPrefix("forbidden") {
            kind = .kubectlError
        } else if head.contains(0) {
            kind = .binary
        } else {
            kind = .text
        }
    }
}
