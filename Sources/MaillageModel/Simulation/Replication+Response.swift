import Foundation
import MaillageFoundation

/// How the ecosystem responds within a replication (MODEL.md 7.5 and 7.2): choices that turn
/// from full queues to structures with room, structures whose capacity follows a long queue, and
/// candidate structures that open where their family's demand stays unmet. Each is off at its
/// neutral setting (room awareness, elasticity and entry rate 0), and draws only from the
/// adaptive stream, so that the other streams are those of a model without them.
extension Replication {
    /// Whether structure `s` has room: a free slot this month, or fewer queued than a month of
    /// its capacity.
    @inline(__always)
    func hasRoom(_ s: Int, month: Int) -> Bool {
        available[s] > 0 || Double(queue[s].count - queueFront[s]) < t.monthlyCapacity[phase(month) * S + s] * (1 + boost[s])
    }

    /// The nearest structure in reach of zone `z` fitting need `need` (type × stages + stage)
    /// that has room, if any.
    func nearestFittingWithRoom(zone z: Int, need: Int, month: Int) -> Int? {
        let i = epoch(month) * Z * SimulationModel.needs + z * SimulationModel.needs + need
        guard t.fittingDraw[i].count > 0 else { return nil }
        for k in t.fittingStart[i] ..< t.fittingStart[i + 1] {
            let s = Int(t.fittingStructure[k])
            if hasRoom(s, month: month) { return s }
        }
        return nil
    }

    /// A chosen fitting structure, or, when its queue is full and the chooser sees it (with
    /// chance room awareness × `information`), the nearest fitting one in reach with room.
    mutating func avoidingFullQueues(_ chosen: Int, zone z: Int, need: Int, month: Int, information: Double) -> Int {
        guard c.roomAwareness > 0, !hasRoom(chosen, month: month), adaptive.uniform() < c.roomAwareness * information else { return chosen }
        return nearestFittingWithRoom(zone: z, need: need, month: month) ?? chosen
    }

    /// A permanence at capacity refers a holder it cannot take in, with chance
    /// `permanence_overflow`, to the nearest fitting structure with room (not another
    /// permanence): in the holder's reach if one is, else in town, however far (a permanence's
    /// staff belong to the town's networks, and know them). The holder travels there as a
    /// referred holder does. True when it was referred.
    mutating func referOverflow(_ h: Int, from s: Int, month: Int) -> Bool {
        guard c.permanenceOverflow > 0, t.isPermanence[s], available[s] == 0,
              c.permanenceOverflow >= 1 || adaptive.uniform() < c.permanenceOverflow else { return false }
        let need = Int(holders[h].type) * SimulationModel.stages + Int(holders[h].stage)
        let z = Int(holders[h].zone), e = epoch(month), p = phase(month) * needsByStructure + need * S
        var best = -1, bestMinutes = Double.infinity
        for target in 0..<S where target != s && !t.isPermanence[target] && t.open[e * S + target] && t.fits[p + target] {
            guard hasRoom(target, month: month) else { continue }
            let m = t.minutes(z, target)
            if best < 0 || m < bestMinutes { (best, bestMinutes) = (target, m) }
        }
        guard best >= 0 else { return false }
        if inHorizon(month) { counts.referred += 1 }
        travel(h, to: best, zone: z, month: month, uWarm: 1, uArrival: adaptive.uniform(), knowledge: 1)
        return true
    }

    /// Moves structure `s`'s capacity boost a sixth of the way to what its queue calls for:
    /// elasticity × (queue ÷ a month's capacity − 1), at most the growth limit.
    @inline(__always)
    mutating func adaptCapacity(_ s: Int, monthly: Double) {
        let waiting = Double(queue[s].count - queueFront[s])
        let wanted = monthly > 0 ? min(c.capacityGrowthLimit, c.capacityElasticity * max(0, waiting / monthly - 1)) : 0
        boost[s] += (wanted - boost[s]) / 6
    }

    /// Notes a holder of zone `z` left without a fitting structure in reach for `need`: unmet
    /// demand for each closed candidate within reach of `z` whose family fits it.
    @inline(__always)
    mutating func noteUnmet(zone z: Int, need: Int, month: Int) {
        guard t.candidates > 0 else { return }
        var mask = Int(t.candidateServes[z * SimulationModel.needs + need]) & ~entrants
        let slot = month % 12
        while mask != 0 {
            let k = mask.trailingZeroBitCount
            unmet[k * 12 + slot] += 1
            unmetYear[k] += 1
            mask &= mask - 1
        }
    }

    /// At the start of a month of the horizon, each closed candidate whose unmet demand over the
    /// past twelve months reached the threshold opens with the entry rate's chance (demand is
    /// counted from the warm-up on: the territory starts the horizon with the structures its
    /// scenario lists); the month's slot of the count is then emptied for the year ahead.
    mutating func openEntrants(_ month: Int) {
        let slot = month % 12
        let horizon = inHorizon(month)
        for k in 0..<t.candidates where entrants & (1 << k) == 0 {
            if horizon, c.entryRate > 0, Double(unmetYear[k]) >= c.entryThreshold, adaptive.uniform() < c.entryRate {
                entrants |= 1 << k
            }
            unmetYear[k] -= unmet[k * 12 + slot]
            unmet[k * 12 + slot] = 0
        }
    }
}
