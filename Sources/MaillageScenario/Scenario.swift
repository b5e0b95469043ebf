import Foundation
import MaillageFoundation
import MaillageModel

/// Where a scenario's territory comes from.
public enum TerritorySource: Sendable {
    /// Generated from seeded parameters.
    case synthetic(SyntheticTerritorySpec)
    /// Imported from real commune files.
    case real(RealTerritorySpec)
}

/// A scenario: a territory, its support structures, the behaviour parameters, a cooperation
/// policy and the Monte Carlo settings. Read from YAML by ``ScenarioLoader``.
public struct Scenario: Sendable {
    /// Name, used for the default output folder.
    public var name: String
    /// One line for readers of the results.
    public var description: String = ""
    public var territory: TerritorySource = .synthetic(SyntheticTerritorySpec())
    public var travel = TravelModel()
    /// An origin–destination matrix of minutes (CSV: origin, destination, minutes) replacing the
    /// distance model, if given.
    public var travelMatrix: String?
    public var structures = StructurePlacement()
    /// Structures listed in a CSV file, added after the placed networks.
    public var structureTable: String?
    public var holders = HolderParameters()
    public var journey = JourneyParameters()
    public var outcomes = OutcomeParameters()
    /// The published figures of each network family (`families:`).
    public var families = FamilyTable()
    /// What each family offers each project type at each stage (`offer:`): the shipped table,
    /// a table of the scenario's (`offer: {csv: FILE}`, also in ``offerTable``), with its rows
    /// overridden.
    public var offer = OfferTable.shipped
    public var offerTable: String?
    /// When the policy starts acting (`simulation.policy_starts`).
    public var policyStart = PolicyStart.horizon
    /// Structures opening by themselves where demand stays unmet (`entry:`).
    public var entry = EntryParameters()
    /// The cooperation the study found on the territory (`status_quo:`), a policy like `policy:`;
    /// nil where the scenario describes none.
    public var statusQuo: CooperationPolicy?
    public var policy = CooperationPolicy()
    /// Unit costs of the levers and of funding (`lever_costs:`; each lever declares its own).
    public var leverCosts = ParameterValues.defaultCosts
    /// Strengths of the levers' effects (`lever_effects:`; each lever declares its own).
    public var leverEffects = ParameterValues.defaultEffects
    /// The run's plan as the scenario's `simulation:` section sets it: horizon, replications,
    /// seed (and jobs, which only the command line sets).
    public var plan = RunPlan()
    /// Weights of the E2SFCA indices that `maillage coverage` writes.
    public var accessibility = AccessibilitySettings()

    public init(name: String) { self.name = name }

    /// A scenario's world before the simulation: its territory (with outlines and an import
    /// report for real ones), structures and travel times.
    public struct World: Sendable {
        public var territory: Territory
        public var outlines: [ZoneOutline]?
        public var report: ImportReport?
        public var structures: [SupportStructure]
        public var travel: TravelTimes
        /// The projection of a real territory's degrees to its km plane; nil for a synthetic one.
        public var projection: LocalProjection?
    }

    /// Generates or imports the territory, places the structures and reads the travel times.
    /// - Throws: ``InputError`` for a bad data file, ``GSLError`` if GSL fails.
    public func world() throws -> World {
        var territory: Territory
        var outlines: [ZoneOutline]?
        var report: ImportReport?
        var projection: LocalProjection?
        let contains: (Double, Double) -> Bool
        switch self.territory {
        case .synthetic(let spec):
            territory = try spec.generate()
            contains = { spec.contains(xKm: $0, yKm: $1) }
        case .real(let spec):
            let imported = try spec.load()
            territory = imported.territory
            outlines = imported.outlines
            report = imported.report
            projection = imported.projection
            contains = { _, _ in true }
        }
        guard !territory.zones.isEmpty else {
            throw InputError(file: name, field: "territory", message: "expected a territory with at least one zone, found none")
        }
        var structures = try self.structures.place(on: territory)
        if let table = structureTable {
            structures += try StructureTable.read(table, territory: territory, outlines: outlines, projection: projection,
                                                  contains: contains, firstId: structures.count)
        }
        let matrix = try travelMatrix.map { try TravelTimes.readMatrix($0, zoneCodes: Set(territory.zones.map(\.code))) }
        return World(territory: territory, outlines: outlines, report: report, structures: structures,
                     travel: TravelTimes(model: travel, matrix: matrix), projection: projection)
    }

    /// Resolves the simulation model.
    /// - Throws: ``InputError`` for a bad data file, ``GSLError`` if GSL fails.
    public func build() throws -> SimulationModel {
        try build(world())
    }

    /// Resolves the simulation model on a world already built; `pairLayout` says how it keeps
    /// its travel times (the same replications either way).
    public func build(_ world: World, pairLayout: SimulationModel.PairLayout = .automatic) throws -> SimulationModel {
        try SimulationModel(territory: world.territory, structures: world.structures, travel: world.travel, holders: holders,
                            journey: journey, outcomes: outcomes, families: families, policy: policy, costs: leverCosts,
                            effects: leverEffects, offer: offer, policyStart: policyStart, entry: entry, horizonMonths: plan.horizonMonths,
                            warmUpMonths: plan.warmUpMonths, importWarnings: world.report?.warnings ?? [], pairLayout: pairLayout)
    }
}

