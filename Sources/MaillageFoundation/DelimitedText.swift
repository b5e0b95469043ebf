import Foundation

/// A delimited text file (CSV with `,` or `;`) read into rows of fields, with the header's
/// columns found by name: the one reader of every tabular input.
///
/// Fields may be quoted with `"` (a doubled quote inside stands for one); lines may end with LF
/// or CRLF; a UTF-8 byte-order mark is skipped. Errors name the file and the 1-based line.
package struct DelimitedText {
    package let file: String
    package let header: [String]
    /// Data rows with their 1-based line numbers in the file.
    package let rows: [(line: Int, fields: [String])]

    /// Reads `path`, split on `delimiter`.
    package init(path: String, delimiter: Character) throws {
        let text = try TextFile.read(path, maxBytes: Limits.csvBytes)
        try self.init(text: text, file: path, delimiter: delimiter)
    }

    package init(text: String, file: String, delimiter: Character) throws {
        self.file = file
        // Parsed on the UTF-8 bytes (every character that matters is ASCII), fields decoded once.
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1, recordLine = 1
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let separator = Array(String(delimiter).utf8)
        var utf8 = Array(text.utf8)
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8.removeFirst(3) }
        func take() -> String { defer { field.removeAll(keepingCapacity: true) }; return String(decoding: field, as: UTF8.self) }
        var i = 0
        let n = utf8.count
        while i < n {
            let c = utf8[i]
            if inQuotes {
                if c == quote {
                    if i + 1 < n && utf8[i + 1] == quote { field.append(quote); i += 2; continue }
                    inQuotes = false
                } else {
                    // A line end inside quotes is kept; "\r\n" counts as one line.
                    if c == newline && !(i > 0 && utf8[i - 1] == cr) { line += 1 } else if c == cr { line += 1 }
                    field.append(c)
                }
                i += 1
            } else if c == quote && field.isEmpty {
                inQuotes = true
                i += 1
            } else if c == separator[0] && (separator.count == 1 || utf8[i...].starts(with: separator)) {
                fields.append(take())
                i += separator.count
            } else if c == newline || c == cr {
                fields.append(take())
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields = []
                line += 1
                recordLine = line
                i += (c == cr && i + 1 < n && utf8[i + 1] == newline) ? 2 : 1
            } else {
                field.append(c)
                i += 1
            }
        }
        if inQuotes { throw InputError(file: file, line: recordLine, message: "expected a closing quote, found the end of the file (truncated?)") }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(take())
            records.append((recordLine, fields))
        }
        guard let first = records.first else { throw InputError(file: file, message: "expected a header row, found an empty file") }
        header = first.1.map { $0.trimmingCharacters(in: .whitespaces) }
        rows = Array(records.dropFirst())
        // A header of one field holding another usual separator: the file is separated otherwise.
        if header.count == 1, let other = [";", ",", "\t"].first(where: { $0 != String(delimiter) && header[0].contains($0) }) {
            let name = other == "\t" ? "tabs" : "'\(other)'"
            throw InputError(file: file, line: 1, message: "expected fields separated by '\(delimiter)', found a header separated by \(name): convert the file, or check that it is the right one")
        }
        var seenColumns = Set<String>()
        for name in header where !name.isEmpty && !seenColumns.insert(name).inserted {
            throw InputError(file: file, line: 1, message: "expected each column once, found '\(name)' twice in the header")
        }
        for row in rows where row.fields.count != header.count {
            throw InputError(file: file, line: row.line,
                             message: "expected \(header.count) fields separated by '\(delimiter)' as in the header, found \(row.fields.count)")
        }
    }

    /// The index of column `name`, or an error naming the columns found.
    package func column(_ name: String) throws -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw InputError(file: file, line: 1, message: "expected a column '\(name)', found columns \(header.joined(separator: ", "))")
        }
        return i
    }

    /// The values of a column, each once, in the order they first appear.
    package func distinct(_ column: Int) -> [String] {
        var seen = Set<String>(), values: [String] = []
        for row in rows where seen.insert(row.fields[column]).inserted { values.append(row.fields[column]) }
        return values
    }

    /// Index of an optional column.
    package func optionalColumn(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// A field as a finite number, or an error naming the row and column.
    package func number(_ row: (line: Int, fields: [String]), _ column: Int) throws -> Double {
        let text = row.fields[column].trimmingCharacters(in: .whitespaces)
        guard let x = DecimalNumber.parse(text) else {
            throw InputError(file: file, line: row.line, field: header[column],
                             message: "expected a finite decimal number, found '\(Self.excerpt(text))'\(DecimalNumber.hint(for: text))")
        }
        return x
    }

    /// At most the first 60 characters of a field, for messages.
    package static func excerpt(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(60)) + "…"
    }
}
