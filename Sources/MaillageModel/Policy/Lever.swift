import MaillageFoundation

/// A number a scenario may set, declared once where it is used: its YAML key (a dotted path
/// below its section), its default, its bounds, and what it means.
///
/// Levers declare their quantities (under `policy:`), unit costs (under `lever_costs:`) and
/// effect strengths (under `lever_effects:`) this way; the scenario reader, the validation, the
/// summaries and the documentation all read these declarations.
public struct ParameterDeclaration: Sendable {
    /// What a valid value is.
    public enum Bounds: Sendable, Equatable {
        /// In [0, 1].
        case probability
        /// A whole number in the range.
        case whole(ClosedRange<Int>)
        /// A number in the range.
        case range(ClosedRange<Double>)

        /// Whether `x` is valid.
        public func contains(_ x: Double) -> Bool {
            guard x.isFinite else { return false }
            switch self {
            case .probability: return (0...1).contains(x)
            case .whole(let r): return x == x.rounded() && Double(r.lowerBound) <= x && x <= Double(r.upperBound)
            case .range(let r): return r.contains(x)
            }
        }

        /// A bound as people write it: whole numbers without a fraction.
        static func number(_ x: Double) -> String {
            x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(format: "%g", x)
        }

        /// What a valid value is, in words, for error messages.
        public var text: String {
            switch self {
            case .probability: "a probability in [0, 1]"
            case .whole(let r): "a whole number in \(r.lowerBound)...\(r.upperBound)"
            case .range(let r): "a number in [\(Self.number(r.lowerBound)), \(Self.number(r.upperBound))]"
            }
        }
    }

    /// Dotted path below the section, such as `common_project.shared_intake_points`.
    public var key: String
    public var defaultValue: Double
    public var bounds: Bounds
    /// Unit and meaning, with the source or "assumption".
    public var doc: String

    public init(_ key: String, default defaultValue: Double, _ bounds: Bounds, _ doc: String) {
        self.key = key
        self.defaultValue = defaultValue
        self.bounds = bounds
        self.doc = doc
    }
}

/// A lever's quantity: its declaration and where a lever value keeps it.
public struct Quantity<L: Lever>: Sendable {
    public var declaration: ParameterDeclaration
    public var keyPath: WritableKeyPath<L, Double> & Sendable
    /// What the quantity counts, in French, for the page an official reads (the declaration's
    /// `doc` is the English one).
    public var meaningFr: String

    /// The quantity at `keyPath`, read from the YAML key `key`, whose meaning in both languages is
    /// the entry `words` of the tables (its English is the declaration's `doc`).
    public init(_ keyPath: WritableKeyPath<L, Double> & Sendable, _ key: String, default defaultValue: Double,
                _ bounds: ParameterDeclaration.Bounds, words: String) {
        let meaning = Label(words: words)
        self.keyPath = keyPath
        self.declaration = ParameterDeclaration(key, default: defaultValue, bounds, meaning.en)
        self.meaningFr = meaning.fr
    }
}

/// A cooperation lever between the classic and ESS ecosystems: one type, in one file under
/// `Policy/`, holding its quantities (zero is "off"), their YAML keys and bounds, its unit
/// costs and effect strengths, the budget line that buys it, its yearly cost, and what it does
/// to the model while it is built. ``Levers/all`` lists them; everything that enumerates levers
/// (the scenario reader, the budget, whether a policy does anything, labels) goes through it.
public protocol Lever: Sendable, Equatable {
    /// The lever off.
    init()
    /// Its name in outputs (`mutual_knowledge`, `outreach`…).
    static var name: String { get }
    /// Its name for readers.
    static var label: Label { get }
    /// Its quantities, with YAML keys below `policy:`.
    static var quantities: [Quantity<Self>] { get }
    /// Its unit costs, with keys below `lever_costs:`.
    static var costs: [ParameterDeclaration] { get }
    /// Its effect strengths, with keys below `lever_effects:`.
    static var effects: [ParameterDeclaration] { get }
    /// The budget line whose money buys more of it, if any.
    static var fundingLine: FundingLine? { get }

