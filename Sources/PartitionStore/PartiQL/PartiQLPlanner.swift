/// Plans a parsed PartiQL statement as the DynamoDB operation that does its work, written in the
/// expression language with generated placeholders. Running the operation itself keeps one
/// implementation of every behaviour PartiQL shares with it: conditions, capacity, paging, the
/// 1 MB page, stream records, access policies.
///
/// - SELECT whose WHERE is the full primary key with `=` is a GetItem.
/// - SELECT whose WHERE fixes the partition key with `=` (and optionally bounds the sort key)
///   is a Query of the table or index, the rest of the WHERE its filter; any other SELECT is a
///   Scan with the WHERE as its filter.
/// - INSERT is a PutItem on the condition that no item has the key (DuplicateItemException).
/// - UPDATE is an UpdateItem of the item the WHERE names by its full key, on the condition that
///   it exists and the rest of the WHERE holds.
/// - DELETE is a DeleteItem of that item, on the condition that it is missing or the rest of
///   the WHERE holds (deleting nothing is not an error).
enum PartiQLPlan: Sendable {
    case query(QueryInput)
    case scan(ScanInput)
    case get(GetItemInput)
    case put(PutItemInput)
    case update(UpdateItemInput)
    case delete(DeleteItemInput)
    case conditionCheck(ConditionCheck)

    var isRead: Bool {
        switch self {
        case .query, .scan, .get: true
        case .put, .update, .delete, .conditionCheck: false
        }
    }
}

struct PartiQLPlanner {
    private let parameters: [AttributeValue]
    private let schema: TableSchema
    /// The statement's WHERE, as parsed.
    private let whereClause: WhereClause?
    private var writer = ExpressionWriter()

    /// Plans `parsed` with its parameters bound, against the schema of the table it names.
    static func plan(
        _ parsed: ParsedStatement, parameters: [AttributeValue]?, schema: TableSchema
    ) throws(StoreError) -> PartiQLPlan {
        let given = parameters ?? []
        guard given.count == parsed.parameterCount else {
            throw .validation("Number of parameters in request and statement don't match.")
        }
        for value in given { try value.validate() }
        var planner = PartiQLPlanner(parameters: given, schema: schema, whereClause: parsed.whereClause)
        return try planner.plan(parsed.statement)
    }

    private init(parameters: [AttributeValue], schema: TableSchema, whereClause: WhereClause?) {
        self.parameters = parameters
        self.schema = schema
        self.whereClause = whereClause
    }

    private mutating func plan(_ statement: PartiQLStatement) throws(StoreError) -> PartiQLPlan {
        switch statement {
        case .select(let select):
            return try planSelect(select)
        case .insert(let table, let itemValue):
            guard case .m(let item) = try bind(itemValue) else {
                throw .validation("Unsupported type: the VALUE of an INSERT must be a map of attributes")
            }
            let key = writer.name(schema.key.hash.attributeName)
            return .put(
                PutItemInput(
                    tableName: table, item: item,
                    options: writeOptions(condition: "attribute_not_exists(\(key))")))
        case .update(let table, let actions, _, let returning):
            let (key, rest) = try fullKey()
            let update = try updateExpression(actions)
            let exists = "attribute_exists(\(writer.name(schema.key.hash.attributeName)))"
            let extra = try rest.map { condition throws(StoreError) in try render(condition) }
            var options = writeOptions(condition: ([exists] + extra).joined(separator: " AND "))
            options.returnValues = returning
            return .update(UpdateItemInput(tableName: table, key: key, updateExpression: update, options: options))
        case .delete(let table, _, let returning):
            let (key, rest) = try fullKey()
            var options: WriteOptions
            if rest.isEmpty {
                options = WriteOptions()
            } else {
                let missing = "attribute_not_exists(\(writer.name(schema.key.hash.attributeName)))"
                let extra = try rest.map { condition throws(StoreError) in try render(condition) }
                options = writeOptions(condition: "\(missing) OR (\(extra.joined(separator: " AND ")))")
            }
            options.returnValues = returning
            return .delete(DeleteItemInput(tableName: table, key: key, options: options))
        case .exists(let select):
            guard select.projection == nil, select.index == nil, select.orderBy == nil, select.condition != nil
            else {
                throw .validation("EXISTS takes a SELECT * of one item by its full primary key and a condition")
            }
            let (key, rest) = try fullKey()
            let exists = "attribute_exists(\(writer.name(schema.key.hash.attributeName)))"
            let extra = try rest.map { condition throws(StoreError) in try render(condition) }
            return .conditionCheck(
                ConditionCheck(
                    tableName: select.table, key: key,
                    conditionExpression: ([exists] + extra).joined(separator: " AND "),
                    expressionAttributeNames: writer.namesOrNil, expressionAttributeValues: writer.valuesOrNil))
        }
    }

