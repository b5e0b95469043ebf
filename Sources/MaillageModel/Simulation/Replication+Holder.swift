import Foundation
import MaillageFoundation

extension Replication {
    // MARK: One holder

    mutating func allocate() -> Int {
        if freeCount > 0 {
            freeCount -= 1
            return Int(free[freeCount])
        }
        let h = store.append()
        holders = store.base
        free = store.free
        return h
    }

    /// A new holder's own numbers, drawn at its arrival from the population stream in this order:
    /// the stages it will need, whether it has a job, its first contact's (legibility, intake,
    /// contact, referral, target, warm hand-off, arrival), then its firm's (creation, legal form,
    /// survival, jobs).
    struct HolderNumbers {
        var last, jobless, legibility, intake, contact, referral, target, warm, arrival, create, form, survive, jobs: Double
    }

    /// The next holder's thirteen numbers from the population stream.
    @inline(__always)
    func drawNumbers() -> HolderNumbers {
        let last = population.uniform(), jobless = population.uniform(), legibility = population.uniform()
        let intake = population.uniform(), contact = population.uniform(), referral = population.uniform()
        let target = population.uniform(), warm = population.uniform(), arrival = population.uniform()
        let create = population.uniform(), form = population.uniform(), survive = population.uniform(), jobs = population.uniform()
        return HolderNumbers(last: last, jobless: jobless, legibility: legibility, intake: intake, contact: contact, referral: referral,
                             target: target, warm: warm, arrival: arrival, create: create, form: form, survive: survive, jobs: jobs)
    }

    /// A new holder: its slot, and its record written with its own numbers, with the stages it
    /// will need.
    @inline(__always)
    mutating func newHolder(zone z: Int, type: Int, stage: Int, month: Int, _ u: HolderNumbers) -> (h: Int, flags: UInt8) {
        let h = allocate()
        // The last stage it will need: each supported stage leads to the next with its chance.
        var last = stage
        var chance = 1.0
        while last < 3 {
            chance *= c.continueAfter[last]
            guard u.last < chance else { break }
            last += 1
        }
        let flags = (u.jobless < t.joblessShare[z] ? Self.jobless : 0) | (stage == 3 ? Self.existingFirm : 0)
            | (inHorizon(month) ? Self.counted : 0)
        holders[h] = Holder(zone: Int32(z), structure: -1, next: -1, created: stage == 3 ? Int32(month) : -1,
                            type: UInt8(type), stage: UInt8(stage), last: UInt8(last), flags: flags,
                            more: t.newlyReached[z] ? Self.newlyReached : 0,
                            uCreate: u.create, uForm: u.form, uSurvive: u.survive, uJobs: u.jobs)
        return (h, flags)
    }

