import PartitionStore

/// `ExportDescription` and `ExportSummary`, as ExportTableToPointInTime, DescribeExport and
/// ListExports carry them.
enum ExportShapes {
    static func encode(_ export: ExportDescription) -> JSONValue {
        WireShapes.object([
            "ExportArn": .string(export.exportArn),
            "ExportStatus": .string(export.status.rawValue),
            "StartTime": .number(export.startTime),
            "EndTime": export.endTime.map { .number($0) },
            "ExportManifest": export.exportManifest.map(JSONValue.string),
            "TableArn": .string(export.tableArn),
            "TableId": .string(export.tableId),
            "ExportTime": export.exportTime.map { .number($0) },
            "ClientToken": export.clientToken.map(JSONValue.string),
            "S3Bucket": .string(export.s3Bucket),
            "S3BucketOwner": export.s3BucketOwner.map(JSONValue.string),
            "S3Prefix": export.s3Prefix.map(JSONValue.string),
            "S3SseAlgorithm": .string(export.s3SseAlgorithm),
            "FailureCode": export.failureCode.map(JSONValue.string),
            "FailureMessage": export.failureMessage.map(JSONValue.string),
            "ExportFormat": .string(export.exportFormat.rawValue),
            "BilledSizeBytes": export.billedSizeBytes.map { .number($0) },
            "ItemCount": export.itemCount.map { .number($0) },
            "ExportType": .string(export.exportType),
            "IncrementalExportSpecification": export.exportType == "INCREMENTAL_EXPORT"
                ? WireShapes.object([
                    "ExportFromTime": export.exportFromTime.map { .number($0) },
                    "ExportToTime": export.exportToTime.map { .number($0) },
                    "ExportViewType": export.exportViewType.map { .string($0.rawValue) },
                ]) : nil,
        ])
    }

    static func decode(_ object: WireObject) throws(WireError) -> ExportDescription {
        let incremental = try object.object("IncrementalExportSpecification")
        return ExportDescription(
            exportArn: try object.requiredString("ExportArn"),
            status: try object.enumeration("ExportStatus", ExportDescription.Status.self) ?? .completed,
            startTime: try WireShapes.number(object, "StartTime") ?? 0,
            endTime: try WireShapes.number(object, "EndTime"),
            exportManifest: try object.string("ExportManifest"),
            tableArn: try object.string("TableArn") ?? "", tableId: try object.string("TableId") ?? "",
            exportTime: try WireShapes.number(object, "ExportTime"), clientToken: try object.string("ClientToken"),
            s3Bucket: try object.string("S3Bucket") ?? "", s3BucketOwner: try object.string("S3BucketOwner"),
            s3Prefix: try object.string("S3Prefix"), s3SseAlgorithm: try object.string("S3SseAlgorithm") ?? "AES256",
            failureCode: try object.string("FailureCode"), failureMessage: try object.string("FailureMessage"),
            exportFormat: try object.enumeration("ExportFormat", ExportSpecification.Format.self) ?? .dynamodbJSON,
            billedSizeBytes: try object.int("BilledSizeBytes").map(Int64.init),
            itemCount: try object.int("ItemCount").map(Int64.init),
            exportType: try object.string("ExportType") ?? "FULL_EXPORT",
            exportFromTime: try incremental.map { (spec) throws(WireError) in
                try WireShapes.number(spec, "ExportFromTime")
            } ?? nil,
            exportToTime: try incremental.map { (spec) throws(WireError) in try WireShapes.number(spec, "ExportToTime")
            } ?? nil,
            exportViewType: try incremental?.enumeration("ExportViewType", ExportSpecification.ViewType.self))
    }
}
