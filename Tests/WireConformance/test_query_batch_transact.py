"""Query and Scan paging, secondary indexes, batches and transactions through boto3."""
import pytest
from botocore.exceptions import ClientError

from conftest import create_table


def put_payments(ddb, table, count, tenant="tenant#1"):
    for index in range(count):
        ddb.put_item(TableName=table, Item={
            "pk": {"S": tenant}, "sk": {"N": str(index)},
            "ref": {"S": f"REF-{index % 3}"}, "paid_at": {"S": f"2026-11-{index % 28 + 1:02d}T{index:04d}"},
            "amount": {"N": str(index * 100)}, "state": {"S": "PAID" if index % 4 else "DUE"},
        })


def query_all(ddb, **request):
    items, pages, start = [], 0, None
    while True:
        page = ddb.query(**request, **({"ExclusiveStartKey": start} if start else {}))
        items += page["Items"]
        pages += 1
        start = page.get("LastEvaluatedKey")
        if not start:
            return items, pages


def test_query_paging_both_directions(ddb, table_name):
    create_table(ddb, table_name, number_sort=True)
    put_payments(ddb, table_name, 47)
    request = dict(TableName=table_name, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "tenant#1"}}, Limit=10)
    forward, pages = query_all(ddb, **request)
    assert [int(item["sk"]["N"]) for item in forward] == list(range(47))
    assert pages == 5
    backward, _ = query_all(ddb, **request, ScanIndexForward=False)
    assert [int(item["sk"]["N"]) for item in backward] == list(reversed(range(47)))
    ranged, _ = query_all(ddb, TableName=table_name, KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b",
                          ExpressionAttributeValues={":p": {"S": "tenant#1"}, ":a": {"N": "5"}, ":b": {"N": "9"}})
    assert [int(item["sk"]["N"]) for item in ranged] == [5, 6, 7, 8, 9]


def test_filter_applies_after_limit(ddb, table_name):
    create_table(ddb, table_name, number_sort=True)
    put_payments(ddb, table_name, 20)
    page = ddb.query(TableName=table_name, KeyConditionExpression="pk = :p", FilterExpression="#s = :due",
                     ExpressionAttributeNames={"#s": "state"},
                     ExpressionAttributeValues={":p": {"S": "tenant#1"}, ":due": {"S": "DUE"}}, Limit=8)
    assert page["ScannedCount"] == 8
    assert page["Count"] == 2  # sk 0 and 4
    assert page["LastEvaluatedKey"] == {"pk": {"S": "tenant#1"}, "sk": {"N": "7"}}
    count = ddb.query(TableName=table_name, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "tenant#1"}}, Select="COUNT")
    assert count["Count"] == 20 and "Items" not in count


def test_gsi_query(ddb, table_name):
    create_table(ddb, table_name, number_sort=True, gsi=True)
    put_payments(ddb, table_name, 30)
    items, _ = query_all(ddb, TableName=table_name, IndexName="byRef", KeyConditionExpression="#r = :r AND begins_with(paid_at, :day)",
                         ExpressionAttributeNames={"#r": "ref"}, ExpressionAttributeValues={":r": {"S": "REF-1"}, ":day": {"S": "2026-11-1"}}, Limit=2)
    expected = sorted((item for item in range(30) if item % 3 == 1 and f"{item % 28 + 1:02d}".startswith("1")),
                      key=lambda index: f"2026-11-{index % 28 + 1:02d}T{index:04d}")
    assert [int(item["sk"]["N"]) for item in items] == expected
    with pytest.raises(ClientError) as excinfo:
        ddb.query(TableName=table_name, IndexName="nope", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "x"}})
    assert excinfo.value.response["Error"]["Code"] == "ValidationException"


