"""Limits and validation through the endpoint, with DynamoDB's error types and wording.

Each case names the DynamoDB documentation page that states the rule:
- "Quotas" is the Developer Guide's "Service, account, and table quotas in Amazon DynamoDB"
  (attributes, keys, expression parameters, nesting, numbers);
- "Expressions" is the Developer Guide's "Condition and filter expressions, operators, and functions"
  and "Update expressions";
- the API Reference pages are named by operation.
Where moto departs from the documentation, the test that runs moto says so.
"""
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, REGION, SECRET_KEY, client_for, create_table


def refusal(call):
    with pytest.raises(ClientError) as caught:
        call()
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]


def hash_table(ddb, name, **extra):
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], **extra)


def index_table(ddb, name):
    """pk/sk with a GSI on g (hash) and an LSI on pk/l (range)."""
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "g", "l")],
        GlobalSecondaryIndexes=[{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        LocalSecondaryIndexes=[{"IndexName": "byL", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                                  {"AttributeName": "l", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "ALL"}}])


# MARK: Keys (Quotas: "Partition key value" 1-2048 bytes, "Sort key value" 1-1024 bytes)

HASH_TOO_BIG = "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes"
RANGE_TOO_BIG = ("One or more parameter values were invalid: "
                 "Aggregated size of all range keys has exceeded the size limit of 1024 bytes")


def test_key_values_at_and_past_their_limits(ddb, table_name):
    index_table(ddb, table_name)
    ddb.put_item(TableName=table_name, Item={"pk": {"S": "é" * 1024}, "sk": {"S": "x" * 1024}})
    assert refusal(lambda: ddb.put_item(TableName=table_name, Item={"pk": {"S": "é" * 1024 + "x"}, "sk": {"S": "a"}})) \
        == ("ValidationException", HASH_TOO_BIG)
    assert refusal(lambda: ddb.put_item(TableName=table_name, Item={"pk": {"S": "a"}, "sk": {"S": "x" * 1025}})) \
        == ("ValidationException", RANGE_TOO_BIG)
    # The same limits hold when the value is an index's key, and the item is not written.
    assert refusal(lambda: ddb.put_item(TableName=table_name,
                                        Item={"pk": {"S": "a"}, "sk": {"S": "b"}, "g": {"S": "x" * 2049}})) \
        == ("ValidationException", HASH_TOO_BIG)
    assert refusal(lambda: ddb.update_item(TableName=table_name, Key={"pk": {"S": "a"}, "sk": {"S": "b"}},
                                           UpdateExpression="SET l = :l",
                                           ExpressionAttributeValues={":l": {"S": "x" * 1025}})) \
        == ("ValidationException", RANGE_TOO_BIG)
    assert "Item" not in ddb.get_item(TableName=table_name, Key={"pk": {"S": "a"}, "sk": {"S": "b"}})
    ddb.put_item(TableName=table_name, Item={"pk": {"S": "a"}, "sk": {"S": "b"}, "g": {"S": "x" * 2048},
                                             "l": {"S": "y" * 1024}})


# MARK: Attribute names (Quotas: "Attribute name length"; key and projected names at most 255)

def test_attribute_names_up_to_65535_bytes(ddb, table_name):
    hash_table(ddb, table_name)
    longest, too_long = "n" * 65535, "n" * 65536
    ddb.put_item(TableName=table_name, Item={"pk": {"S": "a"}, longest: {"N": "1"}})
    assert ddb.get_item(TableName=table_name, Key={"pk": {"S": "a"}}, ProjectionExpression="#n",
                        ExpressionAttributeNames={"#n": longest})["Item"] == {longest: {"N": "1"}}
    calls = [
        lambda: ddb.put_item(TableName=table_name, Item={"pk": {"S": "a"}, too_long: {"N": "1"}}),
        lambda: ddb.get_item(TableName=table_name, Key={"pk": {"S": "a"}}, ProjectionExpression="#n",
                             ExpressionAttributeNames={"#n": too_long}),
        lambda: ddb.get_item(TableName=table_name, Key={"pk": {"S": "a"}}, AttributesToGet=[too_long]),
        lambda: ddb.update_item(TableName=table_name, Key={"pk": {"S": "a"}},
                                AttributeUpdates={too_long: {"Value": {"N": "2"}, "Action": "PUT"}}),
        lambda: ddb.update_item(TableName=table_name, Key={"pk": {"S": "a"}}, UpdateExpression="SET a = :v",
                                ConditionExpression="#n = :v", ExpressionAttributeNames={"#n": too_long},
                                ExpressionAttributeValues={":v": {"N": "1"}}),
    ]
    for call in calls:
        code, message = refusal(call)
        assert code == "ValidationException" and "Attribute name is too large" in message, message


def test_key_and_projected_attribute_names_up_to_255_bytes(ddb, table_name):
    long_name, too_long = "k" * 255, "k" * 256
    ddb.create_table(TableName=table_name, BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": long_name, "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": long_name, "AttributeType": "S"}])
    ddb.put_item(TableName=table_name, Item={long_name: {"S": "a"}})
    key_schemas = [
        dict(KeySchema=[{"AttributeName": too_long, "KeyType": "HASH"}],
             AttributeDefinitions=[{"AttributeName": too_long, "AttributeType": "S"}]),
        dict(KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                   {"AttributeName": too_long, "AttributeType": "S"}],
             GlobalSecondaryIndexes=[{"IndexName": "gsi", "KeySchema": [{"AttributeName": too_long, "KeyType": "HASH"}],
                                      "Projection": {"ProjectionType": "ALL"}}]),
        dict(KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                   {"AttributeName": "g", "AttributeType": "S"}],
             GlobalSecondaryIndexes=[{"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                      "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": [too_long]}}]),
    ]
    for number, schema in enumerate(key_schemas):
        code, message = refusal(lambda: ddb.create_table(TableName=f"{table_name}_{number}",
                                                         BillingMode="PAY_PER_REQUEST", **schema))
        assert code == "ValidationException" and "length" in message, message
        assert refusal(lambda: ddb.describe_table(TableName=f"{table_name}_{number}"))[0] == "ResourceNotFoundException"


# MARK: Expressions (Quotas: "Expression parameters": 4 KB per expression, 300 operators)

def test_expressions_up_to_4096_bytes_of_every_kind(ddb, table_name):
    hash_table(ddb, table_name)
    spaces = " " * 4085
    ddb.update_item(TableName=table_name, Key={"pk": {"S": "a"}}, UpdateExpression=f"SET{spaces}a = :val",
                    ExpressionAttributeValues={":val": {"N": "1"}})
    cases = {
        "UpdateExpression": lambda: ddb.update_item(TableName=table_name, Key={"pk": {"S": "a"}},
                                                    UpdateExpression=f"SET {spaces}a = :val",
                                                    ExpressionAttributeValues={":val": {"N": "1"}}),
        "ConditionExpression": lambda: ddb.delete_item(TableName=table_name, Key={"pk": {"S": "a"}},
                                                       ConditionExpression=f"a {spaces} = :oldval",
                                                       ExpressionAttributeValues={":oldval": {"N": "1"}}),
        "FilterExpression": lambda: ddb.scan(TableName=table_name, FilterExpression=f"a {spaces} = :theval",
                                             ExpressionAttributeValues={":theval": {"N": "1"}}),
        "ProjectionExpression": lambda: ddb.get_item(TableName=table_name, Key={"pk": {"S": "a"}},
                                                     ProjectionExpression="x" * 4097),
    }
    for kind, call in cases.items():
        code, message = refusal(call)
        assert code == "ValidationException" and message.startswith(f"Invalid {kind}: Expression size"), message
    assert ddb.get_item(TableName=table_name, Key={"pk": {"S": "a"}})["Item"]["a"] == {"N": "1"}


def condition_refusal(ddb, table_name, condition):
    return refusal(lambda: ddb.update_item(TableName=table_name, Key={"pk": {"S": "a"}}, UpdateExpression="SET z = :v",
                                           ConditionExpression=condition, ExpressionAttributeValues={":v": {"N": "1"}}))


def test_placeholders_are_a_prefix_and_word_characters_up_to_255_bytes(ddb, table_name):
    """Expressions ("Expression attribute names": a placeholder is # and alphanumeric characters;
    ":" for values) and Quotas (255 bytes). The length is checked before the syntax."""
    hash_table(ddb, table_name)
    key = {"pk": {"S": "p"}}

    def names(placeholder):
        return refusal(lambda: ddb.get_item(TableName=table_name, Key=key, ProjectionExpression=placeholder,
                                            ExpressionAttributeNames={placeholder: "a"}))

    for bad in ["#a-b", "#a.b", "#", "#é", "##a", "# a"]:
        assert names(bad) == ("ValidationException",
                              f'ExpressionAttributeNames contains invalid key: Syntax error; key: "{bad}"')
    longest = "#" + "n" * 254
    assert "Item" not in ddb.get_item(TableName=table_name, Key=key, ProjectionExpression=longest,
                                      ExpressionAttributeNames={longest: "a"})
    assert names("#" + "n" * 255) == (
        "ValidationException",
        "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; "
        "size of key: 256")
    assert names("#-" + "n" * 300)[1].endswith("size of key: 302")

    def values(placeholder):
        return refusal(lambda: ddb.put_item(TableName=table_name, Item=key, ConditionExpression=f"a = {placeholder}",
                                            ExpressionAttributeValues={placeholder: {"S": "v"}}))

    assert values(":v-1") == ("ValidationException",
                              'ExpressionAttributeValues contains invalid key: Syntax error; key: ":v-1"')
    assert values(":" + "v" * 255)[1].endswith("too long; size of key: 256")
    ddb.put_item(TableName=table_name, Item=key, ConditionExpression="attribute_not_exists(#" + "_" * 10 + ")",
                 ExpressionAttributeNames={"#" + "_" * 10: "pk"})


def test_operator_count_nesting_and_parentheses(ddb, table_name):
    hash_table(ddb, table_name)
    ddb.put_item(TableName=table_name, Item={"pk": {"S": "a"}, "a": {"N": "1"}, "b": {"N": "2"}})
    # 299 operators nested 149 deep are within the limit...
    ddb.update_item(TableName=table_name, Key={"pk": {"S": "a"}}, UpdateExpression="SET z = :v",
                    ConditionExpression="a<b " + "or (a<b " * 149 + ")" * 149,
                    ExpressionAttributeValues={":v": {"N": "1"}})
    # ...301 are not, however they are spelled.
    for condition in ["a<b " + "or (a<b " * 150 + ")" * 150, "not " * 1000 + "a<b", "a<b" + " and a<b" * 150]:
        assert condition_refusal(ddb, table_name, condition) == (
            "ValidationException", "Invalid ConditionExpression: The expression contains too many operators; "
                                   "operator count: 301")
    assert condition_refusal(ddb, table_name, "((a<b))") == (
        "ValidationException", "Invalid ConditionExpression: The expression has redundant parentheses;")
    # Deep nesting under 4 KB is refused cleanly, never by a crash.
    for condition in ["(" * 4096, "(" * 2046 + "a<b" + ")" * 2046, "a < " + "size(" * 680 + "b" + ")" * 680,
                      "a < " + "f(" * 1355 + "b" + ")" * 1355]:
        code, message = condition_refusal(ddb, table_name, condition)
        assert code == "ValidationException" and message.startswith("Invalid ConditionExpression"), message
    assert condition_refusal(ddb, table_name, "a < " + "f(" * 1355 + "b" + ")" * 1355)[1] \
        == "Invalid ConditionExpression: Invalid function name; function: f"
    assert ddb.get_item(TableName=table_name, Key={"pk": {"S": "a"}})["Item"]["z"] == {"N": "1"}


# MARK: Values (Quotas: "Nested attribute depth" 32, the attribute itself the first level;
# "Number" 38 digits, 1E-130 to 9.99E+125)

def nested(depth):
    value = {"S": "leaf"}
    for _ in range(depth):
        value = {"M": {"a": value}}
    return value


def test_nesting_of_values_up_to_32_levels(ddb, table_name):
    hash_table(ddb, table_name)
    ddb.put_item(TableName=table_name, Item={"pk": {"S": "a"}, "n": nested(31)})
    assert refusal(lambda: ddb.put_item(TableName=table_name, Item={"pk": {"S": "b"}, "n": nested(32)})) \
        == ("ValidationException", "Nesting Levels have exceeded supported limits: "
                                   "Attributes in the item have nested levels beyond supported limit")


def test_numbers_and_their_limits(vaultdesk, ddb, table_name):
    hash_table(ddb, table_name)
    loose = boto3.client("dynamodb", endpoint_url=vaultdesk.endpoint, region_name=REGION,
                         aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                         config=Config(retries={"max_attempts": 1}, parameter_validation=False))
    # DynamoDB JSON carries numbers as strings (API Reference, AttributeValue: N).
    assert refusal(lambda: loose.put_item(TableName=table_name, Item={"pk": {"S": "a"}, "n": {"N": 5}})) \
        == ("SerializationException", "NUMBER_VALUE cannot be converted to String")
    ddb.put_item(TableName=table_name, Item={"pk": {"S": "a"}, "n": {"N": "9" * 38}, "e": {"N": "9.99E+125"}})
    code, message = refusal(lambda: ddb.put_item(TableName=table_name, Item={"pk": {"S": "b"}, "n": {"N": "1" * 39}}))
    assert code == "ValidationException" and "38 significant digits" in message
    code, message = refusal(lambda: ddb.put_item(TableName=table_name, Item={"pk": {"S": "b"}, "n": {"N": "1E+126"}}))
    assert code == "ValidationException" and "Number overflow" in message
    # Arithmetic in an update expression keeps the same 38-digit rule.
    code, message = refusal(lambda: ddb.update_item(
        TableName=table_name, Key={"pk": {"S": "a"}}, UpdateExpression="SET m = :a + :b",
        ExpressionAttributeValues={":a": {"N": "1" + "0" * 37}, ":b": {"N": "0.1"}}))
    assert code == "ValidationException" and "38 significant digits" in message
    assert "m" not in ddb.get_item(TableName=table_name, Key={"pk": {"S": "a"}})["Item"]


# MARK: Tables (API Reference: DescribeTable, BillingModeSummary)

def test_on_demand_tables_report_when_they_became_on_demand(ddb, table_name):
    before = time.time()
    hash_table(ddb, table_name)
    summary = ddb.describe_table(TableName=table_name)["Table"]["BillingModeSummary"]
    assert summary["BillingMode"] == "PAY_PER_REQUEST"
    assert before - 2 <= summary["LastUpdateToPayPerRequestDateTime"].timestamp() <= time.time() + 2


# MARK: UpdateItem (API Reference: UpdateItem, ReturnValues and Attributes)

def test_update_returns_no_attributes_when_there_are_none(ddb, table_name):
    hash_table(ddb, table_name)
    ddb.put_item(TableName=table_name, Item={"pk": {"S": "a"}, "list": {"L": [{"N": "1"}]}})
    # The element written past the end is appended, so the path written names nothing afterwards.
    answer = ddb.update_item(TableName=table_name, Key={"pk": {"S": "a"}}, UpdateExpression="SET #l[5] = :v",
                             ExpressionAttributeNames={"#l": "list"}, ExpressionAttributeValues={":v": {"N": "2"}},
                             ReturnValues="UPDATED_NEW")
    assert "Attributes" not in answer
    assert ddb.get_item(TableName=table_name, Key={"pk": {"S": "a"}})["Item"]["list"] == {"L": [{"N": "1"}, {"N": "2"}]}
    answer = ddb.update_item(TableName=table_name, Key={"pk": {"S": "a"}}, UpdateExpression="SET fresh = :v",
                             ExpressionAttributeValues={":v": {"N": "2"}}, ReturnValues="UPDATED_OLD")
    assert "Attributes" not in answer
    answer = ddb.update_item(TableName=table_name, Key={"pk": {"S": "new"}}, UpdateExpression="SET a = :v",
                             ExpressionAttributeValues={":v": {"N": "2"}}, ReturnValues="ALL_OLD")
    assert "Attributes" not in answer


# MARK: Time to live (Developer Guide: "Working with expired items and time to live")

@pytest.mark.parametrize("shape", ["hash", "hash_range", "ttl_in_gsi_key", "ttl_in_lsi_key"])
def test_expired_items_are_deleted_with_remove_records_in_every_key_shape(ddb, streams, table_name, shape):
    definitions = [{"AttributeName": "pk", "AttributeType": "S"}]
    key_schema = [{"AttributeName": "pk", "KeyType": "HASH"}]
    extra = {}
    if shape != "hash":
        definitions.append({"AttributeName": "sk", "AttributeType": "S"})
        key_schema.append({"AttributeName": "sk", "KeyType": "RANGE"})
    if shape == "ttl_in_gsi_key":
        definitions.append({"AttributeName": "expires", "AttributeType": "N"})
        extra["GlobalSecondaryIndexes"] = [{"IndexName": "byExpiry", "Projection": {"ProjectionType": "ALL"},
                                            "KeySchema": [{"AttributeName": "expires", "KeyType": "HASH"}]}]
    if shape == "ttl_in_lsi_key":
        definitions.append({"AttributeName": "expires", "AttributeType": "N"})
        extra["LocalSecondaryIndexes"] = [{"IndexName": "byExpiry", "Projection": {"ProjectionType": "ALL"},
                                           "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                         {"AttributeName": "expires", "KeyType": "RANGE"}]}]
    arn = ddb.create_table(TableName=table_name, BillingMode="PAY_PER_REQUEST", KeySchema=key_schema,
                           AttributeDefinitions=definitions,
                           StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
                           **extra)["TableDescription"]["LatestStreamArn"]
    ddb.update_time_to_live(TableName=table_name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    key = {"pk": {"S": "gone"}} | ({"sk": {"S": "1"}} if shape != "hash" else {})
    kept = {"pk": {"S": "kept"}} | ({"sk": {"S": "1"}} if shape != "hash" else {})
    expired = {"N": str(int(time.time()) - 60)}
    ddb.put_item(TableName=table_name, Item=key | {"expires": expired})
    ddb.put_item(TableName=table_name, Item=kept | {"expires": {"N": str(int(time.time()) + 3600)}})
    deadline = time.time() + 15
    while "Item" in ddb.get_item(TableName=table_name, Key=key):
        assert time.time() < deadline, "the expired item was not deleted within 15 s"
        time.sleep(0.2)
    assert "Item" in ddb.get_item(TableName=table_name, Key=kept)
    # Enabling TTL added nothing visible to the items.
    assert set(ddb.get_item(TableName=table_name, Key=kept)["Item"]) == set(kept) | {"expires"}
    # Nor is it left in an index whose key the TTL attribute is.
    if shape == "ttl_in_gsi_key":
        assert ddb.query(TableName=table_name, IndexName="byExpiry", KeyConditionExpression="expires = :e",
                         ExpressionAttributeValues={":e": expired})["Items"] == []
    if shape == "ttl_in_lsi_key":
        assert ddb.query(TableName=table_name, IndexName="byExpiry", KeyConditionExpression="pk = :p",
                         ExpressionAttributeValues={":p": {"S": "gone"}})["Items"] == []
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = streams.get_records(ShardIterator=iterator)["Records"]
    removes = [record for record in records if record["eventName"] == "REMOVE"]
    assert len(removes) == 1
    assert removes[0]["dynamodb"]["Keys"] == key
    assert removes[0]["userIdentity"] == {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}

