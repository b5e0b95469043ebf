import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

/// Where K new sites should go when what they bring is not a count of inhabitants in reach but
/// what the model makes of them: how evenly the access index spreads (`access_2sfca`, computed
/// exactly from the structures) or the jobs at the horizon (`jobs_added`, simulated on common
/// random numbers).
///
/// No exact method exists for these objectives: sites are added greedily (each step keeps the
/// candidate that improves the objective most), then improved by interchange: a chosen site is
/// swapped for an unchosen candidate when the swap improves the objective — for the simulated one,
/// only when the paired gain's 95% interval lies above zero, so that noise is not chased. Every
/// candidate set is evaluated on the same replication seeds, so that differences between sets are
/// paired and their intervals narrow.
public struct SimulatedPlacement: Sendable {
    public enum Objective: String, Sendable, CaseIterable {
        /// The spread of access: the population-weighted standard deviation, over zones, of the
        /// Gaussian E2SFCA index (mean over needs, places a year per 1,000 inhabitants), minimised.
        /// Computed from the structures alone: no simulation, no noise. Its population-weighted
        /// mean is not an objective: two-step floating catchments share each site's places out
        /// over the population in its reach, so that mean moves little wherever a site goes (the
        /// places are the same); where it goes changes who gets them (Wang and Tang's "maximal
        /// accessibility equality" problem, 2013).
        case access2sfca = "access_2sfca"
        /// Jobs at the horizon (founders and salaried, in firms alive then), over replications;
        /// the gain of a set of sites is the paired difference with the territory without them.
        case jobsAdded = "jobs_added"

        /// What the objective counts, for outputs.
        public var unit: String { unitLabel.en }

        /// The unit in both languages.
        public var unitLabel: Label {
            switch self {
            case .access2sfca: Label(words: "placement.unit_access")
            case .jobsAdded: Label(words: "placement.unit_jobs")
            }
        }

        /// +1 when the objective is maximised, −1 when minimised.
        public var direction: Double { self == .access2sfca ? -1 : 1 }
    }

    /// One greedy step: the candidate kept, the objective with the sites so far, and the paired gain of this step.
    public struct Step: Sendable {
        public let zone: Int
        public let value: Estimate
        public let gain: Estimate
    }

    /// An accepted interchange.
    public struct Swap: Sendable {
        public let removed: Int
        public let added: Int
        public let gain: Estimate
    }

    public struct Result: Sendable {
        public let steps: [Step]
        public let swaps: [Swap]
        /// The zones of the final sites (indices), in the order they were chosen (swaps in place).
        public let chosen: [Int]
        /// The objective without the new sites, and with the final ones.
        public let before: Estimate
        public let after: Estimate
        /// The final sites' paired gain over the territory without them.
        public let gain: Estimate
        /// Candidate sets evaluated.
        public let evaluations: Int
    }

    public let scenario: Scenario
    public let world: Scenario.World
    public let site: PlacementSite
    public let objective: Objective
    /// Candidate zones (indices).
    public let candidates: [Int]
    /// Whether the candidates were screened (the most populous catchments kept), not given or all zones.
    public let screened: Bool
    /// Replications per candidate set, seed and threads (the simulated objective only).
    public let plan: RunPlan
    /// Holders a year a new site takes (the permanences' capacity in the scenario's lever effects).
    public let capacity: Double

