"""On-demand backups through the endpoint, the AWS CLI and `vaultdesk backup`.

Sources: DynamoDB API Reference, CreateBackup, DescribeBackup, ListBackups, DeleteBackup and
RestoreTableFromBackup (BackupNotFoundException, TableAlreadyExistsException, TableNotFoundException;
BackupDetails, SourceTableDetails, BackupSummaries and LastEvaluatedBackupArn); Developer Guide,
"Restoring a DynamoDB table from a backup" (stream, TTL and tags are not restored)."""
import json
import subprocess

import pytest
from botocore.exceptions import ClientError

from conftest import create_table, vaultdesk_binary
from test_aws_cli import aws


def code_of(call):
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"]


def test_backup_restore_lifecycle(ddb, table_name):
    create_table(ddb, table_name, gsi=True, stream="NEW_IMAGE")
    for number in range(40):
        ddb.put_item(TableName=table_name, Item={"pk": {"S": f"TENANT#{number % 4}"}, "sk": {"S": f"PAY#{number:03}"},
                                                 "ref": {"S": f"R{number}"}, "paid_at": {"S": "2026-11-29"}})
    details = ddb.create_backup(TableName=table_name, BackupName="before-change")["BackupDetails"]
    assert details["BackupStatus"] == "AVAILABLE" and details["BackupType"] == "USER"
    arn = details["BackupArn"]
    assert arn.startswith(f"arn:aws:dynamodb:") and f":table/{table_name}/backup/" in arn
    # Writes after the backup are not in it.
    ddb.put_item(TableName=table_name, Item={"pk": {"S": "TENANT#late"}, "sk": {"S": "PAY#999"}})
    ddb.delete_item(TableName=table_name, Key={"pk": {"S": "TENANT#0"}, "sk": {"S": "PAY#000"}})

    described = ddb.describe_backup(BackupArn=arn)["BackupDescription"]
    assert described["SourceTableDetails"]["TableName"] == table_name
    assert described["SourceTableDetails"]["ItemCount"] == 40
    assert [index["IndexName"] for index in described["SourceTableFeatureDetails"]["GlobalSecondaryIndexes"]] == ["byRef"]
    summaries = ddb.list_backups(TableName=table_name)["BackupSummaries"]
    assert [summary["BackupArn"] for summary in summaries] == [arn]

    restored_name = table_name + "_restored"
    table = ddb.restore_table_from_backup(TargetTableName=restored_name, BackupArn=arn)["TableDescription"]
    assert table["TableName"] == restored_name
    assert "LatestStreamArn" not in table
    assert ddb.scan(TableName=restored_name, Select="COUNT")["Count"] == 40
    assert "Item" in ddb.get_item(TableName=restored_name, Key={"pk": {"S": "TENANT#0"}, "sk": {"S": "PAY#000"}})
    assert "Item" not in ddb.get_item(TableName=restored_name, Key={"pk": {"S": "TENANT#late"}, "sk": {"S": "PAY#999"}})
    by_ref = ddb.query(TableName=restored_name, IndexName="byRef", KeyConditionExpression="#r = :r",
                       ExpressionAttributeNames={"#r": "ref"}, ExpressionAttributeValues={":r": {"S": "R7"}})
    assert by_ref["Count"] == 1

    assert code_of(lambda: ddb.restore_table_from_backup(TargetTableName=restored_name, BackupArn=arn)) \
        == "TableAlreadyExistsException"
    assert code_of(lambda: ddb.create_backup(TableName=table_name + "_none", BackupName="x-x")) == "TableNotFoundException"
    assert code_of(lambda: ddb.create_backup(TableName=table_name, BackupName="bad name!")) == "ValidationException"
    assert ddb.delete_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"]["BackupStatus"] == "DELETED"
    assert code_of(lambda: ddb.describe_backup(BackupArn=arn)) == "BackupNotFoundException"
    assert code_of(lambda: ddb.delete_backup(BackupArn=arn)) == "BackupNotFoundException"


def test_list_backups_pages_and_filters(ddb, table_name):
    create_table(ddb, table_name)
    arns = [ddb.create_backup(TableName=table_name, BackupName=f"backup-{number}")["BackupDetails"]["BackupArn"]
            for number in range(3)]
    first = ddb.list_backups(TableName=table_name, Limit=2)
    assert [summary["BackupArn"] for summary in first["BackupSummaries"]] == arns[:2]
    rest = ddb.list_backups(TableName=table_name, Limit=2, ExclusiveStartBackupArn=first["LastEvaluatedBackupArn"])
    assert [summary["BackupArn"] for summary in rest["BackupSummaries"]] == arns[2:]
    assert "LastEvaluatedBackupArn" not in rest
    assert ddb.list_backups(TableName=table_name, BackupType="SYSTEM")["BackupSummaries"] == []
    for arn in arns:
        ddb.delete_backup(BackupArn=arn)


def test_aws_cli_and_the_command_line(vaultdesk, workdir, table_name):
    ddb_store = workdir / "cli-backups.db"
    created = subprocess.run([vaultdesk_binary(), "seed", "--store", str(ddb_store), "--scale", "small",
                              "--as-of", "2026-11-21"], capture_output=True, text=True, timeout=300)
    assert created.returncode == 0, created.stderr
    backup = subprocess.run([vaultdesk_binary(), "backup", "create", "--store", str(ddb_store), "vaultdesk",
                             "--name", "cli-backup"], capture_output=True, text=True, timeout=300)
    assert backup.returncode == 0, backup.stderr
    arn = backup.stdout.strip().splitlines()[-1]
    listed = subprocess.run([vaultdesk_binary(), "backup", "list", "--store", str(ddb_store)],
                            capture_output=True, text=True, timeout=60)
    assert "cli-backup" in listed.stdout and arn in listed.stdout
    restored = subprocess.run([vaultdesk_binary(), "backup", "restore", "--store", str(ddb_store), arn, "--to", "copy"],
                              capture_output=True, text=True, timeout=300)
    assert restored.returncode == 0, restored.stderr
    again = subprocess.run([vaultdesk_binary(), "backup", "restore", "--store", str(ddb_store), arn, "--to", "copy"],
                           capture_output=True, text=True, timeout=60)
    assert again.returncode != 0 and "TableAlreadyExistsException" in again.stderr

    # The AWS CLI against the shared server.
    made = aws(vaultdesk.endpoint, "create-table", "--table-name", table_name,
               "--attribute-definitions", "AttributeName=pk,AttributeType=S",
               "--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
    assert made.returncode == 0, made.stderr
    cli_backup = aws(vaultdesk.endpoint, "create-backup", "--table-name", table_name, "--backup-name", "from-cli")
    assert cli_backup.returncode == 0, cli_backup.stderr
    cli_arn = json.loads(cli_backup.stdout)["BackupDetails"]["BackupArn"]
    cli_list = aws(vaultdesk.endpoint, "list-backups", "--table-name", table_name)
    assert cli_list.returncode == 0, cli_list.stderr
    assert [summary["BackupArn"] for summary in json.loads(cli_list.stdout)["BackupSummaries"]] == [cli_arn]
    assert aws(vaultdesk.endpoint, "delete-backup", "--backup-arn", cli_arn).returncode == 0
