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

    func values(_ result: RunResult, _ metric: Metric) -> [Double] {
        let i = Metric.allCases.firstIndex(of: metric)!
        return result.replications.map { $0.values[i] }
    }

    /// Difference of run `k` to the reference on `metric`: (paired, unpaired).
    public func difference(_ k: Int, _ metric: Metric) -> (paired: Estimate, unpaired: Estimate) {
        let a = values(results[0], metric), b = values(results[k], metric)
        return (Difference.paired(a, b), Difference.unpaired(a, b))
    }

    /// One row per run and metric: the run's estimate, then its difference to the reference,
    /// paired and unpaired.
    public func table() -> CSVTable {
        var table = CSVTable(header: ["scenario", "metric", "mean", "ci95_low", "ci95_high", "difference", "paired_low", "paired_high",
                                      "unpaired_low", "unpaired_high", "n"])
        for (k, result) in results.enumerated() {
            for metric in Metric.allCases {
                let e = result.estimate(metric)
                let (p, u) = difference(k, metric)
                table.append([labels[k], metric.name, CSVTable.number(e.mean), CSVTable.number(e.low), CSVTable.number(e.high),
                              CSVTable.number(p.mean), CSVTable.number(p.low), CSVTable.number(p.high),
                              CSVTable.number(u.low), CSVTable.number(u.high), String(p.n)])
            }
        }
        return table
    }
}
