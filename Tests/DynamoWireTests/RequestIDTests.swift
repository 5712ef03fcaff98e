import Testing

@testable import DynamoWire

/// `x-amzn-RequestId` as DynamoDB prints it: clients log it and support quotes it back, so two
/// requests must never share one.
@Suite("Request ids")
struct RequestIDTests {
    @Test("an id is 52 characters of A-Z and 0-9, and 100,000 ids from one connection are all different")
    func shapeAndUniqueness() {
        var ids = RequestIDs()
        var seen = Set<String>()
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        for _ in 0..<100_000 {
            let id = ids.next()
            #expect(id.utf8.count == 52)
            #expect(id.utf8.allSatisfy(allowed.contains))
            seen.insert(id)
        }
        #expect(seen.count == 100_000)
    }

    @Test("two connections start from different seeds")
    func connectionsDiffer() {
        var first = RequestIDs()
        var second = RequestIDs()
        #expect(first.next() != second.next())
    }

    @Test("every character of the alphabet turns up, so no position is stuck")
    func allCharactersUsed() {
        var ids = RequestIDs()
        var used = Set<UInt8>()
        for _ in 0..<200 { used.formUnion(ids.next().utf8) }
        #expect(used.count == 36)
    }
}
