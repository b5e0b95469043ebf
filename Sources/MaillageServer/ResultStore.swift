import Foundation
import GRDB

/// The tries a server has answered, kept in SQLite (`maillage-serve.sqlite` in the data folder)
/// so that they survive restarts. Each is stored whole, in one transaction, under its key; the
/// database runs in write-ahead-log mode, so a server killed in the middle of a write reopens it
/// with every committed try and without the one in flight.
public final class ResultStore: Sendable {
    private let pool: DatabasePool
    public let path: String

    /// A try in the list of saved ones: enough for the page's comparison table.
    public struct Entry: Sendable, Codable, Equatable {
        public var key: String
        public var createdAt: String
        public var territory: String
        public var summary: String
        /// The summary in French (absent from tries stored by an earlier version).
        public var summaryFr: String?
        enum CodingKeys: String, CodingKey { case key, createdAt = "created_at", territory, summary, summaryFr = "summary_fr" }
    }

    /// Opens (or creates) the store at `path`.
    /// - Throws: GRDB's `DatabaseError` when the file is not a database or cannot be written.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE evaluation (
                    key TEXT PRIMARY KEY NOT NULL,
                    created_at TEXT NOT NULL,
                    territory TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    document BLOB NOT NULL,
                    maps BLOB NOT NULL
                )
                """)
            try db.execute(sql: "CREATE INDEX evaluation_created ON evaluation(created_at)")
        }
        migrator.registerMigration("v2: French summaries") { db in
            try db.execute(sql: "ALTER TABLE evaluation ADD COLUMN summary_fr TEXT")
        }
        try migrator.migrate(pool)
        // An integrity check at start: a damaged file is refused, never half-read.
        let check = try pool.read { db in try String.fetchOne(db, sql: "PRAGMA quick_check") }
        guard check == "ok" else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "\(path): integrity check failed: \(check ?? "no answer")")
        }
    }

    /// The stored document of the try `key` (the JSON the API returns), if any.
    public func document(_ key: String) throws -> Data? {
        try pool.read { db in try Data.fetchOne(db, sql: "SELECT document FROM evaluation WHERE key = ?", arguments: [key]) }
    }

    /// The stored maps of the try `key` (JSON: language → name → SVG), if any.
    public func maps(_ key: String) throws -> Data? {
        try pool.read { db in try Data.fetchOne(db, sql: "SELECT maps FROM evaluation WHERE key = ?", arguments: [key]) }
    }

    /// Keeps a try, its answer and its maps in one transaction (replacing one with the same key).
    public func save(key: String, createdAt: String, territory: String, summary: String, summaryFr: String? = nil, document: Data, maps: Data) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO evaluation (key, created_at, territory, summary, summary_fr, document, maps) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [key, createdAt, territory, summary, summaryFr, document, maps])
        }
    }

    /// The latest tries, newest first.
    public func list(limit: Int = 100) throws -> [Entry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT key, created_at, territory, summary, summary_fr FROM evaluation ORDER BY created_at DESC, key LIMIT ?",
                             arguments: [limit]).map {
                Entry(key: $0["key"], createdAt: $0["created_at"], territory: $0["territory"], summary: $0["summary"], summaryFr: $0["summary_fr"])
            }
        }
    }

    /// How many tries are kept.
    public func count() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM evaluation") ?? 0 }
    }
}
