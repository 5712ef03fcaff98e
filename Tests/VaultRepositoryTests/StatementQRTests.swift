import Foundation
import PartitionStore
import TestSupport
import Testing

@testable import VaultRepository

@Suite("Statement QR codes")
struct StatementQRTests {
    let secret = SigningSecret(Array("tenant-secret-acme".utf8))

    @Test("A payload round-trips through its link, and scanners' variations are accepted")
    func roundTrip() throws {
        let payload = StatementQRPayload(tenantId: "acme", reference: "ACME-2026-11-000123", secret: secret)
        #expect(payload.url.hasPrefix("https://qr.vaultdesk.app/v1/acme/ACME-2026-11-000123?sig="))
        #expect(payload.url.count < 120)
        for typed in [
            payload.url, "  \(payload.url)\r\n", "\t" + payload.url,
            payload.url.replacingOccurrences(of: "https://qr.vaultdesk.app", with: "HTTPS://QR.VaultDesk.APP"),
            payload.url.replacingOccurrences(of: "?sig", with: "/?sig"),
        ] {
            let parsed = try StatementQRPayload(parsing: typed)
            #expect(parsed == payload)
            #expect(parsed.isSigned(with: secret))
        }
        // Tenants and references outside the unreserved set survive percent-encoding.
        let odd = StatementQRPayload(tenantId: "a b/c", reference: "R#1?x&y", secret: secret)
        let parsed = try StatementQRPayload(parsing: odd.url)
        #expect(parsed.tenantId == "a b/c" && parsed.reference == "R#1?x&y" && parsed.isSigned(with: secret))
    }

