import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput

struct Optimise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Optimises a territory's support: where the next sites should go.",
        subcommands: [Placement.self]
    )

    struct Placement: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Chooses where K new outreach permanences go to cover the most inhabitants no structure reaches.",
            discussion: """
                Solves the maximal covering location problem exactly, as an integer programme with GLPK (whose library \
                must be installed: libglpk40 on Debian), and reports the greedy placement beside it. Candidate sites are \
                every zone unless --candidates lists zone codes. Writes sites.csv and placement.json (and instance.json \
                with --export-instance) into Output/<scenario name>/placement/ unless --out says otherwise.
                """
        )

        @Argument(help: "The scenario file (YAML).")
        var scenario: String

        @Option(help: ArgumentHelp("Number of sites to add.", valueName: "K"))
        var add: Int

        @Option(parsing: .upToNextOption, help: ArgumentHelp("Candidate zones (codes); default: every zone.", valueName: "code"))
        var candidates: [String] = []

        @Option(help: ArgumentHelp("Longest time the exact solver may search, in seconds.", valueName: "seconds"))
        var timeLimit: Double = 60

        @Flag(help: "Also write instance.json: the problem, for an independent solver.")
        var exportInstance = false

        @OptionGroup var output: OutputOptions
        @OptionGroup var safety: SafetyOptions

        func validate() throws {
            guard add >= 1 else { throw ValidationError("--add must be at least 1, found \(add)") }
            guard timeLimit > 0, timeLimit <= 86_400 else { throw ValidationError("--time-limit must be in (0, 86400] seconds, found \(timeLimit)") }
        }

        func run() async throws {
            safety.apply()
            try await reportingErrors {
                let scenario = try ScenarioLoader.load(self.scenario)
                let world = try scenario.world()
                let placement = try PermanencePlacement(world: world, candidateCodes: candidates.isEmpty ? nil : candidates, file: self.scenario)
                guard add <= placement.candidates.count else {
                    throw InputError(file: self.scenario, message: "--add: expected at most \(placement.candidates.count) sites (the candidate zones), found \(add)")
                }
                let glpk = CoveringSolver.glpk
                guard glpk.available else {
                    throw InputError(file: self.scenario, message: "the exact placement needs GLPK: \(glpk.reason)")
                }
                let greedy = CoveringSolver.greedy(placement.problem, k: add)
                let exact: CoveringSolution
                do {
                    exact = try CoveringSolver.exact(placement.problem, k: add, timeLimit: timeLimit)
                } catch let e as CoveringSolver.Unavailable {
                    throw InputError(file: self.scenario, message: "the exact placement failed: \(e)")
                }
                let folder = try ResultsFolder(output.folder(or: "Output/\(scenario.name)/placement"))
                try PlacementOutput.write(placement, k: add, exact: exact, greedy: greedy, scenario: scenario.name,
                                          reachMinutes: world.travel.reachMinutes, exportInstance: exportInstance, to: folder.staging)
                try folder.commit()
                let before = placement.coveredBefore, total = max(placement.population, 1)
                func share(_ n: Int) -> String { String(format: "%.2f%%", 100 * Double(n) / Double(total)) }
                print("\(scenario.name): \(add) permanence\(add == 1 ? "" : "s") among \(placement.candidates.count) candidate zones; "
                      + "\(placement.population - before) inhabitants in \(placement.demand.count) zones had no structure within \(Int(world.travel.reachMinutes)) minutes")
                print("exact (GLPK, \(exact.optimal ? "optimal" : "stopped at the time limit")): \(Int(exact.value)) more inhabitants covered, "
                      + "\(share(before + Int(exact.value))) of the population in reach")
                print("greedy: \(Int(greedy.value)) more inhabitants covered (\(Int(exact.value - greedy.value)) fewer than the exact placement)")
                print("written to \(folder.path)/")
            }
        }
    }
}
