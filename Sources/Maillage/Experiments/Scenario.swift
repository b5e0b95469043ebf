/// A scenario: a territory, its support structures, the behaviour parameters, a cooperation
/// policy and the Monte Carlo settings. Read from YAML by ``ScenarioLoader``.
public struct Scenario: Sendable {
    /// Name, used for the default output folder.
    public var name: String
    /// One line for readers of the results.
    public var description: String = ""
    public var territory = SyntheticTerritorySpec()
    public var travel = TravelModel()
    public var structures = StructurePlacement()
    public var holders = HolderParameters()
    public var journey = JourneyParameters()
    public var outcomes = OutcomeParameters()
    public var policy = CooperationPolicy()
    public var leverCosts = LeverCosts()
    public var leverEffects = LeverEffects()
    public var simulation = SimulationSettings()

    public init(name: String) { self.name = name }

    /// Generates the territory, places the structures and resolves the model.
    /// - Throws: ``GSLError`` if GSL fails.
    public func build() throws -> SimulationModel {
        let territory = try territory.generate()
        let structures = try structures.place(on: territory)
        return try SimulationModel(territory: territory, structures: structures, travel: travel, holders: holders,
                                   journey: journey, outcomes: outcomes, policy: policy, costs: leverCosts,
                                   effects: leverEffects, settings: simulation)
    }
}
