import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario

/// A study's two-level uncertainty: every scenario under every policy that does something, on the
/// same design (draw d has the same parameter values and structural seeds in every territory),
/// and the study's findings as the share of draws in which they hold.
public struct StudyUncertainty: Sendable {
    /// One scenario under one policy: its draws' results (whose no-cooperation world is the
    /// scenario's baseline).
    public struct Cell: Sendable {
        public let scenario: String
        public let policy: String
        public let result: UncertaintyResult
    }

    /// One of the study's statements, tested in every draw.
    public struct Finding: Sendable {
        public let name: String
        /// What it says, in English (the `statement` column of findings.csv) and French.
        public let statement: Label
        /// What it rests on (``Basis``).
        public var restsOn: Basis { StudyUncertainty.basis(name) ?? Basis(kind: .emergent, what: Label(words: "finding.not_attributed")) }
        /// Draws where it holds, out of those where it is defined.
        public let holds: Int
        public let draws: Int
        /// The share and its exact (Clopper–Pearson) 95% interval.
        public var share: Double { draws > 0 ? Double(holds) / Double(draws) : .nan }
        public var interval: (low: Double, high: Double) { Proportion.clopperPearson(holds, of: draws) }
    }

    /// What a finding rests on: data put in, an assumption (a stated formula, when it holds only
    /// because of one), where the structures and people are, or what emerges from the
    /// mechanisms together without one input to point to (MODEL.md 10).
    public struct Basis: Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            case input, assumption, geography, emergent
        }
        public let kind: Kind
        /// The parameters or data it rests on, in words.
        public let what: Label
        /// The stated formula it holds because of, when there is one.
        public var formula: String? = nil
    }

    public let cells: [Cell]
    public let findings: [Finding]

    /// Checks `priors` against every scenario of `study` (read from `file`): each names a parameter
    /// the scenario has, and every value it can draw is one the scenario accepts.
    /// - Throws: ``InputError`` naming the priors file, the prior and the scenario.
    public static func check(_ priors: PriorSet, against study: Study, file: String) throws {
        let confinement = study.confinement ?? Confinement(topLevel: file)
        for path in study.scenarioPaths { try priors.check(scenario: path, confinement: confinement) }
    }

    /// Runs `analysis`'s draws on every scenario of `study` under each of its active policies,
    /// the worlds without a policy kept in `shared` (a scenario's cells share them anyway).
    /// `progress` gets the replications done so far, over all cells.
    public static func run(_ study: Study, analysis: UncertaintyAnalysis, jobs: Int, shared: UncertaintyAnalysis.SharedDraws? = nil,
                           progress: ((Int) -> Void)? = nil) async throws -> StudyUncertainty {
        let confinement = study.confinement ?? Confinement(topLevel: study.scenarioPaths.first ?? ".")
        var cells: [Cell] = []
        var done = 0
        for path in study.scenarioPaths {
            let shared = shared ?? UncertaintyAnalysis.SharedDraws()
            let drawn = try analysis.scenarios(path: path, confinement: confinement)
            // The policies the study tries (the status quo, already there, is their reference elsewhere).
            for named in study.policies where !named.isStatusQuo {
                let resolved = ResolvedPolicy(named.policy(for: drawn[0].scenario), costs: drawn[0].scenario.leverCosts, effects: drawn[0].scenario.leverEffects)
                guard resolved.isActive else { continue }
                let scenarios = drawn.map { d -> Scenario in
                    var s = d.scenario
                    named.apply(to: &s)
                    return s
                }
                let offset = done
                // The scenario's cells share each draw's world without the policy.
                let result = try await analysis.run(scenarios, jobs: jobs, shared: shared) { progress?(offset + $0) }
                done += analysis.draws * analysis.replications
                cells.append(Cell(scenario: drawn[0].scenario.name, policy: named.name, result: result))
            }
        }
        return StudyUncertainty(cells: cells, findings: Self.findings(cells))
    }

    /// The territorial findings of MODEL.md 10.1, for the first active policy, in every draw: the
    /// relative gains are the ratios of the draw's mean with the policy to its mean without.
    static func findings(_ cells: [Cell]) -> [Finding] {
        guard let policy = cells.first?.policy else { return [] }
        func gains(_ scenario: String) -> (coverage: [Double], fit: [Double], referral: [Double])? {
            guard let cell = cells.first(where: { $0.scenario == scenario && $0.policy == policy }) else { return nil }
            let with = cell.result.policySummaries(), without = cell.result.baselineSummaries()
            func gain(_ m: Metric) -> [Double] {
                let a = with.first { $0.metric == m }!.drawMeans, b = without.first { $0.metric == m }!.drawMeans
                return zip(a, b).map { $0 / $1 - 1 }
            }
            return (gain(.coverageRate), gain(.firstContactFitRate), gain(.referralSuccessRate))
        }
        func finding(_ name: String, _ a: [Double], _ b: [Double]) -> Finding {
            let pairs = zip(a, b).filter { $0.0.isFinite && $0.1.isFinite }
            return Finding(name: name, statement: statement(name)!, holds: pairs.filter { $0.0 > $0.1 }.count, draws: pairs.count)
        }
        var out: [Finding] = []
        let rural = gains("rural-franche-comte"), metro = gains("metro-lyon")
        if let r = rural {
            out.append(finding("rural_coverage_over_fit", r.coverage, r.fit))
            out.append(finding("rural_coverage_over_referral", r.coverage, r.referral))
        }
        if let m = metro {
            out.append(finding("metro_fit_over_coverage", m.fit, m.coverage))
            out.append(finding("metro_referral_over_coverage", m.referral, m.coverage))
        }
        if let r = rural, let m = metro {
            out.append(finding("coverage_rural_over_metro", r.coverage, m.coverage))
            out.append(finding("fit_metro_over_rural", m.fit, r.fit))
            out.append(finding("referral_metro_over_rural", m.referral, r.referral))
        }
        return out
    }

    /// What the finding named `name` rests on (MODEL.md 10.1); nil for a name it does not know.
    public static func basis(_ name: String) -> Basis? {
        let ruralCoverage = Basis(kind: .geography, what: Label(words: "finding.where_structures_stand_about"))
        let legibility = Basis(kind: .assumption, what: Label(words: "finding.legibility_baseline_knowledge"),
            formula: "L0 = 0.9 × 5 / (5 + n); K0 = 0.5 × 5 / (5 + n)")
        switch name {
        case "rural_coverage_over_fit", "rural_coverage_over_referral", "coverage_rural_over_metro":
            return ruralCoverage
        case "metro_fit_over_coverage", "fit_metro_over_rural":
            return legibility
        case "metro_referral_over_coverage":
            return Basis(kind: .geography, what: Label(words: "finding.coverage_near_ceiling_metropolis"))
        case "referral_metro_over_rural":
            return Basis(kind: .emergent, what: Label(words: "finding.not_isolated_most_likely"))
        default:
            return nil
        }
    }

    /// What the finding named `name` says, in both languages; nil for a name it does not know.
    public static func statement(_ name: String) -> Label? {
        switch name {
        case "rural_coverage_over_fit":
            Label(words: "finding.rural_coverage_over_first_contact")
        case "rural_coverage_over_referral":
            Label(words: "finding.rural_coverage_over_referral")
        case "metro_fit_over_coverage":
            Label(words: "finding.metropolis_first_contact_fit")
        case "metro_referral_over_coverage":
            Label(words: "finding.metropolis_referral_success")
        case "coverage_rural_over_metro":
            Label(words: "finding.coverage_gains_more_rural")
        case "fit_metro_over_rural":
            Label(words: "finding.first_contact_fit_gains_more")
        case "referral_metro_over_rural":
            Label(words: "finding.referral_success_gains_more")
        default: nil
        }
    }
}
