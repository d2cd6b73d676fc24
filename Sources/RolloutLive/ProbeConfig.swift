/// What `--probe` and its options ask for.
public struct ProbeConfig: Sendable, Equatable {
    public var target: ProbeTarget
    /// Requests per second, a ceiling: requests are spaced by at least 1/rate seconds.
    public var rate: Double
    /// Seconds a request may take, connection and whole answer, before it counts as a timeout.
    public var timeout: Double
    /// An answer below 500 that took longer than this many seconds is a `slow` signal.
    public var slow: Double
    /// The answer's header that names the pod that served it (its name or its IP).
    public var podHeader: String?
    /// PEM file of the CAs to trust for `https://` instead of the system's.
    public var caFile: String?
    /// Requests in flight at most: past it a tick sends nothing (and is counted), so a front
    /// door that hangs every request costs at most this many sockets and threads.
    public var maxInFlight: Int

    public static let defaultRate = 10.0
    public static let maxRate = 100.0
    public static let defaultTimeout = 2.0
    public static let defaultSlow = 1.0
    public static let defaultMaxInFlight = 32

    public init(target: ProbeTarget, rate: Double = defaultRate, timeout: Double = defaultTimeout, slow: Double = defaultSlow,
                podHeader: String? = nil, caFile: String? = nil, maxInFlight: Int = defaultMaxInFlight) {
        self.target = target
        self.rate = rate
        self.timeout = timeout
        self.slow = slow
        self.podHeader = podHeader
        self.caFile = caFile
        self.maxInFlight = maxInFlight
    }

    /// `10/s`, `600/m`, `0.5/s` or a plain number per second; nil when it is none of these.
    public static func rate(_ text: String) -> Double? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let n = Double(parts[0]), n.isFinite else { return nil }
        guard parts.count == 2 else { return n }
        switch parts[1] {
        case "s": return n
        case "m": return n / 60
        default: return nil
        }
    }

    /// Whether `name` can be an HTTP header name (a token: letters, digits and `!#$%&'*+-.^_`|~`).
    public static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 256 && name.unicodeScalars.allSatisfy { c in
            c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(c))
        }
    }
}