    /// A SELECT of one item by its full primary key: what batches and transactions read.
    static func planGet(
        _ parsed: ParsedStatement, parameters: [AttributeValue]?, schema: TableSchema
    ) throws(StoreError) -> GetItemInput {
        guard case .select(let select) = parsed.statement else {
            throw .validation("Only SELECT statements read items")
        }
        let given = parameters ?? []
        guard given.count == parsed.parameterCount else {
            throw .validation("Number of parameters in request and statement don't match.")
        }
        var planner = PartiQLPlanner(parameters: given, schema: schema, whereClause: parsed.whereClause)
        guard select.index == nil, select.orderBy == nil, select.condition != nil else {
            throw .validation("Batch and transaction reads must name one item of a table by its full primary key")
        }
        let (key, rest) = try planner.fullKey()
        guard rest.isEmpty else {
            throw .validation("Batch and transaction reads must name one item by its full primary key and nothing else")
        }
        let projection = select.projection.map { paths in
            paths.map { planner.writer.path($0) }.joined(separator: ", ")
        }
        return GetItemInput(
            tableName: select.table, key: key, projectionExpression: projection,
            expressionAttributeNames: planner.writer.namesOrNil)
    }

    // MARK: SELECT

    private mutating func planSelect(_ select: PartiQLSelect) throws(StoreError) -> PartiQLPlan {
        let key: KeyShape
        if let index = select.index {
            guard let found = schema.index(named: index) else {
                throw .validation("The table does not have the specified index: \(index)")
            }
            key = found.key
        } else {
            key = schema.key
        }
        // The full primary key fixed with '=' and nothing else is one item: a GetItem.
        if select.index == nil, select.orderBy == nil, select.condition != nil,
            let (key, rest) = try? fullKey(), rest.isEmpty
        {
            let projection = select.projection.map { paths in
                paths.map { writer.path($0) }.joined(separator: ", ")
            }
            return .get(
                GetItemInput(
                    tableName: select.table, key: key, projectionExpression: projection,
                    expressionAttributeNames: writer.namesOrNil))
        }
        var conjuncts = whereClause?.conjuncts ?? []
        // The partition key fixed with '=' and at most one sort-key condition make a Query,
        // unless the rest of the WHERE reads a key attribute, which a Query cannot filter on.
        var keyConjuncts: [PartiQLCondition] = []
        if let partition = conjuncts.firstIndex(where: { Self.equality(of: key.hash.attributeName, in: $0) != nil }) {
            var rest = conjuncts
            keyConjuncts.append(rest.remove(at: partition))
            if let range = key.range,
                let sort = rest.firstIndex(where: { Self.isSortCondition($0, on: range.attributeName) })
            {
                keyConjuncts.append(rest.remove(at: sort))
            }
            if rest.contains(where: { !$0.attributes.isDisjoint(with: Set(key.attributeNames)) }) {
                keyConjuncts = []
            } else {
                conjuncts = rest
            }
        }
        var keyCondition: [String] = []
        if let partition = keyConjuncts.first, let value = Self.equality(of: key.hash.attributeName, in: partition) {
            // Written name first, as a key condition must be, whichever side the WHERE put it.
            keyCondition.append("\(writer.name(key.hash.attributeName)) = \(writer.value(try bind(value)))")
            for condition in keyConjuncts.dropFirst() { keyCondition.append(try render(condition)) }
        }
        let projection = select.projection.map { paths in
            paths.map { writer.path($0) }.joined(separator: ", ")
        }
        if let order = select.orderBy {
            guard !keyCondition.isEmpty, order.path.isTopLevel, order.path.attribute == key.range?.attributeName else {
                throw .validation(
                    "ORDER BY needs a WHERE clause that fixes the partition key with '=', and orders by the sort key")
            }
        }
        let filter =
            try conjuncts.isEmpty
            ? nil
            : conjuncts.map { condition throws(StoreError) in
                try render(condition)
            }.joined(separator: " AND ")
        if keyCondition.isEmpty {
            return .scan(
                ScanInput(
                    tableName: select.table, indexName: select.index, filterExpression: filter,
                    projectionExpression: projection, expressionAttributeNames: writer.namesOrNil,
                    expressionAttributeValues: writer.valuesOrNil))
        }
        return .query(
            QueryInput(
                tableName: select.table, indexName: select.index,
                keyConditionExpression: keyCondition.joined(separator: " AND "), filterExpression: filter,
                projectionExpression: projection, expressionAttributeNames: writer.namesOrNil,
                expressionAttributeValues: writer.valuesOrNil, scanIndexForward: select.orderBy?.descending != true))
    }

