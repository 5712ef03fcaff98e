import PartitionStore

extension DescribeExportInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(exportArn: try request.requiredString("ExportArn"))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        .object(["ExportArn": .string(exportArn)])
    }

    public func wireResponse(_ output: ExportDescription) -> JSONValue {
        .object(["ExportDescription": ExportShapes.encode(output)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> ExportDescription {
        try ExportShapes.decode(response.requiredObject("ExportDescription"))
    }
}
