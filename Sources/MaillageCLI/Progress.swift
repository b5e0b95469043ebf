import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments
import MaillageOutput
import MaillageWorkflows

/// Progress on standard error: a bar with rate and time remaining when it is a terminal, a plain
/// line every few seconds when it is not, nothing with --quiet.
final class Progress: @unchecked Sendable {
    private let label: String
    private let quiet: Bool
    private let terminal = isatty(2) == 1
    private let start = Date()
    private var lastLine = Date.distantPast
    private var finished = false

    init(_ label: String, quiet: Bool) {
        self.label = label
        self.quiet = quiet
    }

    func update(_ done: Int, of total: Int) {
        guard !quiet, total > 0 else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let text = String(format: "%@ %d/%d  %.1f/s  %@ left", label, done, total, rate, Self.duration(remaining))
        if terminal {
            let width = 24, filled = width * done / total
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(text)\u{1B}[K".utf8))
            if done == total && !finished {
                finished = true
                FileHandle.standardError.write(Data("\n".utf8))
            }
        } else if now.timeIntervalSince(lastLine) >= 5 || done == total {
            lastLine = now
            FileHandle.standardError.write(Data("\(text)\n".utf8))
        }
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 90 ? String(format: "%.0f s", seconds) : String(format: "%.0f min", seconds / 60)
    }
}


extension JobProgress {
    /// The command line's sink: the work on standard error, a progress bar per stage (nothing of
    /// either with `quiet`), and the models' warnings in `language`, always.
    static func terminal(quiet: Bool, language: Language) -> JobProgress {
        let bar = Locked<Progress?>(nil)
        return JobProgress { event in
            switch event {
            case .work(let work):
                if !quiet { FileHandle.standardError.write(Data("work: \(work)\n".utf8)) }
            case .warning(let line):
                warn(line, language)
            case .stage(let label):
                bar.withLock { $0 = Progress(label, quiet: quiet) }
            case .advance(let done, let total):
                bar.withLock { $0?.update(done, of: total) }
            }
        }
    }
}
