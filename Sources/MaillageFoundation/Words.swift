import Foundation
import Mustache
import Yams

/// The languages Maillage writes for people: English, and French for the local authorities who
/// read its reports.
public enum Language: String, Sendable, CaseIterable {
    case en, fr

    /// `text` in this language: English first, French second.
    public func t(_ en: String, _ fr: String) -> String { self == .en ? en : fr }

    /// A label (a name, a warning) in this language.
    public func t(_ label: Label) -> String { t(label.en, label.fr) }
}

/// Every sentence Maillage writes for people, kept out of the code: one string table per
/// language (`Words/en.yaml`, `Words/fr.yaml`, compiled into the binary), each entry a Mustache
/// template (swift-mustache) whose `{{name}}`s the code fills with values already written as
/// text. The reports, the terminal, the commands, the model's labels and warnings
/// (``Label/init(words:_:)``) and the web page (`page.*`, sent as `/words.js`) all read them.
/// Whoever rewords or translates edits those files, not Swift.
///
/// The tables are read once; a test renders every entry in both languages and checks that both
/// have the same keys and the same names in each, that every key the code asks for exists and
/// that every entry is used.
public enum Words {
    /// The namespaces whose keys the Swift code does not write out: built from data (a CSV file's
    /// column names), or used by the web page's own script (`Web/app.js`, `Web/index.html`),
    /// which a test checks separately.
    static let dynamicNamespaces: Set<String> = ["column", "page"]

    /// An entry: its template, and the names it fills.
    struct Entry: Sendable {
        var text: String
        var template: MustacheTemplate
        var names: Set<String>
    }

    /// Each language's entries by key.
    static let tables: [Language: [String: Entry]] = {
        var tables: [Language: [String: Entry]] = [:]
        for (language, bytes) in [(Language.en, PackageResources.en_yaml), (.fr, PackageResources.fr_yaml)] {
            do {
                tables[language] = try table(String(decoding: bytes, as: UTF8.self))
            } catch {
                // The tables are part of the program: the test of every entry fails first.
                preconditionFailure("Words/\(language.rawValue).yaml: \(error)")
            }
        }
        return tables
    }()

    /// Reads a table: a YAML mapping of keys to templates. Text, not HTML: the report's page
    /// escapes what it writes.
    static func table(_ yaml: String) throws -> [String: Entry] {
        guard let mapping = try Yams.load(yaml: yaml) as? [String: String] else {
            throw WordsError(message: "expected a mapping of keys to texts")
        }
        var entries: [String: Entry] = [:]
        for (key, text) in mapping {
            do {
                entries[key] = Entry(text: text, template: try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text), names: names(in: text))
            } catch {
                throw WordsError(message: "\(key): not a Mustache template (\(error))")
            }
        }
        return entries
    }

    /// The `{{name}}`s of a template's text.
    static func names(in text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            names.insert(String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// What two tables disagree on: a key only one has, or a key whose `{{name}}`s differ.
    static func disagreements(_ a: [String: Entry], _ b: [String: Entry], names: (a: String, b: String)) -> [String] {
        Set(a.keys).union(b.keys).sorted().compactMap { key in
            switch (a[key], b[key]) {
            case (nil, _): return "\(key): missing in \(names.a)"
            case (_, nil): return "\(key): missing in \(names.b)"
            case let (x?, y?) where x.names != y.names:
                return "\(key): {{\(x.names.sorted().joined(separator: "}}, {{"))}} in \(names.a), {{\(y.names.sorted().joined(separator: "}}, {{"))}} in \(names.b)"
            default: return nil
            }
        }
    }

    /// The entries of one namespace in `language`, by key without the namespace and as written in
    /// the table, their `{{name}}`s unfilled: the web page (namespace `page`) receives them so and
    /// fills them itself.
    public static func texts(namespace: String, _ language: Language) -> [String: String] {
        var texts: [String: String] = [:]
        for (key, entry) in tables[language] ?? [:] where key.hasPrefix(namespace + ".") {
            texts[String(key.dropFirst(namespace.count + 1))] = entry.text
        }
        return texts
    }

    /// An HTML page's Mustache template with its `{{key}}`s replaced by the entries of `namespace`
    /// in `language`, escaped for HTML.
    public static func html(_ template: String, namespace: String, _ language: Language) throws -> String {
        try MustacheTemplate(string: template).render(texts(namespace: namespace, language))
    }

    /// The entry `key` in `language`, its `{{name}}`s replaced by `values`.
    public static func text(_ key: String, _ language: Language, _ values: [String: String] = [:]) -> String {
        guard let entry = tables[language]?[key] else {
            // Every key the code asks for is checked by a test against both tables.
            preconditionFailure("Words/\(language.rawValue).yaml has no entry \(key)")
        }
        // An entry without a {{name}} is its text as written: no rendering for the many labels and
        // words (" pts", "n/a") a table's cells ask for.
        return entry.names.isEmpty ? entry.text : entry.template.render(values)
    }

    struct WordsError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

extension Language {
    /// The entry `key` of this language's words (``Words``), filled with `values`.
    public func words(_ key: String, _ values: [String: String] = [:]) -> String { Words.text(key, self, values) }

    /// The readers' name of a CSV column (the entry `column.<name>`), if the tables have one.
    /// These keys are made from the files' column names, so ``Words/dynamicNamespaces`` lists
    /// their namespace: the test of used entries does not look for them in the code.
    public func words(column: String) -> String? {
        Words.tables[self]?["column." + column] == nil ? nil : Words.text("column." + column, self)
    }
}

extension Label {
    /// The entry `key` of the tables in both languages, filled with the same `values` (names,
    /// codes, numbers written the same way in both).
    public init(words key: String, _ values: [String: String] = [:]) {
        self.init(en: Words.text(key, .en, values), fr: Words.text(key, .fr, values))
    }

    /// The entry `key` in both languages, each filled with its own values (numbers written in
    /// each language's way, names that have a French form).
    public init(words key: String, en: [String: String], fr: [String: String]) {
        self.init(en: Words.text(key, .en, en), fr: Words.text(key, .fr, fr))
    }
}
