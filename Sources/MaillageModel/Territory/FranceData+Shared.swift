import Foundation
import MaillageFoundation
import Synchronization

extension FranceData {
    /// The tables of the data folder this process has parsed: the geographic code and the other
    /// tables an import reads, which take about half a second to parse and are the same for every
    /// territory (a national study imports a hundred; the page, every territory an official tries).
    private struct Kept: Sendable {
        var signature: [String]
        var data: FranceData
        var tables: [String: any Sendable] = [:]
    }
    private static let kept = Mutex<[String: Kept]>([:])

    /// The tables' files as they are now (size, modification time, inode): a file rewritten since
    /// it was parsed is parsed again.
    private static func signature(_ folder: String) -> [String] {
        ["insee/communes.csv", "insee/mouvements_communes.csv", "insee/donnees_communes.csv", "insee/donnees_communes_mayotte.csv",
         "epci.csv", "densite.csv", "zonages_2022.csv", "departements.csv"].map { name in
            guard let a = try? FileManager.default.attributesOfItem(atPath: folder + "/" + name) else { return "-" }
            let time = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(a[.size] ?? "?") \(time) \(a[.systemFileNumber] ?? "?")"
        }
    }

    /// ``init(folder:)``, parsed once a process while the files stay as they were.
    package static func shared(folder: String) throws -> FranceData {
        let signature = signature(folder)
        if let known = kept.withLock({ $0[folder] }), known.signature == signature { return known.data }
        let data = try FranceData(folder: folder)
        kept.withLock { $0[folder] = Kept(signature: signature, data: data) }
        return data
    }

    /// A table computed from the folder's files (`name`: which), once a process while they stay
    /// as they were.
    package func shared<T: Sendable>(_ name: String, _ compute: () throws -> T) rethrows -> T {
        let signature = Self.signature(folder)
        if let known = Self.kept.withLock({ $0[folder].flatMap { $0.signature == signature ? $0.tables[name] : nil } }) as? T { return known }
        let value = try compute()
        Self.kept.withLock { if $0[folder]?.signature == signature { $0[folder]!.tables[name] = value } }
        return value
    }
}
