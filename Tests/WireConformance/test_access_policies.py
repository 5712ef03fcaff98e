"""`vaultdesk serve --credentials --policies`: IAM policies judged at the endpoint, through boto3.

The roles are the ones docs/access-policies.md shows: a per-tenant application role limited by
dynamodb:LeadingKeys, a read-only analytics role, and a support role denied the QR secret.
Semantics from the DynamoDB Developer Guide, "Using IAM policy conditions for fine-grained access
control", and the IAM User Guide, "Policy evaluation logic".
"""
import json

import pytest
from botocore.exceptions import ClientError

from conftest import REGION, client_for, start_vaultdesk

TABLE = "vaultdesk"
KEYS = {"app": ("AKIDACMEAPP", "acme-app-secret"), "analytics": ("AKIDANALYTICS", "analytics-secret"),
        "support": ("AKIDSUPPORT", "support-secret"), "admin": ("AKIDADMIN", "admin-secret"),
        "nobody": ("AKIDNOBODY", "nobody-secret"), "partiql": ("AKIDPARTIQL", "partiql-secret")}
ITEM_ACTIONS = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"]
TABLE_ARNS = [f"arn:aws:dynamodb:*:*:table/{TABLE}", f"arn:aws:dynamodb:*:*:table/{TABLE}/index/*"]

POLICIES = {
    KEYS["app"][0]: [{
        "Version": "2012-10-17",
        "Statement": [{"Sid": "AcmeItemsOnly", "Effect": "Allow", "Action": ITEM_ACTIONS, "Resource": TABLE_ARNS,
                       "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["TENANT#acme"]}}}],
    }],
    KEYS["analytics"][0]: [{
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
                                                      "dynamodb:Scan", "dynamodb:DescribeTable",
                                                      "dynamodb:DescribeStream", "dynamodb:GetShardIterator",
                                                      "dynamodb:GetRecords", "dynamodb:ListStreams"],
                       "Resource": TABLE_ARNS + [f"arn:aws:dynamodb:*:*:table/{TABLE}/stream/*"]}],
    }],
    KEYS["support"][0]: [{
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": TABLE_ARNS},
            {"Sid": "NeverTheSecret", "Effect": "Deny", "Action": "dynamodb:*", "Resource": "*",
             "Condition": {"ForAnyValue:StringEquals": {"dynamodb:Attributes": ["qr_secret"]}}},
            {"Sid": "NoWholeItems", "Effect": "Deny", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": "*",
             "Condition": {"StringEquals": {"dynamodb:Select": ["ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"]}}},
        ],
    }],
    # PartiQL statements are judged as dynamodb:PartiQL* actions, with the keys of the operation they
    # plan as; the Null condition refuses a statement that names no partition (a full-table scan).
    KEYS["partiql"][0]: [{
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Resource": TABLE_ARNS,
                       "Action": ["dynamodb:PartiQLSelect", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate",
                                  "dynamodb:PartiQLDelete"],
                       "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["TENANT#acme"]},
                                     "Null": {"dynamodb:LeadingKeys": "false"}}}],
    }],
    KEYS["admin"][0]: {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}},
}


