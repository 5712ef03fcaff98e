"""Tables and items through boto3's client and resource APIs, with every expression kind."""
from decimal import Decimal

import pytest
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from conftest import create_table, resource_for


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def test_table_lifecycle(ddb, table_name):
    description = create_table(ddb, table_name, gsi=True, stream="NEW_AND_OLD_IMAGES")
    assert description["TableStatus"] == "ACTIVE"
    assert description["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
    assert description["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert description["GlobalSecondaryIndexes"][0]["IndexName"] == "byRef"
    assert description["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert description["LatestStreamArn"].startswith("arn:aws:dynamodb:")
    assert table_name in ddb.list_tables()["TableNames"]
    ddb.get_waiter("table_exists").wait(TableName=table_name)
    assert ddb.describe_table(TableName=table_name)["Table"]["ItemCount"] == 0
    with pytest.raises(ClientError) as excinfo:
        create_table(ddb, table_name)
    assert error_code(excinfo) == "ResourceInUseException"
    ddb.delete_table(TableName=table_name)
    with pytest.raises(ClientError) as excinfo:
        ddb.describe_table(TableName=table_name)
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_list_tables_pages(ddb):
    names = sorted(f"page_{i:02d}_{id(ddb) % 1000}" for i in range(5))
    for name in names:
        create_table(ddb, name, sort_key=False)
    seen, start = [], None
    while True:
        page = ddb.list_tables(Limit=2, **({"ExclusiveStartTableName": start} if start else {}))
        assert len(page["TableNames"]) <= 2
        seen += page["TableNames"]
        start = page.get("LastEvaluatedTableName")
        if not start:
            break
    assert [name for name in seen if name in names] == names
    assert seen == sorted(seen)


def test_every_attribute_type_round_trips(ddb, table_name):
    create_table(ddb, table_name)
    item = {
        "pk": {"S": "tenant#1"}, "sk": {"S": "statement#2026-11"},
        "text": {"S": "Grüße, 世界 \u2603 \"quoted\" \\ \n"},
        "amount": {"N": "-12345678901234567890.123456789"},
        "raw": {"B": bytes(range(256))},
        "flag": {"BOOL": False},
        "nothing": {"NULL": True},
        "nested": {"M": {"list": {"L": [{"N": "1"}, {"S": "two"}, {"M": {}}]}, "empty": {"L": []}}},
        "tags": {"SS": ["a", "b"]},
        "counts": {"NS": ["1", "2.5"]},
        "blobs": {"BS": [b"\x00", b"\xff"]},
    }
    ddb.put_item(TableName=table_name, Item=item)
    got = ddb.get_item(TableName=table_name, Key={"pk": item["pk"], "sk": item["sk"]}, ConsistentRead=True)["Item"]
    assert sorted(got["tags"]["SS"]) == ["a", "b"]
    assert sorted(got["counts"]["NS"], key=Decimal) == ["1", "2.5"]
    assert sorted(got["blobs"]["BS"]) == [b"\x00", b"\xff"]
    for name in ("tags", "counts", "blobs"):
        del got[name], item[name]
    assert got == item


def test_missing_item_has_no_item_member(ddb, table_name):
    create_table(ddb, table_name)
    response = ddb.get_item(TableName=table_name, Key={"pk": {"S": "none"}, "sk": {"S": "none"}})
    assert "Item" not in response


def test_condition_expressions(ddb, table_name):
    create_table(ddb, table_name)
    key = {"pk": {"S": "p"}, "sk": {"S": "1"}}
    ddb.put_item(TableName=table_name, Item={**key, "st": {"S": "DUE"}, "amount": {"N": "10"}},
                 ConditionExpression="attribute_not_exists(pk)")
    with pytest.raises(ClientError) as excinfo:
        ddb.put_item(TableName=table_name, Item=key, ConditionExpression="attribute_not_exists(pk)",
                     ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert error_code(excinfo) == "ConditionalCheckFailedException"
    assert excinfo.value.response["Item"]["st"] == {"S": "DUE"}
    # Every comparison and function, combined with AND / OR / NOT and parentheses.
    ddb.update_item(
        TableName=table_name, Key=key, UpdateExpression="SET #s = :paid",
        ConditionExpression="(#s = :due AND amount BETWEEN :lo AND :hi) OR NOT (amount <> :ten)"
                            " AND begins_with(#s, :d) AND size(#s) > :one AND attribute_type(amount, :n)"
                            " AND #s IN (:due, :paid) AND contains(#s, :u)",
        ExpressionAttributeNames={"#s": "st"},
        ExpressionAttributeValues={":paid": {"S": "PAID"}, ":due": {"S": "DUE"}, ":lo": {"N": "5"}, ":hi": {"N": "20"},
                                   ":ten": {"N": "10"}, ":d": {"S": "D"}, ":one": {"N": "1"}, ":n": {"S": "N"}, ":u": {"S": "U"}})
    assert ddb.get_item(TableName=table_name, Key=key)["Item"]["st"] == {"S": "PAID"}
    with pytest.raises(ClientError) as excinfo:
        ddb.delete_item(TableName=table_name, Key=key, ConditionExpression="amount > :n",
                        ExpressionAttributeValues={":n": {"N": "100"}})
    assert error_code(excinfo) == "ConditionalCheckFailedException"
    deleted = ddb.delete_item(TableName=table_name, Key=key, ReturnValues="ALL_OLD")
    assert deleted["Attributes"]["amount"] == {"N": "10"}


def test_update_expressions(ddb, table_name):
    create_table(ddb, table_name)
    key = {"pk": {"S": "u"}, "sk": {"S": "1"}}
    ddb.put_item(TableName=table_name, Item={**key, "paid": {"N": "1"}, "tags": {"SS": ["a", "b"]},
                                             "hist": {"L": [{"S": "x"}]}, "drop_tags": {"SS": ["a", "z"]}, "gone": {"S": "bye"}, "m": {"M": {}}})
    response = ddb.update_item(
        TableName=table_name, Key=key,
        UpdateExpression="SET paid = paid + :two, hist = list_append(hist, :more), first_seen = if_not_exists(first_seen, :now),"
                         " m.#inner = :v REMOVE gone ADD visits :one, tags :c DELETE drop_tags :a",
        ExpressionAttributeNames={"#inner": "inner"},
        ExpressionAttributeValues={":two": {"N": "2"}, ":more": {"L": [{"S": "y"}]}, ":now": {"S": "2026-11-21"},
                                   ":v": {"N": "7"}, ":one": {"N": "1"}, ":c": {"SS": ["c"]}, ":a": {"SS": ["a"]}},
        ReturnValues="ALL_NEW")
    item = response["Attributes"]
    assert item["paid"] == {"N": "3"}
    assert item["hist"] == {"L": [{"S": "x"}, {"S": "y"}]}
    assert item["first_seen"] == {"S": "2026-11-21"}
    assert item["m"] == {"M": {"inner": {"N": "7"}}}
    assert "gone" not in item
    assert item["visits"] == {"N": "1"}
    assert sorted(item["tags"]["SS"]) == ["a", "b", "c"]
    assert item["drop_tags"] == {"SS": ["z"]}
    updated_old = ddb.update_item(TableName=table_name, Key=key, UpdateExpression="SET paid = :z",
                                  ExpressionAttributeValues={":z": {"N": "0"}}, ReturnValues="UPDATED_OLD")
    assert updated_old["Attributes"] == {"paid": {"N": "3"}}
    with pytest.raises(ClientError) as excinfo:
        ddb.update_item(TableName=table_name, Key=key, UpdateExpression="SET pk = :x", ExpressionAttributeValues={":x": {"S": "no"}})
    assert error_code(excinfo) == "ValidationException"
    assert "key" in excinfo.value.response["Error"]["Message"].lower()


def test_legacy_parameters(ddb, table_name):
    create_table(ddb, table_name)
    key = {"pk": {"S": "legacy"}, "sk": {"S": "1"}}
    ddb.put_item(TableName=table_name, Item={**key, "n": {"N": "1"}}, Expected={"pk": {"Exists": False}})
    ddb.update_item(TableName=table_name, Key=key,
                    AttributeUpdates={"n": {"Action": "ADD", "Value": {"N": "4"}}, "x": {"Action": "PUT", "Value": {"S": "y"}}},
                    Expected={"n": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}})
    item = ddb.get_item(TableName=table_name, Key=key, AttributesToGet=["n", "x"])["Item"]
    assert item == {"n": {"N": "5"}, "x": {"S": "y"}}
    page = ddb.query(TableName=table_name, KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "legacy"}]}},
                     QueryFilter={"n": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "4"}]}})
    assert page["Count"] == 1
    scan = ddb.scan(TableName=table_name, ScanFilter={"x": {"ComparisonOperator": "NULL"}})
    assert scan["Count"] == 0 and scan["ScannedCount"] == 1


