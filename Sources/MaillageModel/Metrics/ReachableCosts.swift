import MaillageFoundation

/// The zone–structure travel times that matter to coverage and to the floating-catchment indices:
/// only the pairs within a cutoff, zone by zone (compressed rows, structures in index order).
///
/// A model keeps every pair (``SimulationModel/minutes``), which grows as zones × structures: all
/// of metropolitan France by rule is 34,739 communes × 1,499 structures, 52 million pairs. Within
/// 30 minutes a commune reaches a handful of structures, so these lists hold a few hundred
/// thousand; they are found through a grid of the structures' positions (cells as wide as the
/// farthest reach), so building them is linear in the zones and in the pairs kept.
public struct ReachableCosts: Sendable, Equatable {
    /// Pairs with more minutes than this are not kept (inclusive bound).
    public let cutoffMinutes: Double
    /// Zone z's pairs are `structure[start[z] ..< start[z + 1]]` and the same range of `minutes`,
    /// structures in increasing index.
    public private(set) var start: [Int]
    public private(set) var structure: [Int32]
    public private(set) var minutes: [Double]

    /// The pairs of a dense zone-major table (`z × structures + s`) within `cutoff`, for the
    /// first `keeping` structures (all by default).
    public init(dense: [Double], structures S: Int, keeping: Int? = nil, cutoff: Double) {
        cutoffMinutes = cutoff
        let Z = S > 0 ? dense.count / S : 0, kept = min(keeping ?? S, S)
        start = [0]
        start.reserveCapacity(Z + 1)
        structure = []
        minutes = []
        for z in 0..<Z {
            for s in 0..<kept where dense[z * S + s] <= cutoff {
                structure.append(Int32(s))
                minutes.append(dense[z * S + s])
            }
            start.append(structure.count)
        }
    }

    /// The pairs within `cutoff` from each zone to each site (a structure's point and its zone's
    /// code), measured as ``TravelTimes/minutes(from:toX:y:code:)`` measures them: the same
    /// values as a dense table's, without computing the others.
    ///
    /// - Throws: ``InputError`` when more than `limit` pairs lie within the cutoff.
    public init(zones: [Zone], sites: [(x: Double, y: Double, code: String)], travel: TravelTimes, cutoff: Double,
                limit: Int = Limits.reachablePairs, file: String) throws {
        cutoffMinutes = cutoff
        start = [0]
        start.reserveCapacity(zones.count + 1)
        structure = []
        minutes = []
        func keep(_ s: Int, _ m: Double) throws {
            guard m <= cutoff else { return }
            guard structure.count < limit else {
                throw InputError(file: file, field: "structures",
                                 message: "expected at most \(limit) zone–structure pairs within \(cutoff) minutes, found more")
            }
            structure.append(Int32(s))
            minutes.append(m)
        }
        if let matrix = travel.matrix {
            // A matrix lists the pairs it knows: a zone reaches the sites of the zones its row names.
            let sitesAt = Self.sitesByCode(sites)
            var found: [Int] = []
            for zone in zones {
                found.removeAll(keepingCapacity: true)
                for (code, m) in matrix[zone.code] ?? [:] where m <= cutoff { found += sitesAt[code] ?? [] }
                if matrix[zone.code]?[zone.code] == nil { found += sitesAt[zone.code] ?? [] }
                for s in found.sorted() { try keep(s, travel.minutes(from: zone, toX: sites[s].x, y: sites[s].y, code: sites[s].code)) }
                start.append(structure.count)
            }
            return
        }
        let grid = SiteGrid(x: sites.map(\.x), y: sites.map(\.y), cellKm: travel.model.farthestKm(within: cutoff))
        var found: [Int] = []
        for zone in zones {
            found.removeAll(keepingCapacity: true)
            grid.neighbours(x: zone.x, y: zone.y, into: &found)
            found.sort()
            for s in found { try keep(s, travel.model.minutes(fromX: zone.x, y: zone.y, kind: zone.kind, toX: sites[s].x, y: sites[s].y)) }
            start.append(structure.count)
        }
    }

    /// Each zone code's sites, by index (a travel-time matrix measures to zones).
    static func sitesByCode(_ sites: [(x: Double, y: Double, code: String)]) -> [String: [Int]] {
        var at: [String: [Int]] = [:]
        for (s, site) in sites.enumerated() { at[site.code, default: []].append(s) }
        return at
    }

    /// The number of pairs kept.
    public var count: Int { structure.count }
}

/// Structures' positions bucketed in square cells, to find those near a point without looking at
/// all of them.
struct SiteGrid {
    let cellKm: Double
    let x: [Double], y: [Double]
    /// Sites by cell, cells keyed by their column and row.
    private var cells: [Cell: [Int32]] = [:]
    /// The columns and rows of the cells that hold a site (nil without sites).
    private var bounds: (column: ClosedRange<Int>, row: ClosedRange<Int>)?

    struct Cell: Hashable {
        var column: Int, row: Int
    }

