import MaillageFoundation
import MaillageModel
import MaillageScenario
import MaillageExperiments

/// Renders rows of text as an aligned plain-text table for the terminal.
public enum TextTable {
    /// The first `headerRows` rows are the header (underlined); columns listed in `rightAligned`
    /// are aligned right.
    public static func render(_ rows: [[String]], rightAligned: Set<Int> = [], headerRows: Int = 1) -> String {
        guard let first = rows.first else { return "" }
        var widths = Array(repeating: 0, count: first.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ row: [String]) -> String {
            let text = row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ")
            return String(text.reversed().drop(while: { $0 == " " }).reversed())
        }
        let header = min(max(headerRows, 1), rows.count)
        var out = rows.prefix(header).map(line)
        out.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        out += rows.dropFirst(header).map(line)
        return out.joined(separator: "\n") + "\n"
    }
}
