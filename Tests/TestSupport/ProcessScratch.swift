import Foundation
import Synchronization

/// Folders for fixtures shared by a whole test run (a seeded store, an endpoint's files), which no
/// test's scope outlives: they are made under one folder per test process, removed when the
/// process exits, so a run leaves nothing behind in the temporary directory.
public enum ProcessScratch {
    private static let root = Mutex<String?>(nil)

    /// A new, empty folder whose name starts with `prefix`, removed at exit with the others.
    public static func folder(_ prefix: String) throws -> URL {
        let base = try root.withLock { root throws -> String in
            if let root { return root }
            let made = FileManager.default.temporaryDirectory
                .appendingPathComponent("vaultdesk-tests-\(getpid())-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: made, withIntermediateDirectories: true)
            root = made
            atexit { ProcessScratch.removeAll() }
            return made
        }
        let folder = URL(fileURLWithPath: base).appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    private static func removeAll() {
        guard let made = root.withLock({ $0 }) else { return }
        try? FileManager.default.removeItem(atPath: made)
    }
}
