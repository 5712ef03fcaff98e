"""`vaultdesk stream-export`: change data to a lake, crash-safe, read with DuckDB.

Sources: Developer Guide, "DynamoDB table export output format" (the incremental record:
Metadata.WriteTimestampMicros, Keys, NewImage, OldImage) and "Change data capture for DynamoDB
Streams" (records in order, each once, kept 24 hours); seed 003's lake ("use DynamoDB Streams to
export data to S3/Athena"): payments per tenant per day.

The law: killed with SIGKILL at any moment and restarted, the files in place cover the stream's
records exactly, none missing and none twice, in order."""
import gzip
import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import duckdb

from conftest import client_for, start_vaultdesk, vaultdesk_binary


def stream_records(endpoint, table):
    """Every record of the table's stream, through GetRecords from TRIM_HORIZON."""
    ddb = client_for(endpoint)
    streams = client_for(endpoint, "dynamodbstreams")
    arn = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")[
        "ShardIterator"]
    records = []
    while iterator:
        page = streams.get_records(ShardIterator=iterator, Limit=1000)
        records += page["Records"]
        if not page["Records"]:
            break
        iterator = page.get("NextShardIterator")
    return records


def lake_files(folder):
    return sorted((folder / "vaultdesk" / "data").glob("date=*/*.json.gz"), key=lambda path: path.name)


def test_kill_mid_file_restart_no_gap_no_duplicate(workdir):
    store = workdir / "lake-source.db"
    seeded = subprocess.run([vaultdesk_binary(), "seed", "--store", str(store), "--scale", "small",
                             "--as-of", "2026-11-21"], capture_output=True, text=True, timeout=300)
    assert seeded.returncode == 0, seeded.stderr
    lake = workdir / "lake"
    writer = subprocess.Popen([vaultdesk_binary(), "simulate", "--store", str(store), "--rate", "200",
                               "--duration", "8", "--seed", "7"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    rng = random.Random(3)
    kills = 0
    try:
        while writer.poll() is None:
            exporter = subprocess.Popen([vaultdesk_binary(), "stream-export", "--store", str(store), "--out", str(lake),
                                         "--every", "50ms"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(rng.uniform(0.2, 1.2))
            exporter.send_signal(signal.SIGKILL)
            exporter.wait()
            kills += 1
    finally:
        writer.wait(timeout=60)
    assert kills >= 4
    # One last run catches up and stops on its own.
    final = subprocess.run([vaultdesk_binary(), "stream-export", "--store", str(store), "--out", str(lake), "--once"],
                           capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    assert not list((lake / "vaultdesk" / "data").glob("date=*/.tmp-*")), "a temporary file was left behind"

    server = start_vaultdesk(store)
    try:
        records = stream_records(server.endpoint, "vaultdesk")
    finally:
        server.stop()
    assert len(records) > 200
    by_sequence = {int(record["dynamodb"]["SequenceNumber"]): record for record in records}

    covered = []
    for path in lake_files(lake):
        first, last = (int(part) for part in path.name[:-len(".json.gz")].split("-"))
        lines = gzip.decompress(path.read_bytes()).decode().splitlines()
        in_range = [sequence for sequence in sorted(by_sequence) if first <= sequence <= last]
        assert len(lines) == len(in_range), f"{path.name}: {len(lines)} lines for {len(in_range)} records"
        for line, sequence in zip(lines, in_range):
            record = json.loads(line)
            expected = by_sequence[sequence]["dynamodb"]
            assert record["Keys"] == expected["Keys"]
            assert record.get("NewImage") == expected.get("NewImage")
            assert record.get("OldImage") == expected.get("OldImage")
            assert set(record["Metadata"]) == {"WriteTimestampMicros"}
        covered += in_range
    assert covered == sorted(by_sequence), "the files do not cover the stream exactly once, in order"

    # The seed's reporting question over the lake, as an analyst asks it.
    rows = duckdb.sql(
        f"""SELECT date, NewImage.tenant_id.S AS tenant, count(*) AS payments
            FROM read_json('{lake}/vaultdesk/data/*/*.json.gz', hive_partitioning = true)
            WHERE NewImage.entity.S = 'PAYMENT' AND OldImage IS NULL GROUP BY ALL ORDER BY ALL""").fetchall()
    created = [r for r in records if r["eventName"] == "INSERT"
               and r["dynamodb"].get("NewImage", {}).get("entity", {}).get("S") == "PAYMENT"]
    assert sum(row[2] for row in rows) == len(created)


def test_errors_are_clear(workdir):
    store = workdir / "lake-errors.db"
    seeded = subprocess.run([vaultdesk_binary(), "seed", "--store", str(store), "--scale", "small",
                             "--as-of", "2026-11-21"], capture_output=True, text=True, timeout=300)
    assert seeded.returncode == 0, seeded.stderr

    def run(*arguments):
        return subprocess.run([vaultdesk_binary(), "stream-export", "--store", str(store), *arguments],
                              capture_output=True, text=True, timeout=60)

    bad_interval = run("--out", str(workdir / "lake-x"), "--every", "soon")
    assert bad_interval.returncode != 0 and "not an interval" in bad_interval.stderr
    missing = run("--out", str(workdir / "lake-x"), "--table", "nothing", "--once")
    assert missing.returncode != 0 and "nothing" in missing.stderr
    remote = run("--out", str(workdir / "lake-x"), "--endpoint", "http://127.0.0.1:9")
    assert remote.returncode != 0 and "store file" in remote.stderr
    export = subprocess.run([vaultdesk_binary(), "export", "--store", str(store), "--out", str(workdir / "lake-y"),
                             "--region", "eu-west-1"], capture_output=True, text=True, timeout=60)
    assert export.returncode != 0 and "store file" in export.stderr
