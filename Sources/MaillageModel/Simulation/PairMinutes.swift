import MaillageFoundation

/// The minutes from each zone of a model to each of its structures.
///
/// A model of at most ``Limits/zoneStructurePairs`` pairs keeps them all in one zone-major table
/// (`z × S + s`). A larger one (a région, all of France, structures that grow with the zones)
/// keeps none: it computes a pair's minutes from the distance model when asked, and finds the
/// pairs within a cutoff through a grid of the structures' positions, so that its memory and its
/// build grow with the zones and with the pairs in reach, not with their product. Both give the
/// same values, those of ``TravelTimes/minutes(from:toX:y:code:)``: a model gives the same
/// replications whichever it keeps.
package struct PairMinutes: Sendable {
    let zones: [Zone]
    let siteX: [Double], siteY: [Double], siteCodes: [String]
    let travel: TravelTimes
    /// Every pair, zone-major; empty when the model computes them on demand.
    let dense: [Double]
    package var isDense: Bool { !dense.isEmpty || zones.isEmpty || siteX.isEmpty }
    var structures: Int { siteX.count }

    /// - Throws: ``InputError`` (naming `file`) when the pairs outnumber the limit and the times
    ///   come from a matrix (only the distance model computes a pair on demand).
    init(zones: [Zone], structures: [SupportStructure], travel: TravelTimes, layout: SimulationModel.PairLayout, file: String) throws {
        self.zones = zones
        self.travel = travel
        siteX = structures.map(\.x)
        siteY = structures.map(\.y)
        siteCodes = structures.map(\.zoneCode)
        let pairs = zones.count * structures.count
        let keepAll = switch layout {
        case .automatic: pairs <= Limits.zoneStructurePairs
        case .table: true
        case .onDemand: false
        }
        if keepAll || pairs == 0 {
            dense = travel.table(from: zones, x: siteX, y: siteY, codes: siteCodes)
        } else {
            guard travel.matrix == nil else {
                throw InputError(file: file, field: "structures",
                                 message: "expected at most \(Limits.zoneStructurePairs) zone–structure pairs with a travel-time matrix, found \(zones.count) zones × \(structures.count) structures = \(pairs) (without a matrix, a model this large computes its travel times as it needs them)")
            }
            dense = []
        }
    }

    /// Minutes from zone `z` to structure `s`.
    @inline(__always)
    package subscript(z: Int, s: Int) -> Double {
        if !dense.isEmpty { return dense[z * siteX.count + s] }
        let zone = zones[z]
        return travel.model.minutes(fromX: zone.x, y: zone.y, kind: zone.kind, toX: siteX[s], y: siteY[s])
    }

    /// Per zone, the structures within `cutoff` minutes (inclusive), nearest first and ties by
    /// index: zone z's are `order[start[z] ..< start[z + 1]]`.
    /// - Throws: ``InputError`` (naming `file`) when more than ``Limits/reachablePairs`` pairs
    ///   lie within the cutoff of a model that computes its pairs on demand.
    func within(_ cutoff: Double, file: String) throws -> (order: [Int32], start: [Int]) {
        let S = structures
        var order: [Int32] = [], start = [0]
        start.reserveCapacity(zones.count + 1)
        var sorting: [Int] = []
        if isDense {
            for z in zones.indices {
                let base = z * S
                sorting.removeAll(keepingCapacity: true)
                for s in 0..<S where dense[base + s] <= cutoff { sorting.append(s) }
                sorting.sort { (dense[base + $0], $0) < (dense[base + $1], $1) }
                for s in sorting { order.append(Int32(s)) }
                start.append(order.count)
            }
            return (order, start)
        }
        let costs = try ReachableCosts(zones: zones, sites: siteX.indices.map { (x: siteX[$0], y: siteY[$0], code: siteCodes[$0]) },
                                       travel: travel, cutoff: cutoff, file: file)
        for z in zones.indices {
            let range = costs.start[z] ..< costs.start[z + 1]
            let listed = range.sorted { (costs.minutes[$0], costs.structure[$0]) < (costs.minutes[$1], costs.structure[$1]) }
            for k in listed { order.append(costs.structure[k]) }
            start.append(order.count)
        }
        return (order, start)
    }

    /// Finds, for zones one by one, the nearest of a fixed set of structures (smallest minutes,
    /// ties by index).
    struct Nearest {
        let pairs: PairMinutes
        let among: [Int]
        let grid: SiteGrid?

        /// The nearest of `among` to zone `z`, or nil when `among` is empty.
        func callAsFunction(_ z: Int) -> Int? {
            guard let grid else {
                return among.min { (pairs[z, $0], $0) < (pairs[z, $1], $1) }
            }
            let zone = pairs.zones[z]
            let perKm = pairs.travel.model.detourFactor / pairs.travel.model.speedKmh(zone.kind) * 60
            return grid.nearestSite(x: zone.x, y: zone.y, minutesPerKm: perKm) { pairs[z, among[$0]] }.map { among[$0] }
        }
    }

    /// A search for the nearest of `among` (structure indices): a scan of them when the pairs are
    /// kept, a grid search outwards from the zone otherwise.
    func nearest(among: [Int]) -> Nearest {
        guard !isDense, !among.isEmpty else { return Nearest(pairs: self, among: among, grid: nil) }
        return Nearest(pairs: self, among: among, grid: SiteGrid(searching: among.map { siteX[$0] }, among.map { siteY[$0] },
                                                                 reachKm: travel.model.farthestKm(within: travel.reachMinutes)))
    }
}