    /// A new holder: its needs and chances, then its first contact.
    mutating func arrive(zone z: Int, type: Int, stage: Int, month: Int, _ u: HolderNumbers) {
        let (h, flags) = newHolder(zone: z, type: type, stage: stage, month: month, u)
        let uJobless = u.jobless, uLegibility = u.legibility, uIntake = u.intake, uContact = u.contact
        let uReferral = u.referral, uTarget = u.target, uWarm = u.warm, uArrival = u.arrival
        let counted = inHorizon(month)
        counts.journeys += 1
        if counted {
            counts.holders += 1
            counts.stageReached[stage] += 1
            if t.hasDensityLevels { counts.byDensityLevel.holders[Int(t.densityLevel[z])] += 1 }
        }

        let needOfType = type * SimulationModel.stages + stage
        var legibility = t.legibility[month * Z + z]
        if flags & Self.jobless != 0 { legibility *= c.joblessLegibility }
        // In a priority neighbourhood, most holders without a job turn only to their neighbourhood.
        if t.isPriority[z] && flags & Self.jobless != 0 && uJobless < t.joblessShare[z] * c.localContactShare {
            contactLocally(h, zone: z, need: needOfType, month: month, legibility: legibility, uLegibility: uLegibility, uContact: uContact,
                           uReferral: uReferral, uTarget: uTarget, uWarm: uWarm, uArrival: uArrival, counted: counted)
            return
        }
        let e = epoch(month)
        let first = t.reachStart[e * (Z + 1) + z], end = t.reachStart[e * (Z + 1) + z + 1]
        let intake = t.intakeInReach[e * Z + z]
        // Intake points are known and trusted as far as their partners know each other.
        let intakeTrust = intake >= 0 ? (1 - c.knowledgeDependence) + c.knowledgeDependence * t.meanCrossKnowledge[month] : 0
        let contactDraw = t.contactDraw[e * Z + z]
        guard first < end, contactDraw.count > 0 else {
            noteUnmet(zone: z, need: needOfType, month: month)
            if intake >= 0 && uIntake < intakeTrust {
                // Only an intake point is in reach.
                contactIntake(h, intake: Int(intake), zone: z, month: month, uReferral: uReferral, uTarget: uTarget, uWarm: uWarm,
                              uArrival: uArrival, counted: counted)
            } else {
                if counted {
                    counts.uncovered += 1
                    if t.hasDensityLevels { counts.byDensityLevel.uncovered[Int(t.densityLevel[z])] += 1 }
                }
                lose(h, month: month)
            }
            return
        }
        if counted { counts.contacts += 1 }
        let needIndex = e * Z * SimulationModel.needs + z * SimulationModel.needs + needOfType
        let fitting = t.fittingDraw[needIndex]
        if fitting.count == 0 { noteUnmet(zone: z, need: needOfType, month: month) }
        var contact: Int
        if fitting.count > 0, uLegibility < legibility {
            contact = t.draw(fitting, uContact)
            contact = avoidingFullQueues(contact, zone: z, need: needOfType, month: month, information: legibility)
        } else if intake >= 0, uIntake < c.intakeShare * intakeTrust, available[Int(intake)] > 0 {
            if counted { counts.contacts -= 1 }
            contactIntake(h, intake: Int(intake), zone: z, month: month, uReferral: uReferral, uTarget: uTarget, uWarm: uWarm,
                          uArrival: uArrival, counted: counted)
            return
        } else {
            contact = t.draw(contactDraw, uContact)
        }
        firstContact(h, at: contact, zone: z, type: type, stage: stage, month: month, uReferral: uReferral, uTarget: uTarget, uWarm: uWarm,
                     uArrival: uArrival, counted: counted)
    }

    /// A first contact at structure `s`: taken in when it fits, else oriented onward.
    mutating func firstContact(_ h: Int, at s: Int, zone z: Int, type: Int, stage: Int, month: Int, uReferral: Double, uTarget: Double,
                               uWarm: Double, uArrival: Double, counted: Bool) {
        if t.fits[phase(month) * needsByStructure + (type * SimulationModel.stages + stage) * S + s] {
            if counted { counts.fittingFirstContacts += 1 }
            present(h, at: s, month: month)
            return
        }
        // A misfit orients the holder onward, well or badly.
        orient(h, from: s, zone: z, type: type, stage: stage, month: month, uReferral: uReferral, uTarget: uTarget,
               uWarm: uWarm, uArrival: uArrival, counted: counted)
    }

    /// A holder of a priority neighbourhood who turns only to its neighbourhood: a structure
    /// within local reach (a permanence held there included), a fitting one when it knows which
    /// (legibility), else any; nobody there leaves it unreached.
    mutating func contactLocally(_ h: Int, zone z: Int, need: Int, month: Int, legibility: Double, uLegibility: Double, uContact: Double,
                                 uReferral: Double, uTarget: Double, uWarm: Double, uArrival: Double, counted: Bool) {
        let e = epoch(month)
        let first = t.localStart[e * (Z + 1) + z], end = t.localStart[e * (Z + 1) + z + 1]
        guard first < end else {
            noteUnmet(zone: z, need: need, month: month)
            if counted {
                counts.uncovered += 1
                if t.hasDensityLevels { counts.byDensityLevel.uncovered[Int(t.densityLevel[z])] += 1 }
            }
            lose(h, month: month)
            return
        }
        let p = phase(month) * needsByStructure + need * S
        var fitting = 0
        for k in first..<end where t.fits[p + Int(t.localStructure[k])] { fitting += 1 }
        var contact = Int(t.localStructure[first + min(Int(uContact * Double(end - first)), end - first - 1)])
        if fitting > 0 && uLegibility < legibility {
            var pick = min(Int(uContact * Double(fitting)), fitting - 1)
            for k in first..<end where t.fits[p + Int(t.localStructure[k])] {
                if pick == 0 { contact = Int(t.localStructure[k]); break }
                pick -= 1
            }
        }
        if counted { counts.contacts += 1 }
        firstContact(h, at: contact, zone: z, type: need / SimulationModel.stages, stage: need % SimulationModel.stages, month: month,
                     uReferral: uReferral, uTarget: uTarget, uWarm: uWarm, uArrival: uArrival, counted: counted)
    }

