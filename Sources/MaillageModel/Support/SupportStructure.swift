import MaillageFoundation

/// The two ecosystems of business-creation support described by the study.
public enum Ecosystem: String, CaseIterable, Sendable, Codable {
    /// Chambers of commerce and of trades, BGE, Initiative platforms, Réseau Entreprendre, ADIE,
    /// incubators.
    case classic
    /// The social and solidarity economy (économie sociale et solidaire): ESS incubators,
    /// activity cooperatives (CAE), DLA, France Active, URSCOP, Fabrique à initiatives.
    case ess
}

/// A stage of the support chain.
public enum Stage: Int, CaseIterable, Sendable {
    /// Emergence: from an idea to a project (émergence).
    case emergence = 0
    /// Creation: building the firm (création).
    case creation = 1
    /// Financing: loans, guarantees, honour loans (financement).
    case financing = 2
    /// Growth: the first years after creation (développement).
    case growth = 3

    /// The stage's name in scenario files and outputs.
    public var name: String {
        switch self {
        case .emergence: "emergence"
        case .creation: "creation"
        case .financing: "financing"
        case .growth: "growth"
        }
    }

    /// The stage named `name`, if any.
    public init?(name: String) {
        guard let s = Stage.allCases.first(where: { $0.name == name }) else { return nil }
        self = s
    }
}

/// A set of stages, stored as bits.
public struct StageSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The set holding one stage.
    public init(_ stage: Stage) { rawValue = 1 << UInt8(stage.rawValue) }

    /// The set holding `stages`.
    public init<S: Sequence>(_ stages: S) where S.Element == Stage {
        self = stages.reduce(into: StageSet()) { $0.insert(StageSet($1)) }
    }

    /// Whether `stage` is in the set.
    @inlinable public func serves(_ stage: Stage) -> Bool { rawValue & (1 << UInt8(stage.rawValue)) != 0 }

    /// The stages in the set, in chain order.
    public var stages: [Stage] { Stage.allCases.filter { serves($0) } }
}

/// A support structure (structure d'accompagnement): one site of a network, with a location.
public struct SupportStructure: Sendable, Equatable {
    /// What a site is.
    public enum Role: Sendable, Equatable {
        /// A site of a support network.
        case network
        /// A joint outreach permanence: part-time presence of the territory's networks.
        case permanence
        /// A shared intake point: it diagnoses holders' projects and orients them; it supports no one.
        case intake

        /// Its name in outputs.
        public var name: String {
            switch self {
            case .network: "network"
            case .permanence: "permanence"
            case .intake: "intake"
            }
        }
    }

    /// Index of the structure in its network (0-based).
    public var id: Int
    /// Readable name, such as "BGE Lyon 3".
    public var name: String
    /// Its ecosystem.
    public var ecosystem: Ecosystem
    /// The stages of the chain it serves.
    public var stages: StageSet
    /// Holders it can take in per year.
    public var capacityPerYear: Double
    /// East coordinate, km.
    public var x: Double
    /// North coordinate, km.
    public var y: Double
    /// The zone it stands in, for a readable location.
    public var zoneCode: String
    /// The family of its network, which sets the outcomes of its support.
    public var family: NetworkFamily = .coaching
    public var role: Role = .network
    /// A candidate that opens by itself only where its family's demand stays unmet (MODEL.md 7.2):
    /// closed until then, it is not among the territory's structures in outputs.
    public var isCandidate = false
    /// The month it opens and the month it closes, counted from the start of the horizon (the
    /// warm-up has negative months); nil: open from the start, or to the end.
    public var opensMonth: Int?
    public var closesMonth: Int?

    /// A joint outreach permanence of the territory's networks.
    public var isJointOutreach: Bool { role == .permanence }

    /// Whether it is open in `month` (counted from the start of the horizon).
    public func isOpen(month: Int) -> Bool {
        (opensMonth.map { month >= $0 } ?? true) && (closesMonth.map { month < $0 } ?? true)
    }

    public init(id: Int, name: String, ecosystem: Ecosystem, stages: StageSet, capacityPerYear: Double,
                x: Double, y: Double, zoneCode: String, family: NetworkFamily = .coaching, role: Role = .network, opensMonth: Int? = nil) {
        self.id = id
        self.name = name
        self.ecosystem = ecosystem
        self.stages = stages
        self.capacityPerYear = capacityPerYear
        self.x = x
        self.y = y
        self.zoneCode = zoneCode
        self.family = family
        self.role = role
        self.opensMonth = opensMonth
    }
}

extension Stage: Codable {
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let stage = Stage(name: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown stage \(name)"))
        }
        self = stage
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}
