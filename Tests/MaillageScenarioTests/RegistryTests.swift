import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// The lever registry and the metric records are the one place levers and metrics are declared:
/// everything that enumerates them follows.
@Suite("Registries")
struct RegistryTests {
    @Test("every lever's quantities are read from YAML, priced into the budget, and turn the policy on")
    func everyLeverIsWired() throws {
        let base = packageRoot.appendingPathComponent("Scenarios/metro-lyon.yaml").path
        for lever in Levers.all {
            for d in lever.quantityDeclarations {
                // A valid value: 1, or a share below 1.
                let value = d.bounds == .probability ? 0.5 : 1
                let override = ParameterOverride(path: "policy." + d.key, value: value)
                let scenario = try ScenarioLoader.load(base, overrides: [override])
                let resolved = ResolvedPolicy(scenario.policy, costs: scenario.leverCosts, effects: scenario.leverEffects)
                #expect(resolved.isActive, "\(lever.name): \(d.key) turns the policy on")
                #expect(scenario.policy != CooperationPolicy(), "\(d.key) is read")
                let priced = resolved.allocatedEur > 0 || lever.costs.allSatisfy { scenario.leverCosts[$0] == 0 }
                #expect(priced, "\(d.key) is priced")
                // Out of bounds is refused, naming the key.
                #expect(throws: InputError.self) { try ScenarioLoader.load(base, overrides: [ParameterOverride(path: "policy." + d.key, value: -1)]) }
            }
            #expect(lever.fundingLine != nil, "\(lever.name) has a budget line")
            #expect(!lever.label.en.isEmpty && !lever.label.fr.isEmpty)
        }
        let keys = Levers.all.flatMap { $0.quantityDeclarations.map(\.key) }
        #expect(Set(keys).count == keys.count, "no key declared twice")
        let costs = Levers.costDeclarations.map(\.key), effects = Levers.effectDeclarations.map(\.key)
        #expect(Set(costs).count == costs.count && Set(effects).count == effects.count)
    }

    @Test("every lever cost and effect is a scenario setting, checked when read")
    func costsAndEffectsAreSettings() throws {
        let base = packageRoot.appendingPathComponent("Scenarios/metro-lyon.yaml").path
        for d in Levers.costDeclarations {
            let s = try ScenarioLoader.load(base, overrides: [ParameterOverride(path: "lever_costs." + d.key, value: 7)])
            #expect(s.leverCosts[d] == 7)
        }
        for d in Levers.effectDeclarations {
            let x = d.bounds.contains(0.25) ? 0.25 : 7
            let s = try ScenarioLoader.load(base, overrides: [ParameterOverride(path: "lever_effects." + d.key, value: x)])
            #expect(s.leverEffects[d] == x)
            #expect(throws: InputError.self) { try ScenarioLoader.load(base, overrides: [ParameterOverride(path: "lever_effects." + d.key, value: -1)]) }
        }
    }

    @Test("metrics have unique names, two languages, and a kind that says how to read them")
    func metricRecords() {
        let names = Metric.all.map(\.name)
        #expect(Set(names).count == names.count)
        for m in Metric.all {
            #expect(!m.label.en.isEmpty && !m.label.fr.isEmpty && !m.definition.isEmpty, "\(m.name)")
            #expect(Metric.named(m.name) == m)
            if m.name.hasSuffix("_eur") && !m.name.hasPrefix("jobs_") { #expect(m.kind == .euros, "\(m.name) is in euros") }
            if m.name.hasSuffix("_rate") || m.name.hasSuffix("_share") { #expect(m.kind == .share, "\(m.name) is a share") }
        }
    }
}
