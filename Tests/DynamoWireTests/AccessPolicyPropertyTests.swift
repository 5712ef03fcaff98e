import Foundation
import PartitionStore
import TestSupport
import Testing

@testable import DynamoWire

/// The law of `serve --policies`: random data over several tenants, random principals each
/// limited by `dynamodb:LeadingKeys` to some tenants' partitions and by `dynamodb:Attributes` to
/// some attributes, and random requests of every item operation. A request is allowed exactly
/// when it stays inside its principal's policy; nothing outside the policy is ever returned or
/// changed; and every allowed request answers exactly as the same request does on an endpoint
/// without policies.
@Suite("Access policies: the isolation property")
struct AccessPolicyPropertyTests {
    static let table = "tab"
    static let tenants = (0..<5).map { "TENANT#t\($0)" }
    static let attributes = ["a", "b", "c", "qr_secret"]

    struct Principal {
        var key: String
        var tenants: Set<String>
        var attributes: Set<String>

        var policy: String {
            let quoted = { (values: [String]) in values.map { "\"\($0)\"" }.joined(separator: ", ") }
            return """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                  "Action": ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
                             "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
                             "dynamodb:ConditionCheckItem"],
                  "Resource": "arn:aws:dynamodb:*:*:table/\(AccessPolicyPropertyTests.table)",
                  "Condition": {
                    "ForAllValues:StringEquals": {"dynamodb:LeadingKeys": [\(quoted(tenants.sorted()))],
                                                  "dynamodb:Attributes": [\(quoted(attributes.sorted()))]},
                    "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES",
                                             "dynamodb:ReturnValues": ["NONE", "UPDATED_OLD", "UPDATED_NEW"]}}}]}
                """
        }
    }

    /// One random request: its operation, its body, and whether it stays inside the policy.
    struct Request {
        var operation: OperationName
        var body: JSONValue
        var within: Bool
    }

    final class Endpoint {
        let folder: URL
        let service: WireService

        init(policies: PolicySet?) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("isolation-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let store = try PartitionStore(path: folder.appendingPathComponent("store.db").path)
            _ = try store.createTable(
                CreateTableInput(
                    tableName: AccessPolicyPropertyTests.table,
                    keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
                    attributeDefinitions: [AttributeDefinition("pk", .s), AttributeDefinition("sk", .s)]))
            service = WireService(store: store, policies: policies)
        }

        func send(_ request: Request, as principal: String?) -> Result<JSONValue, WireError> {
            let bytes = JSONWriter.encode(request.body)
            return bytes.withUnsafeBytes { body in
                service.respond(to: request.operation, body: body, caller: service.caller(principal))
            }
        }

        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    @Test("allowed exactly when inside the policy; nothing outside it returned or changed (400 random requests)")
    func isolation() throws {
        var rng = SeededGenerator(seed: 0x5EC_0DE)
        let principals = (0..<4).map { index in
            Principal(
                key: "AKIDP\(index)",
                tenants: Set(Self.tenants.shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng))),
                attributes: Set(["pk", "sk"] + Self.attributes.filter { _ in Bool.random(using: &rng) }))
        }
        let admin = #""AKIDADMIN": {"Statement": {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}}"#
        let file = "{" + (principals.map { "\"\($0.key)\": [\($0.policy)]" } + [admin]).joined(separator: ", ") + "}"
        let guarded = try Endpoint(policies: try PolicySet(json: Array(file.utf8)))
        let open = try Endpoint(policies: nil)
        for tenant in Self.tenants {
            for index in 0..<4 {
                var item: Item = ["pk": .s(tenant), "sk": .s("S\(index)")]
                for name in Self.attributes { item[name] = .s("\(name)-\(tenant)-\(index)") }
                let put = Request(
                    operation: .putItem, body: try PutItemInput(tableName: Self.table, item: item).wireRequest(),
                    within: true)
                _ = try guarded.send(put, as: "AKIDADMIN").get()
                _ = try open.send(put, as: nil).get()
            }
        }

