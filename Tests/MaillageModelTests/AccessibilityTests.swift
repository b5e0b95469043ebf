import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageModel
@testable import MaillageScenario
@testable import MaillageExperiments
import MaillageTestSupport

/// The floating-catchment indices against a small example computed by hand.
@Suite("Accessibility indices")
struct AccessibilityTests {
    // Zones A (100 people) and B (300); structures X (supply 10) and Y (supply 20).
    // Minutes: A→X 5, A→Y 30 (exactly the cutoff), B→X 25, B→Y 40.
    let demand = [100.0, 300.0], supply = [10.0, 20.0], cost = [5.0, 30.0, 25.0, 40.0]

    @Test("2SFCA: the cutoff is inclusive")
    func twoStep() {
        let a = Accessibility.twoStep(demand: demand, supply: supply, cost: cost) { $0 <= 30 ? 1 : 0 }
        // X serves A and B: 10 / 400. Y serves A only (30 ≤ 30): 20 / 100.
        // A = 10/400 + 20/100 = 0.225; B = 10/400 = 0.025.
        #expect(abs(a[0] - 0.225) < 1e-12)
        #expect(abs(a[1] - 0.025) < 1e-12)
    }

    @Test("E2SFCA with Luo and Qi's steps 1 / 0.68 / 0.22 at 10 / 20 / 30 minutes")
    func enhancedSteps() {
        let settings = AccessibilitySettings()
        #expect(settings.stepWeight(10) == 1 && settings.stepWeight(10.01) == 0.68 && settings.stepWeight(30) == 0.22 && settings.stepWeight(30.01) == 0)
        let a = Accessibility.twoStep(demand: demand, supply: supply, cost: cost, weight: settings.stepWeight)
        // X: demand 100·1 + 300·0.22 = 166, R = 10/166. Y: demand 100·0.22 = 22, R = 20/22.
        // A = 1·10/166 + 0.22·20/22 = 10/166 + 0.2; B = 0.22·10/166.
        #expect(abs(a[0] - (10.0 / 166 + 0.2)) < 1e-12)
        #expect(abs(a[1] - 0.22 * 10 / 166) < 1e-12)
    }

    @Test("E2SFCA with a Gaussian decay within the cutoff")
    func enhancedGaussian() {
        let g = { (c: Double) in c <= 30 ? exp(-c * c / (2 * 15 * 15)) : 0 }
        let a = Accessibility.twoStep(demand: demand, supply: supply, cost: cost, weight: g)
        let rX = 10 / (100 * g(5) + 300 * g(25)), rY = 20 / (100 * g(30))
        #expect(abs(a[0] - (g(5) * rX + g(30) * rY)) < 1e-12)
        #expect(abs(a[1] - g(25) * rX) < 1e-12)
    }

    @Test("the model's indices: supply is the capacity of fitting structures only, and coverage is inclusive")
    func modelIndices() throws {
        // A urban zone 5.5 km (30 minutes at 22 km/h with a 1.3 detour… solved for exactly 30).
        let km = 30.0 / 60 * 22 / 1.3
        let model = try Fixture.model(zones: [Fixture.zone("A", population: 1_000)],
                                      structures: [Fixture.structure(0, .classic, capacity: 120, x: km), Fixture.structure(1, .ess, capacity: 60)])
        let access = try Accessibility.compute(model)
        let classicEmergence = access[0][0]
        #expect(abs(classicEmergence.nearestMinutes - 30) < 1e-9)
        #expect(classicEmergence.covered)
        #expect(abs(classicEmergence.twoStep - 120.0 / 1_000) < 1e-9)
        let essEmergence = access[0][4]
        #expect(abs(essEmergence.twoStep - 60.0 / 1_000) < 1e-12)
    }

    @Test("the E2SFCA steps are scenario settings, checked when read")
    func stepsFromScenario() throws {
        let text = "name: x\nterritory: {communes: 1}\naccessibility: {step_minutes: [15, 45], step_weights: [1, 0.5], gaussian_sigma_minutes: 20}\n"
        let s = try ScenarioLoader.parse(text, file: "s.yaml")
        #expect(s.accessibility.stepWeight(15) == 1 && s.accessibility.stepWeight(40) == 0.5 && s.accessibility.stepWeight(46) == 0)
        #expect(s.accessibility.gaussianSigmaMinutes == 20)
        #expect { try ScenarioLoader.parse("name: x\nterritory: {communes: 1}\naccessibility: {step_minutes: [30, 10], step_weights: [1, 0.5]}\n", file: "s.yaml") }
            throws: { "\($0)".contains("accessibility.step_minutes") }
    }

}
