import MaillageFoundation
import MaillageModel

/// Several runs on common random numbers, each metric's difference to the first run with a
/// paired and an unpaired 95% interval.
public struct Comparison: Sendable {
    /// The runs, the first being the reference.
    public var labels: [String]
    public var results: [RunResult]

    public init(labels: [String], results: [RunResult]) {
        precondition(labels.count == results.count && !results.isEmpty)
        self.labels = labels
        self.results = results
    }

    /// Difference of run `k` to the reference on `metric`: (paired, unpaired).
    public func difference(_ k: Int, _ metric: Metric) -> (paired: Estimate, unpaired: Estimate) {
        let a = results[0].values(metric), b = results[k].values(metric)
        return (Difference.paired(a, b), Difference.unpaired(a, b))
    }
}