    /// A holder's first contact is a shared intake point: it diagnoses the project and orients the
    /// holder to a fitting structure, knowing both ecosystems.
    mutating func contactIntake(_ h: Int, intake: Int, zone z: Int, month: Int, uReferral: Double, uTarget: Double,
                                        uWarm: Double, uArrival: Double, counted: Bool) {
        guard available[intake] > 0 else {
            lose(h, month: month)
            return
        }
        available[intake] -= 1
        if counted {
            counts.contacts += 1
            counts.intakeContacts += 1
            counts.fittingFirstContacts += 1
            counts.referred += 1
        }
        let type = Int(holders[h].type), stage = Int(holders[h].stage)
        if var target = target(zone: z, type: type, stage: stage, month: month, uniform: uTarget), uReferral < c.intakeOrientation {
            let known = t.meanCrossKnowledge[month]
            target = avoidingFullQueues(target, zone: z, need: type * SimulationModel.stages + stage, month: month, information: known)
            travel(h, to: target, zone: z, month: month, uWarm: uWarm, uArrival: uArrival, knowledge: known)
            return
        }
        // No fitting structure, or the diagnosis went wrong: the intake point still places the
        // holder, at a structure in reach that supports its project at this stage (fitting or
        // not), one with room first, the nearest first.
        guard let s = placement(zone: z, type: type, stage: stage, month: month) else {
            lose(h, month: month)
            return
        }
        present(h, at: s, month: month)
    }

    /// The structure in reach of zone `z` an intake point places a holder at when it cannot orient
    /// it: the nearest that supports the project at the stage (fitting, or as a misfit) and has
    /// room (a free slot, or a queue shorter than a month of its capacity), else the nearest that
    /// supports it; nil when none in reach does.
    func placement(zone z: Int, type: Int, stage: Int, month: Int) -> Int? {
        let e = epoch(month), p = phase(month) * needsByStructure, need = (type * SimulationModel.stages + stage) * S
        var nearest: Int?
        for k in t.reachStart[e * (Z + 1) + z] ..< t.reachStart[e * (Z + 1) + z + 1] {
            let s = Int(t.reachStructure[k])
            guard t.fits[p + need + s] || t.supportsAsMisfit[p + need + s] else { continue }
            if hasRoom(s, month: month) { return s }
            if nearest == nil { nearest = s }
        }
        return nearest
    }

    /// The structure a correct orientation sends a holder to: a fitting one in reach, drawn as a
    /// holder who knew would choose, or else the nearest fitting one anywhere (unmet demand in
    /// reach); nil when none exists.
    mutating func target(zone z: Int, type: Int, stage: Int, month: Int, uniform: Double) -> Int? {
        let e = epoch(month)
        let needIndex = e * Z * SimulationModel.needs + z * SimulationModel.needs + type * SimulationModel.stages + stage
        let fitting = t.fittingDraw[needIndex]
        if fitting.count > 0 { return t.draw(fitting, uniform) }
        noteUnmet(zone: z, need: type * SimulationModel.stages + stage, month: month)
        let s = t.referralTarget[needIndex]
        return s >= 0 ? Int(s) : nil
    }

    /// A structure that does not fit the holder's need orients it: to a fitting structure with a
    /// chance that depends on whether it knows the right ecosystem (its own), how well it knows
    /// the target (across ecosystems) and its ESS awareness; a classic structure failing to orient
    /// an ESS or social-utility project may support it itself.
    mutating func orient(_ h: Int, from s: Int, zone z: Int, type: Int, stage: Int, month: Int, uReferral: Double,
                                 uTarget: Double, uWarm: Double, uArrival: Double, counted: Bool) {
        if counted { counts.referred += 1 }
        let ph = phase(month)
        let canKeep = t.supportsAsMisfit[ph * needsByStructure + (type * SimulationModel.stages + stage) * S + s]
        guard var target = target(zone: z, type: type, stage: stage, month: month, uniform: uTarget) else {
            keepOrLose(h, at: s, canKeep: canKeep, month: month)
            return
        }
        // A referring structure sees a full queue as far as it knows the target.
        if c.roomAwareness > 0 {
            target = avoidingFullQueues(target, zone: z, need: type * SimulationModel.stages + stage, month: month,
                                        information: crosses(s, target) ? t.knowledge(s, target, month: month, c) : 1)
        }
        // A structure that handles such projects knows where its own ecosystem sends them; to the
        // other ecosystem, and from a structure that does not handle them, the referral rests on
        // its knowledge of the target (and, for an ESS project at a classic structure, its ESS
        // awareness).
        let crossing = crosses(s, target)
        let p: Double
        var known = 1.0
        if t.handles[ph * typesByStructure + type * S + s] && !crossing {
            p = c.referralWithin
        } else {
            let k = t.knowledge(s, target, month: month, c)
            if crossing { known = k }
            let awarenessFactor = type != 0 && t.side[s] == 0 ? 1 - t.awareness[ph * S + s] : 1
            p = 1 - (1 - c.referralBase) * (1 - k) * awarenessFactor
        }
        guard uReferral < p else {
            keepOrLose(h, at: s, canKeep: canKeep, month: month)
            return
        }
        travel(h, to: target, zone: z, month: month, uWarm: uWarm, uArrival: uArrival, knowledge: known)
    }