def test_scan_paging_and_segments(ddb, table_name):
    create_table(ddb, table_name, number_sort=True)
    for tenant in range(4):
        put_payments(ddb, table_name, 10, tenant=f"tenant#{tenant}")
    seen, start = [], None
    while True:
        page = ddb.scan(TableName=table_name, Limit=7, **({"ExclusiveStartKey": start} if start else {}))
        seen += [(item["pk"]["S"], item["sk"]["N"]) for item in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert len(seen) == 40 and len(set(seen)) == 40
    segmented = []
    for segment in range(3):
        segmented += ddb.scan(TableName=table_name, Segment=segment, TotalSegments=3)["Items"]
    assert len(segmented) == 40


def test_batch_write_and_get(ddb, table_name):
    create_table(ddb, table_name)
    writes = [{"PutRequest": {"Item": {"pk": {"S": f"b{index}"}, "sk": {"S": "x"}, "n": {"N": str(index)}}}} for index in range(25)]
    assert ddb.batch_write_item(RequestItems={table_name: writes})["UnprocessedItems"] == {}
    ddb.batch_write_item(RequestItems={table_name: [{"DeleteRequest": {"Key": {"pk": {"S": "b0"}, "sk": {"S": "x"}}}}]})
    keys = [{"pk": {"S": f"b{index}"}, "sk": {"S": "x"}} for index in range(5)]
    response = ddb.batch_get_item(RequestItems={table_name: {"Keys": keys, "ProjectionExpression": "n"}}, ReturnConsumedCapacity="TOTAL")
    assert sorted(int(item["n"]["N"]) for item in response["Responses"][table_name]) == [1, 2, 3, 4]
    assert response["UnprocessedKeys"] == {}
    assert response["ConsumedCapacity"][0]["TableName"] == table_name
    with pytest.raises(ClientError) as excinfo:
        ddb.batch_write_item(RequestItems={table_name: writes + writes[:1]})
    assert excinfo.value.response["Error"]["Code"] == "ValidationException"


def test_transactions(ddb, table_name):
    create_table(ddb, table_name)
    account = {"pk": {"S": "acct"}, "sk": {"S": "1"}}
    ddb.put_item(TableName=table_name, Item={**account, "balance": {"N": "100"}})
    ddb.transact_write_items(TransactItems=[
        {"Update": {"TableName": table_name, "Key": account, "UpdateExpression": "SET balance = balance - :x",
                    "ConditionExpression": "balance >= :x", "ExpressionAttributeValues": {":x": {"N": "30"}}}},
        {"Put": {"TableName": table_name, "Item": {"pk": {"S": "pay"}, "sk": {"S": "1"}, "amount": {"N": "30"}},
                 "ConditionExpression": "attribute_not_exists(pk)"}},
    ], ClientRequestToken="token-1")
    # The same token and request again is a no-op that succeeds.
    ddb.transact_write_items(TransactItems=[
        {"Update": {"TableName": table_name, "Key": account, "UpdateExpression": "SET balance = balance - :x",
                    "ConditionExpression": "balance >= :x", "ExpressionAttributeValues": {":x": {"N": "30"}}}},
        {"Put": {"TableName": table_name, "Item": {"pk": {"S": "pay"}, "sk": {"S": "1"}, "amount": {"N": "30"}},
                 "ConditionExpression": "attribute_not_exists(pk)"}},
    ], ClientRequestToken="token-1")
    got = ddb.transact_get_items(TransactItems=[
        {"Get": {"TableName": table_name, "Key": account}},
        {"Get": {"TableName": table_name, "Key": {"pk": {"S": "none"}, "sk": {"S": "1"}}}},
    ])["Responses"]
    assert got[0]["Item"]["balance"] == {"N": "70"}
    assert got[1] == {}
    with pytest.raises(ClientError) as excinfo:
        ddb.transact_write_items(TransactItems=[
            {"ConditionCheck": {"TableName": table_name, "Key": account, "ConditionExpression": "balance > :big",
                                "ExpressionAttributeValues": {":big": {"N": "1000"}}, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            {"Delete": {"TableName": table_name, "Key": {"pk": {"S": "pay"}, "sk": {"S": "1"}}}},
        ])
    error = excinfo.value.response
    assert error["Error"]["Code"] == "TransactionCanceledException"
    reasons = error["CancellationReasons"]
    assert reasons[0]["Code"] == "ConditionalCheckFailed"
    assert reasons[0]["Item"]["balance"] == {"N": "70"}
    assert reasons[1]["Code"] == "None"
    # Nothing of the cancelled transaction happened.
    assert "Item" in ddb.get_item(TableName=table_name, Key={"pk": {"S": "pay"}, "sk": {"S": "1"}})


def test_consumed_capacity(ddb, table_name):
    create_table(ddb, table_name, gsi=True)
    response = ddb.put_item(TableName=table_name, Item={"pk": {"S": "c"}, "sk": {"S": "1"}, "ref": {"S": "r"}, "paid_at": {"S": "t"}},
                            ReturnConsumedCapacity="INDEXES")
    capacity = response["ConsumedCapacity"]
    assert capacity["TableName"] == table_name
    assert capacity["CapacityUnits"] == 2.0
    assert capacity["Table"]["CapacityUnits"] == 1.0
    assert capacity["GlobalSecondaryIndexes"]["byRef"]["CapacityUnits"] == 1.0
    read = ddb.get_item(TableName=table_name, Key={"pk": {"S": "c"}, "sk": {"S": "1"}}, ReturnConsumedCapacity="TOTAL")
    assert read["ConsumedCapacity"]["CapacityUnits"] == 0.5
