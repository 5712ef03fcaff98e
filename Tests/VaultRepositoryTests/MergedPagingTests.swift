import Foundation
import PartitionStore
import TestSupport
import Testing

@testable import VaultRepository

@Suite("Paging merged over shards")
struct MergedPagingTests {
    @Test(
        "Pages of any size over 8 payment shards return every payment once, in order, both ways; replayed cursors return the same page"
    )
    func pagesMatchTheSortedList() async throws {
        let fixture = try await RepositoryFixture()
        let repository = fixture.repository
        try await repository.save(fixture.tenant("acme"))
        var random = SeededGenerator(seed: 77)
        var expected: [(String, String)] = []
        for number in 0..<300 {
            // Many payments share an instant, so ties between shards are exercised too.
            let at = RepositoryFixture.instant(hours: Int.random(in: 0..<40, using: &random))
            try await repository.save(fixture.payment("acme", statement: "st-\(number % 9)", number, at: at))
            expected.append((at, "pay-acme-\(number)"))
        }
        let admin = AccessScope.admin("pager@vaultdesk")
        for newestFirst in [false, true] {
            let ordered = expected.sorted { newestFirst ? $0 > $1 : $0 < $1 }
            let from = RepositoryFixture.instant(hours: 5)
            let to = RepositoryFixture.instant(hours: 30)
            let window = ordered.filter { $0.0 >= from && $0.0 <= to }.map(\.1)
            for _ in 0..<6 {
                let limit = Int.random(in: 1...60, using: &random)
                var seen: [String] = []
                var cursor: Cursor?
                var pages: [(Cursor?, [String])] = []
                repeat {
                    let page = try await repository.payments(
                        tenantId: "acme", from: from, to: to, newestFirst: newestFirst, scope: admin, limit: limit,
                        after: cursor)
                    #expect(page.items.count <= limit)
                    pages.append((cursor, page.items.map(\.id)))
                    seen += page.items.map(\.id)
                    cursor = page.next
                } while cursor != nil
                // Ties at one instant may come in either shard order; compare per instant.
                #expect(seen.count == window.count && Set(seen) == Set(window), "limit \(limit)")
                let at = Dictionary(uniqueKeysWithValues: expected.map { ($0.1, $0.0) })
                #expect(seen.map { at[$0]! } == window.map { at[$0]! }, "limit \(limit)")
                // Going back: every kept cursor gives its page again.
                for (start, ids) in pages.reversed() {
                    let again = try await repository.payments(
                        tenantId: "acme", from: from, to: to, newestFirst: newestFirst, scope: admin, limit: limit,
                        after: start)
                    #expect(again.items.map(\.id) == ids)
                }
            }
        }
    }
}
