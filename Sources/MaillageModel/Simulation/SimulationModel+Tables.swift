import Foundation
import MaillageFoundation

/// How a model is built: the arrival rate found by a pilot run, which structures fit which
/// needs, what their support does, and the sites structures are reached from.
extension SimulationModel {
    /// Most would-be creators a year per 1,000 inhabitants: one per inhabitant.
    static let maxWouldBeCreatorsPer1000 = 1_000.0

    /// The rate of would-be creators per 1,000 inhabitants a year at which the territory's
    /// creations equal INSEE's figure C without cooperation: W = C / ((1 − s) cₙ + s (1 − g) p),
    /// s the share seeking support, cₙ the non-seekers' creation chance, g the share of seekers
    /// who come with a firm already (growth stage), p the chance that a seeker with a project
    /// creates. p depends on the queues, hence on W: it is measured by a pilot of two
    /// replications (fixed seeds) counting the first year after the warm-up, and W updated,
    /// three times, starting from p halfway between the unsupported and the fully supported
    /// creation chances.
    /// - Throws: ``InputError`` when C cannot be reached with at most one would-be creator per
    ///   inhabitant a year (creation chances near zero).
    static func pilotCreationRate(hot: HotTables, constants: ReplicationConstants, holders: HolderParameters,
                                  outcomes: OutcomeParameters, territory: String) throws -> Double {
        let s = holders.seekSupportShare, cn = holders.nonSeekerCreation, target = holders.creationRatePer1000
        let stages = holders.stageShares.reduce(0, +)
        let g = stages > 0 ? holders.stageShares[3] / stages : 0
        var p = (outcomes.creationUnsupported + outcomes.creationSupported) / 2
        func rate(_ p: Double) throws -> Double {
            guard target > 0 else { return 0 }
            let denominator = (1 - s) * cn + s * (1 - g) * p
            guard denominator * maxWouldBeCreatorsPer1000 >= target else {
                throw InputError(file: territory, field: "holders.creation_rate_per_1000",
                                 message: "expected creation chances under which \(target) creations per 1,000 inhabitants a year can be reached with at most one would-be creator per inhabitant, found a creation chance of \(denominator) per would-be creator (non_seeker_creation \(cn), seek_support_share \(s), seekers creating \(p))")
            }
            return target / denominator
        }
        var w = try rate(p)
        guard s > 0, g < 1 else { return w }
        var pilot = constants
        pilot.horizon = min(constants.horizon, 12)
        for iteration in 0..<3 {
            hot.setArrivals(w * s)
            var created = 0, decided = 0
            for k in 0..<2 {
                var replication = try Replication(tables: hot, constants: pilot,
                                                  seed: SeedDerivation.replicationSeed(runSeed: 0x5EED_0000 + UInt64(iteration), index: k))
                let counts = replication.run()
                created += counts.firmsCreated
                decided += counts.creationDecisions
            }
            guard decided > 0 else { break }
            p = Double(created) / Double(decided)
            w = try rate(p)
        }
        return w
    }

    /// What the offer table makes of the structures, given each one's awareness of ESS specifics.
    struct Fit: Sendable {
        /// Per need and structure (`need × S + s`): the structure fits (a holder who knows would go
        /// there) and serves the stage.
        var fits: [Bool]
        /// Per type and structure (`type × S + s`): the structure handles such projects (fits them
        /// at some stage), so it knows where its own ecosystem sends them.
        var handles: [Bool]
        /// Per need and structure: the structure serves the stage and supports the project without
        /// fitting it (a misfit who may keep a holder it cannot orient).
        var supportsAsMisfit: [Bool]
    }

