"""ExportTableToPointInTime, DescribeExport and ListExports through the endpoint, with the bucket a
folder under `serve --s3-root`, read back with gzip, json and DuckDB.

Sources: DynamoDB API Reference, ExportTableToPointInTime (TableArn, S3Bucket, S3Prefix,
ExportTime, ExportFormat DYNAMODB_JSON | ION, ExportType FULL_EXPORT | INCREMENTAL_EXPORT,
IncrementalExportSpecification with ExportFromTime inclusive, ExportToTime exclusive and
ExportViewType; PointInTimeRecoveryUnavailableException, InvalidExportTimeException,
ExportConflictException, TableNotFoundException), DescribeExport (ExportNotFoundException),
ListExports (MaxResults 1-25, NextToken); Developer Guide, "DynamoDB table export output
format" (manifest-summary.json, manifest-files.json, data files; the incremental record with
Metadata.WriteTimestampMicros, Keys, NewImage, OldImage; Amazon Ion output).

Where this store differs on purpose (docs/compatibility.md): an export runs within the request
and answers COMPLETED; the 15-minute minimum of an incremental period is not enforced."""
import datetime
import gzip
import json
import time
from pathlib import Path

import duckdb
import pytest
from botocore.exceptions import ClientError

from conftest import client_for, create_table, start_vaultdesk


def code_of(call):
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"]


def next_second():
    now = time.time()
    time.sleep(int(now) + 1 - now + 0.01)
    return datetime.datetime.fromtimestamp(int(time.time()), datetime.timezone.utc)


@pytest.fixture(scope="module")
def lake(workdir):
    root = workdir / "s3-root"
    server = start_vaultdesk(workdir / "exports.db", "--s3-root", str(root))
    yield server, root
    assert server.stop() == 0, server.log()


def records(root, description):
    folder = root / description["S3Bucket"] / Path(description["ExportManifest"]).parent
    manifest = [json.loads(line) for line in (folder / "manifest-files.json").read_text().splitlines()]
    lines = []
    for entry in manifest:
        data = root / description["S3Bucket"] / entry["dataFileS3Key"]
        lines += gzip.decompress(data.read_bytes()).decode().splitlines()
    return folder, manifest, lines


