import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// Renders rows of text as an aligned plain-text table for the terminal.
public enum TextTable {
    /// The first `headerRows` rows are the header (underlined); columns listed in `rightAligned`
    /// are aligned right.
    public static func render(_ rows: [[String]], rightAligned: Set<Int> = [], headerRows: Int = 1) -> String {
        guard !rows.isEmpty else { return "" }
        let (lines, widths) = align(rows, rightAligned: rightAligned)
        let header = min(max(headerRows, 1), rows.count)
        var out = Array(lines.prefix(header))
        out.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        out += lines.dropFirst(header)
        return out.joined(separator: "\n") + "\n"
    }

    /// Rows as aligned lines with no header, each after `indent`.
    public static func lines(_ rows: [[String]], rightAligned: Set<Int> = [], indent: String = "") -> String {
        align(rows, rightAligned: rightAligned).lines.map { indent + $0 + "\n" }.joined()
    }

    /// Each row as a line of cells padded to their column's width, and the widths.
    private static func align(_ rows: [[String]], rightAligned: Set<Int>) -> (lines: [String], widths: [Int]) {
        var widths = Array(repeating: 0, count: rows.first?.count ?? 0)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        let lines = rows.map { row in
            let text = row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ")
            return String(text.reversed().drop(while: { $0 == " " }).reversed())
        }
        return (lines, widths)
    }
}
