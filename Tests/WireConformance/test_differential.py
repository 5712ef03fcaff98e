"""The same operation sequences against moto_server and `vaultdesk serve`, responses compared
after normalising what legitimately differs (timestamps, ARNs, ids, request metadata, the order
of Scan results and of set members).

Where moto departs from DynamoDB's documented behaviour the sequence says so and the comparison
follows the documentation (see KNOWN_MOTO_DEVIATIONS).
"""
import copy
import json
import uuid
from decimal import Decimal

import pytest
from botocore.exceptions import ClientError

from conftest import client_for

VOLATILE = {"ResponseMetadata", "CreationDateTime", "TableArn", "TableId", "LatestStreamArn", "LatestStreamLabel",
            "IndexArn", "StreamArn", "ApproximateCreationDateTime", "SequenceNumber", "eventID", "NextShardIterator",
            "ShardIterator", "StreamLabel", "TableSizeBytes", "IndexSizeBytes", "SizeBytes"}
# Fields that one side reports and the other does not, and that DynamoDB's reference does not
# require in the answer (moto adds settings VaultDesk does not model).
ONE_SIDED = {"TableClassSummary", "DeletionProtectionEnabled", "WarmThroughput", "OnDemandThroughput",
             "SSEDescription", "Replicas", "TableThroughputModeSummary", "ItemCount", "LastUpdateToPayPerRequestDateTime",
             "ProvisionedThroughput", "NumberOfDecreasesToday", "IndexStatus", "Backfilling", "MultiRegionConsistency"}
# (sequence name, step index) -> (why moto's answer is not DynamoDB's, a check of our answer
# against the documented behaviour).
KNOWN_MOTO_DEVIATIONS = {
    ("validation errors", 3): (
        "An undefined #name placeholder is a ValidationException (\"An expression attribute name used in the "
        "document path is not defined\"); moto ignores it and answers as if the projection were empty.",
        lambda answer: answer == ("error", "ValidationException")),
    ("ttl, streams settings and table updates", 6): (
        "UpdateTable adds the new index's AttributeDefinitions to the table's; moto replaces the table's "
        "definitions with only those sent.",
        lambda answer: [d["AttributeName"] for d in answer[1]["TableDescription"]["AttributeDefinitions"]] == ["pk", "sk", "ref", "paid_at"]),
    ("ttl, streams settings and table updates", 10): (
        "DeleteTable answers with TableStatus DELETING; moto answers ACTIVE (and carries the definitions "
        "of the previous deviation).",
        lambda answer: answer[0] == "ok" and answer[1]["TableDescription"]["TableStatus"] == "DELETING"),
}


def drop_undocumented_members(response, request):
    """moto answers with members DynamoDB's reference says are absent here; drop them from both.

    - ConsumedCapacity is returned only when ReturnConsumedCapacity is TOTAL or INDEXES; moto
      returns it always.
    - ItemCollectionMetrics is returned only when ReturnItemCollectionMetrics is SIZE; moto
      returns an empty one.
    - LocalSecondaryIndexes is absent from a table without them; moto returns an empty list.
    """
    if request.get("ReturnConsumedCapacity", "NONE") == "NONE":
        response.pop("ConsumedCapacity", None)
    if request.get("ReturnItemCollectionMetrics", "NONE") == "NONE":
        response.pop("ItemCollectionMetrics", None)
    for description in (response.get("TableDescription"), response.get("Table")):
        if description is not None and description.get("LocalSecondaryIndexes") == []:
            del description["LocalSecondaryIndexes"]
    return response


def canonical_number(text):
    value = Decimal(text)
    return "0" if value == 0 else str(value.normalize())


def normalise(value, *, scan=False):
    if isinstance(value, dict):
        result = {}
        for key, member in value.items():
            if key in VOLATILE or key in ONE_SIDED:
                continue
            if key == "N" and isinstance(member, str):
                # DynamoDB trims leading and trailing zeros ("10.50" is returned as "10.5");
                # moto returns the text it was given. Compare the numbers' values.
                result[key] = canonical_number(member)
            elif key == "NS" and isinstance(member, list):
                result[key] = sorted(canonical_number(number) for number in member)
            elif key in ("SS", "BS") and isinstance(member, list):
                result[key] = sorted(member, key=str)
            elif key == "Items" and scan:
                result[key] = sorted((normalise(item) for item in member), key=lambda item: json.dumps(item, sort_keys=True, default=str))
            else:
                result[key] = normalise(member, scan=scan)
        return result
    if isinstance(value, list):
        return [normalise(member, scan=scan) for member in value]
    return value


