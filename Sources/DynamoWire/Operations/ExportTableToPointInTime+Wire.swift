import PartitionStore

extension ExportTableToPointInTimeInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        let incremental = try request.object("IncrementalExportSpecification")
        self.init(
            tableArn: try request.requiredString("TableArn"),
            exportTime: try WireShapes.number(request, "ExportTime"), clientToken: try request.string("ClientToken"),
            s3Bucket: try request.requiredString("S3Bucket"), s3BucketOwner: try request.string("S3BucketOwner"),
            s3Prefix: try request.string("S3Prefix"), s3SseAlgorithm: try request.string("S3SseAlgorithm"),
            exportFormat: try request.enumeration("ExportFormat", ExportSpecification.Format.self),
            exportType: try request.string("ExportType"),
            exportFromTime: try incremental.map { (spec) throws(WireError) in
                try WireShapes.number(spec, "ExportFromTime")
            } ?? nil,
            exportToTime: try incremental.map { (spec) throws(WireError) in try WireShapes.number(spec, "ExportToTime")
            } ?? nil,
            exportViewType: try incremental?.enumeration("ExportViewType", ExportSpecification.ViewType.self))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        let incremental =
            exportFromTime != nil || exportToTime != nil || exportViewType != nil
            ? WireShapes.object([
                "ExportFromTime": exportFromTime.map { .number($0) },
                "ExportToTime": exportToTime.map { .number($0) },
                "ExportViewType": exportViewType.map { .string($0.rawValue) },
            ]) : nil
        return WireShapes.object([
            "TableArn": .string(tableArn),
            "ExportTime": exportTime.map { .number($0) },
            "ClientToken": clientToken.map(JSONValue.string),
            "S3Bucket": .string(s3Bucket),
            "S3BucketOwner": s3BucketOwner.map(JSONValue.string),
            "S3Prefix": s3Prefix.map(JSONValue.string),
            "S3SseAlgorithm": s3SseAlgorithm.map(JSONValue.string),
            "ExportFormat": exportFormat.map { .string($0.rawValue) },
            "ExportType": exportType.map(JSONValue.string),
            "IncrementalExportSpecification": incremental,
        ])
    }

    public func wireResponse(_ output: ExportDescription) -> JSONValue {
        .object(["ExportDescription": ExportShapes.encode(output)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> ExportDescription {
        try ExportShapes.decode(response.requiredObject("ExportDescription"))
    }
}
