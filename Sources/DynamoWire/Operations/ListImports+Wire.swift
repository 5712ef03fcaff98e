import PartitionStore

extension ListImportsInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(
            tableArn: try request.string("TableArn"), pageSize: try request.int("PageSize"),
            nextToken: try request.string("NextToken"))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "TableArn": tableArn.map(JSONValue.string),
            "PageSize": pageSize.map { .number($0) },
            "NextToken": nextToken.map(JSONValue.string),
        ])
    }

    /// A summary: the ARN, status, table, source, format and times.
    public func wireResponse(_ output: ListImportsOutput) -> JSONValue {
        WireShapes.object([
            "ImportSummaryList": .array(
                output.imports.map { record in
                    WireShapes.object([
                        "ImportArn": .string(record.importArn),
                        "ImportStatus": .string(record.status.rawValue),
                        "TableArn": record.tableArn.map(JSONValue.string),
                        "S3BucketSource": ImportShapes.encode(
                            bucket: record.s3Bucket, owner: record.s3BucketOwner, prefix: record.s3KeyPrefix),
                        "InputFormat": .string(record.source.format.rawValue),
                        "StartTime": .number(record.startTime),
                        "EndTime": record.endTime.map { .number($0) },
                    ])
                }),
            "NextToken": output.nextToken.map(JSONValue.string),
        ])
    }

    public static func output(wire response: WireObject) throws(WireError) -> ListImportsOutput {
        var imports: [ImportDescription] = []
        for summary in try response.objects("ImportSummaryList") ?? [] {
            let bucket = try summary.requiredObject("S3BucketSource")
            imports.append(
                ImportDescription(
                    importArn: try summary.requiredString("ImportArn"),
                    status: try summary.enumeration("ImportStatus", ImportDescription.Status.self) ?? .completed,
                    tableArn: try summary.string("TableArn"), s3Bucket: try bucket.requiredString("S3Bucket"),
                    s3BucketOwner: try bucket.string("S3BucketOwner"), s3KeyPrefix: try bucket.string("S3KeyPrefix"),
                    source: ImportSource(format: try summary.requiredEnumeration("InputFormat", ImportFormat.self)),
                    tableCreation: TableCreationParameters(tableName: "", keySchema: [], attributeDefinitions: []),
                    startTime: try WireShapes.number(summary, "StartTime") ?? 0,
                    endTime: try WireShapes.number(summary, "EndTime")))
        }
        return ListImportsOutput(imports: imports, nextToken: try response.string("NextToken"))
    }
}
