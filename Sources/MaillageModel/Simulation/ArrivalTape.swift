import MaillageFoundation

/// The holders a replication's population stream gave, kept so that the other worlds of the same
/// replication (its baseline, its counterfactuals, the coalitions of its lever shares) meet them
/// without drawing them again.
///
/// The population stream draws the arrivals and nothing else: each month, each zone's Poisson
/// number of holders, then each holder's type, stage and thirteen own numbers. Two worlds run on
/// the same seed with the same arrival tables therefore draw the very same holders, and replaying
/// them gives every count the drawing gives (a test runs both ways and compares). The numbers are
/// kept as taus2's 32-bit integers (a uniform is one of them over 2³², exactly), 57 bytes a holder.
package struct ArrivalTape: Sendable {
    /// Holders up to the end of each simulated month.
    var monthEnd: [Int32] = []
    var zone: [Int32] = []
    /// Type × 4 + stage.
    var kind: [UInt8] = []
    /// Thirteen per holder, in the order ``Replication/HolderNumbers`` lists them.
    var numbers: [UInt32] = []
    /// The tables the arrivals were drawn from: a world replays the tape only when its own equal them.
    let monthlyArrivals: [Double], typeCumulative: [Double], stageCumulative: [Double]

    /// The largest tape kept, in holders (about 57 MB): a larger replication draws its arrivals
    /// in each world, as it would without a tape.
    static let maxHolders = 1_000_000

    init(tables t: HotTables, expected: Int) {
        monthlyArrivals = Array(t.monthlyArrivals)
        typeCumulative = Array(t.typeCumulative)
        stageCumulative = Array(t.stageCumulative)
        monthEnd.reserveCapacity(t.months)
        zone.reserveCapacity(expected)
        kind.reserveCapacity(expected)
        numbers.reserveCapacity(expected * 13)
    }

    /// Whether a world with tables `t` and `months` simulated months draws these arrivals.
    func fits(_ t: HotTables, months: Int) -> Bool {
        monthEnd.count == months && monthlyArrivals.elementsEqual(t.monthlyArrivals) && typeCumulative.elementsEqual(t.typeCumulative)
            && stageCumulative.elementsEqual(t.stageCumulative)
    }

    /// A uniform as a 32-bit integer, and back: taus2's uniforms are integers over 2³², so both
    /// ways are exact.
    @inline(__always) static func integer(_ u: Double) -> UInt32 { UInt32(u * 0x1p32) }
    @inline(__always) static func uniform(_ x: UInt32) -> Double { Double(x) * 0x1p-32 }
}

extension SimulationModel {
    /// The holders a replication of this world meets on average, warm-up included: what a tape
    /// of its arrivals holds.
    package var expectedJourneys: Double {
        hot.monthlyArrivals.reduce(0, +) * Double(constants.warmUp + constants.horizon)
    }
}
