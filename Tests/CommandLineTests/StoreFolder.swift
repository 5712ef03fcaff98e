import Foundation
import PartitionStore

/// A fresh store file in a temporary folder, removed when the test's scope ends.
final class StoreFolder {
    let folder: URL
    let path: String
    let store: PartitionStore

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vaultdesk-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("store.db").path
        store = try PartitionStore(path: path, configuration: StoreConfiguration(durability: .normal))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}
