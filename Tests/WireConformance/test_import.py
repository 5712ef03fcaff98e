"""ImportTable, DescribeImport and ListImports through the endpoint, and `vaultdesk import`.

Sources: DynamoDB API Reference, ImportTable (S3BucketSource, InputFormat DYNAMODB_JSON | ION |
CSV, InputFormatOptions.Csv Delimiter and HeaderList, InputCompressionType GZIP | ZSTD | NONE,
TableCreationParameters; ResourceInUseException, ImportConflictException), DescribeImport
(ImportNotFoundException; ErrorCount, ProcessedItemCount, ImportedItemCount), ListImports
(PageSize 1-25, NextToken); Developer Guide, "DynamoDB data import from Amazon S3: formats and
quotas" (every object under the key prefix is read; a record that cannot be imported is counted
and logged, the rest imported; CSV values are strings except the key attributes)."""
import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from conftest import client_for, start_vaultdesk, vaultdesk_binary


def code_of(call):
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"]


@pytest.fixture(scope="module")
def bucket_server(workdir):
    root = workdir / "import-root"
    server = start_vaultdesk(workdir / "imports.db", "--s3-root", str(root))
    yield server, root
    assert server.stop() == 0, server.log()


def creation(name, number_sort=False):
    return {
        "TableName": name,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "N" if number_sort else "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    }


def test_import_json_gzip_csv_and_zstd(bucket_server, table_name):
    server, root = bucket_server
    ddb = client_for(server.endpoint)
    folder = root / "inbox" / "payments" / table_name
    folder.mkdir(parents=True)
    lines = [json.dumps({"Item": {"pk": {"S": f"TENANT#{n % 3}"}, "sk": {"S": f"PAY#{n:03}"}, "amount": {"N": str(n)},
                                  "memo": {"S": "zürich ✓"}}}) for n in range(50)]
    lines.insert(10, "{not json")
    lines.insert(20, json.dumps({"Item": {"pk": {"S": "no sort key"}}}))
    (folder / "part-0.json.gz").write_bytes(gzip.compress("\n".join(lines[:30]).encode()))
    (folder / "part-1.json.gz").write_bytes(gzip.compress("\n".join(lines[30:]).encode()))

    described = ddb.import_table(
        S3BucketSource={"S3Bucket": "inbox", "S3KeyPrefix": f"payments/{table_name}/part-"},
        InputFormat="DYNAMODB_JSON", InputCompressionType="GZIP",
        TableCreationParameters=creation(table_name))["ImportTableDescription"]
    assert described["ImportStatus"] == "COMPLETED"
    assert described["ProcessedItemCount"] == 52 and described["ImportedItemCount"] == 50
    assert described["ErrorCount"] == 2
    assert ddb.describe_table(TableName=table_name)["Table"]["ItemCount"] == 50
    item = ddb.get_item(TableName=table_name, Key={"pk": {"S": "TENANT#1"}, "sk": {"S": "PAY#004"}})["Item"]
    assert item["memo"] == {"S": "zürich ✓"} and item["amount"] == {"N": "4"}
    again = ddb.describe_import(ImportArn=described["ImportArn"])["ImportTableDescription"]
    assert again["ImportedItemCount"] == 50 and again["TableArn"].endswith("/" + table_name)

    # CSV with a header list and a delimiter: key attributes typed, every other value a string.
    csv_folder = root / "inbox" / "csv" / table_name
    csv_folder.mkdir(parents=True)
    (csv_folder / "rows.csv").write_text("a;1;\"x;y\"\nb;2;plain\nc;three;bad key\n")
    csv_table = table_name + "_csv"
    csv = ddb.import_table(
        S3BucketSource={"S3Bucket": "inbox", "S3KeyPrefix": f"csv/{table_name}/"}, InputFormat="CSV",
        InputFormatOptions={"Csv": {"Delimiter": ";", "HeaderList": ["pk", "sk", "note"]}},
        TableCreationParameters=creation(csv_table, number_sort=True))["ImportTableDescription"]
    assert csv["ImportedItemCount"] == 2 and csv["ErrorCount"] == 1
    assert csv["InputFormatOptions"]["Csv"]["HeaderList"] == ["pk", "sk", "note"]
    row = ddb.get_item(TableName=csv_table, Key={"pk": {"S": "a"}, "sk": {"N": "1"}})["Item"]
    assert row["note"] == {"S": "x;y"}

    # Zstandard, as the zstd tool writes it.
    zstd_folder = root / "inbox" / "zstd" / table_name
    zstd_folder.mkdir(parents=True)
    plain = zstd_folder / "items.json"
    plain.write_text("\n".join(lines[:5]))
    subprocess.run(["zstd", "-q", "--rm", str(plain)], check=True)
    zstd_table = table_name + "_zstd"
    zstd = ddb.import_table(
        S3BucketSource={"S3Bucket": "inbox", "S3KeyPrefix": f"zstd/{table_name}"}, InputFormat="DYNAMODB_JSON",
        InputCompressionType="ZSTD", TableCreationParameters=creation(zstd_table))["ImportTableDescription"]
    assert zstd["ImportedItemCount"] == 5 and zstd["ErrorCount"] == 0

    listed = ddb.list_imports(PageSize=1)
    assert len(listed["ImportSummaryList"]) == 1 and "NextToken" in listed
    rest = ddb.list_imports(PageSize=25, NextToken=listed["NextToken"])
    arns = [listed["ImportSummaryList"][0]["ImportArn"]] + [s["ImportArn"] for s in rest["ImportSummaryList"]]
    assert {described["ImportArn"], csv["ImportArn"], zstd["ImportArn"]} <= set(arns)


def test_import_errors(bucket_server, table_name):
    server, root = bucket_server
    ddb = client_for(server.endpoint)
    folder = root / "inbox" / "errors" / table_name
    folder.mkdir(parents=True)
    (folder / "one.json").write_text(json.dumps({"Item": {"pk": {"S": "a"}, "sk": {"S": "b"}}}))
    source = {"S3Bucket": "inbox", "S3KeyPrefix": f"errors/{table_name}/"}
    first = ddb.import_table(S3BucketSource=source, InputFormat="DYNAMODB_JSON", ClientToken="import-1",
                             TableCreationParameters=creation(table_name))["ImportTableDescription"]
    # The same token and request: the same import. Another request: a conflict.
    same = ddb.import_table(S3BucketSource=source, InputFormat="DYNAMODB_JSON", ClientToken="import-1",
                            TableCreationParameters=creation(table_name))["ImportTableDescription"]
    assert same["ImportArn"] == first["ImportArn"]
    assert code_of(lambda: ddb.import_table(S3BucketSource=source, InputFormat="CSV", ClientToken="import-1",
                                            TableCreationParameters=creation(table_name))) == "ImportConflictException"
    assert code_of(lambda: ddb.import_table(S3BucketSource=source, InputFormat="DYNAMODB_JSON",
                                            TableCreationParameters=creation(table_name))) == "ResourceInUseException"
    for bucket, prefix in [("..", ""), ("inbox", "../../"), ("inbox", "/etc/")]:
        assert code_of(lambda: ddb.import_table(
            S3BucketSource={"S3Bucket": bucket, "S3KeyPrefix": prefix}, InputFormat="CSV",
            TableCreationParameters=creation(table_name + "_x"))) == "ValidationException"
    empty = ddb.import_table(S3BucketSource={"S3Bucket": "inbox", "S3KeyPrefix": "nothing-here/"},
                             InputFormat="CSV", TableCreationParameters=creation(table_name + "_none"))
    assert empty["ImportTableDescription"]["ImportStatus"] == "FAILED"
    assert table_name + "_none" not in ddb.list_tables()["TableNames"]
    assert code_of(lambda: ddb.describe_import(ImportArn=first["ImportArn"] + "0")) == "ImportNotFoundException"
    assert code_of(lambda: ddb.list_imports(PageSize=25, NextToken="0" * 112)) == "ValidationException"


def test_the_command_line_round_trip(workdir):
    store = workdir / "cli-import.db"
    seeded = subprocess.run([vaultdesk_binary(), "seed", "--store", str(store), "--scale", "small",
                             "--as-of", "2026-11-21"], capture_output=True, text=True, timeout=300)
    assert seeded.returncode == 0, seeded.stderr
    out = workdir / "cli-import-lake"
    shutil.rmtree(out, ignore_errors=True)
    exported = subprocess.run([vaultdesk_binary(), "export", "--store", str(store), "vaultdesk", "--out", str(out)],
                              capture_output=True, text=True, timeout=300)
    assert exported.returncode == 0, exported.stderr
    count = int(exported.stdout.split()[1])
    imported = subprocess.run([vaultdesk_binary(), "import", str(out), "--store", str(store), "--table", "copy",
                               "--like", "vaultdesk"], capture_output=True, text=True, timeout=300)
    assert imported.returncode == 0, imported.stderr
    assert f"Imported {count} items into copy" in imported.stdout and "0 could not be imported" in imported.stdout
    described = subprocess.run([vaultdesk_binary(), "describe-table", "--store", str(store), "copy"],
                               capture_output=True, text=True, timeout=60)
    assert described.returncode == 0 and str(count) in described.stdout

    bad = workdir / "cli-bad"
    bad.mkdir(exist_ok=True)
    (bad / "rows.csv").write_text("pk,sk,note\nok,1,fine\n\"broken,2,x\n")
    refused = subprocess.run([vaultdesk_binary(), "import", str(bad), "--store", str(store), "--table", "rows"],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 0, refused.stderr
    assert "Imported 1 items into rows" in refused.stdout and "1 could not be imported" in refused.stdout
    assert "rows.csv:3: " in refused.stderr and "quoted field" in refused.stderr
    again = subprocess.run([vaultdesk_binary(), "import", str(bad), "--store", str(store), "--table", "rows"],
                           capture_output=True, text=True, timeout=60)
    assert again.returncode != 0 and "ResourceInUseException" in again.stderr