@pytest.fixture(scope="module")
def guarded(workdir):
    credentials = workdir / "policy-credentials"
    credentials.write_text("".join(f"[{name}]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n"
                                   for name, (key, secret) in KEYS.items()))
    policies = workdir / "policies.json"
    policies.write_text(json.dumps(POLICIES))
    server = start_vaultdesk(workdir / "guarded-policies.db", "--credentials", str(credentials),
                             "--policies", str(policies), "--signing-region", REGION)
    admin = as_role(server, "admin")
    admin.create_table(
        TableName=TABLE, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "S"},
                              {"AttributeName": "ref", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "byRef", "KeySchema": [{"AttributeName": "ref", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    for tenant in ["acme", "globex"]:
        admin.put_item(TableName=TABLE, Item={"pk": {"S": f"TENANT#{tenant}"}, "sk": {"S": "PROFILE"},
                                               "name": {"S": tenant.title()}, "qr_secret": {"S": f"{tenant}-secret"}})
        admin.put_item(TableName=TABLE, Item={"pk": {"S": f"TENANT#{tenant}"}, "sk": {"S": "STATEMENT#1"},
                                               "ref": {"S": f"{tenant.upper()}-1"}, "amount": {"N": "10"}})
    yield server
    assert server.stop() == 0, server.log()


def as_role(server, role):
    key, secret = KEYS[role]
    return client_for(server.endpoint, key=key, secret=secret)


def denied(call):
    with pytest.raises(ClientError) as excinfo:
        call()
    error = excinfo.value.response["Error"]
    assert error["Code"] == "AccessDeniedException", error
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return error["Message"]


def key(tenant, sort="PROFILE"):
    return {"pk": {"S": f"TENANT#{tenant}"}, "sk": {"S": sort}}


def everything(server):
    return sorted(json.dumps(item, sort_keys=True)
                  for item in as_role(server, "admin").scan(TableName=TABLE, ConsistentRead=True)["Items"])


def test_startup_reports_policies(guarded):
    assert "requests judged by the policies of 5 key(s)" in guarded.log()


def test_tenant_role_reaches_its_own_partition_only(guarded):
    app = as_role(guarded, "app")
    assert app.get_item(TableName=TABLE, Key=key("acme"))["Item"]["name"] == {"S": "Acme"}
    assert app.query(TableName=TABLE, KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "TENANT#acme"}})["Count"] >= 2
    app.put_item(TableName=TABLE, Item={**key("acme", "NOTE#1"), "text": {"S": "ok"}})
    before = everything(guarded)
    message = denied(lambda: app.get_item(TableName=TABLE, Key=key("globex")))
    assert message == (f"User: arn:aws:iam::000000000000:user/{KEYS['app'][0]} is not authorized to perform: "
                       f"dynamodb:GetItem on resource: arn:aws:dynamodb:{REGION}:000000000000:table/{TABLE} "
                       "because no identity-based policy allows the dynamodb:GetItem action")
    denied(lambda: app.query(TableName=TABLE, KeyConditionExpression="pk = :p",
                             ExpressionAttributeValues={":p": {"S": "TENANT#globex"}}))
    denied(lambda: app.put_item(TableName=TABLE, Item={**key("globex", "NOTE#1"), "text": {"S": "no"}}))
    denied(lambda: app.update_item(TableName=TABLE, Key=key("globex"), UpdateExpression="SET #n = :n",
                                   ExpressionAttributeNames={"#n": "name"}, ExpressionAttributeValues={":n": {"S": "x"}}))
    denied(lambda: app.delete_item(TableName=TABLE, Key=key("globex")))
    denied(lambda: app.scan(TableName=TABLE))
    # The global index's partitions are not TENANT#…: a tenant key cannot read them.
    denied(lambda: app.query(TableName=TABLE, IndexName="byRef", KeyConditionExpression="#r = :r",
                             ExpressionAttributeNames={"#r": "ref"}, ExpressionAttributeValues={":r": {"S": "GLOBEX-1"}}))
    # One element for another tenant denies the whole batch or transaction.
    denied(lambda: app.batch_write_item(RequestItems={TABLE: [
        {"PutRequest": {"Item": {**key("acme", "NOTE#2")}}}, {"PutRequest": {"Item": {**key("globex", "NOTE#2")}}}]}))
    denied(lambda: app.transact_write_items(TransactItems=[
        {"Put": {"TableName": TABLE, "Item": key("acme", "NOTE#3")}},
        {"ConditionCheck": {"TableName": TABLE, "Key": key("globex"), "ConditionExpression": "attribute_exists(pk)"}}]))
    denied(lambda: app.batch_get_item(RequestItems={TABLE: {"Keys": [key("acme"), key("globex")]}}))
    denied(lambda: app.delete_table(TableName=TABLE))
    denied(lambda: app.list_tables())
    assert everything(guarded) == before


def test_partiql_statements_are_judged_by_the_keys_they_touch(guarded):
    partiql = as_role(guarded, "partiql")
    mine = partiql.execute_statement(Statement=f"SELECT name FROM {TABLE} WHERE pk = 'TENANT#acme' AND sk = 'PROFILE'")
    assert mine["Items"] == [{"name": {"S": "Acme"}}]
    partiql.execute_statement(Statement=f"UPDATE {TABLE} SET seen = true WHERE pk = 'TENANT#acme' AND sk = 'PROFILE'")
    before = everything(guarded)
    message = denied(lambda: partiql.execute_statement(
        Statement=f"SELECT * FROM {TABLE} WHERE pk = ? AND sk = 'PROFILE'", Parameters=[{"S": "TENANT#globex"}]))
    assert "dynamodb:PartiQLSelect" in message
    denied(lambda: partiql.execute_statement(Statement=f"SELECT * FROM {TABLE} WHERE amount > 1"))
    denied(lambda: partiql.execute_statement(Statement=f"INSERT INTO {TABLE} VALUE {{'pk': 'TENANT#globex', 'sk': 'X'}}"))
    denied(lambda: partiql.execute_statement(Statement=f"DELETE FROM {TABLE} WHERE pk = 'TENANT#globex' AND sk = 'PROFILE'"))
    denied(lambda: partiql.batch_execute_statement(Statements=[
        {"Statement": f"SELECT * FROM {TABLE} WHERE pk = 'TENANT#acme' AND sk = 'PROFILE'"},
        {"Statement": f"SELECT * FROM {TABLE} WHERE pk = 'TENANT#globex' AND sk = 'PROFILE'"}]))
    denied(lambda: partiql.execute_transaction(TransactStatements=[
        {"Statement": f"UPDATE {TABLE} SET seen = true WHERE pk = 'TENANT#acme' AND sk = 'PROFILE'"},
        {"Statement": f"UPDATE {TABLE} SET seen = true WHERE pk = 'TENANT#globex' AND sk = 'PROFILE'"}]))
    # The app role may use the item operations but was never given the PartiQL actions.
    denied(lambda: as_role(guarded, "app").execute_statement(
        Statement=f"SELECT * FROM {TABLE} WHERE pk = 'TENANT#acme' AND sk = 'PROFILE'"))
    assert everything(guarded) == before


def test_analytics_role_reads_and_never_writes(guarded):
    analytics = as_role(guarded, "analytics")
    assert analytics.scan(TableName=TABLE)["Count"] >= 4
    assert analytics.describe_table(TableName=TABLE)["Table"]["TableName"] == TABLE
    streams = client_for(guarded.endpoint, "dynamodbstreams", *KEYS["analytics"])
    arn = analytics.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    assert streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    before = everything(guarded)
    denied(lambda: analytics.put_item(TableName=TABLE, Item=key("acme", "NOTE#9")))
    denied(lambda: analytics.update_time_to_live(
        TableName=TABLE, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"}))
    assert everything(guarded) == before
    # The stream operations are judged too: the tenant role may not read the stream.
    app_streams = client_for(guarded.endpoint, "dynamodbstreams", *KEYS["app"])
    message = denied(lambda: app_streams.describe_stream(StreamArn=arn))
    assert f"dynamodb:DescribeStream on resource: arn:aws:dynamodb:{REGION}:000000000000:table/{TABLE}/stream/" in message


def test_support_role_never_sees_the_qr_secret(guarded):
    support = as_role(guarded, "support")
    item = support.get_item(TableName=TABLE, Key=key("globex"), ProjectionExpression="pk, sk, #n",
                            ExpressionAttributeNames={"#n": "name"})["Item"]
    assert "qr_secret" not in item and item["name"] == {"S": "Globex"}
    message = denied(lambda: support.get_item(TableName=TABLE, Key=key("globex"), ProjectionExpression="qr_secret"))
    assert message.endswith("with an explicit deny in an identity-based policy")
    denied(lambda: support.get_item(TableName=TABLE, Key=key("globex")))
    denied(lambda: support.query(TableName=TABLE, KeyConditionExpression="pk = :p",
                                 ExpressionAttributeValues={":p": {"S": "TENANT#acme"}}))
    # A filter that reads the secret is touching it too.
    denied(lambda: support.query(TableName=TABLE, KeyConditionExpression="pk = :p", ProjectionExpression="sk",
                                 FilterExpression="begins_with(qr_secret, :x)",
                                 ExpressionAttributeValues={":p": {"S": "TENANT#acme"}, ":x": {"S": "a"}}))
    assert support.query(TableName=TABLE, KeyConditionExpression="pk = :p", ProjectionExpression="sk",
                         ExpressionAttributeValues={":p": {"S": "TENANT#acme"}})["Count"] >= 2


def test_unknown_and_unlisted_keys(guarded):
    # A key in --credentials with no policies may do nothing; an unknown key is not let in at all.
    nobody = as_role(guarded, "nobody")
    denied(lambda: nobody.list_tables())
    denied(lambda: nobody.get_item(TableName=TABLE, Key=key("acme")))
    with pytest.raises(ClientError) as excinfo:
        client_for(guarded.endpoint, key="AKIDSTRANGER", secret="x").list_tables()
    assert excinfo.value.response["Error"]["Code"] == "UnrecognizedClientException"


@pytest.mark.parametrize("document, fragment", [
    ('{"AKIDACMEAPP": [{"Statement": {"Effect": "Alow", "Action": "dynamodb:*", "Resource": "*"}}]}',
     'AKIDACMEAPP[0].Statement[0].Effect: must be "Allow" or "Deny"'),
    ('{"AKIDACMEAPP": [{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", '
     '"Condition": {"StringEquals": {"dynamodb:LeadingKeys": "TENANT#acme"}}}}]}',
     "Condition.StringEquals.dynamodb:LeadingKeys: dynamodb:LeadingKeys has several values per request"),
    ('{"AKIDACMEAPP": [', "is not valid JSON"),
])
def test_malformed_policy_file_stops_startup(workdir, document, fragment):
    credentials = workdir / "policy-credentials-bad"
    credentials.write_text(f"[app]\naws_access_key_id = {KEYS['app'][0]}\naws_secret_access_key = x\n")
    policies = workdir / "bad-policies.json"
    policies.write_text(document)
    with pytest.raises(RuntimeError) as excinfo:
        start_vaultdesk(workdir / "never-policies.db", "--credentials", str(credentials), "--policies", str(policies))
    assert "bad-policies.json" in str(excinfo.value) and fragment in str(excinfo.value)


def test_policies_need_credentials(workdir):
    policies = workdir / "lonely-policies.json"
    policies.write_text("{}")
    with pytest.raises(RuntimeError) as excinfo:
        start_vaultdesk(workdir / "never-lonely.db", "--policies", str(policies))
    assert "--policies needs --credentials" in str(excinfo.value)