    /// Adds what its funding line's money buys: `euros` a year on the line, or for coordination
    /// the share of the full bundle those euros buy (``LineMoney``).
    mutating func buy(_ money: LineMoney, costs: ParameterValues, effects: ParameterValues)
    /// For a coordination lever, the yearly cost of its full level (its part of the bundle
    /// coordination money buys); 0 for the others.
    static func fullCoordinationCost(_ costs: ParameterValues, _ effects: ParameterValues) -> Double
    /// Yearly cost of these quantities, euros.
    func yearlyCost(_ costs: ParameterValues, effects: ParameterValues) -> Double

    // The model build calls these in this order; each lever implements those it needs.
    /// Adds structures (outreach permanences, shared intake points).
    func addStructures(to build: inout ModelBuild)
    /// Raises classic structures' awareness of ESS specifics.
    func raiseAwareness(in build: inout ModelBuild)
    /// Raises structures' competence on the other ecosystem's projects.
    func raiseCompetence(in build: inout ModelBuild)
    /// Adds support capacity.
    func addCapacity(to build: inout ModelBuild)
    /// Sets how often structures meet (mutual knowledge).
    func setContacts(in build: inout ModelBuild)
    /// Changes how referrals travel.
    func changeReferrals(in build: inout ModelBuild)

    /// Yearly euros of the structures' staff time the lever takes (meetings attended, time in
    /// workspaces), once the model is built: a cost borne by the structures, counted in the cost
    /// per job beside the authority's spending.
    func staffTimeEur(_ build: ModelBuild, costs: ParameterValues) -> Double

    /// Of `allocated` euros a year on its line, what it really spends once the model is built,
    /// and a warning when the rest buys nothing.
    func spent(of allocated: Double, after build: ModelBuild, costs: ParameterValues) -> (spent: Double, warning: Label?)
}

extension Lever {
    public static var costs: [ParameterDeclaration] { [] }
    public static var effects: [ParameterDeclaration] { [] }
    public static var fundingLine: FundingLine? { nil }
    public mutating func buy(_ money: LineMoney, costs: ParameterValues, effects: ParameterValues) {}
    public static func fullCoordinationCost(_ costs: ParameterValues, _ effects: ParameterValues) -> Double { 0 }
    public func addStructures(to build: inout ModelBuild) {}
    public func raiseAwareness(in build: inout ModelBuild) {}
    public func raiseCompetence(in build: inout ModelBuild) {}
    public func addCapacity(to build: inout ModelBuild) {}
    public func setContacts(in build: inout ModelBuild) {}
    public func changeReferrals(in build: inout ModelBuild) {}
    public func staffTimeEur(_ build: ModelBuild, costs: ParameterValues) -> Double { 0 }
    public func spent(of allocated: Double, after build: ModelBuild, costs: ParameterValues) -> (spent: Double, warning: Label?) {
        (allocated, nil)
    }

    /// Whether any quantity is on.
    public var isActive: Bool { Self.quantities.contains { self[keyPath: $0.keyPath] > 0 } }

    /// The declarations of its quantities.
    public static var quantityDeclarations: [ParameterDeclaration] { quantities.map(\.declaration) }
}

/// Values of declared parameters by key (unit costs, effect strengths): every key declared by a
/// lever or by ``Funding``, set to its default unless a scenario says otherwise.
public struct ParameterValues: Sendable, Equatable {
    private var values: [String: Double]

    /// Every declaration's default.
    public init(_ declarations: [ParameterDeclaration]) {
        values = Dictionary(declarations.map { ($0.key, $0.defaultValue) }, uniquingKeysWith: { first, _ in first })
    }

    /// The value of a declared key.
    public subscript(_ d: ParameterDeclaration) -> Double {
        get { values[d.key] ?? d.defaultValue }
        set { values[d.key] = newValue }
    }

    /// The value of a key by name, nil when undeclared.
    public subscript(key key: String) -> Double? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// Keys and values, sorted by key.
    public var sorted: [(key: String, value: Double)] { values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
}

extension ParameterValues: Encodable {
    /// A flat object of keys and values, as the YAML section reads.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        for (k, v) in sorted { try c.encode(v, forKey: DynamicKey(k)) }
    }
}

/// A coding key made at run time, for objects whose keys are declared data.
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
