import CZlib
import Crypto
import Foundation

/// Writes a gzip file a chunk at a time, as the data files of a table export are.
final class GzipWriter {
    private var stream = z_stream()
    private let handle: FileHandle
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    /// The MD5 of the compressed bytes written: the file's checksum, as S3 would compute it.
    private(set) var md5 = Insecure.MD5()

    init(path: String) throws {
        // An export holds everything the table held, secrets included: its owner's eyes only.
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw ExportFailure("cannot create \(path)") }
        self.handle = handle
        guard vaultdesk_gzip_init(&stream, 1) == Z_OK else { throw ExportFailure("zlib would not start") }
    }

    func write(_ bytes: [UInt8]) throws {
        var input = bytes
        try input.withUnsafeMutableBufferPointer { buffer in
            stream.next_in = buffer.baseAddress
            stream.avail_in = uInt(buffer.count)
            try pump(flush: Z_NO_FLUSH)
        }
    }

    /// Ends the gzip stream and closes the file; with `sync`, its bytes are on disk first.
    func finish(sync: Bool = false) throws {
        stream.next_in = nil
        stream.avail_in = 0
        try pump(flush: Z_FINISH)
        deflateEnd(&stream)
        if sync { try handle.synchronize() }
        try handle.close()
    }

    private func pump(flush: Int32) throws {
        repeat {
            let produced: Int = try output.withUnsafeMutableBufferPointer { buffer in
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(buffer.count)
                let status = deflate(&stream, flush)
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    throw ExportFailure("zlib failed with status \(status)")
                }
                return buffer.count - Int(stream.avail_out)
            }
            if produced > 0 {
                let chunk = Data(output[0..<produced])
                md5.update(data: chunk)
                try handle.write(contentsOf: chunk)
            }
            if stream.avail_out != 0 { break }
        } while true
    }
}

struct ExportFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A gzip file compressed on a thread of its own while the caller produces the next chunk: an
/// export reads and formats items on one core and compresses on the other. At most a few
/// chunks wait, so memory stays bounded.
final class BackgroundGzipWriter: @unchecked Sendable {
    // The writer and the first failure are touched only on `queue`, one chunk after another.
    private let writer: GzipWriter
    private let queue = DispatchQueue(label: "vaultdesk.export.gzip")
    private let slots = DispatchSemaphore(value: 4)
    private var failure: (any Error)?

    init(path: String) throws {
        writer = try GzipWriter(path: path)
    }

    func write(_ chunk: [UInt8]) {
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard failure == nil else { return }
            do { try writer.write(chunk) } catch { failure = error }
        }
    }

    /// Waits for every chunk, ends the stream and closes the file; the MD5 of its bytes.
    func finish(sync: Bool = false) throws -> Insecure.MD5Digest {
        try queue.sync { [self] in
            if let failure { throw failure }
            try writer.finish(sync: sync)
            return writer.md5.finalize()
        }
    }
}
