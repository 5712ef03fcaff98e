import PartitionStore

extension ImportTableInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        let bucket = try request.requiredObject("S3BucketSource")
        self.init(
            clientToken: try request.string("ClientToken"), s3Bucket: try bucket.requiredString("S3Bucket"),
            s3BucketOwner: try bucket.string("S3BucketOwner"), s3KeyPrefix: try bucket.string("S3KeyPrefix"),
            source: try ImportShapes.source(request),
            tableCreation: try ImportShapes.tableCreation(request.requiredObject("TableCreationParameters")))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        WireShapes.object([
            "ClientToken": clientToken.map(JSONValue.string),
            "S3BucketSource": ImportShapes.encode(bucket: s3Bucket, owner: s3BucketOwner, prefix: s3KeyPrefix),
            "InputFormat": .string(source.format.rawValue),
            "InputFormatOptions": ImportShapes.encodeFormatOptions(source),
            "InputCompressionType": .string(source.compression.rawValue),
            "TableCreationParameters": ImportShapes.encode(tableCreation),
        ])
    }

    public func wireResponse(_ output: ImportDescription) -> JSONValue {
        .object(["ImportTableDescription": ImportShapes.encode(output)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> ImportDescription {
        try ImportShapes.decode(response.requiredObject("ImportTableDescription"))
    }
}
