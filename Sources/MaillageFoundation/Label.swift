/// A text in the two languages Maillage writes for people: English, and French for the local
/// authorities who read its reports.
///
/// Labels name things (levers, metrics, funding lines); the model's warnings (money that buys
/// nothing, a placement that is not the proven optimum, what a real-data import could not match)
/// are labels too, made where the facts are known, and each reader — the terminal, a report, the
/// web page — shows the language its user asked for. Files meant for machines keep both.
public struct Label: Sendable, Hashable {
    public var en: String
    public var fr: String

    public init(en: String, fr: String) {
        self.en = en
        self.fr = fr
    }

    /// The same text after `prefix` (a scenario's or a file's name) and a colon, with French
    /// typography's space before the colon.
    public func prefixed(_ prefix: String) -> Label {
        Label(words: "vocabulary.prefixed", en: ["prefix": prefix, "text": en], fr: ["prefix": prefix, "text": fr])
    }
}