def run(client, steps, table):
    """Runs each step, recording its normalised response or its error code."""
    answers = []
    for operation, request in steps:
        request = copy.deepcopy(request)
        text = repr(request).replace("{table}", table)
        request = eval(text)  # the requests are literals written in this file
        try:
            response = drop_undocumented_members(getattr(client, operation)(**request), request)
            answers.append(("ok", normalise(response, scan=operation == "scan")))
        except ClientError as error:
            answers.append(("error", error.response["Error"]["Code"]))
    return answers


KEY_TABLE = ("create_table", dict(
    TableName="{table}", BillingMode="PAY_PER_REQUEST",
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                          {"AttributeName": "ref", "AttributeType": "S"}],
    GlobalSecondaryIndexes=[{"IndexName": "byRef", "KeySchema": [{"AttributeName": "ref", "KeyType": "HASH"}],
                             "Projection": {"ProjectionType": "ALL"}}]))


def put(pk, sk, **attributes):
    item = {"pk": {"S": pk}, "sk": {"N": str(sk)}}
    item.update(attributes)
    return ("put_item", dict(TableName="{table}", Item=item))


SEQUENCES = {
    "items and conditions": [
        KEY_TABLE,
        put("t1", 1, amount={"N": "10.50"}, ref={"S": "R1"}, tags={"SS": ["b", "a"]}),
        ("get_item", dict(TableName="{table}", Key={"pk": {"S": "t1"}, "sk": {"N": "1"}})),
        ("get_item", dict(TableName="{table}", Key={"pk": {"S": "t1"}, "sk": {"N": "2"}})),
        ("put_item", dict(TableName="{table}", Item={"pk": {"S": "t1"}, "sk": {"N": "1"}}, ConditionExpression="attribute_not_exists(pk)")),
        ("put_item", dict(TableName="{table}", Item={"pk": {"S": "t1"}, "sk": {"N": "1"}, "amount": {"N": "11"}}, ReturnValues="ALL_OLD")),
        ("update_item", dict(TableName="{table}", Key={"pk": {"S": "t1"}, "sk": {"N": "1"}},
                             UpdateExpression="SET amount = amount + :d, note = :n ADD visits :one",
                             ExpressionAttributeValues={":d": {"N": "1.25"}, ":n": {"S": "x"}, ":one": {"N": "1"}}, ReturnValues="ALL_NEW")),
        ("update_item", dict(TableName="{table}", Key={"pk": {"S": "t1"}, "sk": {"N": "1"}},
                             UpdateExpression="REMOVE note", ReturnValues="UPDATED_OLD")),
        ("update_item", dict(TableName="{table}", Key={"pk": {"S": "t1"}, "sk": {"N": "1"}},
                             UpdateExpression="SET amount = :v", ConditionExpression="amount > :big",
                             ExpressionAttributeValues={":v": {"N": "0"}, ":big": {"N": "1000"}})),
        ("delete_item", dict(TableName="{table}", Key={"pk": {"S": "t1"}, "sk": {"N": "1"}}, ReturnValues="ALL_OLD")),
        ("delete_item", dict(TableName="{table}", Key={"pk": {"S": "t1"}, "sk": {"N": "1"}}, ReturnValues="ALL_OLD")),
        ("get_item", dict(TableName="no_such_table", Key={"pk": {"S": "t1"}, "sk": {"N": "1"}})),
    ],
    "query paging and indexes": [
        KEY_TABLE,
        *[put("tenant", index, ref={"S": f"R{index % 2}"}, amount={"N": str(index * 3)}) for index in range(9)],
        ("query", dict(TableName="{table}", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "tenant"}}, Limit=4)),
        ("query", dict(TableName="{table}", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "tenant"}},
                       Limit=4, ExclusiveStartKey={"pk": {"S": "tenant"}, "sk": {"N": "3"}})),
        ("query", dict(TableName="{table}", KeyConditionExpression="pk = :p AND sk > :s", ScanIndexForward=False,
                       ExpressionAttributeValues={":p": {"S": "tenant"}, ":s": {"N": "5"}})),
        ("query", dict(TableName="{table}", KeyConditionExpression="pk = :p", FilterExpression="amount >= :a",
                       ProjectionExpression="sk, amount", ExpressionAttributeValues={":p": {"S": "tenant"}, ":a": {"N": "12"}})),
        ("query", dict(TableName="{table}", KeyConditionExpression="pk = :p", Select="COUNT", ExpressionAttributeValues={":p": {"S": "tenant"}})),
        ("query", dict(TableName="{table}", IndexName="byRef", KeyConditionExpression="#r = :r",
                       ExpressionAttributeNames={"#r": "ref"}, ExpressionAttributeValues={":r": {"S": "R1"}})),
        ("scan", dict(TableName="{table}", FilterExpression="amount < :a", ExpressionAttributeValues={":a": {"N": "9"}})),
    ],
    "batches and transactions": [
        KEY_TABLE,
        ("batch_write_item", dict(RequestItems={"{table}": [{"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"N": str(index)}}}} for index in range(5)]})),
        ("batch_get_item", dict(RequestItems={"{table}": {"Keys": [{"pk": {"S": "b"}, "sk": {"N": "1"}}]}})),
        ("transact_write_items", dict(TransactItems=[
            {"Put": {"TableName": "{table}", "Item": {"pk": {"S": "x"}, "sk": {"N": "1"}, "v": {"N": "1"}}}},
            {"Update": {"TableName": "{table}", "Key": {"pk": {"S": "b"}, "sk": {"N": "1"}}, "UpdateExpression": "SET v = :v",
                        "ExpressionAttributeValues": {":v": {"N": "2"}}}},
        ])),
        ("transact_get_items", dict(TransactItems=[
            {"Get": {"TableName": "{table}", "Key": {"pk": {"S": "x"}, "sk": {"N": "1"}}}},
            {"Get": {"TableName": "{table}", "Key": {"pk": {"S": "b"}, "sk": {"N": "1"}}}},
            {"Get": {"TableName": "{table}", "Key": {"pk": {"S": "zz"}, "sk": {"N": "1"}}}},
        ])),
        ("transact_write_items", dict(TransactItems=[
            {"ConditionCheck": {"TableName": "{table}", "Key": {"pk": {"S": "x"}, "sk": {"N": "1"}},
                                "ConditionExpression": "v = :two", "ExpressionAttributeValues": {":two": {"N": "2"}}}},
            {"Delete": {"TableName": "{table}", "Key": {"pk": {"S": "b"}, "sk": {"N": "1"}}}},
        ])),
        ("get_item", dict(TableName="{table}", Key={"pk": {"S": "b"}, "sk": {"N": "1"}})),
    ],
    "ttl, streams settings and table updates": [
        KEY_TABLE,
        ("describe_time_to_live", dict(TableName="{table}")),
        ("update_time_to_live", dict(TableName="{table}", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"})),
        ("describe_time_to_live", dict(TableName="{table}")),
        ("update_table", dict(TableName="{table}", StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})),
        ("describe_table", dict(TableName="{table}")),
        ("update_table", dict(TableName="{table}", AttributeDefinitions=[{"AttributeName": "paid_at", "AttributeType": "S"}],
                              GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": "byDate", "KeySchema": [{"AttributeName": "paid_at", "KeyType": "HASH"}],
                                                                       "Projection": {"ProjectionType": "KEYS_ONLY"}}}])),
        put("t", 1, paid_at={"S": "2026-11-21"}),
        ("query", dict(TableName="{table}", IndexName="byDate", KeyConditionExpression="paid_at = :d",
                       ExpressionAttributeValues={":d": {"S": "2026-11-21"}})),
        ("describe_table", dict(TableName="no_such_table")),
        ("delete_table", dict(TableName="{table}")),
        ("delete_table", dict(TableName="{table}")),
    ],
    "validation errors": [
        KEY_TABLE,
        ("put_item", dict(TableName="{table}", Item={"pk": {"S": "only hash"}})),
        ("put_item", dict(TableName="{table}", Item={"pk": {"N": "1"}, "sk": {"N": "1"}})),
        ("get_item", dict(TableName="{table}", Key={"pk": {"S": "a"}, "sk": {"N": "1"}}, ProjectionExpression="#missing")),
        ("update_item", dict(TableName="{table}", Key={"pk": {"S": "a"}, "sk": {"N": "1"}}, UpdateExpression="SET sk = :v",
                             ExpressionAttributeValues={":v": {"N": "2"}})),
        ("query", dict(TableName="{table}", KeyConditionExpression="sk = :s", ExpressionAttributeValues={":s": {"N": "1"}})),
        ("put_item", dict(TableName="{table}", Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "empty": {"SS": []}})),
    ],
}


@pytest.mark.parametrize("name", sorted(SEQUENCES))
def test_same_answers_as_moto(name, vaultdesk, moto):
    table = "diff_" + uuid.uuid4().hex[:10]
    ours = run(client_for(vaultdesk.endpoint), SEQUENCES[name], table)
    theirs = run(client_for(moto.endpoint), SEQUENCES[name], table)
    differences = []
    for index, (mine, reference) in enumerate(zip(ours, theirs)):
        if (name, index) in KNOWN_MOTO_DEVIATIONS:
            reason, documented = KNOWN_MOTO_DEVIATIONS[(name, index)]
            if not documented(mine):
                differences.append(f"step {index}: not the documented answer ({reason}); got {mine}")
            continue
        if mine != reference:
            differences.append(f"step {index} {SEQUENCES[name][index][0]}:\n  vaultdesk: {mine}\n  moto:      {reference}")
    assert not differences, "\n".join(differences)
