import PartitionStore

extension DescribeImportInput: WireCodable {
    public init(wire request: WireObject) throws(WireError) {
        self.init(importArn: try request.requiredString("ImportArn"))
    }

    public func wireRequest() throws(WireError) -> JSONValue {
        .object(["ImportArn": .string(importArn)])
    }

    public func wireResponse(_ output: ImportDescription) -> JSONValue {
        .object(["ImportTableDescription": ImportShapes.encode(output)])
    }

    public static func output(wire response: WireObject) throws(WireError) -> ImportDescription {
        try ImportShapes.decode(response.requiredObject("ImportTableDescription"))
    }
}
