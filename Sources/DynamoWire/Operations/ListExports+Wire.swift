import PartitionStore

extension ListExportsInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            tableArn: try request.string("TableArn"), maxResults: try request.int("MaxResults"),
            nextToken: try request.string("NextToken"))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "TableArn": tableArn.map(JSONValue.string),
            "MaxResults": maxResults.map { .number($0) },
            "NextToken": nextToken.map(JSONValue.string),
        ])
    }

    /// A summary carries the ARN, status and type only.
    public func wireResponse(_ output: ListExportsOutput) -> JSONValue {
        WireShapes.object([
            "ExportSummaries": .array(
                output.exports.map { export in
                    .object([
                        "ExportArn": .string(export.exportArn), "ExportStatus": .string(export.status.rawValue),
                        "ExportType": .string(export.exportType),
                    ])
                }),
            "NextToken": output.nextToken.map(JSONValue.string),
        ])
    }

    public static func output(wire response: WireObject) throws(WireError) -> ListExportsOutput {
        var exports: [ExportDescription] = []
        for summary in try response.objects("ExportSummaries") ?? [] {
            exports.append(
                ExportDescription(
                    exportArn: try summary.requiredString("ExportArn"),
                    status: try summary.enumeration("ExportStatus", ExportDescription.Status.self) ?? .completed,
                    startTime: 0, tableArn: "", tableId: "", s3Bucket: "", exportFormat: .dynamodbJSON,
                    exportType: try summary.string("ExportType") ?? "FULL_EXPORT"))
        }
        return ListExportsOutput(exports: exports, nextToken: try response.string("NextToken"))
    }
}
