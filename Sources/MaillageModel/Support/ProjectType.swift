import MaillageFoundation

/// The kind of project a holder (porteur de projet) carries.
public enum ProjectType: Int, CaseIterable, Sendable {
    /// A classic firm.
    case classic = 0
    /// A social and solidarity economy project (association, cooperative, ESUS…).
    case ess = 1
    /// A classic firm with a strong social purpose (forte utilité sociale): supported by ESS
    /// structures, and by classic ones aware enough of ESS specifics.
    case socialUtility = 2

    /// The type's name in scenario files and outputs.
    public var name: String {
        switch self {
        case .classic: "classic"
        case .ess: "ess"
        case .socialUtility: "social_utility"
        }
    }
}