def test_full_and_incremental_exports(lake, table_name):
    server, root = lake
    ddb = client_for(server.endpoint)
    create_table(ddb, table_name)
    arn = ddb.describe_table(TableName=table_name)["Table"]["TableArn"]
    assert code_of(lambda: ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="lake")) \
        == "PointInTimeRecoveryUnavailableException"
    for number in range(6):
        ddb.put_item(TableName=table_name, Item={"pk": {"S": f"TENANT#{number % 2}"}, "sk": {"S": f"PAY#{number}"},
                                                 "amount": {"N": str(10 * number)}, "note": {"S": "café ✓"}})
    ddb.update_continuous_backups(TableName=table_name,
                                  PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    start = next_second()
    ddb.update_item(TableName=table_name, Key={"pk": {"S": "TENANT#0"}, "sk": {"S": "PAY#0"}},
                    UpdateExpression="SET amount = :a", ExpressionAttributeValues={":a": {"N": "99"}})
    ddb.delete_item(TableName=table_name, Key={"pk": {"S": "TENANT#1"}, "sk": {"S": "PAY#1"}})
    ddb.put_item(TableName=table_name, Item={"pk": {"S": "TENANT#2"}, "sk": {"S": "PAY#9"}, "amount": {"N": "1"}})
    end = next_second()
    ddb.put_item(TableName=table_name, Item={"pk": {"S": "TENANT#3"}, "sk": {"S": "PAY#late"}})

    # A full export at an instant: the table as it was then, in DYNAMODB_JSON.
    full = ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="lake", S3Prefix="daily/full",
                                             ExportTime=start)["ExportDescription"]
    assert full["ExportStatus"] == "COMPLETED" and full["ExportType"] == "FULL_EXPORT"
    assert full["ItemCount"] == 6 and full["ExportFormat"] == "DYNAMODB_JSON"
    folder, manifest, lines = records(root, full)
    assert str(folder).startswith(str(root / "lake" / "daily" / "full" / "AWSDynamoDB"))
    assert sum(entry["itemCount"] for entry in manifest) == 6
    items = [json.loads(line)["Item"] for line in lines]
    assert sorted(item["amount"]["N"] for item in items) == ["0", "10", "20", "30", "40", "50"]
    assert all(item["note"]["S"] == "café ✓" for item in items)
    summary = json.loads((folder / "manifest-summary.json").read_text())
    assert summary["exportType"] == "FULL_EXPORT" and summary["itemCount"] == 6 and summary["s3Prefix"] == "daily/full"

    # An incremental export of [start, end): the three changes, with old and new images.
    incremental = ddb.export_table_to_point_in_time(
        TableArn=arn, S3Bucket="lake", S3Prefix="daily/changes", ExportType="INCREMENTAL_EXPORT",
        IncrementalExportSpecification={"ExportFromTime": start, "ExportToTime": end,
                                        "ExportViewType": "NEW_AND_OLD_IMAGES"})["ExportDescription"]
    assert incremental["ExportType"] == "INCREMENTAL_EXPORT" and incremental["ItemCount"] == 3
    spec = incremental["IncrementalExportSpecification"]
    assert spec["ExportFromTime"] == start and spec["ExportToTime"] == end
    _, _, lines = records(root, incremental)
    changes = {json.loads(line)["Keys"]["sk"]["S"]: json.loads(line) for line in lines}
    assert set(changes) == {"PAY#0", "PAY#1", "PAY#9"}
    assert changes["PAY#0"]["OldImage"]["amount"] == {"N": "0"} and changes["PAY#0"]["NewImage"]["amount"] == {"N": "99"}
    assert "NewImage" not in changes["PAY#1"] and changes["PAY#1"]["OldImage"]["sk"] == {"S": "PAY#1"}
    assert "OldImage" not in changes["PAY#9"] and changes["PAY#9"]["NewImage"]["amount"] == {"N": "1"}
    written = int(changes["PAY#0"]["Metadata"]["WriteTimestampMicros"]["N"])
    assert start.timestamp() * 1e6 <= written < end.timestamp() * 1e6

    # DuckDB reads the incremental files as an analyst would.
    pattern = str(root / "lake" / "daily" / "changes" / "AWSDynamoDB" / "*" / "data" / "*.json.gz")
    deleted = duckdb.sql(f"SELECT count(*) FROM read_json('{pattern}') WHERE NewImage IS NULL").fetchall()[0][0]
    assert deleted == 1

    # ION: the same export, as Amazon Ion text.
    ion = ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="lake", S3Prefix="ion", ExportFormat="ION",
                                            ExportTime=start)["ExportDescription"]
    _, manifest, lines = records(root, ion)
    assert manifest[0]["dataFileS3Key"].endswith(".ion.gz")
    assert lines[0].startswith("$ion_1_0 {Item:{") and "\"amount\":" in lines[0]
    assert any("\"amount\":10." in line for line in lines)

    # DescribeExport and ListExports, with paging.
    assert ddb.describe_export(ExportArn=full["ExportArn"])["ExportDescription"]["ItemCount"] == 6
    first = ddb.list_exports(TableArn=arn, MaxResults=2)
    assert [summary["ExportArn"] for summary in first["ExportSummaries"]] == [full["ExportArn"], incremental["ExportArn"]]
    rest = ddb.list_exports(TableArn=arn, MaxResults=2, NextToken=first["NextToken"])
    assert [summary["ExportArn"] for summary in rest["ExportSummaries"]] == [ion["ExportArn"]]
    assert "NextToken" not in rest


