/// An error from the store, named as DynamoDB names its exceptions so that the wire endpoint can
/// report it unchanged and clients can match on it.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        case validation = "ValidationException"
        case resourceNotFound = "ResourceNotFoundException"
        case resourceInUse = "ResourceInUseException"
        case conditionalCheckFailed = "ConditionalCheckFailedException"
        /// A PartiQL INSERT of a key that is already there.
        case duplicateItem = "DuplicateItemException"
        /// The backup operations' own names for a missing table, a missing backup, and a
        /// restore onto a table that exists.
        case tableNotFound = "TableNotFoundException"
        case backupNotFound = "BackupNotFoundException"
        case tableAlreadyExists = "TableAlreadyExistsException"
        /// Point-in-time recovery: a restore of a table without it, or to an instant outside its window.
        case pointInTimeRecoveryUnavailable = "PointInTimeRecoveryUnavailableException"
        case invalidRestoreTime = "InvalidRestoreTimeException"
        /// Exports: a time outside the recovery window, an unknown export, a client token reused
        /// for another request.
        case invalidExportTime = "InvalidExportTimeException"
        case exportNotFound = "ExportNotFoundException"
        case exportConflict = "ExportConflictException"
        /// Imports: an unknown import, a client token reused for another request.
        case importNotFound = "ImportNotFoundException"
        case importConflict = "ImportConflictException"
        case limitExceeded = "LimitExceededException"
        case itemCollectionSizeLimitExceeded = "ItemCollectionSizeLimitExceededException"
        case transactionCanceled = "TransactionCanceledException"
        case transactionConflict = "TransactionConflictException"
        case idempotentParameterMismatch = "IdempotentParameterMismatchException"
        case expiredIterator = "ExpiredIteratorException"
        case trimmedDataAccess = "TrimmedDataAccessException"
        /// Another writer held the store's write lock longer than the configured wait.
        case storeBusy = "StoreBusyException"
        /// The file could not be read or written (I/O error, corruption, disk full).
        case internalFailure = "InternalServerError"
        /// A remote endpoint refused the credentials or the signature, or denied the operation.
        case accessDenied = "AccessDeniedException"
        /// A remote endpoint kept throttling until the retries ran out of time.
        case throttled = "ThrottlingException"
        /// A remote endpoint could not be reached, or kept failing, until the retries ran out.
        case serviceUnavailable = "ServiceUnavailable"
    }

    public let code: Code
    public let message: String
    /// The existing item, for ConditionalCheckFailed with ReturnValuesOnConditionCheckFailure.
    public var item: Item?
    /// For TransactionCanceledException: one reason per action, in order.
    public var cancellationReasons: [CancellationReason]?

    public init(_ code: Code, _ message: String, item: Item? = nil) {
        self.code = code
        self.message = message
        self.item = item
    }

    public var description: String { "\(code.rawValue): \(message)" }

    static func validation(_ message: String) -> StoreError { StoreError(.validation, message) }

    /// TransactionCanceledException with one reason per action, named in the message as DynamoDB
    /// names them.
    static func cancelled(_ reasons: [CancellationReason]) -> StoreError {
        var error = StoreError(
            .transactionCanceled,
            "Transaction cancelled, please refer cancellation reasons for specific reasons [\(reasons.map(\.code).joined(separator: ", "))]"
        )
        error.cancellationReasons = reasons
        return error
    }

    /// How a failed constraint's value is shown: quoted, as null, or not at all (for maps and lists).
    public enum ConstraintValue: Sendable {
        case value(String)
        case null
        case unshown
    }

    /// DynamoDB's wording for a parameter outside its constraint, built in one place:
    /// `1 validation error detected: Value 'X' at 'path' failed to satisfy constraint: C`.
    public static func constraintMessage(_ value: ConstraintValue, at path: String, _ constraint: String) -> String {
        let shown =
            switch value {
            case .value(let text): "Value '\(text)'"
            case .null: "Value null"
            case .unshown: "Value"
            }
        return "1 validation error detected: \(shown) at '\(path)' failed to satisfy constraint: \(constraint)"
    }

    static func constraint(_ value: ConstraintValue, at path: String, _ constraint: String) -> StoreError {
        .validation(constraintMessage(value, at: path, constraint))
    }

    /// A number the request gives, checked against the range DynamoDB allows, with its message
    /// for the bound that was passed.
    static func checkRange(_ value: Int?, _ range: ClosedRange<Int>, at path: String) throws(StoreError) {
        guard let value, !range.contains(value) else { return }
        throw .constraint(
            .value(String(value)), at: path,
            value < range.lowerBound
                ? "Member must have value greater than or equal to \(range.lowerBound)"
                : "Member must have value less than or equal to \(range.upperBound)")
    }

    /// DynamoDB's prefix for most parameter errors.
    static func invalidParameter(_ detail: String) -> StoreError {
        StoreError(.validation, "One or more parameter values were invalid: \(detail)")
    }

    static func tableNotFound(_ name: String) -> StoreError {
        StoreError(.resourceNotFound, "Requested resource not found: Table: \(name) not found")
    }
}

extension SQLiteFailure {
    /// Translates a SQLite failure into the store's typed error.
    func storeError(busyWait milliseconds: Int32) -> StoreError {
        if isBusy {
            return StoreError(
                .storeBusy,
                "The store is locked by another writer; gave up after waiting \(milliseconds) ms. Retry, or raise the lock wait."
            )
        }
        if message.hasPrefix("no such table") {
            // The table was dropped by another connection after our catalog was read.
            return StoreError(.resourceNotFound, "Requested resource not found")
        }
        return StoreError(.internalFailure, "Storage failure: \(message) (SQLite code \(code))")
    }
}
