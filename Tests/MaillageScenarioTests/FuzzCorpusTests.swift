import Foundation
import Testing
@testable import MaillageFuzzing
import MaillageTestSupport

/// The fuzz corpus (Tests/fuzz/corpus: the hostile inputs found so far, and what libFuzzer kept)
/// runs through every loader on each `make test`: each input loads or is refused with an input
/// error, never a crash.
@Suite("Fuzz corpus")
struct FuzzCorpusTests {
    static let corpus = packageRoot.appendingPathComponent("Tests/fuzz/corpus")

    @Test("every corpus input loads or is refused with a clear error, never a crash")
    func corpusReplays() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        #expect(files.count >= 60)
        var accepted = 0
        for file in files {
            let data = try Data(contentsOf: Self.corpus.appendingPathComponent(file))
            if FuzzHarness.run(data) { accepted += 1 }
        }
        // The valid seeds of each kind are accepted: the harness really reaches the loaders.
        #expect(accepted >= 6, "\(accepted) of \(files.count) accepted")
    }

    @Test("the hostile seeds are refused, each by the loader it targets")
    func hostileRefused() throws {
        for name in ["scenario-extra-capacity-1e21", "scenario-budget-1e24", "scenario-cost-1e-300", "scenario-coordination-workspaces-1e300",
                     "scenario-permanence-capacity-1e300", "scenario-contact-decay-0.01", "scenario-base-etc-passwd", "scenario-hex-number",
                     "geoJSON-empty-coordinates", "geoJSON-empty-multipolygon", "geoJSON-bowtie", "geoJSON-empty-collection",
                     "structureTable-capacity-1e300", "structureTable-duplicate-header", "sweepPlan-huge-grid",
                     "posterior-not-a-number", "calibrationTargets-both-forms", "calibrationTargets-one-world"] {
            let data = try Data(contentsOf: Self.corpus.appendingPathComponent(name))
            #expect(!FuzzHarness.run(data), "\(name) is refused")
        }
        // The valid seeds of the priors and posterior loaders are accepted: the harness reaches them.
        for name in ["priors-shipped", "posterior-valid"] {
            #expect(FuzzHarness.run(try Data(contentsOf: Self.corpus.appendingPathComponent(name))), "\(name) is accepted")
        }
    }
}
