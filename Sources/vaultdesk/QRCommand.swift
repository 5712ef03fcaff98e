import ArgumentParser
import Foundation
import PartitionStore
import VaultRepository

struct QR: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qr",
        abstract: "Render a statement's signed QR code: as a PNG or PBM file, or on the terminal.",
        discussion:
            "The file type follows --out's extension (.png or .pbm). Without --out the code is drawn on the terminal with half blocks."
    )

    @Argument(help: ArgumentHelp("The statement's reference number.", valueName: "REF"))
    var reference: String

    @Option(help: "Write the code to this file (.png or .pbm).")
    var out: String?

    @Option(help: "Pixels per module in the file.")
    var scale = 8

    @OptionGroup var store: StoreOptions
    @OptionGroup var operatorOptions: OperatorOptions

    func validate() throws {
        guard (1...64).contains(scale) else { throw ValidationError("--scale must be between 1 and 64") }
        if let out, !["png", "pbm"].contains(URL(fileURLWithPath: out).pathExtension.lowercased()) {
            throw ValidationError("--out must name a .png or .pbm file")
        }
    }

    func run() async throws {
        let repository = VaultRepository(store: try store.openExisting())
        let scope = try await operatorOptions.scope(in: repository)
        guard
            let payload = try await repository.qrPayload(
                reference: reference.trimmingCharacters(in: .whitespaces), scope: scope)
        else {
            Output.complain("No statement \(reference) among the tenants \(scope.operatorName) may see.")
            throw ExitCode(1)
        }
        let matrix = try QRMatrix(encoding: payload.url)
        guard let out else {
            for line in matrix.halfBlockLines() { print(line) }
            Output.say(payload.url)
            return
        }
        let data =
            URL(fileURLWithPath: out).pathExtension.lowercased() == "png"
            ? matrix.png(scale: scale) : matrix.pbm(scale: scale)
        do {
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CommandFailure("Cannot write \(out): \(error.localizedDescription)")
        }
        Output.say("Wrote \(out): \(matrix.size)x\(matrix.size) modules, \(payload.url)")
    }
}