    /// The value a condition fixes `attribute` to with `=`, when it is `attribute = constant`.
    static func equality(of attribute: String, in condition: PartiQLCondition) -> PartiQLValue? {
        guard let found = WhereClause.equality(in: condition), found.attribute == attribute else { return nil }
        return found.value
    }

    /// Whether a condition is one a Query's key condition can take on the sort key.
    static func isSortCondition(_ condition: PartiQLCondition, on attribute: String) -> Bool {
        func isKey(_ value: PartiQLValue) -> Bool {
            value.path.map { $0.isTopLevel && $0.attribute == attribute } ?? false
        }
        switch condition {
        case .compare(let left, let comparator, let right):
            return comparator != .ne && isKey(left) && right.isConstant
        case .between(let value, let low, let high):
            return isKey(value) && low.isConstant && high.isConstant
        case .function("begins_with", let arguments):
            return arguments.count == 2 && isKey(arguments[0]) && arguments[1].isConstant
        default:
            return false
        }
    }

    // MARK: Keys of writes

    /// The primary key the statement's WHERE names with `=` on every key attribute, and the
    /// rest of the WHERE.
    private func fullKey() throws(StoreError) -> (key: Item, rest: [PartiQLCondition]) {
        let missing = StoreError.validation("Where clause does not contain a mandatory equality on all key attributes")
        guard let clause = whereClause, let hash = clause.equality(of: schema.key.hash.attributeName) else {
            throw missing
        }
        var key = Item(minimumCapacity: 2)
        key[schema.key.hash.attributeName] = try bind(hash.value)
        var sortPosition: Int?
        if let range = schema.key.range {
            guard let sort = clause.equality(of: range.attributeName) else { throw missing }
            key[range.attributeName] = try bind(sort.value)
            sortPosition = sort.position
        }
        // A conjunct fixes one attribute, so the key's conjuncts are distinct.
        let keyConjuncts = sortPosition == nil ? 1 : 2
        let rest =
            clause.conjuncts.count == keyConjuncts
            ? []
            : clause.conjuncts.indices.filter { $0 != hash.position && $0 != sortPosition }.map {
                clause.conjuncts[$0]
            }
        return (key, rest)
    }

