import Foundation
import MaillageFoundation

/// One holder's state in a replication: a plain record in one contiguous array, so that a
/// holder's fields share a cache line and a write checks one buffer.
struct Holder {
    var zone: Int32 = 0
    /// Where it is: the structure supporting it, queuing it, or it travels to (−1: none).
    var structure: Int32 = -1
    /// The next holder in the same list (a queue, a month's finishing supports or arrivals).
    var next: Int32 = -1
    /// Month its firm was created (−1: none yet).
    var created: Int32 = -1
    var type: UInt8 = 0
    var stage: UInt8 = 0
    /// The last stage it will need.
    var last: UInt8 = 0
    var flags: UInt8 = 0
    /// More flags (``Replication/presented`` and the following).
    var more: UInt8 = 0
    /// The effects of the supports it finished on the log-odds of creating, the log failure
    /// hazard and the log salaried jobs.
    var logC = 0.0, logH = 0.0, logJ = 0.0
    /// Its own uniforms for its firm, drawn at arrival: creation, legal form, survival, jobs.
    var uCreate = 0.0, uForm = 0.0, uSurvive = 0.0, uJobs = 0.0
}

/// The holder records of one replication, in memory it owns, with room for the list of free
/// slots: the replication writes both through pointers (no copy-on-write check, no bounds check:
/// indices come from ``append()``, and the free list never holds more slots than there are
/// records). A replication is run once and never copied while it runs, so the store is not shared.
final class HolderStore {
    private(set) var base: UnsafeMutablePointer<Holder>
    /// Room for the indices of free slots, as many as there are records.
    private(set) var free: UnsafeMutablePointer<Int32>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        free = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
        free.deallocate()
    }

    /// A new record at the end, doubling the memory when it is full; its index. Called only when
    /// the free list is empty, so that its room grows without copying.
    func append() -> Int {
        if count == capacity {
            let larger = UnsafeMutablePointer<Holder>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = larger
            free.deallocate()
            free = .allocate(capacity: capacity * 2)
            capacity *= 2
        }
        (base + count).initialize(to: Holder())
        count += 1
        return count - 1
    }
}
