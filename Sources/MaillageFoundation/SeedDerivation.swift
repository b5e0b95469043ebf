import Foundation

/// The one derivation of every seed in a run from the run's seed.
///
/// A replication's seed is `splitmix64(runSeed + (index + 1) × γ)` with γ = 0x9E3779B97F4A7C15
/// (the golden-ratio increment of SplitMix64). Each replication then draws from independent
/// streams, one per ``Stream``, seeded with `splitmix64(replicationSeed ⊕ (stream + 1) × γ)`
/// truncated to the 32 bits GSL's generators use. The derivation depends only on the run seed and
/// the index, never on the thread that runs the replication or on the order replications finish.
public enum SeedDerivation {
    /// The random streams of one replication.
    public enum Stream: UInt64, Sendable {
        /// Who arrives where and when, and with which project: the holder population.
        case population = 0
        /// What happens to each holder: contacts, referrals, queues and outcomes.
        case behaviour = 1
        /// The order in which a Shapley decomposition adds a policy's levers.
        case leverOrder = 2
        /// What the ecosystem does in response: choices that avoid full queues, permanences'
        /// overflow, new structures opening. Drawn only when those mechanisms are on, so the other
        /// streams stay those of a model without them.
        case adaptive = 3
    }

    static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// SplitMix64's output function (Steele, Lea and Flood 2014).
    static func splitmix64(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Reads a seed written as any 64-bit integer: 0 to 2⁶⁴ − 1, or a negative number down to
    /// −2⁶³ as schedulers such as OpenMOLE draw them. A negative seed n stands for the unsigned
    /// seed with the same 64 bits (two's complement: n + 2⁶⁴), so −1 is 18446744073709551615 and
    /// every signed and unsigned 64-bit seed names exactly one run.
    public static func parse(_ text: String) -> UInt64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let u = UInt64(t) { return u }
        if let i = Int64(t) { return UInt64(bitPattern: i) }
        return nil
    }

    /// The seed of replication `index` (0-based) in a run seeded with `runSeed`.
    public static func replicationSeed(runSeed: UInt64, index: Int) -> UInt64 {
        splitmix64(runSeed &+ UInt64(index + 1) &* gamma)
    }

    /// The 32-bit GSL seed of one stream of a replication.
    public static func streamSeed(replicationSeed: UInt64, stream: Stream) -> UInt64 {
        splitmix64(replicationSeed ^ ((stream.rawValue + 1) &* gamma)) & 0xFFFF_FFFF
    }
}
