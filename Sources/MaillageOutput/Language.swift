import MaillageFoundation
import MaillageModel

/// The languages of charts and reports: English, and French for the local authorities who read
/// them.
public enum Language: String, Sendable, CaseIterable {
    case en, fr

    /// `text` in this language: English first, French second.
    func t(_ en: String, _ fr: String) -> String { self == .en ? en : fr }

    /// A label in this language.
    func t(_ label: Label) -> String { t(label.en, label.fr) }

    /// A territory scenario's name for readers.
    func territory(_ scenario: String) -> String {
        switch scenario.replacingOccurrences(of: "real-", with: "") {
        case "rural-franche-comte": t("rural (Franche-Comté)", "rural (Franche-Comté)")
        case "metro-lyon": t("metropolis (Lyon)", "métropole (Lyon)")
        case "qpv-seine-saint-denis": t("priority neighbourhoods (Seine-Saint-Denis)", "quartiers prioritaires (Seine-Saint-Denis)")
        default: scenario
        }
    }

    /// A policy's, lever's or budget line's name for readers: the levers' and lines' own labels,
    /// and the names the shipped studies give their policies.
    func policy(_ name: String) -> String {
        if let lever = Levers.named(name) { return t(lever.label) }
        if let line = FundingLine(rawValue: name) { return t(line.label) }
        switch name {
        case "no_cooperation": return t("no cooperation", "sans coopération")
        case "full_cooperation": return t("full cooperation", "coopération complète")
        case "balanced": return t("a quarter each", "un quart chacun")
        default: return name
        }
    }

    /// A metric's name and unit for readers.
    func metric(_ m: Metric) -> (name: String, unit: String) { (t(m.label), t(m.unit)) }
}
