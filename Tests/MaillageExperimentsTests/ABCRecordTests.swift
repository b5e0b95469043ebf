import Foundation
import Testing
@testable import MaillageFoundation
@testable import MaillageScenario
@testable import MaillageExperiments
@testable import MaillageOutput
import MaillageTestSupport

/// An ABC run checked against the draws an earlier run wrote (`regenerate --abc-check`): the same
/// sample for a share of the work, and a clear error where the file is not what the code gives.
@Suite("ABC record")
struct ABCRecordTests {
    /// A one-structure world with two calibrated parameters and two targets on it.
    static func calibration(in folder: URL) throws -> Calibration {
        try CalibrationTests.oneStructureWorld("a", seed: 1, in: folder)
        return try CalibrationTests.calibration("""
        scenario: a.yaml
        replications: 3
        seed: 5
        parameters:
          - {path: outcomes.creation_supported, low: 0.05, high: 0.9}
          - {path: holders.seek_support_share, low: 0.05, high: 0.9}
        targets:
          - {metric: supported_creation_rate, value: 0.42, tolerance: 0.05, source: test}
          - {metric: supported_share, value: 0.5, tolerance: 0.1, source: test}

        """, in: folder)
    }

    @Test("checking one draw in four against the written draws gives the full run's sample and files, byte for byte")
    func checkedEqualsFull() throws {
        let folder = try temporaryFolder()
        let calibration = try Self.calibration(in: folder)
        for adjust in [false, true] {
            let full = try calibration.abc(draws: 24, accept: 0.25, designSeed: 7, jobs: 2, adjust: adjust)
            let drawsFile = folder.appendingPathComponent("abc_draws.csv").path
            try calibration.drawsTable(full).write(to: drawsFile)
            let record = try calibration.record(drawsFile, draws: 24, designSeed: 7)
            // Read back exactly: the residuals and flags are the run's own.
            #expect(record.residuals == full.statistics && record.within == full.withinTolerance)
            let checked = try calibration.abc(draws: 24, accept: 0.25, designSeed: 7, jobs: 2, adjust: adjust, reusing: record, checkEvery: 4)
            #expect(checked.accepted == full.accepted && checked.distances == full.distances && checked.values == full.values && checked.weights == full.weights)
            #expect(calibration.posteriorTable(checked).text == calibration.posteriorTable(full).text)
            #expect(calibration.drawsTable(checked).text == calibration.drawsTable(full).text)
        }
    }

    @Test("a written draw that differs from the code's is named by line and column where it is simulated again, and taken as written between; a wrong design or header is refused")
    func staleRecordRefused() throws {
        let folder = try temporaryFolder()
        let calibration = try Self.calibration(in: folder)
        let full = try calibration.abc(draws: 12, accept: 0.25, designSeed: 7, jobs: 2, adjust: false)
        let drawsFile = folder.appendingPathComponent("abc_draws.csv").path
        let text = calibration.drawsTable(full).text
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Draw 8 (line 10) is simulated again with one draw in four: its last residual is nudged
        // by one unit in the last place.
        var fields = lines[9].split(separator: ",").map(String.init)
        let last = Double(fields[fields.count - 1])!
        fields[fields.count - 1] = ExactText.number(last.nextUp)
        lines[9] = fields.joined(separator: ",")
        try lines.joined(separator: "\n").write(toFile: drawsFile, atomically: true, encoding: .utf8)
        let record = try calibration.record(drawsFile, draws: 12, designSeed: 7)
        let error = #expect(throws: InputError.self) {
            try calibration.abc(draws: 12, accept: 0.25, designSeed: 7, jobs: 2, adjust: false, reusing: record, checkEvery: 4)
        }
        #expect(error?.file == drawsFile && error?.line == 10 && error?.field == "residual_supported_share_a", "\(String(describing: error))")
        // The same nudge on draw 9 (line 11), which is not simulated again, is taken from the
        // file as it is: the draws between the checked ones are read, not run.
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        fields = lines[10].split(separator: ",").map(String.init)
        let nudged = Double(fields[fields.count - 1])!.nextUp
        fields[fields.count - 1] = ExactText.number(nudged)
        lines[10] = fields.joined(separator: ",")
        try lines.joined(separator: "\n").write(toFile: drawsFile, atomically: true, encoding: .utf8)
        let taken = try calibration.abc(draws: 12, accept: 0.25, designSeed: 7, jobs: 2, adjust: false,
                                        reusing: try calibration.record(drawsFile, draws: 12, designSeed: 7), checkEvery: 4)
        #expect(taken.statistics[9].last == nudged && full.statistics[9].last != nudged)
        // Another design seed, another number of draws, another header: refused on reading.
        try text.write(toFile: drawsFile, atomically: true, encoding: .utf8)
        let seed = #expect(throws: InputError.self) { try calibration.record(drawsFile, draws: 12, designSeed: 8) }
        #expect(seed?.line == 2 && seed?.field == "outcomes.creation_supported", "\(String(describing: seed))")
        #expect(throws: InputError.self) { try calibration.record(drawsFile, draws: 13, designSeed: 7) }
        try text.replacingOccurrences(of: "residual_supported_share_a", with: "residual_x").write(toFile: drawsFile, atomically: true, encoding: .utf8)
        let header = #expect(throws: InputError.self) { try calibration.record(drawsFile, draws: 12, designSeed: 7) }
        #expect(header?.line == 1, "\(String(describing: header))")
    }
}
