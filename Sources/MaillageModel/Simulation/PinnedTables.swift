import MaillageFoundation

/// Copies of the model's tables in memory that never moves and is never reference-counted, for
/// the monthly loop: replications on several threads read them through plain pointers, so no
/// thread touches a shared reference count (whose atomic updates would make the cores fight
/// over one cache line).
final class PinnedStorage: @unchecked Sendable {
    private var blocks: [UnsafeMutableRawPointer] = []

    /// A pinned copy of `values`.
    func pin<T: BitwiseCopyable>(_ values: [T]) -> UnsafeBufferPointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { p.initialize(from: base, count: source.count) }
        }
        blocks.append(UnsafeMutableRawPointer(p))
        return UnsafeBufferPointer(start: p, count: values.count)
    }

    deinit { for b in blocks { b.deallocate() } }
}

/// The tables one replication reads, as pointers into a model's ``PinnedStorage`` (valid while
/// the model lives; a replication holds its model).
struct HotTables: @unchecked Sendable {
    var monthlyArrivals: UnsafeBufferPointer<Double>
    var reachStart: UnsafeBufferPointer<Int>
    var reachStructure: UnsafeBufferPointer<Int32>
    var contactTable: UnsafeBufferPointer<DiscreteTable?>
    var legibility: UnsafeBufferPointer<Double>
    var fittingTable: UnsafeBufferPointer<DiscreteTable?>
    var fittingStart: UnsafeBufferPointer<Int>
    var fittingStructure: UnsafeBufferPointer<Int32>
    var referralTarget: UnsafeBufferPointer<Int32>
    var minutes: UnsafeBufferPointer<Double>
    var fits: UnsafeBufferPointer<Bool>
    var ecosystemFits: UnsafeBufferPointer<Bool>
    var awarenessFactor: UnsafeBufferPointer<Double>
    var monthlyCapacity: UnsafeBufferPointer<Double>
    var knowledgeBaseline: UnsafeBufferPointer<Double>
    var knowledgeWorkspace: UnsafeBufferPointer<Int32>
    var knowledgeLongRun: UnsafeBufferPointer<Double>
    var knowledgeDecayPower: UnsafeBufferPointer<Double>
    var typeCumulative: UnsafeBufferPointer<Double>
    var stageCumulative: UnsafeBufferPointer<Double>
    var survivalSupported: UnsafeBufferPointer<Double>
    var survivalUnsupported: UnsafeBufferPointer<Double>
    /// Cumulative Poisson probabilities of the employees of a supported and an unsupported firm.
    var employeesSupported: UnsafeBufferPointer<Double>
    var employeesUnsupported: UnsafeBufferPointer<Double>
}