    /// - Parameters:
    ///   - candidateCodes: zone codes the sites may go to; nil: every zone, screened down to the
    ///     `screen` zones with the most inhabitants within reach of a site there (for the spread
    ///     of access, weighted by how far their access falls below the mean).
    /// - Throws: ``InputError`` naming an unknown zone code.
    public init(scenario: Scenario, world: Scenario.World, site: PlacementSite, objective: Objective, candidateCodes: [String]?,
                screen: Int, plan: RunPlan, file: String) throws {
        let zones = world.territory.zones, travel = world.travel
        if let codes = candidateCodes {
            let index = Dictionary(zones.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
            candidates = try codes.map { code in
                guard let z = index[code] else { throw InputError(file: file, message: "--candidates: no zone has the code \(code)") }
                return z
            }
            screened = false
        } else if zones.count > screen {
            // What a site at each zone could reach: for jobs, the inhabitants within reach; for the
            // spread of access, the inhabitants within reach weighted by how far their access
            // index falls below the population-weighted mean.
            var weight = zones.map { Double($0.population) }
            if objective == .access2sfca {
                let access = try Accessibility.compute(try scenario.build(world), settings: scenario.accessibility)
                let index = access.map { $0.isEmpty ? 0 : Accessibility.zoneIndex($0) }
                let population = zones.reduce(0.0) { $0 + Double($1.population) }
                let mean = population > 0 ? zip(zones, index).reduce(0.0) { $0 + Double($1.0.population) * $1.1 } / population : 0
                weight = zip(zones, index).map { Double($0.population) * max(0, mean - $1) }
            }
            let catchment = zones.map { site in
                zip(zones, weight).reduce(0.0) { sum, zw in
                    travel.minutes(from: zw.0, toX: site.x, y: site.y, code: site.code) <= travel.reachMinutes ? sum + zw.1 : sum
                }
            }
            candidates = zones.indices.sorted { catchment[$0] != catchment[$1] ? catchment[$0] > catchment[$1] : $0 < $1 }.prefix(screen).sorted()
            screened = true
        } else {
            candidates = Array(zones.indices)
            screened = false
        }
        self.scenario = scenario
        self.world = world
        self.site = site
        self.objective = objective
        self.plan = plan
        capacity = scenario.leverEffects[OutreachPermanences.capacity]
    }

    /// The new site at zone `z`: as `maillage optimise placement` writes it in `with-sites.yaml`
    /// (emergence and creation, the permanences' capacity, the site's ecosystem and family).
    func structure(at z: Int, id: Int, rank: Int) -> SupportStructure {
        let zone = world.territory.zones[z]
        let name: String
        switch site {
        case .permanence: name = "New permanence \(rank + 1)"
        case .network(let n): name = "New \(n) \(rank + 1)"
        }
        return SupportStructure(id: id, name: name, ecosystem: site.ecosystem, stages: StageSet([.emergence, .creation]), capacityPerYear: capacity,
                                x: zone.x, y: zone.y, zoneCode: zone.code, family: site.family, role: site == .permanence ? .permanence : .network)
    }

    /// The objective with sites at `zones`: one value per replication (the simulated objective),
    /// or one value (the access index).
    public func values(_ zones: [Int]) async throws -> [Double] {
        var w = world
        for (rank, z) in zones.enumerated() { w.structures.append(structure(at: z, id: w.structures.count, rank: rank)) }
        let model = try scenario.build(w)
        switch objective {
        case .access2sfca:
            let access = try Accessibility.compute(model, settings: scenario.accessibility)
            var sum = 0.0, squares = 0.0, population = 0.0
            for (z, needs) in access.enumerated() where !needs.isEmpty {
                let p = Double(model.territory.zones[z].population)
                let index = Accessibility.zoneIndex(needs)
                sum += p * index
                squares += p * index * index
                population += p
            }
            guard population > 0 else { return [0] }
            let mean = sum / population
            return [(max(0, squares / population - mean * mean)).squareRoot()]
        case .jobsAdded:
            let jobs = Metric.jobsCreated, seed = plan.seed
            return try await MonteCarlo.map(Array(0..<plan.replications), jobs: plan.jobs) { i in
                jobs.value(ReplicationOutcome(counts: try MonteCarlo.counts(model, runSeed: seed, index: i)), model: model)
            }
        }
    }

    /// The estimate of values: a mean with its interval, or an exact value (interval of zero width).
    static func estimate(_ values: [Double]) -> Estimate {
        values.count == 1 ? Estimate(mean: values[0], sd: 0, low: values[0], high: values[0], n: 1) : Estimate(values: values)
    }

    /// Places `k` sites: greedy steps, then interchanges until none helps (at most `passes` rounds).
    /// `progress` is told each candidate set evaluated.
    public func run(k: Int, passes: Int = 3, progress: ((Int) -> Void)? = nil) async throws -> Result {
        var evaluations = 0
        func evaluate(_ zones: [Int]) async throws -> [Double] {
            evaluations += 1
            progress?(evaluations)
            return try await values(zones)
        }
        func difference(_ a: [Double], _ b: [Double]) -> Estimate { Self.estimate(zip(a, b).map { $0 - $1 }) }
        // Scores are maximised: the objective times its direction.
        let direction = objective.direction
        func mean(_ v: [Double]) -> Double { direction * v.reduce(0, +) / Double(max(v.count, 1)) }
        let base = try await evaluate([])
        var chosen: [Int] = [], current = base, steps: [Step] = [], swaps: [Swap] = []
        for _ in 0..<k {
            var best: (zone: Int, values: [Double])?
            for c in candidates where !chosen.contains(c) {
                let v = try await evaluate(chosen + [c])
                if best == nil || mean(v) > mean(best!.values) { best = (c, v) }
            }
            guard let best else { break }
            steps.append(Step(zone: best.zone, value: Self.estimate(best.values), gain: difference(best.values, current)))
            chosen.append(best.zone)
            current = best.values
        }
        var round = 0, improved = true
        while improved && round < passes {
            improved = false
            round += 1
            for position in chosen.indices {
                for c in candidates where !chosen.contains(c) {
                    var trial = chosen
                    trial[position] = c
                    let v = try await evaluate(trial)
                    let gain = difference(v, current)
                    let better = objective == .access2sfca ? direction * gain.mean > 1e-12 : direction * gain.low > 0
                    if better {
                        swaps.append(Swap(removed: chosen[position], added: c, gain: gain))
                        chosen = trial
                        current = v
                        improved = true
                    }
                }
            }
        }
        return Result(steps: steps, swaps: swaps, chosen: chosen, before: Self.estimate(base), after: Self.estimate(current),
                      gain: difference(current, base), evaluations: evaluations)
    }
}
