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
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1, recordLine = 1
        var iterator = body.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let d = next() {
                        if d == "\"" { field.append("\"") } else { inQuotes = false; pending = d }
                    } else { inQuotes = false }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
            } else if c == delimiter {
                fields.append(field)
                field = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                fields.append(field)
                field = ""
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields = []
                line += 1
                recordLine = line
            } else {
                field.append(c)
            }
        }
        if inQuotes { throw InputError(file: file, line: recordLine, message: "expected a closing quote, found the end of the file (truncated?)") }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
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
