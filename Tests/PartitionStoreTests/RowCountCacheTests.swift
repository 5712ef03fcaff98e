import Foundation
import Testing

@testable import PartitionStore

@Suite("DescribeTable's counts of large tables")
struct RowCountCacheTests {
    @Test("a quick count is always made anew; a slow one is kept for a minute, then made again")
    func keepsOnlySlowCounts() {
        let cache = RowCountCache()
        var counted = 0
        func quick() -> (Int64, Int64) {
            counted += 1
            return (Int64(counted), 10)
        }
        #expect(cache.counts(of: "items_1", quick) == (1, 10))
        #expect(cache.counts(of: "items_1", quick) == (2, 10), "a small table's count is exact at every call")

        func slow() -> (Int64, Int64) {
            Thread.sleep(forTimeInterval: 0.12)
            counted += 1
            return (Int64(counted), 20)
        }
        let start = ContinuousClock.now
        #expect(cache.counts(of: "items_2", now: start, slow) == (3, 20))
        #expect(cache.counts(of: "items_2", now: start + .seconds(59), slow) == (3, 20), "kept")
        #expect(cache.counts(of: "items_3", now: start + .seconds(59), quick) == (4, 10), "per table")
        #expect(
            cache.counts(of: "items_2", now: start + .seconds(61), quick) == (5, 10), "counted again after a minute")
        #expect(cache.counts(of: "items_2", now: start + .seconds(62), quick) == (6, 10), "and quick now, so not kept")
    }
}
