"""Change streams through the DynamoDB Streams API, and TTL expiry, through boto3."""
import time

from conftest import create_table


def read_stream(streams, table_arn_stream, shard_iterator_type="TRIM_HORIZON", **extra):
    description = streams.describe_stream(StreamArn=table_arn_stream)["StreamDescription"]
    shard = description["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=table_arn_stream, ShardId=shard, ShardIteratorType=shard_iterator_type, **extra)["ShardIterator"]
    records = []
    while iterator:
        page = streams.get_records(ShardIterator=iterator, Limit=100)
        records += page["Records"]
        if not page["Records"]:
            break
        iterator = page.get("NextShardIterator")
    return records


def test_stream_records_with_shard_iterator(ddb, streams, table_name):
    description = create_table(ddb, table_name, stream="NEW_AND_OLD_IMAGES")
    arn = description["LatestStreamArn"]
    listed = streams.list_streams(TableName=table_name)["Streams"]
    assert [stream["StreamArn"] for stream in listed] == [arn]
    key = {"pk": {"S": "s"}, "sk": {"S": "1"}}
    ddb.put_item(TableName=table_name, Item={**key, "v": {"N": "1"}})
    ddb.update_item(TableName=table_name, Key=key, UpdateExpression="SET v = :two", ExpressionAttributeValues={":two": {"N": "2"}})
    ddb.delete_item(TableName=table_name, Key=key)
    records = read_stream(streams, arn)
    assert [record["eventName"] for record in records] == ["INSERT", "MODIFY", "REMOVE"]
    insert, modify, remove = records
    assert insert["eventSource"] == "aws:dynamodb"
    assert insert["dynamodb"]["Keys"] == key
    assert insert["dynamodb"]["NewImage"]["v"] == {"N": "1"} and "OldImage" not in insert["dynamodb"]
    assert modify["dynamodb"]["OldImage"]["v"] == {"N": "1"} and modify["dynamodb"]["NewImage"]["v"] == {"N": "2"}
    assert remove["dynamodb"]["OldImage"]["v"] == {"N": "2"} and "NewImage" not in remove["dynamodb"]
    sequence = [int(record["dynamodb"]["SequenceNumber"]) for record in records]
    assert sequence == sorted(sequence) and len(set(sequence)) == 3
    # AFTER_SEQUENCE_NUMBER resumes exactly after a record.
    after = read_stream(streams, arn, "AFTER_SEQUENCE_NUMBER", SequenceNumber=insert["dynamodb"]["SequenceNumber"])
    assert [record["eventName"] for record in after] == ["MODIFY", "REMOVE"]


def test_ttl_expiry_removes_items_with_a_service_record(ddb, streams, table_name):
    description = create_table(ddb, table_name, stream="OLD_IMAGE")
    response = ddb.update_time_to_live(TableName=table_name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"})
    assert response["TimeToLiveSpecification"] == {"Enabled": True, "AttributeName": "expires_at"}
    assert ddb.describe_time_to_live(TableName=table_name)["TimeToLiveDescription"] == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires_at"}
    now = int(time.time())
    ddb.put_item(TableName=table_name, Item={"pk": {"S": "old"}, "sk": {"S": "1"}, "expires_at": {"N": str(now - 60)}})
    ddb.put_item(TableName=table_name, Item={"pk": {"S": "new"}, "sk": {"S": "1"}, "expires_at": {"N": str(now + 3600)}})
    deadline = time.time() + 15
    while time.time() < deadline:
        if "Item" not in ddb.get_item(TableName=table_name, Key={"pk": {"S": "old"}, "sk": {"S": "1"}}):
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the expired item was not swept within 15 s")
    assert "Item" in ddb.get_item(TableName=table_name, Key={"pk": {"S": "new"}, "sk": {"S": "1"}})
    removes = [record for record in read_stream(streams, description["LatestStreamArn"]) if record["eventName"] == "REMOVE"]
    assert len(removes) == 1
    assert removes[0]["userIdentity"] == {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}


def read_all(streams, arn):
    """Every record of a stream from TRIM_HORIZON, until a read comes back empty."""
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = []
    while iterator:
        answer = streams.get_records(ShardIterator=iterator)
        records += answer["Records"]
        iterator = answer.get("NextShardIterator") if answer["Records"] else None
    return records


def test_ended_streams_stay_readable(ddb, streams, table_name):
    """A stream replaced by a new one, and a deleted table's stream, stay readable and listed, disabled
    (DynamoDB Streams API Reference: DescribeStream's StreamStatus DISABLED; streams are kept 24 hours)."""
    first = create_table(ddb, table_name, sort_key=False, stream="KEYS_ONLY")["LatestStreamArn"]
    ddb.put_item(TableName=table_name, Item={"pk": {"S": "one"}})
    ddb.update_table(TableName=table_name, StreamSpecification={"StreamEnabled": False})
    ddb.update_table(TableName=table_name, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    second = ddb.describe_table(TableName=table_name)["Table"]["LatestStreamArn"]
    assert second != first
    assert streams.describe_stream(StreamArn=first)["StreamDescription"]["StreamStatus"] == "DISABLED"
    assert [r["dynamodb"]["Keys"] for r in read_all(streams, first)] == [{"pk": {"S": "one"}}]
    listed = {s["StreamArn"] for s in streams.list_streams(TableName=table_name)["Streams"]}
    assert listed == {first, second}
    ddb.put_item(TableName=table_name, Item={"pk": {"S": "two"}})
    ddb.delete_table(TableName=table_name)
    assert streams.describe_stream(StreamArn=second)["StreamDescription"]["StreamStatus"] == "DISABLED"
    assert [r["dynamodb"]["Keys"] for r in read_all(streams, second)] == [{"pk": {"S": "two"}}]


def test_arns_and_records_name_the_region_served(ddb, streams, table_name, workdir):
    """ARNs and stream records name the endpoint's region (`--signing-region`, us-east-1 by default),
    as DynamoDB's name theirs (API reference: TableDescription.TableArn, Record.awsRegion); the
    same store file served in another region names that one."""
    import boto3
    from conftest import ACCESS_KEY, SECRET_KEY, start_vaultdesk

    description = create_table(ddb, table_name, stream="NEW_IMAGE")
    assert description["TableArn"].startswith("arn:aws:dynamodb:us-east-1:")
    ddb.put_item(TableName=table_name, Item={"pk": {"S": "ü"}, "sk": {"S": "1"}})
    records = read_stream(streams, description["LatestStreamArn"])
    assert records[0]["awsRegion"] == "us-east-1"

    server = start_vaultdesk(workdir / "frankfurt.db", "--signing-region", "eu-central-1")
    try:
        def client(service):
            return boto3.client(service, endpoint_url=server.endpoint, region_name="eu-central-1",
                                aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
        local = client("dynamodb")
        created = create_table(local, "frankfurt", stream="NEW_IMAGE")
        assert created["TableArn"] == f"arn:aws:dynamodb:eu-central-1:000000000000:table/frankfurt"
        assert created["LatestStreamArn"].startswith("arn:aws:dynamodb:eu-central-1:000000000000:table/frankfurt/stream/")
        local.put_item(TableName="frankfurt", Item={"pk": {"S": "a"}, "sk": {"S": "1"}})
        local_streams = client("dynamodbstreams")
        assert [s["StreamArn"] for s in local_streams.list_streams()["Streams"]] == [created["LatestStreamArn"]]
        assert read_stream(local_streams, created["LatestStreamArn"])[0]["awsRegion"] == "eu-central-1"
        local.tag_resource(ResourceArn=created["TableArn"], Tags=[{"Key": "team", "Value": "zahlungen"}])
        assert local.list_tags_of_resource(ResourceArn=created["TableArn"])["Tags"] == [{"Key": "team", "Value": "zahlungen"}]
    finally:
        assert server.stop() == 0
