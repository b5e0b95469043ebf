import MaillageFoundation

/// A common territorial project (*projet de territoire commun*), the study's deeper degree of
/// cooperation: structures of both ecosystems agree a shared pathway, so that a holder supported
/// by one partner is followed to the next stage by a partner of the other ecosystem
/// (co-accompaniment): handed over at once, without a failed referral or a lost trip, and
/// supported there with the whole of its support's effect (the previous partner's know-how
/// follows). It works only between partners who know each other well enough
/// (`pathway_knowledge_threshold`), so it rests on mutual knowledge; where only one ecosystem
/// exists it does nothing (MODEL.md, 7.7).
public struct SharedPathway: Lever {
    /// Partner structures (whole number): the largest networks, alternately classic and ESS.
    public var partners = 0.0
    /// Holders the partners can follow across the ecosystems a year.
    public var holdersPerYear = 0.0

    public init() {}

    public static let name = "shared_pathway"
    public static let label = Label(words: "policy.common_project_shared_pathway")
    public static let fundingLine: FundingLine? = .coordination

    public static let quantities = [
        Quantity(\Self.partners, "common_project.pathway_partners", default: 0, .whole(0...10_000), words: "quantity.pathway_partners"),
        Quantity(\Self.holdersPerYear, "common_project.pathway_holders_per_year", default: 0, .range(0...1_000_000), words: "quantity.pathway_holders_per_year"),
    ]

    public static let partnerCost = ParameterDeclaration("pathway_partner_eur", default: 5_000, .range(0...1e9),
                                                         "euros a year per partner: its share of the project's steering and of a common file (assumption)")
    public static let holderCost = ParameterDeclaration("pathway_holder_eur", default: 400, .range(0...1e7),
                                                        "euros per holder followed: a joint meeting and the hand-over between the two partners (assumption)")
    public static let costs = [partnerCost, holderCost]

    public static let knowledgeThreshold = ParameterDeclaration(
        "pathway_knowledge_threshold", default: 0.5, .probability,
        "knowledge two partners of different ecosystems need of each other for the pathway to work between them (assumption)")
    public static let coordinationPartners = ParameterDeclaration("coordination_pathway_partners", default: 6, .whole(0...10_000),
                                                                  "partners of the pathway that full coordination funding animates (assumption)")
    public static let coordinationHolders = ParameterDeclaration("coordination_pathway_holders", default: 200, .range(0...1_000_000),
                                                                 "holders a year that full coordination funding follows (assumption)")
    public static let effects = [knowledgeThreshold, coordinationPartners, coordinationHolders]

    public mutating func buy(_ money: LineMoney, costs: ParameterValues, effects: ParameterValues) {
        guard case .bundle(let f) = money else { return }
        partners += (f * effects[Self.coordinationPartners]).rounded(.down)
        holdersPerYear += f * effects[Self.coordinationHolders]
    }

    public static func fullCoordinationCost(_ costs: ParameterValues, _ effects: ParameterValues) -> Double {
        effects[coordinationPartners] * costs[partnerCost] + effects[coordinationHolders] * costs[holderCost]
    }

    public func yearlyCost(_ costs: ParameterValues, effects: ParameterValues) -> Double {
        partners * costs[Self.partnerCost] + holdersPerYear * costs[Self.holderCost]
    }

    /// The partners: the largest network structures of each ecosystem in turn, classic first.
    public func changeReferrals(in build: inout ModelBuild) {
        guard partners > 0, holdersPerYear > 0 else { return }
        func largest(_ e: Ecosystem) -> [Int] {
            build.structures.indices.filter { build.structures[$0].role == .network && build.structures[$0].ecosystem == e }
                .sorted { (build.structures[$0].capacityPerYear, -$0) > (build.structures[$1].capacityPerYear, -$1) }
        }
        let classic = largest(.classic), ess = largest(.ess)
        var chosen: [Int] = []
        var k = 0
        while chosen.count < Int(partners) && (k < classic.count || k < ess.count) {
            if k < classic.count && chosen.count < Int(partners) { chosen.append(classic[k]) }
            if k < ess.count && chosen.count < Int(partners) { chosen.append(ess[k]) }
            k += 1
        }
        build.pathwayPartners = chosen
        build.pathwayHoldersPerYear = holdersPerYear
        build.pathwayKnowledgeThreshold = build.effects[Self.knowledgeThreshold]
    }
}