        var allowed = 0
        var denied = 0
        for step in 0..<400 {
            let principal = principals[Int.random(in: 0..<principals.count, using: &rng)]
            let request = try Self.request(for: principal, step: step, &rng)
            let answer = guarded.send(request, as: principal.key)
            if case .failure(let error) = answer, error.type == "AccessDeniedException" {
                denied += 1
                #expect(!request.within, "denied although inside the policy: \(request.operation) \(request.body)")
                continue
            }
            allowed += 1
            #expect(request.within, "allowed although outside the policy: \(request.operation) \(request.body)")
            let reference = open.send(request, as: nil)
            #expect(
                Self.same(answer, reference),
                "differs from the open endpoint: \(request.operation) \(request.body)\n\(answer)\n\(reference)")
            if case .success(let json) = answer {
                for item in Self.returnedItems(json) {
                    #expect(Set(item.keys).isSubset(of: principal.attributes), "returned \(item.keys.sorted())")
                    if case .object(let pk)? = item["pk"], case .string(let tenant)? = pk["S"] {
                        #expect(principal.tenants.contains(tenant), "returned an item of \(tenant)")
                    }
                }
            }
        }
        #expect(allowed > 80 && denied > 80, "allowed \(allowed), denied \(denied): the law was barely exercised")
        // The guarded store changed only by allowed requests: it equals the open one.
        let everything = Request(
            operation: .scan, body: try ScanInput(tableName: Self.table, consistentRead: true).wireRequest(),
            within: true)
        #expect(Self.same(guarded.send(everything, as: "AKIDADMIN"), open.send(everything, as: nil)))
    }

    static func same(_ left: Result<JSONValue, WireError>, _ right: Result<JSONValue, WireError>) -> Bool {
        switch (left, right) {
        case (.success(let a), .success(let b)): a == b
        case (.failure(let a), .failure(let b)): a.type == b.type && a.message == b.message
        default: false
        }
    }

    /// The items an answer carries, whatever the operation.
    static func returnedItems(_ json: JSONValue) -> [[String: JSONValue]] {
        var items: [[String: JSONValue]] = []
        func add(_ value: JSONValue?) {
            switch value {
            case .object(let item)?: items.append(item)
            case .array(let list)?: for element in list { add(element) }
            default: break
            }
        }
        add(json["Item"])
        add(json["Items"])
        add(json["Attributes"])
        switch json["Responses"] {
        case .object(let byTable)?: for items in byTable.values { add(items) }
        case .array(let list)?: for response in list { add(response["Item"]) }
        default: break
        }
        return items
    }

    static func request(for principal: Principal, step: Int, _ rng: inout SeededGenerator) throws -> Request {
        // Mostly the principal's own tenants and attributes, so both answers are common.
        let own = principal.tenants.sorted()
        let granted = attributes.filter(principal.attributes.contains)
        let tenant = { (rng: inout SeededGenerator) in
            Int.random(in: 0..<4, using: &rng) == 0
                ? tenants[Int.random(in: 0..<tenants.count, using: &rng)]
                : own[Int.random(in: 0..<own.count, using: &rng)]
        }
        let some = { (rng: inout SeededGenerator) in
            (Int.random(in: 0..<4, using: &rng) == 0 ? attributes : granted).filter { _ in Bool.random(using: &rng) }
        }
        func projection(_ rng: inout SeededGenerator) -> [String]? {
            Int.random(in: 0..<4, using: &rng) == 0 ? nil : ["pk"] + some(&rng)
        }
        func inside(_ tenants: [String], _ names: [String]?) -> Bool {
            tenants.allSatisfy(principal.tenants.contains) && (names ?? []).allSatisfy(principal.attributes.contains)
        }
        let t = tenant(&rng)
        let key: Item = ["pk": .s(t), "sk": .s("S\(Int.random(in: 0..<5, using: &rng))")]
        switch Int.random(in: 0..<11, using: &rng) {
        case 0:
            let names = projection(&rng)
            let input = GetItemInput(
                tableName: table, key: key, projectionExpression: names?.joined(separator: ", "))
            return Request(
                operation: .getItem, body: try input.wireRequest(), within: names != nil && inside([t], names))
        case 1:
            let names = projection(&rng)
            let input = QueryInput(
                tableName: table, keyConditionExpression: "pk = :p",
                projectionExpression: names?.joined(separator: ", "),
                expressionAttributeValues: [":p": .s(t)])
            return Request(operation: .query, body: try input.wireRequest(), within: names != nil && inside([t], names))
        case 2:
            let input = ScanInput(tableName: table, projectionExpression: "pk")
            return Request(operation: .scan, body: try input.wireRequest(), within: false)
        case 3:
            var item = key
            let names = some(&rng)
            for name in names { item[name] = .s("put-\(step)") }
            let input = PutItemInput(tableName: table, item: item)
            return Request(operation: .putItem, body: try input.wireRequest(), within: inside([t], names))
        case 4:
            let name = attributes[Int.random(in: 0..<attributes.count, using: &rng)]
            let returnValues = [ReturnValue.none, .allNew, .updatedNew][Int.random(in: 0..<3, using: &rng)]
            let input = UpdateItemInput(
                tableName: table, key: key, updateExpression: "SET #n = :v",
                options: WriteOptions(
                    expressionAttributeNames: ["#n": name], expressionAttributeValues: [":v": .s("update-\(step)")],
                    returnValues: returnValues))
            return Request(
                operation: .updateItem, body: try input.wireRequest(),
                within: inside([t], [name]) && returnValues != .allNew)
        case 5:
            let returnValues = [ReturnValue.none, .allOld][Int.random(in: 0..<2, using: &rng)]
            let input = DeleteItemInput(tableName: table, key: key, options: WriteOptions(returnValues: returnValues))
            return Request(
                operation: .deleteItem, body: try input.wireRequest(), within: inside([t], []) && returnValues == .none)
        case 6:
            let tenants = (0..<Int.random(in: 1...3, using: &rng)).map { _ in tenant(&rng) }
            let names = ["pk"] + some(&rng)
            let keys = tenants.enumerated().map { index, t -> Item in ["pk": .s(t), "sk": .s("S\(index)")] }
            let input = BatchGetItemInput(requestItems: [
                table: KeysAndAttributes(keys: keys, projectionExpression: names.joined(separator: ", "))
            ])
            return Request(operation: .batchGetItem, body: try input.wireRequest(), within: inside(tenants, names))
        case 7:
            var tenants: [String] = []
            var names: [String] = []
            let writes = (0..<Int.random(in: 1...3, using: &rng)).map { index -> WriteRequest in
                let t = tenant(&rng)
                tenants.append(t)
                let key: Item = ["pk": .s(t), "sk": .s("B\(index)")]
                guard Bool.random(using: &rng) else { return .delete(key: key) }
                let chosen = some(&rng)
                names += chosen
                return .put(key.merging(chosen.map { ($0, AttributeValue.s("batch-\(step)")) }) { a, _ in a })
            }
            let input = BatchWriteItemInput(requestItems: [table: writes])
            return Request(operation: .batchWriteItem, body: try input.wireRequest(), within: inside(tenants, names))
        case 8:
            var tenants: [String] = []
            var names: [String] = []
            let actions = (0..<Int.random(in: 1...3, using: &rng)).map { index -> TransactWriteItem in
                let t = tenant(&rng)
                tenants.append(t)
                let key: Item = ["pk": .s(t), "sk": .s("X\(index)")]
                let name = attributes[Int.random(in: 0..<attributes.count, using: &rng)]
                names.append(name)
                if Bool.random(using: &rng) {
                    return .put(
                        PutItemInput(tableName: table, item: key.merging([name: .s("tx-\(step)")]) { a, _ in a }))
                }
                return .update(
                    UpdateItemInput(
                        tableName: table, key: key, updateExpression: "SET #n = :v",
                        options: WriteOptions(
                            expressionAttributeNames: ["#n": name], expressionAttributeValues: [":v": .s("tx-\(step)")])
                    ))
            }
            let input = TransactWriteItemsInput(transactItems: actions)
            return Request(
                operation: .transactWriteItems, body: try input.wireRequest(), within: inside(tenants, names))
        case 9:
            var tenants: [String] = []
            var names: [String] = []
            let gets = (0..<Int.random(in: 1...3, using: &rng)).map { index -> TransactGetItem in
                let t = tenant(&rng)
                tenants.append(t)
                let chosen = ["sk"] + some(&rng)
                names += chosen
                return TransactGetItem(
                    tableName: table, key: ["pk": .s(t), "sk": .s("S\(index)")],
                    projectionExpression: chosen.joined(separator: ", "))
            }
            let input = TransactGetItemsInput(transactItems: gets)
            return Request(operation: .transactGetItems, body: try input.wireRequest(), within: inside(tenants, names))
        default:
            return Request(
                operation: .describeTable, body: try DescribeTableInput(tableName: table).wireRequest(), within: false)
        }
    }
}