    private mutating func updateExpression(_ actions: [PartiQLStatement.UpdateAction]) throws(StoreError) -> String {
        var sets: [String] = []
        var removes: [String] = []
        var adds: [String] = []
        var deletes: [String] = []
        for action in actions {
            switch action {
            case .remove(let path):
                removes.append(writer.path(path))
            case .set(let path, .function(let function, let arguments))
            where function == "set_add" || function == "set_delete":
                guard arguments.count == 2, arguments[0].path == path, arguments[1].isConstant else {
                    throw .validation(
                        "\(function) must name the attribute being set and a set of values: SET a = \(function)(a, <<…>>)"
                    )
                }
                let clause = "\(writer.path(path)) \(writer.value(try bind(arguments[1])))"
                if function == "set_add" { adds.append(clause) } else { deletes.append(clause) }
            case .set(let path, let value):
                sets.append("\(writer.path(path)) = \(try operand(value, arithmetic: true))")
            }
        }
        var clauses: [String] = []
        if !sets.isEmpty { clauses.append("SET " + sets.joined(separator: ", ")) }
        if !removes.isEmpty { clauses.append("REMOVE " + removes.joined(separator: ", ")) }
        if !adds.isEmpty { clauses.append("ADD " + adds.joined(separator: ", ")) }
        if !deletes.isEmpty { clauses.append("DELETE " + deletes.joined(separator: ", ")) }
        return clauses.joined(separator: " ")
    }

    private func writeOptions(condition: String) -> WriteOptions {
        WriteOptions(
            conditionExpression: condition, expressionAttributeNames: writer.namesOrNil,
            expressionAttributeValues: writer.valuesOrNil)
    }

    // MARK: Rendering in the expression language

    private mutating func render(_ condition: PartiQLCondition) throws(StoreError) -> String {
        switch condition {
        case .compare(let left, let comparator, let right):
            return "\(try operand(left)) \(comparator.rawValue) \(try operand(right))"
        case .between(let value, let low, let high):
            return "\(try operand(value)) BETWEEN \(try operand(low)) AND \(try operand(high))"
        case .in(let value, let list):
            var items: [String] = []
            for element in list { items.append(try operand(element)) }
            return "\(try operand(value)) IN (\(items.joined(separator: ", ")))"
        case .missing(let path, let negated):
            return "\(negated ? "attribute_exists" : "attribute_not_exists")(\(writer.path(path)))"
        case .null(let path, let negated):
            let test = "attribute_type(\(writer.path(path)), \(writer.value(.s("NULL"))))"
            return negated ? "NOT \(test)" : test
        case .function(let name, let arguments):
            var rendered: [String] = []
            for argument in arguments { rendered.append(try operand(argument)) }
            return "\(name)(\(rendered.joined(separator: ", ")))"
        case .and(let left, let right):
            return "(\(try render(left)) AND \(try render(right)))"
        case .or(let left, let right):
            return "(\(try render(left)) OR \(try render(right)))"
        case .not(let inner):
            let text = try render(inner)
            // AND and OR bring their own parentheses; a second pair would be redundant.
            switch inner {
            case .and, .or: return "NOT \(text)"
            default: return "NOT (\(text))"
            }
        }
    }

    private mutating func operand(_ value: PartiQLValue, arithmetic: Bool = false) throws(StoreError) -> String {
        switch value {
        case .path(let path):
            return writer.path(path)
        case .plus(let left, let right), .minus(let left, let right):
            guard arithmetic else { throw .validation("Arithmetic is only allowed in the SET clause of an UPDATE") }
            let symbol: String
            if case .plus = value { symbol = "+" } else { symbol = "-" }
            return "\(try operand(left)) \(symbol) \(try operand(right))"
        case .function(let name, let arguments):
            guard ["size", "list_append", "if_not_exists"].contains(name) else {
                throw .validation("The function \(name) is not allowed here")
            }
            var rendered: [String] = []
            for argument in arguments { rendered.append(try operand(argument, arithmetic: arithmetic)) }
            return "\(name)(\(rendered.joined(separator: ", ")))"
        case .literal, .parameter, .list, .map, .set:
            return writer.value(try bind(value))
        }
    }

    // MARK: Binding values

