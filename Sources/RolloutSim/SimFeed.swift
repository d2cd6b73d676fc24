import Foundation
import RolloutCore

/// Plays a simulation as a live source would see it: each record, when its time has come,
/// decoded by the same readers that read kubectl output, stamped with its own time.
public struct SimFeed: Sendable {
    public let output: SimOutput
    private var next = 0
    private var logLine = 0
    public private(set) var warnings: [String] = []

    public init(_ output: SimOutput) { self.output = output }

    /// True once every record has been delivered.
    public var finished: Bool { next >= output.records.count }

    /// The observations and signals of every record up to `now`, not delivered before.
    public mutating func take(until now: Instant) -> (observations: [Observation], signals: [Signal]) {
        var observations: [Observation] = []
        var signals = SignalParser.Result()
        while next < output.records.count, output.records[next].time <= now {
            let record = output.records[next]
            next += 1
            let text: String
            switch record.kind {
            case .pod(let type, let object), .endpointSlice(let type, let object):
                text = KubectlPrinter.watchEvent(type, object)
            case .event(let event):
                text = KubectlPrinter.raw(event.coreV1)
            case .deployment(let object), .workload(let object), .controllerRevision(_, let object), .replicaSet(_, let object):
                text = KubectlPrinter.raw(object)
            case .accessLog(let line):
                logLine += 1
                SignalParser.parseLine(Data(line.utf8), origin: "ingress-nginx", line: logLine, into: &signals)
                continue
            }
            do {
                let decoded = try InputLoader.decode(data: Data(text.utf8), name: "simulated cluster", source: 0,
                                                     explicitTime: record.time, scope: "simulated cluster")
                observations += decoded.observations
                warnings += decoded.warnings
            } catch {
                warnings.append("\(error)")
            }
        }
        return (observations, signals.signals)
    }
}