    /// Which structure fits which need, from the offer table and each structure's awareness: a
    /// network fits a need when its family's row for the project type and stage is `fit`, or
    /// `trainable` and its awareness reaches `threshold`, and it serves the stage. A joint outreach
    /// permanence (where the territory has ESS structures) fits every project; elsewhere it is its
    /// family's. Intake points fit no one: they diagnose and orient.
    static func fitTables(_ structures: [SupportStructure], awareness: [Double], threshold: Double, jointPermanences: Bool,
                          offer: OfferTable) -> Fit {
        let S = structures.count
        var fit = Fit(fits: Array(repeating: false, count: needs * S), handles: Array(repeating: false, count: types * S),
                      supportsAsMisfit: Array(repeating: false, count: needs * S))
        for (s, structure) in structures.enumerated() where structure.role != .intake {
            for type in ProjectType.allCases {
                for stage in Stage.allCases {
                    let row = offer[structure.family, type, stage]
                    let fits = (structure.role == .permanence && jointPermanences)
                        || row.offer == .fit || (row.offer == .trainable && awareness[s] >= threshold)
                    if fits { fit.handles[type.rawValue * S + s] = true }
                    let i = (type.rawValue * stages + stage.rawValue) * S + s
                    guard structure.stages.serves(stage) else { continue }
                    if fits {
                        fit.fits[i] = true
                    } else if structure.role == .network && (row.offer == .trainable || row.offer == .misfit) {
                        fit.supportsAsMisfit[i] = true
                    }
                }
            }
        }
        return fit
    }

    /// What one stage's support by a structure does, per type, stage and structure
    /// (`(type × 4 + stage) × S + s`): added to the holder's log-odds of creating, log failure
    /// hazard and log salaried jobs. A family's whole effect (odds ratio of creating against the
    /// unsupported path; hazard and jobs ratios from its published figures, discounted for
    /// selection) is spread over the stages by their weights, and scaled by what the project
    /// keeps there: 1 − penalty × gap, the penalty being the offer row's, the gap (1 − awareness)
    /// (1 − competence) for an ESS or social-utility project at a classic structure (awareness and
    /// pooled competence close it) and (1 − competence) otherwise (the other ecosystem's know-how).
    /// A joint permanence keeps the whole effect.
    static func supportEffects(_ structures: [SupportStructure], awareness: [Double], competence: [Double], outcomes o: OutcomeParameters,
                               families: FamilyTable, jointPermanences: Bool, offer: OfferTable) -> (creation: [Double], hazard: [Double], jobs: [Double]) {
        let S = structures.count
        func logit(_ p: Double) -> Double { log(p / (1 - p)) }
        let cs = min(max(o.creationSupported, 1e-6), 1 - 1e-6), cu = min(max(o.creationUnsupported, 1e-6), 1 - 1e-6)
        let logOdds = logit(cs) - logit(cu)
        var creation = Array(repeating: 0.0, count: needs * S), hazard = creation, jobs = creation
        for (s, structure) in structures.enumerated() where structure.role != .intake {
            let figures = families[structure.family]
            let logHazard = log(figures.hazardRatio(discount: o.selectionDiscount))
            let logJobs = log(figures.jobsRatio(discount: o.selectionDiscount))
            for type in ProjectType.allCases {
                for stage in Stage.allCases {
                    let keep: Double
                    if structure.role == .permanence && jointPermanences {
                        keep = 1
                    } else {
                        let gap = structure.ecosystem == .classic && type != .classic
                            ? (1 - awareness[s]) * (1 - competence[s]) : 1 - competence[s]
                        keep = 1 - offer[structure.family, type, stage].penalty.value(o) * gap
                    }
                    let i = (type.rawValue * stages + stage.rawValue) * S + s
                    creation[i] = keep * o.creationWeights[stage.rawValue] * logOdds
                    hazard[i] = keep * o.survivalWeights[stage.rawValue] * logHazard
                    jobs[i] = keep * o.jobsWeights[stage.rawValue] * logJobs
                }
            }
        }
        return (creation, hazard, jobs)
    }

    static func cumulative(_ shares: [Double]) -> [Double] {
        let total = shares.reduce(0, +)
        var running = 0.0
        return shares.map { running += $0; return total > 0 ? running / total : 1 }
    }

    /// Each structure's site as a zone (its own point, its zone's code and kind), to measure
    /// travel from it.
    static func siteZones(_ structures: [SupportStructure], _ zones: [Zone]) -> [Zone] {
        let kindByCode = Dictionary(zones.map { ($0.code, $0.kind) }, uniquingKeysWith: { first, _ in first })
        return structures.map { Zone(code: $0.zoneCode, name: $0.name, x: $0.x, y: $0.y, population: 0, kind: kindByCode[$0.zoneCode] ?? .urban) }
    }
}
