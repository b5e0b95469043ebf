import MaillageFoundation

/// Travel times from zones to places, in minutes: from the distance model (straight line ×
/// detour ÷ speed), or from a user's origin–destination matrix of road-network times.
public struct TravelTimes: Sendable {
    /// The distance model, and the accepted travel time (`reachMinutes`) in both cases.
    public let model: TravelModel
    /// Minutes by origin code, then destination code, when a matrix was given.
    let matrix: [String: [String: Double]]?

    public init(model: TravelModel, matrix: [String: [String: Double]]? = nil) {
        self.model = model
        self.matrix = matrix
    }

    /// Minutes a holder accepts; the reach and coverage cutoff (inclusive).
    public var reachMinutes: Double { model.reachMinutes }

    /// Minutes from `zone` to the point (x, y) km standing in the zone coded `code`.
    ///
    /// With a matrix, a pair it does not list is out of reach (+∞), except a zone to itself (0).
    public func minutes(from zone: Zone, toX x: Double, y: Double, code: String) -> Double {
        if let matrix {
            if let m = matrix[zone.code]?[code] { return m }
            return zone.code == code ? 0 : .infinity
        }
        return model.minutes(fromX: zone.x, y: zone.y, kind: zone.kind, toX: x, y: y)
    }

    /// Minutes from each zone to each place (`z × places + p`), as ``minutes(from:toX:y:code:)``
    /// gives them one by one; without a matrix, no code is read (a model's build computes
    /// zones × structures of them).
    func table(from zones: [Zone], x: [Double], y: [Double], codes: [String]) -> [Double] {
        let P = x.count
        var out = Array(repeating: 0.0, count: zones.count * P)
        guard matrix == nil else {
            for (z, zone) in zones.enumerated() {
                for p in 0..<P { out[z * P + p] = minutes(from: zone, toX: x[p], y: y[p], code: codes[p]) }
            }
            return out
        }
        for (z, zone) in zones.enumerated() {
            for p in 0..<P { out[z * P + p] = model.minutes(fromX: zone.x, y: zone.y, kind: zone.kind, toX: x[p], y: y[p]) }
        }
        return out
    }

    /// Reads an origin–destination matrix: a CSV with columns origin, destination, minutes.
    /// With `zoneCodes` nil, codes are not checked against a territory.
    public static func readMatrix(_ path: String, zoneCodes: Set<String>?) throws -> [String: [String: Double]] {
        try readMatrix(try DelimitedText(path: path, delimiter: ","), zoneCodes: zoneCodes)
    }

    /// Reads a matrix already split into rows.
    package static func readMatrix(_ table: DelimitedText, zoneCodes: Set<String>?) throws -> [String: [String: Double]] {
        let path = table.file
        let o = try table.column("origin"), d = try table.column("destination"), m = try table.column("minutes")
        var matrix: [String: [String: Double]] = [:]
        for row in table.rows {
            let origin = row.fields[o], destination = row.fields[d]
            for (code, column) in [(origin, "origin"), (destination, "destination")] where !(zoneCodes?.contains(code) ?? !code.isEmpty) {
                throw InputError(file: path, line: row.line, field: column, message: "expected a zone code of the territory, found '\(code)'")
            }
            let minutes = try table.number(row, m)
            guard (0...100_000).contains(minutes) else {
                throw InputError(file: path, line: row.line, field: "minutes", message: "expected 0 to 100,000 minutes, found \(minutes)")
            }
            if matrix[origin]?[destination] != nil {
                throw InputError(file: path, line: row.line, message: "expected each origin–destination pair once, found \(origin) → \(destination) again")
            }
            matrix[origin, default: [:]][destination] = minutes
        }
        return matrix
    }
}
