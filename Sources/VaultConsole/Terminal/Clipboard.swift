import Foundation

/// The terminal's clipboard through OSC 52, which works over SSH since the terminal on the
/// operator's side does the copying. Inside tmux the sequence is wrapped for passthrough, so it
/// reaches the outer terminal (tmux's `allow-passthrough`, or `set-clipboard on`).
public enum Clipboard {
    /// Terminals cap what they accept; larger items are cut rather than dropped whole.
    public static let maxBytes = 100_000

    public static func osc52(_ text: String, inTmux: Bool) -> String {
        let bytes = Array(text.utf8.prefix(maxBytes))
        let sequence = "\u{1B}]52;c;\(Data(bytes).base64EncodedString())\u{07}"
        guard inTmux else { return sequence }
        // tmux passthrough: the sequence inside a DCS, each ESC doubled.
        return "\u{1B}Ptmux;" + sequence.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\"
    }
}
