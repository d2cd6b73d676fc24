import Foundation

/// The key names of the user's own JSON Lines signals: `--signal-fields
/// time=ts,address=upstream,status=code` reads `{"ts": ..., "upstream": ..., "code": ...}`.
///
/// `time` (RFC 3339, or seconds since the epoch) is required, and `address` (a pod IP, with or
/// without a port) or `pod` (a pod name); `status` (an HTTP status) or `kind` (a word: anything
/// but ok, success, info, 2xx or request is a failure) says whether the request failed. `start`
/// (when the request was sent, if `time` is when it ended) and `service` are optional.
public struct SignalFields: Sendable, Equatable {
    public var time: String
    public var start: String?
    public var address: String?
    public var pod: String?
    public var status: String?
    public var kind: String?
    public var service: String?

    public init(time: String, start: String? = nil, address: String? = nil, pod: String? = nil, status: String? = nil,
                kind: String? = nil, service: String? = nil) {
        self.time = time
        self.start = start
        self.address = address
        self.pod = pod
        self.status = status
        self.kind = kind
        self.service = service
    }

    /// The names a mapping may give, in the order the help lists them.
    public static let names = ["time", "start", "address", "pod", "status", "kind", "service"]

    /// Parses `time=ts,address=upstream,status=code`; the error says what is wrong in one line.
    public static func parse(_ spec: String) -> Result<SignalFields, SignalFieldsError> {
        var map: [String: String] = [:]
        for part in spec.split(separator: ",", omittingEmptySubsequences: true) {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { return .failure(SignalFieldsError("'\(part)' is not NAME=KEY (like time=ts)")) }
            let name = pair[0].trimmingCharacters(in: .whitespaces).lowercased()
            let key = pair[1].trimmingCharacters(in: .whitespaces)
            let canonical = name == "ip" ? "address" : name
            guard names.contains(canonical) else {
                return .failure(SignalFieldsError("unknown field '\(name)': give \(names.joined(separator: ", "))"))
            }
            guard !key.isEmpty, key.utf8.count <= 256 else { return .failure(SignalFieldsError("'\(name)=' needs a key name")) }
            guard map[canonical] == nil else { return .failure(SignalFieldsError("'\(canonical)' is given twice")) }
            map[canonical] = key
        }
        guard let time = map["time"] else { return .failure(SignalFieldsError("time=KEY is required (the key of each record's time)")) }
        guard map["address"] != nil || map["pod"] != nil else {
            return .failure(SignalFieldsError("address=KEY or pod=KEY is required (what names the pod)"))
        }
        guard map["status"] != nil || map["kind"] != nil else {
            return .failure(SignalFieldsError("status=KEY or kind=KEY is required (what says the request failed)"))
        }
        return .success(SignalFields(time: time, start: map["start"], address: map["address"], pod: map["pod"], status: map["status"],
                                     kind: map["kind"], service: map["service"]))
    }
}

public struct SignalFieldsError: Error, Equatable, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { "--signal-fields: \(message)" }
}
