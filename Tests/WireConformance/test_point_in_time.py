"""Point-in-time recovery through the endpoint, the AWS CLI and `vaultdesk recovery`.

Sources: DynamoDB API Reference, UpdateContinuousBackups (PointInTimeRecoverySpecification,
RecoveryPeriodInDays 1-35), DescribeContinuousBackups (ContinuousBackupsDescription,
PointInTimeRecoveryDescription, EarliestRestorableDateTime, LatestRestorableDateTime) and
RestoreTableToPointInTime (RestoreDateTime or UseLatestRestorableTime; SourceTableName or
SourceTableArn; PointInTimeRecoveryUnavailableException, InvalidRestoreTimeException,
TableAlreadyExistsException, TableNotFoundException); Developer Guide, "Point-in-time backups
for DynamoDB" (the stream, TTL and tags are not restored).

Where this store differs on purpose: DynamoDB's LatestRestorableDateTime is typically about
five minutes in the past; here every write is in the history when it is acknowledged, so it is
the present (docs/point-in-time-recovery.md)."""
import datetime
import json
import subprocess
import time

import pytest
from botocore.exceptions import ClientError

from conftest import create_table, vaultdesk_binary
from test_aws_cli import aws


def code_of(call):
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"]


def next_second():
    """Waits for the next whole second and returns it: boto3 sends timestamps in whole seconds,
    the granularity DynamoDB documents for a restore."""
    now = time.time()
    time.sleep(int(now) + 1 - now + 0.01)
    return datetime.datetime.fromtimestamp(int(time.time()), datetime.timezone.utc)


def key(number):
    return {"pk": {"S": f"TENANT#{number % 3}"}, "sk": {"S": f"PAY#{number:03}"}}


def test_enable_describe_restore_to_an_instant(ddb, table_name):
    create_table(ddb, table_name, gsi=True, stream="NEW_IMAGE")
    off = ddb.describe_continuous_backups(TableName=table_name)["ContinuousBackupsDescription"]
    assert off["ContinuousBackupsStatus"] == "ENABLED"
    assert off["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"
    assert code_of(lambda: ddb.restore_table_to_point_in_time(
        SourceTableName=table_name, TargetTableName=table_name + "_x", UseLatestRestorableTime=True)) \
        == "PointInTimeRecoveryUnavailableException"

    for number in range(10):
        ddb.put_item(TableName=table_name, Item={**key(number), "ref": {"S": f"R{number}"}, "paid_at": {"S": "2026-11-29"},
                                                 "v": {"N": "1"}})
    on = ddb.update_continuous_backups(
        TableName=table_name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True,
                                                                 "RecoveryPeriodInDays": 7})
    recovery = on["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert recovery["PointInTimeRecoveryStatus"] == "ENABLED" and recovery["RecoveryPeriodInDays"] == 7
    assert isinstance(recovery["EarliestRestorableDateTime"], datetime.datetime)
    # The state to come back to: ten items, v = 1.
    instant = next_second()
    next_second()
    for number in range(5):
        ddb.update_item(TableName=table_name, Key=key(number), UpdateExpression="SET v = :two",
                        ExpressionAttributeValues={":two": {"N": "2"}})
    ddb.delete_item(TableName=table_name, Key=key(9))
    ddb.put_item(TableName=table_name, Item={**key(50), "ref": {"S": "R50"}})

    described = ddb.describe_continuous_backups(TableName=table_name)["ContinuousBackupsDescription"]
    window = described["PointInTimeRecoveryDescription"]
    assert window["EarliestRestorableDateTime"] <= instant <= window["LatestRestorableDateTime"]

    restored = table_name + "_then"
    table = ddb.restore_table_to_point_in_time(SourceTableName=table_name, TargetTableName=restored,
                                               RestoreDateTime=instant)["TableDescription"]
    assert table["TableName"] == restored and "LatestStreamArn" not in table
    items = ddb.scan(TableName=restored)["Items"]
    assert len(items) == 10 and all(item["v"] == {"N": "1"} for item in items)
    by_ref = ddb.query(TableName=restored, IndexName="byRef", KeyConditionExpression="#r = :r",
                       ExpressionAttributeNames={"#r": "ref"}, ExpressionAttributeValues={":r": {"S": "R9"}})
    assert by_ref["Count"] == 1

    latest = table_name + "_now"
    arn = ddb.describe_table(TableName=table_name)["Table"]["TableArn"]
    ddb.restore_table_to_point_in_time(SourceTableArn=arn, TargetTableName=latest, UseLatestRestorableTime=True)
    now_items = {item["sk"]["S"]: item for item in ddb.scan(TableName=latest)["Items"]}
    assert len(now_items) == 10 and "PAY#009" not in now_items and now_items["PAY#000"]["v"] == {"N": "2"}

    assert code_of(lambda: ddb.restore_table_to_point_in_time(
        SourceTableName=table_name, TargetTableName=latest, UseLatestRestorableTime=True)) \
        == "TableAlreadyExistsException"
    too_early = window["EarliestRestorableDateTime"] - datetime.timedelta(minutes=5)
    assert code_of(lambda: ddb.restore_table_to_point_in_time(
        SourceTableName=table_name, TargetTableName=table_name + "_early", RestoreDateTime=too_early)) \
        == "InvalidRestoreTimeException"
    assert code_of(lambda: ddb.restore_table_to_point_in_time(
        SourceTableName=table_name + "_none", TargetTableName=table_name + "_y", UseLatestRestorableTime=True)) \
        == "TableNotFoundException"
    assert code_of(lambda: ddb.describe_continuous_backups(TableName=table_name + "_none")) == "TableNotFoundException"
    assert code_of(lambda: ddb.update_continuous_backups(
        TableName=table_name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True,
                                                                 "RecoveryPeriodInDays": 36})) \
        == "ValidationException"

    off_again = ddb.update_continuous_backups(
        TableName=table_name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False})
    assert off_again["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
        "PointInTimeRecoveryStatus"] == "DISABLED"


