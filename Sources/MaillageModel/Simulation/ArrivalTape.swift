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

    /// Adds a drawn holder.
    mutating func append(zone z: Int, type: Int, stage: Int, _ u: Replication.HolderNumbers) {
        zone.append(Int32(z))
        kind.append(UInt8(type << 2 | stage))
        // In the order `holder(_:)` reads them back; no array per holder.
        func put(_ x: Double) { numbers.append(Self.integer(x)) }
        put(u.last); put(u.jobless); put(u.legibility); put(u.intake); put(u.contact); put(u.referral); put(u.target)
        put(u.warm); put(u.arrival); put(u.create); put(u.form); put(u.survive); put(u.jobs)
    }

    /// Closes a simulated month: the holders appended since the last one arrived in it.
    mutating func endMonth() { monthEnd.append(Int32(zone.count)) }

    /// The holders that arrived in simulated `month`.
    @inline(__always)
    func holders(ofMonth month: Int) -> Range<Int> { (month == 0 ? 0 : Int(monthEnd[month - 1])) ..< Int(monthEnd[month]) }

    /// Holder `i`: its zone, type, stage and numbers, as they were drawn.
    @inline(__always)
    func holder(_ i: Int) -> (zone: Int, type: Int, stage: Int, numbers: Replication.HolderNumbers) {
        let k = Int(kind[i])
        let u = numbers.withUnsafeBufferPointer { x in
            let n = i * 13
            return Replication.HolderNumbers(
                last: Self.uniform(x[n]), jobless: Self.uniform(x[n + 1]), legibility: Self.uniform(x[n + 2]), intake: Self.uniform(x[n + 3]),
                contact: Self.uniform(x[n + 4]), referral: Self.uniform(x[n + 5]), target: Self.uniform(x[n + 6]), warm: Self.uniform(x[n + 7]),
                arrival: Self.uniform(x[n + 8]), create: Self.uniform(x[n + 9]), form: Self.uniform(x[n + 10]), survive: Self.uniform(x[n + 11]),
                jobs: Self.uniform(x[n + 12]))
        }
        return (Int(zone[i]), k >> 2, k & 3, u)
    }
}

extension HotTables {
    /// The holders a replication of `months` simulated months meets on average.
    func expectedHolders(months: Int) -> Double { monthlyArrivals.reduce(0, +) * Double(months) }
}

extension SimulationModel {
    /// The holders a replication of this world meets on average, warm-up included: what a tape
    /// of its arrivals holds.
    package var expectedJourneys: Double { hot.expectedHolders(months: constants.warmUp + constants.horizon) }
}