    /// A grid of cells `cellKm` wide (a non-finite or non-positive width puts every site in one cell).
    init(x: [Double], y: [Double], cellKm: Double) {
        self.x = x
        self.y = y
        // Cells no narrower than a millionth of the farthest coordinate, so that a degenerate
        // reach cannot make the cell indices overflow (zones' queries lie in the same plane).
        let farthest = (x + y).reduce(0) { max($0, abs($1)) }
        let floor = max(farthest, 1e-9) * 1e-6
        self.cellKm = cellKm.isFinite && cellKm > 0 ? max(cellKm, floor) : .infinity
        for s in x.indices { cells[cell(x[s], y[s]), default: []].append(Int32(s)) }
        let columns = cells.keys.map(\.column), rows = cells.keys.map(\.row)
        if let c0 = columns.min(), let c1 = columns.max(), let r0 = rows.min(), let r1 = rows.max() { bounds = (c0...c1, r0...r1) }
    }

    /// A grid to search for the nearest of these sites (``nearestSite(x:y:minutesPerKm:include:measure:)``):
    /// cells no smaller than `reachKm` and holding about one site each, so that a search ends
    /// within a few rings, and one from far away meets the sites' cells at once.
    init(searching x: [Double], _ y: [Double], reachKm: Double) {
        let area = x.isEmpty ? 0 : (x.max()! - x.min()!) * (y.max()! - y.min()!)
        self.init(x: x, y: y, cellKm: max(reachKm, (area / Double(max(x.count, 1))).squareRoot()))
    }

    func cell(_ px: Double, _ py: Double) -> Cell {
        guard cellKm.isFinite else { return Cell(column: 0, row: 0) }
        // Clamped, so that a point far outside the sites' plane cannot overflow an index.
        func index(_ v: Double) -> Int { v.isNaN ? 0 : Int(min(max((v / cellKm).rounded(.down), -1e15), 1e15)) }
        return Cell(column: index(px), row: index(py))
    }

    /// Appends the sites of the 3 × 3 cells around (px, py): every site within `cellKm` of it
    /// (and some farther).
    func neighbours(x px: Double, y py: Double, into found: inout [Int]) {
        let c = cell(px, py)
        let span = cellKm.isFinite ? -1...1 : 0...0
        for dc in span {
            for dr in span {
                for s in cells[Cell(column: c.column + dc, row: c.row + dr)] ?? [] { found.append(Int(s)) }
            }
        }
    }

    /// The smallest of `measure(s)` over the sites `include` admits, when `measure` grows with
    /// the straight-line distance at a rate of at least `minutesPerKm` (minutes per km): rings
    /// of cells are searched outwards until no farther ring can hold a smaller value.
    func nearest(x px: Double, y py: Double, minutesPerKm: Double, include: (Int) -> Bool, measure: (Int) -> Double) -> Double {
        nearestSite(x: px, y: py, minutesPerKm: minutesPerKm, include: include, measure: measure).map(measure) ?? .infinity
    }

    /// The site of the smallest `measure(s)` (ties: the lowest index) among those `include`
    /// admits, searched as ``nearest(x:y:minutesPerKm:include:measure:)`` searches; nil when none is.
    func nearestSite(x px: Double, y py: Double, minutesPerKm: Double, include: (Int) -> Bool = { _ in true },
                     measure: (Int) -> Double) -> Int? {
        var best = Double.infinity, bestSite: Int? = nil
        func consider(_ s: Int) {
            guard include(s) else { return }
            let m = measure(s)
            if let b = bestSite, (m, s) >= (best, b) { return }
            if bestSite == nil && m.isNaN { return }
            best = m
            bestSite = s
        }
        guard cellKm.isFinite, minutesPerKm > 0, let bounds else {
            for s in x.indices { consider(s) }
            return bestSite
        }
        let c = cell(px, py)
        func visit(_ column: Int, _ row: Int) {
            for s32 in cells[Cell(column: column, row: row)] ?? [] { consider(Int(s32)) }
        }
        // Rings start where they first meet the cells that hold sites, and are clipped to them:
        // a search from far away costs no more than the cells of the sites.
        func gap(_ v: Int, _ range: ClosedRange<Int>) -> Int { v < range.lowerBound ? range.lowerBound - v : (v > range.upperBound ? v - range.upperBound : 0) }
        let first = max(gap(c.column, bounds.column), gap(c.row, bounds.row))
        let widest = max(abs(c.column - bounds.column.lowerBound), abs(c.column - bounds.column.upperBound),
                         abs(c.row - bounds.row.lowerBound), abs(c.row - bounds.row.upperBound))
        for ring in first...max(first, widest) {
            // Every site of ring k is at least (k − 1) cells away; the margin keeps a value
            // rounded just under the bound from being missed.
            if Double(ring - 1) * cellKm * minutesPerKm * (1 - 1e-9) > best { break }
            if ring == 0 {
                visit(c.column, c.row)
                continue
            }
            // The ring's top and bottom rows, then its left and right columns between them.
            let from = max(c.column - ring, bounds.column.lowerBound), to = min(c.column + ring, bounds.column.upperBound)
            if from <= to {
                for row in [c.row - ring, c.row + ring] where bounds.row.contains(row) {
                    for column in from...to { visit(column, row) }
                }
            }
            let top = max(c.row - ring + 1, bounds.row.lowerBound), bottom = min(c.row + ring - 1, bounds.row.upperBound)
            if top <= bottom {
                for column in [c.column - ring, c.column + ring] where bounds.column.contains(column) {
                    for row in top...bottom { visit(column, row) }
                }
            }
        }
        return bestSite
    }
}
