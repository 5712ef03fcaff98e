import Foundation
import PartitionStore

/// The formats a list or a query's results export to, by the file's extension.
public enum ExportFormat: String, Sendable, Hashable {
    case csv
    case jsonl

    public init?(path: String) {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".csv") {
            self = .csv
        } else if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") {
            self = .jsonl
        } else {
            return nil
        }
    }
}

/// Writes items to a file page by page, secrets hidden, as plain JSON lines or CSV. Nothing is
/// at `path` until `finish()`: the rows go to a file beside it that is renamed into place whole,
/// so a cancelled or failed export leaves no half-written file. CSV needs every column before
/// its header, so its rows wait in that file as JSON and are written out at the end.
public final class ExportFile {
    public let path: String
    public let format: ExportFormat
    private let partial: String
    private let handle: FileHandle
    private var columns: Set<String> = []
    public private(set) var count = 0

    public init(path: String) throws {
        guard let format = ExportFormat(path: path) else {
            throw RepositoryError.invalidArgument("Export to a .csv or .jsonl file; got \(path)")
        }
        self.path = path
        self.format = format
        partial = path + ".partial-\(UUID().uuidString.prefix(8))"
        guard FileManager.default.createFile(atPath: partial, contents: nil) else {
            throw RepositoryError.invalidArgument("Cannot write \(path): \(String(cString: strerror(errno)))")
        }
        guard let opened = FileHandle(forWritingAtPath: partial) else {
            throw RepositoryError.invalidArgument("Cannot write \(path)")
        }
        handle = opened
    }

    /// Adds items (already as stored), hiding their secrets.
    public func append(_ items: [Item]) throws {
        var text = ""
        for item in items {
            let shown = Redaction.redacted(item)
            switch format {
            case .jsonl:
                text += ItemJSON.inline(.m(shown)) + "\n"
            case .csv:
                let cells = shown.mapValues(VaultRepository.cellText)
                columns.formUnion(cells.keys)
                let data = try JSONSerialization.data(withJSONObject: cells, options: [.sortedKeys])
                text += String(decoding: data, as: UTF8.self) + "\n"
            }
        }
        try handle.write(contentsOf: Data(text.utf8))
        count += items.count
    }

    /// Completes the file and puts it in place; answers how many items it holds.
    public func finish() throws -> Int {
        try handle.close()
        if format == .csv { try writeCSV() }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return count
    }

    /// Removes what was written: the export did not complete.
    public func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: partial)
    }

    private func writeCSV() throws {
        let keys = ["pk", "sk"].filter(columns.contains)
        let header = keys + columns.subtracting(keys).sorted()
        let rowsPath = partial + ".rows"
        try FileManager.default.moveItem(atPath: partial, toPath: rowsPath)
        defer { try? FileManager.default.removeItem(atPath: rowsPath) }
        guard FileManager.default.createFile(atPath: partial, contents: nil),
            let output = FileHandle(forWritingAtPath: partial),
            let input = FileHandle(forReadingAtPath: rowsPath)
        else { throw RepositoryError.invalidArgument("Cannot write \(path)") }
        defer {
            try? output.close()
            try? input.close()
        }
        try output.write(contentsOf: Data((header.map(Self.csvField).joined(separator: ",") + "\r\n").utf8))
        var pending = Data()
        func emit(_ line: Data) throws {
            guard !line.isEmpty,
                let cells = try JSONSerialization.jsonObject(with: line) as? [String: String]
            else { return }
            let fields = header.map { Self.csvField(cells[$0] ?? "") }
            try output.write(contentsOf: Data((fields.joined(separator: ",") + "\r\n").utf8))
        }
        while let chunk = try input.read(upToCount: 1 << 16), !chunk.isEmpty {
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0A) {
                try emit(pending[pending.startIndex..<newline])
                pending.removeSubrange(pending.startIndex...newline)
            }
        }
        try emit(pending)
    }

    /// RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension VaultRepository {
    /// The stored items behind entities of a list, for an export.
    public func exportItems(of entities: [InspectableEntity]) -> [Item] {
        entities.map(\.mappedItem)
    }

    /// Exports every page of an admin's SELECT to `file`, reporting the items written so far;
    /// refused and audited as `runQuery` is.
    public func exportQuery(
        _ statement: String, to file: ExportFile, scope: AccessScope, progress: @Sendable (Int) -> Void
    ) async throws -> Int {
        try await checkQuery(statement, scope: scope)
        var token: String?
        repeat {
            try Task.checkCancellation()
            let page = try await readQueryPage(statement, nextToken: token, limit: 500)
            try file.append(page.items)
            progress(file.count)
            token = page.next
        } while token != nil
        return file.count
    }

    /// Records an export in the audit log: what, to which file, how many items.
    public func auditExport(_ what: String, file: ExportFile, scope: AccessScope, tenantId: String?) async throws {
        try await audit(
            scope, tenantId: tenantId ?? KeyDesign.platformTenant, action: .export, entityType: "EXPORT",
            entityId: what, via: "console", outcome: .done, detail: "\(file.count) items to \(file.path)")
    }
}
