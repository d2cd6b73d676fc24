/// Retry delays that double from `initial` to `maximum`, and start over after a success.
public struct Backoff: Sendable, Equatable {
    public let initial: Double
    public let maximum: Double
    public private(set) var failures = 0

    public init(initial: Double = 1, maximum: Double = 30) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay before the next attempt after one more failure.
    public mutating func fail() -> Double {
        failures += 1
        let exponent = Double(min(failures - 1, 30))
        return min(maximum, initial * pow2(exponent))
    }

    public mutating func succeed() { failures = 0 }

    func pow2(_ e: Double) -> Double {
        var v = 1.0
        for _ in 0..<Int(e) { v *= 2 }
        return v
    }
}