def test_export_errors_and_the_bucket_guard(lake, table_name):
    server, root = lake
    ddb = client_for(server.endpoint)
    create_table(ddb, table_name)
    arn = ddb.describe_table(TableName=table_name)["Table"]["TableArn"]
    ddb.update_continuous_backups(TableName=table_name,
                                  PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    # A bucket or prefix that would climb out of the S3 root is refused before anything is written.
    for bucket, prefix in [("..", None), ("lake", "../../escape"), ("lake", "/etc"), ("Upper_Case", None),
                           ("lake/../x", None), ("lake", "a/./b")]:
        arguments = dict(TableArn=arn, S3Bucket=bucket)
        if prefix:
            arguments["S3Prefix"] = prefix
        assert code_of(lambda: ddb.export_table_to_point_in_time(**arguments)) == "ValidationException"
    assert not (root.parent / "escape").exists() and not Path("/etc/AWSDynamoDB").exists()
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    assert code_of(lambda: ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="lake", ExportTime=long_ago)) \
        == "InvalidExportTimeException"
    assert code_of(lambda: ddb.export_table_to_point_in_time(
        TableArn=arn, S3Bucket="lake", ExportType="INCREMENTAL_EXPORT",
        IncrementalExportSpecification={"ExportFromTime": long_ago})) == "InvalidExportTimeException"
    assert code_of(lambda: ddb.export_table_to_point_in_time(TableArn=arn + "_none", S3Bucket="lake")) \
        == "TableNotFoundException"
    assert code_of(lambda: ddb.describe_export(ExportArn=arn + "/export/01700000000000-00000000")) \
        == "ExportNotFoundException"
    assert code_of(lambda: ddb.list_exports(MaxResults=26)) == "ValidationException"
    # A client token names one export: the same request again is the same export, another is a conflict.
    once = ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="lake", ClientToken="nightly-1")
    again = ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="lake", ClientToken="nightly-1")
    assert once["ExportDescription"]["ExportArn"] == again["ExportDescription"]["ExportArn"]
    assert code_of(lambda: ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="other", ClientToken="nightly-1")) \
        == "ExportConflictException"


def test_the_command_line(workdir):
    import subprocess
    from conftest import vaultdesk_binary
    store = workdir / "cli-export.db"
    seeded = subprocess.run([vaultdesk_binary(), "seed", "--store", str(store), "--scale", "small",
                             "--as-of", "2026-11-21"], capture_output=True, text=True, timeout=300)
    assert seeded.returncode == 0, seeded.stderr

    def export(*arguments):
        return subprocess.run([vaultdesk_binary(), "export", "--store", str(store), "--table", "vaultdesk", *arguments],
                              capture_output=True, text=True, timeout=300)

    since = datetime.datetime.now(datetime.timezone.utc).isoformat()
    refused = export("--out", str(workdir / "cli-lake"), "--from", since)
    assert refused.returncode != 0 and "PointInTimeRecoveryUnavailableException" in refused.stderr
    assert subprocess.run([vaultdesk_binary(), "recovery", "enable", "vaultdesk", "--store", str(store)],
                          capture_output=True, timeout=60).returncode == 0
    start = next_second().isoformat()
    ion = export("--out", str(workdir / "cli-lake"), "--format", "ion")
    assert ion.returncode == 0, ion.stderr
    folder = Path(ion.stdout.strip().splitlines()[-1])
    summary = json.loads((folder / "manifest-summary.json").read_text())
    assert summary["outputFormat"] == "ION" and summary["itemCount"] > 0
    nothing = export("--out", str(workdir / "cli-lake"), "--from", start, "--view", "new")
    assert nothing.returncode == 0, nothing.stderr
    # Nothing changed: still one (empty) data file, as DynamoDB writes one per empty partition.
    assert "Exported 0 records of vaultdesk in 1 data file(s)" in nothing.stdout
    empty = Path(nothing.stdout.strip().splitlines()[-1])
    [data] = list((empty / "data").iterdir())
    assert gzip.decompress(data.read_bytes()) == b""
    assert json.loads((empty / "manifest-files.json").read_text())["itemCount"] == 0
    both = export("--out", str(workdir / "cli-lake"), "--at", start, "--from", start)
    assert both.returncode != 0 and "not both" in both.stderr