    /// Whether a referral from `s` to `target` crosses from one ecosystem's network to the other's
    /// (permanences and intake points belong to both).
    @inline(__always)
    func crosses(_ s: Int, _ target: Int) -> Bool { t.side[s] >= 0 && t.side[target] >= 0 && t.side[s] != t.side[target] }

    /// After a failed orientation: a classic structure may support the ESS or social-utility
    /// project itself (the misfit penalty then applies), else the holder is lost.
    mutating func keepOrLose(_ h: Int, at s: Int, canKeep: Bool, month: Int) {
        if canKeep && behaviour.uniform() < c.misfitSupport {
            present(h, at: s, month: month)
        } else {
            lose(h, month: month)
        }
    }

    /// A correctly oriented holder travels to the target: a warm hand-off, which takes the
    /// structures involved knowing each other (its share is scaled by `knowledge`, 1 within an
    /// ecosystem, as far as cooperation rests on knowledge), closes part of the arrival shortfall
    /// and brings it at once; otherwise it arrives after the referral delay, if at all.
    mutating func travel(_ h: Int, to target: Int, zone z: Int, month: Int, uWarm: Double, uArrival: Double, knowledge: Double) {
        holders[h].flags |= Self.referredNow
        let arrival = t.arrivalChance(z, target)
        if uWarm < c.warmHandoffs * ((1 - c.knowledgeDependence) + c.knowledgeDependence * knowledge) && month >= c.policyStart {
            if uArrival < arrival + (1 - arrival) * c.warmEffect { present(h, at: target, month: month) } else { lose(h, month: month) }
        } else if uArrival >= arrival {
            lose(h, month: month)
        } else if pending.count == 1 {
            present(h, at: target, month: month)
        } else {
            holders[h].structure = Int32(target)
            let due = (month + pending.count - 1) % pending.count
            holders[h].next = pending[due]
            pending[due] = Int32(h)
        }
    }

    /// A holder presents itself at a structure: taken in if a slot is free, else queued.
    mutating func present(_ h: Int, at s: Int, month: Int) {
        if inHorizon(month) {
            counts.intakes += 1
            if holders[h].more & Self.presented == 0 {
                counts.presentedHolders += 1
                if holders[h].more & Self.newlyReached != 0 { counts.presentedNewlyReached += 1 }
            }
        }
        holders[h].more |= Self.presented
        guard t.open[epoch(month) * S + s] else {
            lose(h, month: month)
            return
        }
        if available[s] > 0 {
            available[s] -= 1
            startSupport(h, at: s, month: month)
        } else if !referOverflow(h, from: s, month: month) {
            holders[h].structure = Int32(s)
            queue[s].append(Int32(h) << 1 | (holders[h].flags & Self.jobless != 0 ? 1 : 0))
            queued += 1
        }
    }

    mutating func startSupport(_ h: Int, at s: Int, month: Int) {
        let stage = Int(holders[h].stage)
        if inHorizon(month) {
            counts.supports += 1
            counts.stageSupported[stage] += 1
            if holders[h].flags & Self.referredNow != 0 { counts.successfulReferrals += 1 }
        }
        holders[h].flags &= ~Self.referredNow
        holders[h].more |= t.side[s] == 0 ? Self.supportedClassic : t.side[s] == 1 ? Self.supportedESS : 0
        holders[h].structure = Int32(s)
        let slot = (month + c.supportMonths[stage]) % finishing.count
        holders[h].next = finishing[slot]
        finishing[slot] = Int32(h)
    }

