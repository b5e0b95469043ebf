/// The bounds that keep every run finite: inputs above them are refused when read, so that no
/// accepted value can overflow, allocate memory without bound or run without end. Each is
/// documented in MODEL.md ("Limits").
public enum Limits {
    /// Largest scenario, study, plan or targets file (YAML), bytes. Real ones are a few kB.
    public static let yamlBytes = 4 << 20
    /// Largest CSV data file (structures, travel times, INSEE tables), bytes.
    public static let csvBytes = 256 << 20
    /// Largest GeoJSON file, bytes (the communes of all of France, simplified, are about 60 MB).
    public static let geoJSONBytes = 512 << 20
    /// Most zones × structures whose travel times a model keeps in a table, one entry per pair
    /// (2×10⁷ pairs is 160 MB, and the loop keeps as many arrival chances). A larger model
    /// computes them from positions when it needs them; with a travel-time matrix it is refused.
    public static let zoneStructurePairs = 20_000_000
    /// Most zone–structure pairs within the reach cutoff that coverage keeps when it does not
    /// build a model, or a model keeps when it has no table (``ReachableCosts``): 16 bytes a pair, 800 MB at this bound. All of
    /// metropolitan France by rule keeps about a hundredth of it.
    public static let reachablePairs = 50_000_000
    /// Most structures in a model.
    public static let structures = 5_000
    /// Most replications a run may ask for.
    public static let replications = 10_000_000
    /// Most holder journeys a command may simulate without `--force` (about 20 minutes on two
    /// cores at 2 million journeys a second per core): replications × expected holders per
    /// replication × runs per replication (with the no-cooperation counterfactual, and more for
    /// effect decompositions), summed over every cell or point.
    public static let journeys = 5_000_000_000.0
    /// Most holders expected in one replication, even with `--force`: each keeps an 80-byte
    /// record for the replication's length (4 GB at this bound), indexed by 31-bit integers.
    public static let holdersPerReplication = 50_000_000.0
    /// Most points in a sweep plan's design (each is a scenario checked before the sweep starts).
    public static let planPoints = 20_000
    /// Most shards a run or a sweep may be split into.
    public static let shards = 1_000_000
}
