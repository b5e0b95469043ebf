/// The languages of charts and reports: English, and French for the local authorities who read
/// them.
public enum Language: String, Sendable, CaseIterable {
    case en, fr

    /// `text` in this language: English first, French second.
    func t(_ en: String, _ fr: String) -> String { self == .en ? en : fr }

    /// A territory scenario's name for readers.
    func territory(_ scenario: String) -> String {
        switch scenario.replacingOccurrences(of: "real-", with: "") {
        case "rural-franche-comte": t("rural (Franche-Comté)", "rural (Franche-Comté)")
        case "metro-lyon": t("metropolis (Lyon)", "métropole (Lyon)")
        case "qpv-seine-saint-denis": t("priority neighbourhoods (Seine-Saint-Denis)", "quartiers prioritaires (Seine-Saint-Denis)")
        default: scenario
        }
    }

    /// A policy's or lever's name for readers.
    func policy(_ name: String) -> String {
        switch name {
        case "no_cooperation": t("no cooperation", "sans coopération")
        case "full_cooperation": t("full cooperation", "coopération complète")
        case "mutual_knowledge": t("mutual knowledge", "interconnaissance")
        case "shared_intake": t("shared intake", "accueil commun")
        case "warm_handoffs": t("warm hand-offs", "orientation accompagnée")
        case "outreach": t("outreach permanences", "permanences délocalisées")
        case "ess_training": t("ESS training", "sensibilisation ESS")
        case "pooled_expertise": t("pooled expertise", "expertise mutualisée")
        case "extra_capacity", "capacity": t("extra capacity", "capacité supplémentaire")
        case "coordination": t("coordination", "coordination")
        case "training": t("ESS training", "sensibilisation ESS")
        case "balanced": t("a quarter each", "un quart chacun")
        default: name
        }
    }

    /// A metric's name and unit for readers.
    func metric(_ m: Metric) -> (name: String, unit: String) {
        switch m {
        case .coverageRate: (t("coverage", "couverture"), t("share of population", "part de la population"))
        case .firstContactFitRate: (t("first contact fits", "premier contact adapté"), t("share of holders", "part des porteurs"))
        case .referralSuccessRate: (t("referral success", "réorientations réussies"), t("share of referred holders", "part des porteurs réorientés"))
        case .supportedShare: (t("holders supported", "porteurs accompagnés"), t("share of holders", "part des porteurs"))
        case .abandonmentRate: (t("abandonment in queues", "abandons en file d'attente"), t("share of holders at a fitting structure", "part des porteurs reçus"))
        case .jobsCreated: (t("jobs at the horizon", "emplois à l'horizon"), t("jobs", "emplois"))
        case .jobsAdded: (t("jobs added", "emplois ajoutés"), t("jobs", "emplois"))
        case .costPerJobEur: (t("cost per job added", "coût par emploi ajouté"), t("euros", "euros"))
        case .holders: (t("project holders", "porteurs de projet"), t("holders", "porteurs"))
        case .firmsCreated: (t("firms created", "entreprises créées"), t("firms", "entreprises"))
        default: (m.name, "")
        }
    }
}
