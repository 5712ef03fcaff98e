import PartitionStore

/// `ImportTableDescription`, `ImportSummary` and their parts, as ImportTable, DescribeImport and
/// ListImports carry them.
enum ImportShapes {
    static func encode(bucket: String, owner: String?, prefix: String?) -> JSONValue {
        WireShapes.object([
            "S3Bucket": .string(bucket), "S3BucketOwner": owner.map(JSONValue.string),
            "S3KeyPrefix": prefix.map(JSONValue.string),
        ])
    }

    static func encode(_ table: TableCreationParameters) -> JSONValue {
        WireShapes.object([
            "TableName": .string(table.tableName),
            "KeySchema": TableShapes.encode(table.keySchema),
            "AttributeDefinitions": TableShapes.encode(table.attributeDefinitions),
            "BillingMode": .string(table.billingMode.rawValue),
            "ProvisionedThroughput": table.provisionedThroughput.map(TableShapes.encodeRequested),
            "GlobalSecondaryIndexes": table.globalSecondaryIndexes.isEmpty
                ? nil : .array(table.globalSecondaryIndexes.map(TableShapes.encode)),
        ])
    }

    static func tableCreation(_ object: WireObject) throws(WireError) -> TableCreationParameters {
        TableCreationParameters(
            tableName: try object.requiredString("TableName"),
            keySchema: try TableShapes.keySchema(object.requiredObjects("KeySchema")),
            attributeDefinitions: try TableShapes.attributeDefinitions(object.requiredObjects("AttributeDefinitions")),
            globalSecondaryIndexes: try (object.objects("GlobalSecondaryIndexes") ?? []).map(
                TableShapes.secondaryIndex),
            // An import's default billing mode is PROVISIONED, as CreateTable's.
            billingMode: try object.enumeration("BillingMode", BillingMode.self) ?? .provisioned,
            provisionedThroughput: try TableShapes.provisionedThroughput(object.object("ProvisionedThroughput")))
    }

    static func encodeFormatOptions(_ source: ImportSource) -> JSONValue? {
        guard source.format == .csv, source.csvDelimiter != nil || source.csvHeaderList != nil else { return nil }
        return .object([
            "Csv": WireShapes.object([
                "Delimiter": source.csvDelimiter.map(JSONValue.string),
                "HeaderList": source.csvHeaderList.map { .array($0.map(JSONValue.string)) },
            ])
        ])
    }

    static func source(_ object: WireObject) throws(WireError) -> ImportSource {
        let csv = try object.object("InputFormatOptions")?.object("Csv")
        let headers = try csv?.strings("HeaderList")
        return ImportSource(
            format: try object.requiredEnumeration("InputFormat", ImportFormat.self),
            compression: try object.enumeration("InputCompressionType", ImportCompression.self) ?? .none,
            csvDelimiter: try csv?.string("Delimiter"), csvHeaderList: headers)
    }

    static func encode(_ record: ImportDescription) -> JSONValue {
        WireShapes.object([
            "ImportArn": .string(record.importArn),
            "ImportStatus": .string(record.status.rawValue),
            "TableArn": record.tableArn.map(JSONValue.string),
            "TableId": record.tableId.map(JSONValue.string),
            "ClientToken": record.clientToken.map(JSONValue.string),
            "S3BucketSource": encode(bucket: record.s3Bucket, owner: record.s3BucketOwner, prefix: record.s3KeyPrefix),
            "ErrorCount": .number(record.result.errorCount),
            "InputFormat": .string(record.source.format.rawValue),
            "InputFormatOptions": encodeFormatOptions(record.source),
            "InputCompressionType": .string(record.source.compression.rawValue),
            "TableCreationParameters": encode(record.tableCreation),
            "StartTime": .number(record.startTime),
            "EndTime": record.endTime.map { .number($0) },
            "ProcessedSizeBytes": .number(record.result.processedSizeBytes),
            "ProcessedItemCount": .number(record.result.processedItemCount),
            "ImportedItemCount": .number(record.result.importedItemCount),
            "FailureCode": record.failureCode.map(JSONValue.string),
            "FailureMessage": record.failureMessage.map(JSONValue.string),
        ])
    }

    static func decode(_ object: WireObject) throws(WireError) -> ImportDescription {
        let bucket = try object.requiredObject("S3BucketSource")
        var result = ImportResult()
        result.errorCount = Int64(try object.int("ErrorCount") ?? 0)
        result.processedSizeBytes = Int64(try object.int("ProcessedSizeBytes") ?? 0)
        result.processedItemCount = Int64(try object.int("ProcessedItemCount") ?? 0)
        result.importedItemCount = Int64(try object.int("ImportedItemCount") ?? 0)
        return ImportDescription(
            importArn: try object.requiredString("ImportArn"),
            status: try object.enumeration("ImportStatus", ImportDescription.Status.self) ?? .completed,
            tableArn: try object.string("TableArn"), tableId: try object.string("TableId"),
            clientToken: try object.string("ClientToken"), s3Bucket: try bucket.requiredString("S3Bucket"),
            s3BucketOwner: try bucket.string("S3BucketOwner"), s3KeyPrefix: try bucket.string("S3KeyPrefix"),
            source: try source(object),
            tableCreation: try tableCreation(object.requiredObject("TableCreationParameters")),
            startTime: try WireShapes.number(object, "StartTime") ?? 0,
            endTime: try WireShapes.number(object, "EndTime"),
            result: result, failureCode: try object.string("FailureCode"),
            failureMessage: try object.string("FailureMessage"))
    }
}
