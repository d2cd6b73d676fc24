import Foundation
import RolloutCore

/// `rollscope report FILE --format json`, phase by phase, through the same public entry points
/// the report uses, plus two baselines: scanning every value without building anything, and
/// parsing into a plain JSON tree.
enum Phases {
    static func run(file: String, repeats: Int) throws {
        var rows: [(String, [Double])] = []
        func record(_ name: String, _ seconds: Double) {
            if let i = rows.firstIndex(where: { $0.0 == name }) { rows[i].1.append(seconds) } else { rows.append((name, [seconds])) }
        }
        for _ in 0..<max(1, repeats) {
            var t = monotonic()
            func lap(_ name: String) {
                let now = monotonic()
                record(name, now - t)
                t = now
            }
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            lap("read file (Data)")
            var values = 0
            data.withUnsafeBytes { raw in
                JSONReader.read(raw) { r in
                    while !r.isAtEnd() {
                        do { try r.skipValue(); values += 1 } catch { break }
                    }
                }
            }
            lap("baseline: JSONReader.skipValue over the file")
            _ = try data.withUnsafeBytes { try JSONValue.parse($0) }
            lap("baseline: JSONValue tree of the file")
            t = monotonic()
            let decoded = try InputLoader.decode(data: data, name: file, source: 0, explicitTime: nil, scope: file)
            lap("decode (KubeObject + Pod + Classifier)")
            let store = ObservationStore(observations: decoded.observations, warnings: decoded.warnings)
            lap("ObservationStore (checkpoints)")
            let correlator = store.correlator(upTo: store.observations.count)
            lap("correlate (apply observations)")
            let model = correlator.model(signals: store.signals, warnings: store.warnings)
            lap("model (timelines, findings)")
            let json = ReportJSON.render(model)
            lap("ReportJSON.render")
            FileHandle.nullDevice.write(Data(json.utf8))
            lap("write output")
            _ = try Analysis.run(inputs: [file])
            lap("total: Analysis.run (load+correlate+model)")
        }
        for (name, samples) in rows {
            let s = samples.sorted()
            let padded = name.count < 46 ? name + String(repeating: " ", count: 46 - name.count) : name
            print(padded + String(format: "  median %7.3f s  min %7.3f s", s[s.count / 2], s[0]))
        }
    }
}
