import PartitionStore

/// The one place that decides what of a stored item may leave the repository. Every way an item
/// leaves it (change events and their diffs, the item inspector, JSON for scripts) goes through
/// `redacted(_:)`, driven by the key design's list of secret attributes, never by each screen.
enum Redaction {
    /// What a secret shows as.
    static let placeholder = "‹hidden secret›"
    /// What a changed secret shows as in a diff: that it changed, not what it was or became.
    static let changedPlaceholder = "‹hidden secret, changed›"

    static func isSecret(_ attribute: String) -> Bool {
        KeyDesign.secretAttributes.contains(attribute)
    }

    /// The item with every secret attribute replaced by the placeholder.
    static func redacted(_ item: Item) -> Item {
        var shown = item
        for name in KeyDesign.secretAttributes where shown[name] != nil {
            shown[name] = .s(placeholder)
        }
        return shown
    }
}