    /// A support ends: its effects are added; the holder goes on to the next stage it needs, at
    /// the same structure when it serves it, else oriented by it; or its path ends.
    mutating func finish(_ h: Int, month: Int) {
        let s = Int(holders[h].structure), stage = Int(holders[h].stage), type = Int(holders[h].type)
        if holders[h].more & Self.followed != 0 {
            let i = (type * SimulationModel.stages + stage) * S + s
            holders[h].logC += t.followedCreation[i]
            holders[h].logH += t.followedHazard[i]
            holders[h].logJ += t.followedJobs[i]
            holders[h].more &= ~Self.followed
        } else {
            let i = phase(month) * needsByStructure + (type * SimulationModel.stages + stage) * S + s
            holders[h].logC += t.creationEffect[i]
            holders[h].logH += t.hazardEffect[i]
            holders[h].logJ += t.jobsEffect[i]
        }
        holders[h].flags |= Self.supportedAny
        guard stage < Int(holders[h].last) else {
            endPath(h, month: month)
            return
        }
        let next = stage + 1
        // Past the pre-creation stages the project becomes a firm, or stops.
        if next == 3 && holders[h].flags & Self.existingFirm == 0 {
            decideCreation(h, month: month)
            guard holders[h].created >= 0 else {
                endPath(h, month: month)
                return
            }
        }
        holders[h].stage = UInt8(next)
        if inHorizon(month) { counts.stageReached[next] += 1 }
        if t.fits[phase(month) * needsByStructure + (type * SimulationModel.stages + next) * S + s] && t.open[epoch(month) * S + s] {
            present(h, at: s, month: month)
            return
        }
        let z = Int(holders[h].zone)
        if pathwayCredit >= 1 && t.isPartner[s], let partner = pathwayPartner(from: s, zone: z, need: type * SimulationModel.stages + next, month: month) {
            // A shared pathway follows the holder to a partner of the other ecosystem.
            pathwayCredit -= 1
            if inHorizon(month) { counts.followedAcross += 1 }
            holders[h].more |= Self.followed
            present(h, at: partner, month: month)
            return
        }
        orient(h, from: s, zone: z, type: type, stage: next, month: month, uReferral: behaviour.uniform(), uTarget: behaviour.uniform(),
               uWarm: behaviour.uniform(), uArrival: behaviour.uniform(), counted: inHorizon(month))
    }

    /// The nearest partner of a shared pathway in reach of zone `z`, of the other ecosystem than
    /// partner `s`, that fits the need and that `s` knows well enough; nil when there is none.
    func pathwayPartner(from s: Int, zone z: Int, need: Int, month: Int) -> Int? {
        let i = epoch(month) * Z * SimulationModel.needs + z * SimulationModel.needs + need
        guard t.fittingDraw[i].count > 0 else { return nil }
        for k in t.fittingStart[i] ..< t.fittingStart[i + 1] {
            let target = Int(t.fittingStructure[k])
            if t.isPartner[target] && crosses(s, target) && t.knowledge(s, target, month: month, c) >= c.pathwayThreshold { return target }
        }
        return nil
    }

    /// A holder lost at its current stage: without support there.
    mutating func lose(_ h: Int, month: Int) {
        if inHorizon(month) { counts.stageLost[Int(holders[h].stage)] += 1 }
        holders[h].flags |= Self.missedStage
        endPath(h, month: month)
    }

    /// The end of a holder's path: its creation is decided if not yet, and its firm's survival
    /// to the horizon and jobs are drawn; the slot is freed.
    mutating func endPath(_ h: Int, month: Int) {
        let flags = holders[h].flags
        if inHorizon(month) {
            counts.pathsEnded += 1
            if t.hasDensityLevels { counts.byDensityLevel.pathsEnded[Int(t.densityLevel[Int(holders[h].zone)])] += 1 }
            if flags & Self.supportedAny != 0 {
                counts.supported += 1
                if t.hasDensityLevels { counts.byDensityLevel.supported[Int(t.densityLevel[Int(holders[h].zone)])] += 1 }
            }
            if flags & Self.missedStage == 0 && flags & Self.supportedAny != 0 { counts.chainsCompleted += 1 }
            if holders[h].more & Self.crossed == Self.crossed { counts.crossEcosystemHolders += 1 }
        }
        decideCreation(h, month: month)
        if holders[h].created >= 0 { countFirm(h, flags: flags) }
        holders[h].flags |= Self.ended
        free[freeCount] = Int32(h)
        freeCount += 1
    }
}
