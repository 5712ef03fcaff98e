"""`vaultdesk export`: a table in DynamoDB's S3 export layout, read back as an analyst would with DuckDB.

Sources: Developer Guide, "DynamoDB table export output format" (AWSDynamoDB/<ExportId>/ with
manifest-summary.json, manifest-files.json, their .checksum files, _started, and data/*.json.gz of
DYNAMODB_JSON lines {"Item": …}); the seed systems' reporting question, payments per tenant."""
import base64
import gzip
import hashlib
import json
import os
import stat
import subprocess
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from conftest import client_for, start_vaultdesk, vaultdesk_binary


@pytest.fixture(scope="module")
def seeded(workdir):
    store = workdir / "export-demo.db"
    seeded = subprocess.run([vaultdesk_binary(), "seed", "--store", str(store), "--scale", "small",
                             "--as-of", "2026-11-21"], capture_output=True, text=True, timeout=300)
    assert seeded.returncode == 0, seeded.stderr
    return store


def export(store, out):
    done = subprocess.run([vaultdesk_binary(), "export", "--store", str(store), "vaultdesk", "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip().splitlines()[-1])


def test_layout_manifests_and_checksums(seeded, workdir):
    folder = export(seeded, workdir / "lake-layout")
    assert folder.parent.name == "AWSDynamoDB"
    names = {path.name for path in folder.iterdir()}
    assert {"_started", "manifest-summary.json", "manifest-summary.checksum", "manifest-files.json",
            "manifest-files.checksum", "data"} <= names
    summary = json.loads((folder / "manifest-summary.json").read_text())
    assert summary["version"] == "2020-06-30" and summary["exportType"] == "FULL_EXPORT"
    assert summary["outputFormat"] == "DYNAMODB_JSON"
    assert summary["exportArn"].endswith("/export/" + folder.name)
    for manifest in ["manifest-summary", "manifest-files"]:
        assert (folder / f"{manifest}.checksum").read_text() == hashlib.md5((folder / f"{manifest}.json").read_bytes()).hexdigest()
    total = 0
    for line in (folder / "manifest-files.json").read_text().splitlines():
        entry = json.loads(line)
        data = folder.parent.parent / entry["dataFileS3Key"]
        raw = data.read_bytes()
        assert entry["md5Checksum"] == base64.b64encode(hashlib.md5(raw).digest()).decode()
        assert entry["etag"] == hashlib.md5(raw).hexdigest()
        lines = gzip.decompress(raw).decode().splitlines()
        assert len(lines) == entry["itemCount"]
        assert all(set(json.loads(item)) == {"Item"} for item in lines[:50])
        total += entry["itemCount"]
        # Everything a table holds is in an export: only its owner may read the files.
        assert stat.S_IMODE(os.stat(data).st_mode) == 0o600
    assert total == summary["itemCount"] > 0


def test_duckdb_counts_and_sums_per_tenant_match_the_store(seeded, workdir):
    folder = export(seeded, workdir / "lake-duckdb")
    rows = duckdb.sql(f"""
        SELECT Item.tenant_id.S AS tenant, count(*) AS payments, sum(CAST(Item.amount.N AS BIGINT)) AS amount
        FROM read_json('{folder}/data/*.json.gz')
        WHERE Item.entity.S = 'PAYMENT'
        GROUP BY 1 ORDER BY 1""").fetchall()
    server = start_vaultdesk(seeded, log_path=str(workdir / "export-serve.log"))
    try:
        ddb = client_for(server.endpoint)
        expected = defaultdict(lambda: [0, 0])
        paginator = ddb.get_paginator("scan")
        for page in paginator.paginate(TableName="vaultdesk", FilterExpression="entity = :p",
                                       ExpressionAttributeValues={":p": {"S": "PAYMENT"}}):
            for item in page["Items"]:
                expected[item["tenant_id"]["S"]][0] += 1
                expected[item["tenant_id"]["S"]][1] += int(item["amount"]["N"])
    finally:
        server.stop()
    assert rows == [(tenant, count, amount) for tenant, (count, amount) in sorted(expected.items())]
    assert len(rows) > 1


def test_every_type_round_trips_through_an_export(workdir):
    """Items of every attribute type, Unicode beyond ASCII and control characters included, come back
    from the data files exactly as a Scan returns them."""
    store = workdir / "export-types.db"
    server = start_vaultdesk(store, log_path=str(workdir / "export-types.log"))
    try:
        ddb = client_for(server.endpoint)
        ddb.create_table(TableName="types", BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        items = [
            {"pk": {"S": "ünïcödé ☃ 😀"}, "n": {"N": "-1.5E+20"}, "b": {"B": b"\x00\xff\x10"},
             "t": {"S": "quote \" backslash \\ newline \n tab \t bell \x07"}, "ok": {"BOOL": False}, "none": {"NULL": True}},
            {"pk": {"S": "sets"}, "ss": {"SS": ["a", "é"]}, "ns": {"NS": ["1", "2.5"]}, "bs": {"BS": [b"x", b"y"]},
             "m": {"M": {"deep": {"L": [{"N": "1"}, {"M": {"k": {"S": "v"}}}, {"L": []}]}}}},
        ]
        for item in items:
            ddb.put_item(TableName="types", Item=item)
        scanned = {item["pk"]["S"]: item for item in ddb.scan(TableName="types", ConsistentRead=True)["Items"]}
    finally:
        server.stop()
    done = subprocess.run([vaultdesk_binary(), "export", "--store", str(store), "types", "--out", str(workdir / "types-out")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    folder = Path(done.stdout.strip().splitlines()[-1])
    exported = {}
    for data in (folder / "data").iterdir():
        for line in gzip.decompress(data.read_bytes()).decode().splitlines():
            item = json.loads(line)["Item"]
            exported[item["pk"]["S"]] = item
    def plain(item):
        return json.loads(json.dumps(item, default=lambda value: base64.b64encode(bytes(value)).decode(), sort_keys=True))
    assert set(exported) == set(scanned)
    for key, item in scanned.items():
        ours = exported[key]
        for name, value in item.items():
            if "SS" in value or "NS" in value or "BS" in value:
                kind = next(iter(value))
                assert sorted(plain(ours[name])[kind]) == sorted(plain(value)[kind]), name
            else:
                assert plain(ours[name]) == plain(value), name