    @Test("Altered or forged payloads fail verification; malformed ones say why")
    func rejections() throws {
        let payload = StatementQRPayload(tenantId: "acme", reference: "ACME-1", secret: secret)
        let otherReference = payload.url.replacingOccurrences(of: "ACME-1", with: "ACME-2")
        #expect(try StatementQRPayload(parsing: otherReference).isSigned(with: secret) == false)
        let forged = StatementQRPayload(
            tenantId: "acme", reference: "ACME-2", secret: SigningSecret(Array("guess".utf8)))
        #expect(forged.isSigned(with: secret) == false)
        // One flipped signature character.
        var characters = Array(payload.url)
        characters[characters.count - 5] = characters[characters.count - 5] == "A" ? "B" : "A"
        #expect(try StatementQRPayload(parsing: String(characters)).isSigned(with: secret) == false)

        let cases: [(String, QRPayloadError)] = [
            ("ACME-1", .notALink),
            ("ftp://qr.vaultdesk.app/v1/acme/ACME-1?sig=x", .notALink),
            ("https://evil.example/v1/acme/ACME-1?sig=x", .foreignHost("evil.example")),
            (
                "https://qr.vaultdesk.app/v2/acme/ACME-1?sig=x",
                .malformed("it does not carry a version this console reads (expected /v1/)")
            ),
            ("https://qr.vaultdesk.app/v1/acme?sig=x", .malformed("it should name a tenant and a statement reference")),
            ("https://qr.vaultdesk.app/v1/acme/ACME-1", .malformed("it has no signature")),
            (
                "https://qr.vaultdesk.app/v1/acme/ACME-1?sig=too-short",
                .malformed("its signature is not 32 bytes of URL-safe base64")
            ),
            (
                "https://qr.vaultdesk.app/v1/acme/ACME-1?sig=" + String(repeating: "+", count: 43),
                .malformed("its signature is not 32 bytes of URL-safe base64")
            ),
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text)") { try StatementQRPayload(parsing: text) }
        }
        #expect(QRPayloadError.badSignature.description.contains("altered or forged"))
    }

    @Test("Lookup by QR resolves within scope, audits 'qr', and never reveals another tenant's statement")
    func lookup() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        for id in ["acme", "globex"] {
            try await repository.save(fixture.tenant(id))
            try await repository.save(fixture.statement(id, 1))
        }
        let support = AccessScope.support("help@vaultdesk", tenants: ["acme"])
        let admin = AccessScope.admin("root@vaultdesk")
        let acmeCode = try #require(try await repository.qrPayload(reference: "ACME-1", scope: support))
        let globexCode = try #require(try await repository.qrPayload(reference: "GLOBEX-1", scope: admin))
        #expect(try await repository.qrPayload(reference: "GLOBEX-1", scope: support) == nil)

        guard case .found(let statement, via: .qr) = try await repository.lookup("  \(acmeCode.url)\n", scope: support)
        else {
            Issue.record("a valid code in scope was not found")
            return
        }
        #expect(statement.id == "st-acme-1")
        let audit = try await repository.auditEvents(tenantId: "acme", scope: admin).items
        #expect(audit.contains { $0.via == "qr" && $0.entityId == "st-acme-1" && $0.actor == "help@vaultdesk" })

        // Another tenant's genuine code: not found, exactly as a code for nothing.
        #expect(try await repository.lookup(globexCode.url, scope: support) == .notFound)
        #expect(
            try await repository.lookup(globexCode.url, scope: admin)
                == .found(fixture.statement("globex", 1), via: .qr))
        // A code for acme pointing at globex's reference, signed with acme's secret: not found.
        let crossed = StatementQRPayload(
            tenantId: "acme", reference: "GLOBEX-1", secret: fixture.tenant("acme").qrSecret)
        #expect(try await repository.lookup(crossed.url, scope: admin) == .notFound)
        // Altered and forged codes are rejected with the reason; malformed ones too.
        let altered = acmeCode.url.replacingOccurrences(of: "ACME-1", with: "ACME-2")
        #expect(try await repository.lookup(altered, scope: support) == .rejected(.badSignature))
        let forged = StatementQRPayload(
            tenantId: "acme", reference: "ACME-1", secret: SigningSecret(Array("guess".utf8)))
        #expect(try await repository.lookup(forged.url, scope: support) == .rejected(.badSignature))
        #expect(
            try await repository.lookup("https://qr.vaultdesk.app/v1/acme", scope: support)
                == .rejected(.malformed("it should name a tenant and a statement reference")))
        // A forged code for a tenant outside the scope is "not found", not "forged".
        let forgedOther = StatementQRPayload(
            tenantId: "globex", reference: "GLOBEX-1", secret: SigningSecret(Array("guess".utf8)))
        #expect(try await repository.lookup(forgedOther.url, scope: support) == .notFound)
        // References: any case, surrounding space; outside scope not found.
        #expect(
            try await repository.lookup(" acme-1 ", scope: support)
                == .found(fixture.statement("acme", 1), via: .reference))
        #expect(try await repository.lookup("GLOBEX-1", scope: support) == .notFound)
        #expect(try await repository.lookup("", scope: support) == .notFound)
    }

    @Test("The module matrix is a real QR code: zbarimg decodes the PNG and PBM files to the payload")
    func decodesWithZbar() throws {
        let payload = StatementQRPayload(tenantId: "acme", reference: "ACME-2026-11-000123", secret: secret)
        let matrix = try QRMatrix(encoding: payload.url)
        #expect(matrix.size >= 21 && (matrix.size - 17) % 4 == 0)
        // Finder patterns: the three corners are dark 7x7 squares with a light ring inside.
        for (row, column) in [(0, 0), (0, matrix.size - 7), (matrix.size - 7, 0)] {
            #expect(matrix.isDark(row: row, column: column) && matrix.isDark(row: row + 6, column: column + 6))
            #expect(!matrix.isDark(row: row + 1, column: column + 1) && matrix.isDark(row: row + 3, column: column + 3))
        }
        let lines = matrix.halfBlockLines()
        #expect(lines.count == (matrix.size + 2 * QRMatrix.quietZone + 1) / 2)
        #expect(lines.allSatisfy { $0.count == matrix.size + 2 * QRMatrix.quietZone })

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vaultdesk-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, data) in [("code.png", matrix.png()), ("code.pbm", matrix.pbm(scale: 4))] {
            let file = folder.appendingPathComponent(name)
            try data.write(to: file)
            #expect(try zbarimg(file.path) == "QR-Code:" + payload.url, "\(name)")
        }
        #expect(throws: QRCodeError.empty) { try QRMatrix(encoding: "") }
        #expect(throws: QRCodeError.tooLong(5_000)) { try QRMatrix(encoding: String(repeating: "x", count: 5_000)) }
    }
}
