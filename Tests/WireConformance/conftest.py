"""Fixtures that start real servers on free loopback ports: `vaultdesk serve` and `moto_server`.

Every server a fixture starts is stopped when its scope ends, even when a test fails.
The vaultdesk binary is taken from $VAULTDESK_BIN, else .build/debug/vaultdesk.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[2]
REGION = "us-east-1"
ACCESS_KEY = "AKIDVAULTDESKTEST"
SECRET_KEY = "vaultdesk-test-secret"


def vaultdesk_binary():
    path = os.environ.get("VAULTDESK_BIN") or str(ROOT / ".build" / "debug" / "vaultdesk")
    if not os.path.exists(path):
        pytest.fail(f"vaultdesk binary not found at {path}; build it first (swift build)")
    return path


class Server:
    """A server process and its endpoint; stop() ends it and reports how it ended."""

    def __init__(self, process, endpoint, log_path):
        self.process = process
        self.endpoint = endpoint
        self.log_path = log_path

    def log(self):
        return Path(self.log_path).read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start_vaultdesk(store_path, *extra, log_path=None):
    """Starts `vaultdesk serve --port 0` and reads the bound port from its startup line."""
    log_path = log_path or f"{store_path}.serve.log"
    log = open(log_path, "w")
    process = subprocess.Popen(
        [vaultdesk_binary(), "serve", "--store", str(store_path), "--port", "0", *extra],
        stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while time.time() < deadline:
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", Path(log_path).read_text(errors="replace"))
        if match:
            return Server(process, match.group(1), log_path)
        if process.poll() is not None:
            raise RuntimeError("vaultdesk serve exited early:\n" + Path(log_path).read_text())
        time.sleep(0.05)
    process.kill()
    raise RuntimeError("vaultdesk serve did not start within 30 s")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_moto(log_dir):
    if shutil.which("moto_server") is None:
        pytest.fail("moto_server is not installed (pip install 'moto[server]')")
    for _ in range(5):
        port = free_port()
        log_path = os.path.join(log_dir, f"moto-{port}.log")
        process = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                                   stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
        endpoint = f"http://127.0.0.1:{port}"
        deadline = time.time() + 30
        while time.time() < deadline and process.poll() is None:
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
                return Server(process, endpoint, log_path)
            except Exception:
                time.sleep(0.1)
        process.kill()
        process.wait()
    raise RuntimeError("moto_server did not start")


def client_for(endpoint, service="dynamodb", key=ACCESS_KEY, secret=SECRET_KEY):
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION,
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=Config(retries={"max_attempts": 1}))


def resource_for(endpoint):
    return boto3.resource("dynamodb", endpoint_url=endpoint, region_name=REGION,
                          aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)


@pytest.fixture(scope="session")
def workdir():
    folder = tempfile.mkdtemp(prefix="vaultdesk-wire-")
    yield Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def vaultdesk(workdir):
    server = start_vaultdesk(workdir / "shared.db")
    yield server
    assert server.stop() == 0, "vaultdesk serve did not stop cleanly:\n" + server.log()


@pytest.fixture(scope="session")
def moto(workdir):
    server = start_moto(str(workdir))
    yield server
    server.stop()


@pytest.fixture
def ddb(vaultdesk):
    return client_for(vaultdesk.endpoint)


@pytest.fixture
def streams(vaultdesk):
    return client_for(vaultdesk.endpoint, "dynamodbstreams")


@pytest.fixture
def table_name():
    """A fresh table name per test, so tests sharing a server never see each other's data."""
    return "t_" + uuid.uuid4().hex[:12]


def create_table(client, name, *, sort_key=True, gsi=False, stream=None, number_sort=False):
    definitions = [{"AttributeName": "pk", "AttributeType": "S"}]
    key_schema = [{"AttributeName": "pk", "KeyType": "HASH"}]
    if sort_key:
        definitions.append({"AttributeName": "sk", "AttributeType": "N" if number_sort else "S"})
        key_schema.append({"AttributeName": "sk", "KeyType": "RANGE"})
    request = dict(TableName=name, KeySchema=key_schema, AttributeDefinitions=definitions, BillingMode="PAY_PER_REQUEST")
    if gsi:
        definitions += [{"AttributeName": "ref", "AttributeType": "S"}, {"AttributeName": "paid_at", "AttributeType": "S"}]
        request["GlobalSecondaryIndexes"] = [{
            "IndexName": "byRef",
            "KeySchema": [{"AttributeName": "ref", "KeyType": "HASH"}, {"AttributeName": "paid_at", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"},
        }]
    if stream:
        request["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": stream}
    return client.create_table(**request)["TableDescription"]
