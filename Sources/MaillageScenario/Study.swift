import Foundation
import MaillageFoundation
import MaillageModel

/// A study: several scenarios, each run under several cooperation policies, side by side.
///
/// The default study (`Scenarios/default-study.yaml`, run by `make run`) puts the three
/// territories without and with full cooperation.
public struct Study: Sendable {
    /// A named cooperation policy; it replaces each scenario's own policy. Named `status_quo`
    /// in the file (`NAME: status_quo`), it is each scenario's own status quo (`status_quo:`).
    public struct NamedPolicy: Sendable {
        public var name: String
        /// The policy, unless it is each scenario's status quo.
        public var fixed: CooperationPolicy?

        public init(name: String, policy: CooperationPolicy?) {
            self.name = name
            fixed = policy
        }

        /// Whether the policy is each scenario's status quo.
        public var isStatusQuo: Bool { fixed == nil }

        /// The policy on `scenario`.
        public func policy(for scenario: Scenario) -> CooperationPolicy { fixed ?? scenario.statusQuo ?? CooperationPolicy() }

        /// `scenario` under this policy: a status quo is the cooperation already there, in place
        /// from the start of the warm-up; another policy starts as the scenario says.
        public func apply(to scenario: inout Scenario) {
            scenario.policy = policy(for: scenario)
            if isStatusQuo { scenario.policyStart = .warmUp }
        }
    }

    public var name: String
    public var scenarios: [Scenario]
    /// The scenarios' files, in the same order.
    public var scenarioPaths: [String] = []
    /// Where the study's files may be.
    public var confinement: Confinement? = nil
    public var policies: [NamedPolicy]
    /// Replications per scenario and policy.
    public var replications: Int
    /// The run seed shared by every cell, so that cells differ only by what they set.
    public var seed: UInt64
    /// Whether each cell's lever shares also share out the part of its effects that needs both
    /// ecosystems (`inter_ecosystem_shares: true`; about twice the lever shares' work).
    public var interEcosystemShares = false

    /// The name of the study's policy that does nothing (the baseline its effects are measured
    /// against), or `no_cooperation` when every policy does something.
    public var baselinePolicyName: String {
        policies.first { named in
            !named.isStatusQuo && !ResolvedPolicy(named.policy(for: scenarios[0]), costs: scenarios[0].leverCosts, effects: scenarios[0].leverEffects).isActive
        }?.name ?? "no_cooperation"
    }

    /// The name of the study's status-quo policy, if it has one.
    public var statusQuoPolicyName: String? { policies.first { $0.isStatusQuo }?.name }

    /// Reads a study file; scenario paths are relative to the study file's folder.
    public static func load(_ path: String) throws -> Study {
        var root = try YAMLMapping.root(of: path)
        let name = try root.requiredString("name")
        var replications = RunPlan().replications
        var seed = RunPlan().seed
        try root.int("replications", &replications, in: 1...10_000_000, rangeText: "at least 1 replication")
        try root.seed("seed", &seed)
        var interEcosystemShares = false
        try root.flag("inter_ecosystem_shares", &interEcosystemShares)
        guard let scenarioNodes = try root.list("scenarios"), !scenarioNodes.isEmpty else {
            throw root.error("scenarios", nil, "expected a non-empty list of scenario files")
        }
        var scenarios: [Scenario] = []
        var paths: [String] = []
        for (node, fieldPath) in scenarioNodes {
            guard let relative = node.string, !relative.isEmpty else {
                throw InputError(file: path, line: node.mark?.line, column: node.mark?.column, field: fieldPath,
                                 message: "expected a scenario file name, found \(describe(node, lines: root.lines))")
            }
            let file = try root.reference(relative, field: fieldPath, node: node)
            guard FileManager.default.fileExists(atPath: file) else {
                throw InputError(file: path, line: node.mark?.line, column: node.mark?.column, field: fieldPath,
                                 message: "expected an existing scenario file, found '\(relative)' (looked for \(file))")
            }
            scenarios.append(try ScenarioLoader.load(file, depth: 0, confinement: root.confinement))
            paths.append(file)
        }
        guard var policyMap = try root.mapping("policies") else {
            throw root.error("policies", nil, "expected a mapping of policy names to policies")
        }
        var policies: [NamedPolicy] = []
        for (key, value) in policyMap.mapping {
            guard let policyName = key.string else { continue }
            if case .scalar = value, value.string == "status_quo" {
                for (k, scenario) in scenarios.enumerated() where scenario.statusQuo == nil {
                    throw InputError(file: paths[k], field: "status_quo",
                                     message: "expected the territory's status quo (status_quo: a policy) for the study's policy '\(policyName)', found none")
                }
                policies.append(NamedPolicy(name: policyName, policy: nil))
                continue
            }
            var policy = CooperationPolicy()
            if var m = try policyMap.mapping(policyName) {
                try ScenarioLoader.readPolicy(&m, into: &policy)
            }
            policies.append(NamedPolicy(name: policyName, policy: policy))
        }
        guard !policies.isEmpty else { throw root.error("policies", nil, "expected at least one policy") }
        try root.finish()
        var study = Study(name: name, scenarios: scenarios, policies: policies, replications: replications, seed: seed)
        study.scenarioPaths = paths
        study.confinement = root.confinement
        study.interEcosystemShares = interEcosystemShares
        return study
    }

    /// Whether the YAML file at `path` is a study (it lists `scenarios`) rather than a scenario.
    public static func isStudy(_ path: String) throws -> Bool {
        try YAMLMapping.root(of: path).mapping["scenarios"] != nil
    }
}
