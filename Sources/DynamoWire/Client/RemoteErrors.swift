import PartitionStore

/// Error answers as the errors to throw: the store's own errors by their type (with the item and
/// cancellation reasons they carry), the retryable ones as `RemoteCallError`.
public enum RemoteErrors {
    public static func error(status: Int, body: JSONValue?) -> any Error {
        let type =
            body?["__type"]?.stringValue.map { String($0.split(separator: "#").last ?? Substring($0)) }
            ?? "HTTP\(status)"
        let message = body?["message"]?.stringValue ?? body?["Message"]?.stringValue ?? "HTTP status \(status)"
        let remote = RemoteCallError.service(type: type, message: message, status: status)
        if RetryPolicy.isRetryable(remote) { return remote }
        guard let code = StoreError.Code(rawValue: type) else { return remote }
        var error = StoreError(code, message)
        if let item = body?["Item"], let decoded = try? AttributeJSON.decodeItem(item) { error.item = decoded }
        if case .array(let reasons)? = body?["CancellationReasons"] {
            error.cancellationReasons = reasons.map { reason in
                CancellationReason(
                    code: reason["Code"]?.stringValue ?? "None", message: reason["Message"]?.stringValue,
                    item: reason["Item"].flatMap { try? AttributeJSON.decodeItem($0) })
            }
        }
        return error
    }
}
