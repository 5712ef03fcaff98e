import Foundation

extension PartitionStore {
    /// Completes what an operation touches with what only the schema knows: the partition key
    /// values of the keys it names or of its key condition (on the table or the index it reads),
    /// and the attributes its expressions name. A target on a table that does not exist keeps no
    /// leading keys; the operation itself then answers ResourceNotFoundException. A malformed
    /// expression throws the ValidationException the operation would.
    public func resolve(_ access: OperationAccess) throws(StoreError) -> OperationAccess {
        var resolved = access
        for index in resolved.targets.indices {
            try resolve(&resolved.targets[index])
        }
        return resolved
    }

    private func resolve(_ target: inout OperationAccess.Target) throws(StoreError) {
        if let expressions = target.expressions {
            let named = try Self.attributes(of: expressions)
            if !named.isEmpty || target.attributes != nil {
                target.attributes = (target.attributes ?? []).union(named)
            }
        }
        guard target.keys != nil || target.keyCondition != nil, let key = accessKey(target.table, target.index) else {
            return
        }
        if let keys = target.keys {
            target.leadingKeys = keys.compactMap { $0[key.hash.attributeName].map(Self.leadingKey) }
        } else if let condition = target.keyCondition {
            target.leadingKeys = try Self.partition(of: condition, key: key).map { [Self.leadingKey($0)] }
        }
    }

    /// The key of a table or one of its indexes, from the cached catalog or (for a table made by
    /// another process since) a fresh one; nil when there is no such table or index.
    private func accessKey(_ table: String, _ index: String?) -> KeyShape? {
        func key(in schema: TableSchema) -> KeyShape? {
            guard let index else { return schema.key }
            return schema.index(named: index)?.key
        }
        if let known = catalog.withLock({ catalog in catalog.tables[table].map { key(in: $0) } }) { return known }
        return try? read { _, catalog throws(StoreError) in key(in: try schema(table, in: catalog)) }
    }

    /// A key value as IAM compares it: strings as they are, numbers as written, binary in base64.
    static func leadingKey(_ value: AttributeValue) -> String {
        switch value {
        case .s(let text): text
        case .n(let number): number.description
        case .b(let bytes): Data(bytes).base64EncodedString()
        default: ""
        }
    }

    private static func partition(
        of condition: OperationAccess.KeyConditionText, key: KeyShape
    ) throws(StoreError) -> AttributeValue? {
        if let legacy = condition.legacy {
            return try KeyConditionCompiler.compile(legacy, key: key).partition
        }
        guard let text = condition.expression else { return nil }
        var resolver = try ExpressionResolver(names: condition.names, values: condition.values)
        let predicate = try resolver.condition(
            try ExpressionCache.shared.condition(text, kind: .keyCondition), .keyCondition)
        return try KeyConditionCompiler.compile(predicate, key: key).partition
    }

    /// The top-level attributes a request's expressions and legacy conditions name.
    private static func attributes(of expressions: OperationAccess.Expressions) throws(StoreError) -> Set<String> {
        var names = expressions.legacyNames
        var resolver = try ExpressionResolver(names: expressions.names, values: expressions.values)
        for (kind, text) in expressions.texts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            switch kind {
            case .update:
                names.formUnion(try resolver.update(try ExpressionCache.shared.update(text)).attributes)
            case .projection:
                names.formUnion(try resolver.projection(try ExpressionCache.shared.projection(text)).map(\.attribute))
            case .condition, .filter, .keyCondition:
                let syntax = try ExpressionCache.shared.condition(text, kind: kind)
                names.formUnion(try resolver.condition(syntax, kind).attributes)
            case .statement:
                // A statement is judged as the operation it is planned as, never by its text.
                break
            }
        }
        return names
    }
}