def test_aws_cli_and_the_command_line(vaultdesk, workdir, table_name):
    made = aws(vaultdesk.endpoint, "create-table", "--table-name", table_name,
               "--attribute-definitions", "AttributeName=pk,AttributeType=S",
               "--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
    assert made.returncode == 0, made.stderr
    enabled = aws(vaultdesk.endpoint, "update-continuous-backups", "--table-name", table_name,
                  "--point-in-time-recovery-specification", "PointInTimeRecoveryEnabled=true")
    assert enabled.returncode == 0, enabled.stderr
    described = aws(vaultdesk.endpoint, "describe-continuous-backups", "--table-name", table_name)
    assert described.returncode == 0, described.stderr
    recovery = json.loads(described.stdout)["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert recovery["PointInTimeRecoveryStatus"] == "ENABLED" and recovery["RecoveryPeriodInDays"] == 35

    store = workdir / "cli-recovery.db"
    created = subprocess.run([vaultdesk_binary(), "seed", "--store", str(store), "--scale", "small",
                              "--as-of", "2026-11-21"], capture_output=True, text=True, timeout=300)
    assert created.returncode == 0, created.stderr

    def run(*arguments):
        return subprocess.run([vaultdesk_binary(), "recovery", *arguments, "--store", str(store)],
                              capture_output=True, text=True, timeout=300)

    assert "off" in run("status", "vaultdesk").stdout
    enabled = run("enable", "vaultdesk", "--days", "3")
    assert enabled.returncode == 0 and "on, 3 days" in enabled.stdout, enabled.stderr
    instant = next_second().isoformat()
    restored = run("restore", "vaultdesk", "--to", "copy", "--at", instant)
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout and "into copy" in restored.stdout
    neither = run("restore", "vaultdesk", "--to", "other")
    assert neither.returncode != 0 and "--latest" in neither.stderr
    garbled = run("restore", "vaultdesk", "--to", "other", "--at", "yesterday-ish")
    assert garbled.returncode != 0 and "not an instant" in garbled.stderr
    early = run("restore", "vaultdesk", "--to", "other", "--at", "2020-01-01T00:00:00Z")
    assert early.returncode != 0 and "InvalidRestoreTimeException" in early.stderr
    assert run("disable", "vaultdesk").returncode == 0
    assert "off" in run("status", "vaultdesk").stdout