    /// A constant value with its parameters bound.
    private func bind(_ value: PartiQLValue) throws(StoreError) -> AttributeValue {
        switch value {
        case .literal(let literal):
            return literal
        case .parameter(let index):
            return parameters[index]
        case .list(let elements):
            var list: [AttributeValue] = []
            for element in elements { list.append(try bind(element)) }
            return .l(list)
        case .map(let members):
            var map: [String: AttributeValue] = [:]
            for (name, member) in members { map[name] = try bind(member) }
            return .m(map)
        case .set(let elements):
            var values: [AttributeValue] = []
            for element in elements { values.append(try bind(element)) }
            var strings: [String] = []
            var numbers: [DecimalNumber] = []
            var binaries: [[UInt8]] = []
            for element in values {
                switch element {
                case .s(let string): strings.append(string)
                case .n(let number): numbers.append(number)
                case .b(let bytes): binaries.append(bytes)
                default: throw .validation("A set holds strings, numbers or binary values, all of one type")
                }
            }
            let set: AttributeValue
            switch (strings.isEmpty, numbers.isEmpty, binaries.isEmpty) {
            case (false, true, true): set = .ss(strings)
            case (true, false, true): set = .ns(numbers)
            case (true, true, false): set = .bs(binaries)
            case (true, true, true): throw .validation("An empty set is not a DynamoDB value")
            default: throw .validation("A set holds strings, numbers or binary values, all of one type")
            }
            try set.validate()
            return set
        case .path, .plus, .minus, .function:
            throw .validation("Expected a value, not an attribute or function, here")
        }
    }
}

extension PartiQLCondition {
    /// The top-level attributes the condition reads.
    var attributes: Set<String> {
        switch self {
        case .compare(let left, _, let right): left.attributes.union(right.attributes)
        case .between(let value, let low, let high): value.attributes.union(low.attributes).union(high.attributes)
        case .in(let value, let list): list.reduce(value.attributes) { $0.union($1.attributes) }
        case .missing(let path, _), .null(let path, _): [path.attribute]
        case .function(_, let arguments): arguments.reduce([]) { $0.union($1.attributes) }
        case .and(let left, let right), .or(let left, let right): left.attributes.union(right.attributes)
        case .not(let inner): inner.attributes
        }
    }
}

extension PartiQLValue {
    /// The top-level attributes the value reads.
    var attributes: Set<String> {
        switch self {
        case .path(let path): [path.attribute]
        case .plus(let left, let right), .minus(let left, let right): left.attributes.union(right.attributes)
        case .function(_, let arguments), .list(let arguments), .set(let arguments):
            arguments.reduce([]) { $0.union($1.attributes) }
        case .map(let members): members.values.reduce([]) { $0.union($1.attributes) }
        case .literal, .parameter: []
        }
    }

    /// Whether the value is known before reading the item: a literal, a parameter, or a list,
    /// map or set of them.
    var isConstant: Bool {
        switch self {
        case .literal, .parameter: true
        case .list(let elements), .set(let elements): elements.allSatisfy(\.isConstant)
        case .map(let members): members.values.allSatisfy(\.isConstant)
        case .path, .plus, .minus, .function: false
        }
    }
}

/// Names and values of generated expressions: each attribute name once as `#n0`, `#n1`…, each
/// value as `:v0`, `:v1`….
struct ExpressionWriter {
    private(set) var names: [String: String] = [:]
    private(set) var values: [String: AttributeValue] = [:]
    private var placeholderOf: [String: String] = [:]

    var namesOrNil: [String: String]? { names.isEmpty ? nil : names }
    var valuesOrNil: [String: AttributeValue]? { values.isEmpty ? nil : values }

    mutating func name(_ name: String) -> String {
        if let known = placeholderOf[name] { return known }
        let placeholder = "#n\(names.count)"
        names[placeholder] = name
        placeholderOf[name] = placeholder
        return placeholder
    }

    mutating func value(_ value: AttributeValue) -> String {
        let placeholder = ":v\(values.count)"
        values[placeholder] = value
        return placeholder
    }

    mutating func path(_ path: PartiQLPath) -> String {
        var text = ""
        for element in path.elements {
            switch element {
            case .name(let attribute): text += (text.isEmpty ? "" : ".") + name(attribute)
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
