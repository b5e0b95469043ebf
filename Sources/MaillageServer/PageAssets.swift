import Foundation
import MaillageFoundation

/// What the page's files take from the string tables (`Words/en.yaml`, `fr.yaml`, namespace
/// `page`), made once: the page's words as a script, and its HTML with the French words in place.
enum PageAssets {
    /// `/words.js`: `const WORDS = {"en": {…}, "fr": {…}};`, each language's `page` entries as
    /// written, their `{{name}}`s filled by the page (`t(key, values)` in `app.js`).
    static let wordsScript: [UInt8] = {
        let words = Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0.rawValue, Words.texts(namespace: "page", $0)) })
        do {
            let json = try JSONSerialization.data(withJSONObject: words, options: [.sortedKeys, .withoutEscapingSlashes])
            return Array("// The page's words, from Maillage's string tables (Words/en.yaml, fr.yaml).\n\"use strict\";\nconst WORDS = ".utf8)
                + Array(json) + Array(";\n".utf8)
        } catch {
            preconditionFailure("the page's words do not encode as JSON: \(error)")
        }
    }()

    /// `/`: `index.html`, a Mustache template, with the French words in place (the page's first
    /// language; the script puts the chosen one's).
    static let index: [UInt8] = {
        do {
            return Array(try Words.html(String(decoding: PackageResources.index_html, as: UTF8.self), namespace: "page", .fr).utf8)
        } catch {
            preconditionFailure("Web/index.html is not a template of the page's words: \(error)")
        }
    }()
}
