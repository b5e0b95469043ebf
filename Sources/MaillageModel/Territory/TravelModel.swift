import MaillageFoundation

/// Travel time from a zone to a structure: straight-line distance × detour factor ÷ a speed that
/// depends on the zone's kind.
public struct TravelModel: Sendable, Equatable, Codable {
    /// Ratio of road to straight-line distance (dimensionless). Default 1.3, a common circuity
    /// figure for French road networks (assumption).
    public var detourFactor: Double = 1.3
    /// Door-to-door speed from rural zones, km/h. Default 60 (car on departmental roads; assumption).
    public var ruralSpeedKmh: Double = 60
    /// Door-to-door speed from urban zones, km/h. Default 22 (urban traffic and public transport;
    /// assumption).
    public var urbanSpeedKmh: Double = 22
    /// Door-to-door speed from priority neighbourhoods, km/h. Default 18: lower car ownership,
    /// so more trips by public transport (assumption).
    public var priorityNeighbourhoodSpeedKmh: Double = 18
    /// The travel time a project holder accepts to reach a structure, minutes; it defines reach
    /// and coverage. Default 30, the France Services accessibility target (MODEL.md, Sources).
    public var reachMinutes: Double = 30

    public init() {}

    /// Speed from a zone of `kind`, km/h.
    public func speedKmh(_ kind: ZoneKind) -> Double {
        switch kind {
        case .rural: ruralSpeedKmh
        case .urban: urbanSpeedKmh
        case .priorityNeighbourhood: priorityNeighbourhoodSpeedKmh
        }
    }

    /// The straight-line distance, km, that the fastest kind of zone covers in `minutes`: no
    /// point farther than this from a zone is within `minutes` of it.
    public func farthestKm(within minutes: Double) -> Double {
        minutes / 60 * (ZoneKind.allCases.map(speedKmh).max() ?? 0) / detourFactor
    }

    /// Minutes from a zone of `kind` at (x0, y0) to a point (x1, y1), coordinates in km.
    public func minutes(fromX x0: Double, y y0: Double, kind: ZoneKind, toX x1: Double, y y1: Double) -> Double {
        minutes(fromX: x0, y: y0, speedKmh: speedKmh(kind), toX: x1, y: y1)
    }

    /// Minutes from (x0, y0) to (x1, y1) at `speed` km/h, coordinates in km.
    @inline(__always)
    public func minutes(fromX x0: Double, y y0: Double, speedKmh speed: Double, toX x1: Double, y y1: Double) -> Double {
        let dx = x1 - x0, dy = y1 - y0
        return (dx * dx + dy * dy).squareRoot() * detourFactor / speed * 60
    }
}