def test_projection_expression(ddb, table_name):
    create_table(ddb, table_name)
    key = {"pk": {"S": "proj"}, "sk": {"S": "1"}}
    ddb.put_item(TableName=table_name, Item={**key, "a": {"M": {"b": {"L": [{"N": "1"}, {"N": "2"}]}, "c": {"S": "no"}}}, "d": {"S": "no"}})
    item = ddb.get_item(TableName=table_name, Key=key, ProjectionExpression="a.b[1], #k",
                        ExpressionAttributeNames={"#k": "pk"})["Item"]
    assert item == {"a": {"M": {"b": {"L": [{"N": "2"}]}}}, "pk": {"S": "proj"}}


def test_resource_api(vaultdesk, table_name):
    dynamodb = resource_for(vaultdesk.endpoint)
    table = dynamodb.create_table(
        TableName=table_name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}])
    table.wait_until_exists()
    with table.batch_writer() as batch:
        for index in range(60):
            batch.put_item(Item={"pk": "tenant", "sk": index, "amount": Decimal(index) / 4, "kind": "even" if index % 2 == 0 else "odd"})
    assert table.get_item(Key={"pk": "tenant", "sk": 7})["Item"]["amount"] == Decimal("1.75")
    page = table.query(KeyConditionExpression=Key("pk").eq("tenant") & Key("sk").between(10, 19),
                       FilterExpression=Attr("kind").eq("even"), ScanIndexForward=False)
    assert [item["sk"] for item in page["Items"]] == [18, 16, 14, 12, 10]
    assert page["ScannedCount"] == 10
    table.update_item(Key={"pk": "tenant", "sk": 1}, UpdateExpression="SET amount = amount + :x",
                      ExpressionAttributeValues={":x": Decimal("0.5")})
    assert table.get_item(Key={"pk": "tenant", "sk": 1})["Item"]["amount"] == Decimal("0.75")
    table.delete_item(Key={"pk": "tenant", "sk": 1})
    assert "Item" not in table.get_item(Key={"pk": "tenant", "sk": 1})
    assert table.scan(Select="COUNT")["Count"] == 59


def test_endpoint_and_limit_descriptions(ddb, vaultdesk):
    endpoints = ddb.describe_endpoints()["Endpoints"]
    assert len(endpoints) == 1 and endpoints[0]["CachePeriodInMinutes"] == 1440
    limits = ddb.describe_limits()
    assert limits["TableMaxWriteCapacityUnits"] == 40000
