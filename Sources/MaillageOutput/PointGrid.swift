import Foundation

/// Points bucketed into a grid of equal squares, about one point per square, for visiting a
/// point's neighbours nearest first (``ZoneLayer/voronoi(_:)``).
struct PointGrid {
    let minX: Double, minY: Double
    /// A square's side.
    let size: Double
    let columns: Int, rows: Int
    /// The points of square `row × columns + column` are `members[start[k] ..< start[k + 1]]`.
    private let start: [Int]
    private let members: [Int]

    /// A grid over the rectangle `x` × `y`, which holds every point.
    init(_ points: [(x: Double, y: Double)], x: (low: Double, high: Double), y: (low: Double, high: Double)) {
        let width = max(x.high - x.low, .leastNormalMagnitude), height = max(y.high - y.low, .leastNormalMagnitude)
        let n = max(points.count, 1)
        var side = (width * height / Double(n)).squareRoot()
        if !(side > 0) || !side.isFinite { side = max(width, height) }
        // At most about four squares a point, whatever the rectangle's shape.
        let cap = 4 * n + 16
        while (width / side).rounded(.up) * (height / side).rounded(.up) > Double(cap) { side *= 1.5 }
        size = side
        minX = x.low
        minY = y.low
        columns = max(1, Int((width / side).rounded(.up)))
        rows = max(1, Int((height / side).rounded(.up)))
        var count = Array(repeating: 0, count: columns * rows + 1)
        var squareOf: [Int] = []
        squareOf.reserveCapacity(points.count)
        for p in points {
            let (c, r) = Self.square(p, minX: x.low, minY: y.low, size: side, columns: columns, rows: rows)
            squareOf.append(r * columns + c)
            count[r * columns + c + 1] += 1
        }
        for k in 1..<count.count { count[k] += count[k - 1] }
        var fill = count
        var members = Array(repeating: 0, count: points.count)
        for (i, k) in squareOf.enumerated() {
            members[fill[k]] = i
            fill[k] += 1
        }
        start = count
        self.members = members
    }

    private static func square(_ p: (x: Double, y: Double), minX: Double, minY: Double, size: Double, columns: Int, rows: Int) -> (Int, Int) {
        let c = Int(((p.x - minX) / size).rounded(.down)), r = Int(((p.y - minY) / size).rounded(.down))
        return (min(max(c, 0), columns - 1), min(max(r, 0), rows - 1))
    }

    /// The square (column, row) that holds `p`.
    func square(_ p: (x: Double, y: Double)) -> (column: Int, row: Int) {
        Self.square(p, minX: minX, minY: minY, size: size, columns: columns, rows: rows)
    }

    /// Calls `body` with every point of the squares at Chebyshev distance `ring` from the square
    /// (`column`, `row`): the square itself for ring 0.
    func forEachInRing(_ ring: Int, aroundColumn column: Int, row: Int, _ body: (Int) -> Void) {
        func visit(_ c: Int, _ r: Int) {
            guard c >= 0, c < columns, r >= 0, r < rows else { return }
            let k = r * columns + c
            for m in start[k] ..< start[k + 1] { body(members[m]) }
        }
        guard ring > 0 else { return visit(column, row) }
        for c in (column - ring)...(column + ring) {
            visit(c, row - ring)
            visit(c, row + ring)
        }
        for r in (row - ring + 1)..<(row + ring) {
            visit(column - ring, r)
            visit(column + ring, r)
        }
    }
}
