import Foundation

/// A seeded generator (SplitMix64): the simulator's only source of randomness, so a scenario
/// and its seed always give the same output. Separate streams keep one concern (say, traffic)
/// from shifting the numbers another one (say, names) draws.
struct SimRandom {
    private var state: UInt64

    init(seed: UInt64, stream: UInt64) {
        state = seed &+ 0x9E37_79B9_7F4A_7C15 &* (stream &+ 1)
        for _ in 0..<4 { _ = next() }
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    /// Uniform in 0..<n.
    mutating func int(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Waiting time of a Poisson process with `rate` events per second.
    mutating func exponential(rate: Double) -> Double {
        let u = unit()
        return -log1p(-u) / rate
    }

    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    /// Weighted choice: `weights` need not sum to 1.
    mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }

    mutating func hex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef")
        var s = ""
        s.reserveCapacity(count)
        for _ in 0..<count { s.append(digits[int(16)]) }
        return s
    }

    /// A random (version 4) UUID, as the API server gives objects.
    mutating func uuid() -> String {
        var h = Array(hex(32))
        h[12] = "4"
        h[16] = Array("89ab")[int(4)]
        let s = String(h)
        func part(_ a: Int, _ b: Int) -> Substring { s.dropFirst(a).prefix(b - a) }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }

    /// The alphabet of generated name suffixes (`k8s.io/apimachinery/pkg/util/rand`): no vowels,
    /// no look-alike digits.
    static let nameAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    mutating func nameSuffix(_ count: Int = 5) -> String {
        var s = ""
        for _ in 0..<count { s.append(SimRandom.nameAlphabet[int(SimRandom.nameAlphabet.count)]) }
        return s
    }
}