extension TerritorySource: Encodable {
    private enum Key: String, CodingKey { case generator, synthetic, real }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .synthetic(let spec):
            try c.encode("synthetic", forKey: .generator)
            try c.encode(spec, forKey: .synthetic)
        case .real(let spec):
            try c.encode("real", forKey: .generator)
            try c.encode(spec, forKey: .real)
        }
    }
}

extension Scenario {
    /// Every resolved parameter of the scenario (its bases merged), in the shape of its YAML
    /// sections: what `summary.json` records and what a fingerprint covers.
    public struct Parameters: Encodable {
        var territory: TerritorySource
        var travelMatrix: String?
        var structureTable: String?
        var travel: TravelModel
        var structures: StructurePlacement
        var holders: HolderParameters
        var journey: JourneyParameters
        var outcomes: OutcomeParameters
        var families: FamilyTable
        /// The offer table's rows that differ from the shipped table.
        var offer: [OfferChange]
        var entry: EntryParameters
        var policy: CooperationPolicy
        var statusQuo: CooperationPolicy?
        var leverCosts: ParameterValues
        var leverEffects: ParameterValues
        var horizonMonths: Int
        var warmUpMonths: Int
        var policyStarts: PolicyStart
    }

    /// A row of the offer table that differs from the shipped one.
    public struct OfferChange: Encodable {
        var family: String, projectType: String, stage: String, offer: String, penalty: String
    }

    /// The resolved parameters.
    public var parameters: Parameters {
        Parameters(territory: territory, travelMatrix: travelMatrix, structureTable: structureTable, travel: travel, structures: structures,
                   holders: holders, journey: journey, outcomes: outcomes, families: families,
                   offer: zip(offer.allRows, OfferTable.shipped.allRows).filter { $0.offer != $1.offer || $0.penalty != $1.penalty }.map { r, _ in
                       OfferChange(family: r.family.rawValue, projectType: r.type.name, stage: r.stage.name, offer: r.offer.rawValue, penalty: r.penalty.text)
                   },
                   entry: entry, policy: policy, statusQuo: statusQuo, leverCosts: leverCosts, leverEffects: leverEffects, horizonMonths: plan.horizonMonths,
                   warmUpMonths: plan.warmUpMonths, policyStarts: policyStart)
    }

    /// The data files the scenario reads: commune geometry, populations, geographic code,
    /// structure table, travel-time matrix.
    public var dataFiles: [String] {
        var files: [String] = []
        if case .real(let spec) = territory {
            if spec.france != nil {
                files += FranceData.files(in: spec.franceData)
                // Networks placed by administrative rule read the préfectures and the zonings,
                // employment zones the zonings.
                let byRule = structures.networks.contains(where: \.placement.isAdministrative)
                let byZoning = byRule || !(spec.france?.employmentZones.isEmpty ?? true)
                files += ((byRule ? ["departements.csv"] : []) + (byZoning ? ["zonages_2022.csv"] : [])).map { spec.franceData + "/" + $0 }
            } else {
                files += spec.geometry + [spec.populations] + (spec.cog.map { [$0] } ?? [])
            }
        }
        if let structureTable { files.append(structureTable) }
        if let travelMatrix { files.append(travelMatrix) }
        return files
    }

    /// A fingerprint of everything that determines the scenario's results but the run's plan:
    /// its resolved parameters (bases included), the contents of its data files, and the tool's
    /// version. Two runs with the same fingerprint, seed and replications give the same numbers.
    /// - Throws: ``InputError`` when a data file cannot be read.
    public func fingerprint() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var text = String(decoding: (try? encoder.encode(parameters)) ?? Data(), as: UTF8.self)
        for file in dataFiles {
            // A gzipped file by its compressed bytes: the same content, a quarter of the reading.
            let bytes = try file.hasSuffix(".gz") ? TextFile.bytes(file, maxBytes: Limits.geoJSONBytes, decompress: false)
                                                  : TextFile.bytes(file, maxBytes: Limits.geoJSONBytes)
            text += "\u{0}" + file + "\u{0}" + ExactText.fingerprint(bytes: bytes)
        }
        return ExactText.fingerprint(text + "\u{0}" + maillageVersion)
    }

    /// Expected holders one replication simulates on a territory of `population` inhabitants,
    /// warm-up included, before the model is built: the arrival rate is bounded by that of a
    /// territory where no seeker is supported (``SimulationModel/wouldBeCreatorsPer1000``).
    public func expectedHolders(population: Int) -> Double {
        let h = holders
        let g = h.stageShares.reduce(0, +) > 0 ? h.stageShares[3] / h.stageShares.reduce(0, +) : 0
        let denominator = (1 - h.seekSupportShare) * h.nonSeekerCreation + h.seekSupportShare * (1 - g) * outcomes.creationUnsupported
        let rate = denominator > 0 ? h.creationRatePer1000 / denominator : 0
        return Double(population) / 1000 * rate * h.seekSupportShare * Double(plan.warmUpMonths + plan.horizonMonths) / 12
    }

    /// The territory's population without building the model when it can: a synthetic
    /// territory's is a parameter; a real one is imported.
    public func population() throws -> Int {
        switch territory {
        case .synthetic(let spec): return spec.population
        case .real: return try world().territory.population
        }
    }
}
