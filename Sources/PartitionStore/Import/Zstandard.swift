import CZstd

/// Zstandard decompression, frame after frame, as `zstd -d` reads a file.
enum Zstandard {
    static func decompress(_ input: [UInt8], _ path: String) throws(ImportLineError) -> [UInt8] {
        guard let stream = ZSTD_createDStream() else { throw ImportLineError("zstd would not start") }
        defer { ZSTD_freeDStream(stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
        var last = 0
        let failure: ImportLineError? = input.withUnsafeBytes { source in
            var inBuffer = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
            while inBuffer.pos < inBuffer.size {
                let result: Int = chunk.withUnsafeMutableBytes { buffer in
                    var outBuffer = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
                    let status = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
                    if ZSTD_isError(status) == 0 { output += buffer[..<outBuffer.pos] }
                    return status
                }
                if ZSTD_isError(result) != 0 {
                    return ImportLineError(
                        "\(path): not zstd data, or corrupt (\(String(cString: ZSTD_getErrorName(result))))")
                }
                guard output.count <= Decompression.maximumBytes else {
                    return ImportLineError("\(path): more than \(Decompression.maximumBytes) bytes decompressed")
                }
                last = result
            }
            return nil
        }
        if let failure { throw failure }
        // A frame still wanting input means the file was cut short.
        guard last == 0 else { throw ImportLineError("\(path): the zstd stream ends early") }
        return output
    }
}
