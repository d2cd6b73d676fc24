import Foundation

/// A seeded generator (SplitMix64): the simulator's only source of randomness, so a scenario
/// and its seed always give the same output, on every platform. Separate streams keep one
/// concern (say, traffic) from shifting the numbers another one (say, names) draws. The
/// fixtures, the benchmark inputs, the soak's churn and the tests that need random data all
/// draw from it.
public struct SimRandom: Sendable {
    private var state: UInt64

    /// Plain SplitMix64 from `seed`: the sequence any SplitMix64 gives for it.
    public init(seed: UInt64) {
        state = seed
    }

    /// One of several independent streams of a scenario's seed.
    public init(seed: UInt64, stream: UInt64) {
        state = seed &+ 0x9E37_79B9_7F4A_7C15 &* (stream &+ 1)
        for _ in 0..<4 { _ = next() }
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    /// Uniform in 0..<n.
    public mutating func int(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    /// Uniform in the range.
    public mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + int(r.upperBound - r.lowerBound + 1) }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Waiting time of a Poisson process with `rate` events per second.
    public mutating func exponential(rate: Double) -> Double {
        let u = unit()
        return -log1p(-u) / rate
    }

    public mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    /// Weighted choice: `weights` need not sum to 1.
    public mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }

    /// `count` characters drawn from `alphabet`.
    public mutating func string(_ count: Int, from alphabet: [Character]) -> String {
        var s = ""
        s.reserveCapacity(count)
        for _ in 0..<count { s.append(alphabet[int(alphabet.count)]) }
        return s
    }

    static let hexDigits = Array("0123456789abcdef")

    public mutating func hex(_ count: Int) -> String { string(count, from: SimRandom.hexDigits) }

    /// A random (version 4) UUID, as the API server gives objects.
    public mutating func uuid() -> String {
        var h = Array(hex(32))
        h[12] = "4"
        h[16] = Array("89ab")[int(4)]
        let s = String(h)
        func part(_ a: Int, _ b: Int) -> Substring { s.dropFirst(a).prefix(b - a) }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }

    /// The alphabet of generated name suffixes (`k8s.io/apimachinery/pkg/util/rand`): no vowels,
    /// no look-alike digits.
    public static let nameAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    /// A generated name's suffix (`generateName` plus five of these), or a template hash (ten).
    public mutating func nameSuffix(_ count: Int = 5) -> String { string(count, from: SimRandom.nameAlphabet) }
}
