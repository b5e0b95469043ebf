import Foundation
import MaillageFoundation
import MaillageModel

extension ShapleyDecomposition {
    /// Gathers the inter-ecosystem rows replication by replication: for each effect of
    /// ``interMetrics``, each lever's Shapley share of v(S) − v₀(S) (v₀ the coalition's world
    /// without ESS structures), the total and the interaction; for jobs, each lever's
    /// complementarity and substitution (its marginal contributions to that part split by sign,
    /// with the same weights). Values are kept, or summarised as they come (`summarise`).
    struct InterRows {
        let levers: [String]
        /// Row names, in output order, and each row's values (or running statistics).
        private(set) var names: [(lever: String, name: String)] = []
        private var kept: [[Double]] = []
        private var running: [RunningEstimate] = []
        let summarise: Bool

        init(levers: [String], summarise: Bool) throws {
            self.levers = levers
            self.summarise = summarise
            for (_, name) in ShapleyDecomposition.interMetrics {
                for lever in levers + [ShapleyDecomposition.total, ShapleyDecomposition.interaction] { names.append((lever, name)) }
            }
            for name in [ShapleyDecomposition.complementarity, ShapleyDecomposition.substitution] {
                for lever in levers + [ShapleyDecomposition.total] { names.append((lever, name)) }
            }
            kept = Array(repeating: [], count: names.count)
            running = summarise ? try names.map { _ in try RunningEstimate() } : []
        }

        /// Adds one replication from its coalitions' values (the metrics of
        /// ``ShapleyDecomposition/metrics``) with ESS structures (`with`) and without (`without`).
        /// `orders` are the sampled orders, nil when every coalition ran.
        mutating func add(with: [Int: [Double]], without: [Int: [Double]], orders: [[Int]]?) {
            let L = levers.count
            var part: [Int: [Double]] = [:]
            for (mask, v) in with {
                guard let v0 = without[mask] else { continue }
                part[mask] = ShapleyDecomposition.interMetrics.map { v[$0.k] - v0[$0.k] }
            }
            let (shares, total) = ShapleyDecomposition.shares(part, levers: L, orders: orders)
            let (more, less) = InterRows.split(part, levers: L, orders: orders)
            var row = 0
            func put(_ x: Double) {
                if summarise { running[row].add(x) } else { kept[row].append(x) }
                row += 1
            }
            for m in ShapleyDecomposition.interMetrics.indices {
                for i in 0..<L { put(shares[i][m]) }
                put(total[m])
                // The bundle's part minus each lever's part alone.
                let alone = (0..<L).reduce(0.0) { $0 + (part[1 << $1]![m] - part[0]![m]) }
                put(total[m] - alone)
            }
            for i in 0..<L { put(more[i]) }
            put(more.reduce(0, +))
            for i in 0..<L { put(less[i]) }
            put(less.reduce(0, +))
        }

        /// Each lever's weighted marginal contributions to the jobs part (the first value), the
        /// positive ones and the negative ones apart, with the weights ``ShapleyDecomposition/shares(_:levers:orders:)``
        /// gives them.
        static func split(_ part: [Int: [Double]], levers L: Int, orders: [[Int]]?) -> (more: [Double], less: [Double]) {
            var more = Array(repeating: 0.0, count: L), less = more
            ShapleyDecomposition.forEachMarginal(levers: L, orders: orders) { i, weight, with, without in
                let d = part[with]![0] - part[without]![0]
                if d > 0 { more[i] += weight * d } else { less[i] += weight * d }
            }
            return (more, less)
        }

        func rows() -> [InterEcosystemRow] {
            names.indices.map { r in
                InterEcosystemRow(lever: names[r].lever, name: names[r].name,
                                  estimate: summarise ? running[r].estimate : Estimate(values: kept[r]), values: summarise ? [] : kept[r])
            }
        }
    }
}
