import MaillageFoundation

/// Joint outreach permanences, part of the study's second degree: part-time presence of the
/// territory's networks in zones beyond reach of every structure, placed where together they
/// cover the most population still uncovered (maximal covering); then, in priority
/// neighbourhoods without a structure of their own (within `journey.local_contact_minutes`),
/// the most populous first: there they bring a contact to holders who turn only to their
/// neighbourhood, not coverage. A permanence serves the emergence and creation stages, for the
/// projects of the ecosystems the territory has (both, where both exist); its places are paid at
/// the place cost (MODEL.md, 7.7).
public struct OutreachPermanences: Lever {
    /// Permanences (whole number).
    public var count = 0.0

    public init() {}

    public static let name = "outreach"
    public static let label = Label(words: "policy.outreach_permanences")
    public static let fundingLine: FundingLine? = .outreach

    public static let quantities = [
        Quantity(\Self.count, "common_project.outreach_permanences", default: 0, .whole(0...2_000), words: "quantity.outreach_permanences"),
    ]

    public static let unitCost = ParameterDeclaration("permanence_eur", default: 12_000, .range(1...1e9),
                                                      "euros a year per permanence, its places apart: a half-day a week, staff and travel (assumption)")
    public static let costs = [unitCost]

    public static let capacity = ParameterDeclaration("permanence_capacity_per_year", default: 40, .range(0...100_000),
                                                      "holders a permanence takes in a year, each place paid at holder_eur (assumption)")
    public static let effects = [capacity]

    /// A permanence's yearly price: its own cost and its places at the place cost.
    static func price(_ costs: ParameterValues, _ effects: ParameterValues) -> Double {
        costs[unitCost] + effects[capacity] * costs[ExtraCapacity.holderCost]
    }

    public mutating func buy(_ money: LineMoney, costs: ParameterValues, effects: ParameterValues) {
        guard case .euros(let e) = money else { return }
        count += Double(Int((e / Self.price(costs, effects)).rounded(.down)))
    }

    public func yearlyCost(_ costs: ParameterValues, effects: ParameterValues) -> Double {
        count * Self.price(costs, effects)
    }

    public func addStructures(to build: inout ModelBuild) {
        guard count > 0 else { return }
        let zones = build.zones, base = build.structures
        let uncovered = zones.indices.filter { z in
            !base.contains { build.travel.minutes(from: zones[z], toX: $0.x, y: $0.y, code: $0.zoneCode) <= build.travel.reachMinutes }
        }
        var sites = LeverPlacement.permanences(zones, uncovered: uncovered, count: Int(count), travel: build.travel, warnings: &build.warnings)
        if sites.count < Int(count) && build.journey.localContactShare > 0 {
            sites += Self.neighbourhoodsWithoutStructure(zones, base, travel: build.travel, within: build.journey.localContactMinutes)
                .prefix(Int(count) - sites.count)
        }
        // Joint where both ecosystems are present: ESS projects then find ESS staff there.
        let ecosystem: Ecosystem = build.has(.classic) || !build.has(.ess) ? .classic : .ess
        for (k, z) in sites.enumerated() {
            build.structures.append(SupportStructure(id: build.structures.count, name: "Outreach permanence \(k + 1)", ecosystem: ecosystem,
                                                     stages: StageSet([.emergence, .creation]),
                                                     capacityPerYear: build.effects[Self.capacity],
                                                     x: zones[z].x, y: zones[z].y, zoneCode: zones[z].code, family: .coaching, role: .permanence,
                                                     opensMonth: build.addedOpenMonth))
            build.permanencesPlaced += 1
        }
    }

    /// The priority neighbourhoods with no structure (intake points apart) within `minutes`, the
    /// most populous first (ties: the first listed).
    static func neighbourhoodsWithoutStructure(_ zones: [Zone], _ structures: [SupportStructure], travel: TravelTimes,
                                               within minutes: Double) -> [Int] {
        zones.indicesByPopulation().filter { z in
            zones[z].kind == .priorityNeighbourhood && !structures.contains {
                $0.role != .intake && travel.minutes(from: zones[z], toX: $0.x, y: $0.y, code: $0.zoneCode) <= minutes
            }
        }
    }

    /// Permanences that found no zone beyond reach, and the rest of the line below one
    /// permanence, buy nothing. A placed permanence costs its own price and its places.
    public func spent(of allocated: Double, after build: ModelBuild, costs: ParameterValues) -> (spent: Double, warning: Label?) {
        let price = Self.price(costs, build.effects)
        let bought = Int(count)
        let placed = min(build.permanencesPlaced, bought)
        let spent = Double(placed) * price
        let left = max(0, allocated - spent)
        guard left > 0 else { return (spent, nil) }
        let why = placed < bought
            ? Label(words: placed == 0 ? "policy.no_permanence_finds_zone" : placed == 1 ? "policy.one_permanence_finds_zone" : "policy.some_permanences_find_zone",
                    ["placed": String(placed), "bought": String(bought)])
            : Label(words: "policy.rest_line_less_than_one_permanence", en: ["price": Numerals.euros(price, french: false)], fr: ["price": Numerals.euros(price, french: true)])
        return (spent, Spending.unspentWarning(.outreach, left, because: why))
    }
}
