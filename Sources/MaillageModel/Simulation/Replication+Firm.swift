import Foundation
import MaillageFoundation

extension Replication {
    // MARK: A holder's firm

    /// Whether the project becomes a firm, decided when its pre-creation path ends: the chance
    /// of the unsupported path, with the log-odds the supports received add; created after the
    /// creation delay.
    mutating func decideCreation(_ h: Int, month: Int) {
        guard holders[h].flags & (Self.decided | Self.existingFirm) == 0 else { return }
        holders[h].flags |= Self.decided
        let logC = holders[h].logC
        let p = logC == 0 ? unsupportedCreation : 1 / (1 + exp(-(c.logitUnsupported + logC)))
        let supported = holders[h].flags & Self.supportedAny != 0
        let created = month + c.creationDelay
        if created >= c.warmUp && created < total {
            counts.creationDecisions += 1
            if supported { counts.supportedDecided += 1 }
        }
        guard holders[h].uCreate < p, created < total else { return }
        holders[h].created = Int32(created)
        if created >= c.warmUp {
            counts.firmsCreated += 1
            if t.hasDensityLevels { counts.byDensityLevel.firmsCreated[Int(t.densityLevel[Int(holders[h].zone)])] += 1 }
            if supported { counts.supportedFirms += 1 }
        }
    }

    /// Counts a holder's firm, if the horizon counts it (created during the horizon, or an
    /// existing firm whose holder arrived during it): its expected three-year survival, its
    /// jobs at creation, and whether it is alive at the horizon, with its jobs.
    mutating func countFirm(_ h: Int, flags: UInt8) {
        let created = Int(holders[h].created)
        let counted = created >= 0 && (flags & Self.existingFirm == 0 ? created >= c.warmUp : flags & Self.counted != 0)
        if counted {
            let micro = holders[h].uForm < c.microShare
            let logH = holders[h].logH, logJ = holders[h].logJ
            let base = micro ? c.hazardMicro : c.hazardOther
            let hazard = logH == 0 ? base : base * exp(logH)
            let supported = flags & Self.supportedAny != 0
            let survival3 = logH == 0 ? (micro ? unsupportedSurvival3.micro : unsupportedSurvival3.other) : exp(-hazard * 36)
            if flags & Self.existingFirm == 0 {
                if supported { counts.supportedSurvival3 += survival3 } else { counts.unsupportedSurvival3 += survival3; counts.unsupportedFirms += 1 }
                if supported && total - created >= 36 {
                    counts.supportedFollowed3y += 1
                    if holders[h].uSurvive < survival3 { counts.supportedSurvived3y += 1 }
                }
            }
            let salaried: Int
            if logJ == 0 {
                salaried = Self.poisson(micro ? c.salariedMicro : c.salariedOther, first: micro ? unsupportedNoSalaried.micro : unsupportedNoSalaried.other,
                                        uniform: holders[h].uJobs)
            } else {
                let mu = (micro ? c.salariedMicro : c.salariedOther) * exp(logJ)
                salaried = Self.poisson(mu, first: exp(-mu), uniform: holders[h].uJobs)
            }
            if flags & Self.existingFirm == 0 { counts.jobsAtCreation += 1 + salaried }
            if holders[h].uSurvive < exp(-hazard * Double(total - created)) {
                counts.founderJobs += 1
                counts.salariedJobs += salaried
                if t.hasDensityLevels { counts.byDensityLevel.jobs[Int(t.densityLevel[Int(holders[h].zone)])] += 1 + salaried }
                if flags & Self.existingFirm == 0 { counts.firmsAlive += 1 }
                if supported {
                    counts.supportedFirmsAlive += 1
                    counts.supportedJobs += 1 + salaried
                }
                if holders[h].more & Self.crossed == Self.crossed { counts.crossEcosystemJobs += 1 + salaried }
            }
        }
    }

    /// The Poisson value at `uniform` of a distribution with mean `mu`, whose first term
    /// `first` is exp(−mu): the smallest k whose cumulative probability exceeds it.
    @inline(__always)
    static func poisson(_ mu: Double, first: Double, uniform u: Double) -> Int {
        guard mu > 0 else { return 0 }
        var k = 0
        var p = first
        var cumulative = p
        while u >= cumulative && k < 1_000 {
            k += 1
            p *= mu / Double(k)
            cumulative += p
        }
        return k
    }
}
