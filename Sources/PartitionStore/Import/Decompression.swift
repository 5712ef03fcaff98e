import CZlib
import Foundation

/// The compression of an import's files.
public enum ImportCompression: String, Sendable, Hashable, CaseIterable, Codable {
    case gzip = "GZIP"
    case zstd = "ZSTD"
    case none = "NONE"
}

/// Reads a whole source file, decompressed.
enum Decompression {
    /// Files larger than this (decompressed) are refused rather than read into memory whole: a
    /// few megabytes of gzip can claim gigabytes. Larger sources are split into several files.
    static let maximumBytes = 1 << 30

    static func contents(of path: String, _ compression: ImportCompression) throws(ImportLineError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportLineError("\(path): cannot be read")
        }
        switch compression {
        case .none: return Array(data)
        case .gzip: return try gunzip(Array(data), path)
        case .zstd: return try Zstandard.decompress(Array(data), path)
        }
    }

    /// Every gzip member of the file, one after another, as `gzip -d` reads them.
    static func gunzip(_ input: [UInt8], _ path: String) throws(ImportLineError) -> [UInt8] {
        var output: [UInt8] = []
        var stream = z_stream()
        guard vaultdesk_gunzip_init(&stream) == Z_OK else { throw ImportLineError("zlib would not start") }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var consumed = 0
        let failure: ImportLineError? = input.withUnsafeBufferPointer { source in
            while consumed < source.count {
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + consumed)
                stream.avail_in = uInt(source.count - consumed)
                var status: Int32 = Z_OK
                repeat {
                    let produced: Int = chunk.withUnsafeMutableBufferPointer { buffer in
                        stream.next_out = buffer.baseAddress
                        stream.avail_out = uInt(buffer.count)
                        status = inflate(&stream, Z_NO_FLUSH)
                        return buffer.count - Int(stream.avail_out)
                    }
                    output += chunk[..<produced]
                    guard output.count <= maximumBytes else {
                        return ImportLineError("\(path): more than \(maximumBytes) bytes decompressed")
                    }
                } while status == Z_OK && stream.avail_out == 0
                consumed = source.count - Int(stream.avail_in)
                switch status {
                case Z_STREAM_END:
                    // Another member may follow.
                    inflateReset(&stream)
                case Z_OK where stream.avail_in == 0:
                    return ImportLineError("\(path): the gzip stream ends early")
                case Z_OK, Z_BUF_ERROR:
                    if stream.avail_in == 0 { return ImportLineError("\(path): the gzip stream ends early") }
                default:
                    return ImportLineError("\(path): not gzip data, or corrupt (zlib status \(status))")
                }
            }
            return nil
        }
        if let failure { throw failure }
        return output
    }
}
