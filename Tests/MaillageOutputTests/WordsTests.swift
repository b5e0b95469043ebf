import Foundation
import Testing
@testable import MaillageFoundation
import MaillageTestSupport

/// The reports' words (Words/en.yaml and fr.yaml): every entry in both languages, with the same
/// names to fill, and every key the code asks for.
@Suite("Words of the reports, per language")
struct WordsTests {
    @Test("Both tables have the same keys and names, and every entry renders with its values in both languages")
    func everyEntryInBothLanguages() throws {
        let en = try #require(Words.tables[.en]), fr = try #require(Words.tables[.fr])
        #expect(!en.isEmpty)
        #expect(Words.disagreements(en, fr, names: ("en.yaml", "fr.yaml")) == [])
        for language in Language.allCases {
            for (key, entry) in try #require(Words.tables[language]) {
                let values = Dictionary(uniqueKeysWithValues: entry.names.map { ($0, "⟨\($0)⟩") })
                let text = Words.text(key, language, values)
                // Words.text gives an entry without names as written: the template must agree.
                if entry.names.isEmpty { #expect(entry.template.render([String: String]()) == entry.text, "\(language.rawValue): \(key)") }
                #expect(!text.isEmpty && !text.contains("{{") && !text.contains("}}"), "\(language.rawValue): \(key)")
                for name in entry.names { #expect(text.contains("⟨\(name)⟩"), "\(language.rawValue): \(key) lost {{\(name)}}") }
                // Text, not HTML: the page escapes what it writes, once.
                #expect(Words.text(key, language, values.mapValues { _ in "<&>" }).contains("<&>") || entry.names.isEmpty, "\(key)")
            }
        }
    }

    @Test("The check finds a key one language lacks and a name one language lacks")
    func disagreementsFound() throws {
        let a = try Words.table("x.one: \"a {{n}}\"\nx.two: \"b\"\n")
        let b = try Words.table("x.one: \"c {{m}}\"\n")
        #expect(Words.disagreements(a, b, names: ("a", "b")) == ["x.one: {{n}} in a, {{m}} in b", "x.two: missing in b"])
        #expect(throws: (any Error).self) { try Words.table("- a list\n") }
        #expect(throws: (any Error).self) { try Words.table("x.bad: \"{{#open}} never closed\"\n") }
    }

    static let extensions: Set<String> = ["csv", "json", "geojson", "yaml", "svg", "html", "png", "txt", "sqlite"]

    @Test("Every key the code asks for is in the tables")
    func everyKeyTheCodeUses() throws {
        let en = try #require(Words.tables[.en])
        let namespaces = Set(en.keys.compactMap { $0.split(separator: ".").first.map(String.init) })
        // A quoted key; an input error's field ("territory.select") is a scenario's path, not a key.
        let literal = try NSRegularExpression(pattern: #"(?<!field: )"([a-z_]+\.[a-z0-9_]+)""#)
        var used: Set<String> = []
        let sources = packageRoot.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            guard text.contains("words(") || text.contains("words:") || text.contains("Words.text(") else { continue }
            for m in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let key = String(text[Range(m.range(at: 1), in: text)!])
                // A file's name ("compare.csv") is not a key.
                let parts = key.split(separator: ".").map(String.init)
                if namespaces.contains(parts[0]), !Self.extensions.contains(parts[1]) { used.insert(key) }
            }
        }
        #expect(used.count >= 30)
        #expect(used.subtracting(en.keys).sorted() == [])
        let written = Set(en.keys).filter { !Words.dynamicNamespaces.contains(String($0.prefix { $0 != "." })) }
        #expect(written.subtracting(used).sorted() == [], "entries no code asks for")
    }

    @Test("The web page asks only for entries the tables have, and uses every page entry")
    func pageWords() throws {
        let en = try #require(Words.tables[.en])
        let page = Set(en.keys.filter { $0.hasPrefix("page.") }.map { String($0.dropFirst(5)) })
        let web = packageRoot.appendingPathComponent("Sources/MaillageServer/Web")
        let script = try String(contentsOf: web.appendingPathComponent("app.js"), encoding: .utf8)
        let html = try String(contentsOf: web.appendingPathComponent("index.html"), encoding: .utf8)
        func captures(_ pattern: String, _ text: String) throws -> Set<String> {
            let regex = try NSRegularExpression(pattern: pattern)
            return Set(regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range(at: 1), in: text)!]) })
        }
        // What the script asks for with t("key"…), and the HTML's data-t, data-t-placeholder and {{key}}.
        let asked = try captures(#"\bt\("(\w+)""#, script)
            .union(captures(#"data-t(?:-placeholder)?="(\w+)""#, html)).union(captures(#"\{\{(\w+)\}\}"#, html))
        #expect(asked.count > 40)
        #expect(asked.subtracting(page).sorted() == [], "keys the page asks for that the tables lack")
        // Every entry is named in the page, asked for directly or through a quoted key (the lines').
        let named = try asked.union(captures(#""(\w+)""#, script))
        #expect(page.subtracting(named).sorted() == [], "page entries the page does not use")
    }
}
