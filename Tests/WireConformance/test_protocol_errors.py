"""The protocol's edges over raw HTTP: health, CRC32, malformed and oversized requests, unknown
operations, and SigV4 verification with --credentials."""
import http.client
import subprocess
import json
import re
import zlib
from urllib.parse import urlparse

import pytest
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, REGION, SECRET_KEY, client_for, create_table, start_vaultdesk, vaultdesk_binary

PREFIX = "com.amazonaws.dynamodb.v20120810#"


def raw(endpoint, body, target="DynamoDB_20120810.ListTables", method="POST", headers=None, authorization=True):
    url = urlparse(endpoint)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    all_headers = {"Content-Type": "application/x-amz-json-1.0"}
    if target:
        all_headers["X-Amz-Target"] = target
    if authorization:
        all_headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=x/20261121/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0"
    all_headers.update(headers or {})
    connection.request(method, "/", body=body, headers=all_headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), data


def error_of(data):
    document = json.loads(data)
    assert document["__type"].startswith(PREFIX), document
    return document["__type"][len(PREFIX):], document.get("message", "")


def test_health_check(vaultdesk):
    status, _, body = raw(vaultdesk.endpoint, None, target=None, method="GET", authorization=False)
    assert status == 200 and b"healthy" in body


def test_crc32_header_matches_the_body(vaultdesk):
    status, headers, body = raw(vaultdesk.endpoint, b"{}")
    assert status == 200
    assert int(headers["x-amz-crc32"]) == zlib.crc32(body)
    assert headers["Content-Type"] == "application/x-amz-json-1.0"
    assert re.fullmatch(r"[A-Z0-9]{52}", headers["x-amzn-RequestId"])
    assert raw(vaultdesk.endpoint, b"{}")[1]["x-amzn-RequestId"] != headers["x-amzn-RequestId"]
    status, headers, body = raw(vaultdesk.endpoint, b"{not json")
    assert status == 400 and int(headers["x-amz-crc32"]) == zlib.crc32(body)


@pytest.mark.parametrize("body, kind, fragment", [
    (b"{not json", "SerializationException", "not valid JSON"),
    (b"", "SerializationException", "not valid JSON"),
    (b"[1, 2]", "SerializationException", "structure"),
    (b'{"TableName": 5, "Key": {}}', "SerializationException", "TableName"),
    (b'{"Key": {"pk": {"S": "x"}}}', "ValidationException", "Value null at 'tableName'"),
    (b'{"TableName": "abc", "Key": {"pk": {"S": 1}}}', "SerializationException", "string"),
    (b'{"TableName": "abc", "Key": {"pk": {}}}', "ValidationException", "AttributeValue is empty"),
    (b'{"TableName": "abc", "Key": {"pk": {"S": "a", "N": "1"}}}', "ValidationException", "more than one"),
    (b'{"TableName": "abc", "Key": {"pk": {"N": "twelve"}}}', "ValidationException", "numeric"),
    (b'{"TableName": "abc", "Key": {"pk": {"B": "!!!"}}}', "SerializationException", "base64"),
    (b'{"TableName": "abc", "Key": {"pk": {"S": "x"}}, "ReturnConsumedCapacity": "ALL"}', "ValidationException", "enum value set"),
    (b'{"TableName": "abc", "Key": {"pk": {"S": "\\ud800"}}}', "SerializationException", "surrogate"),
    (b'{"TableName": "abc", "Key": {"pk": {"S": "\xff"}}}', "SerializationException", "UTF-8"),
    (b"[" * 100000, "SerializationException", "nests deeper"),
])
def test_bad_requests_get_typed_errors(vaultdesk, body, kind, fragment):
    status, _, data = raw(vaultdesk.endpoint, body, target="DynamoDB_20120810.GetItem")
    assert status == 400
    error, message = error_of(data)
    assert error == kind, message
    assert fragment.lower() in message.lower(), message


def test_limit_must_be_positive(vaultdesk):
    status, _, data = raw(vaultdesk.endpoint, b'{"TableName": "abc", "Limit": 0}', target="DynamoDB_20120810.Scan")
    assert status == 400
    assert error_of(data) == ("ValidationException", "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")


def test_unknown_operation(vaultdesk):
    for target in ("DynamoDB_20120810.Nope", "DynamoDB_20120810.GetRecords", "Other_1.ListTables", None):
        status, _, data = raw(vaultdesk.endpoint, b"{}", target=target)
        assert status == 400
        assert error_of(data)[0] == "UnknownOperationException"


def test_missing_authorization(vaultdesk):
    status, _, data = raw(vaultdesk.endpoint, b"{}", authorization=False)
    assert status == 400
    assert error_of(data)[0] == "MissingAuthenticationTokenException"


def test_oversized_body_is_refused_before_it_is_read(vaultdesk):
    # A declared length above 16 MB is refused from the headers alone.
    url = urlparse(vaultdesk.endpoint)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    connection.putrequest("POST", "/")
    connection.putheader("X-Amz-Target", "DynamoDB_20120810.PutItem")
    connection.putheader("Authorization", "AWS4-HMAC-SHA256 Credential=x/20261121/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0")
    connection.putheader("Content-Length", str(64 * 1024 * 1024))
    connection.endheaders()
    connection.send(b"{" * 1024)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    # DynamoDB answers a request over its size limit with 413.
    assert response.status == 413
    kind, message = error_of(data)
    assert kind == "RequestEntityTooLarge" and "exceeds the limit" in message
    # The server is still healthy afterwards.
    assert raw(vaultdesk.endpoint, b"{}")[0] == 200


def test_item_too_large(ddb, table_name):
    create_table(ddb, table_name)
    with pytest.raises(ClientError) as excinfo:
        ddb.put_item(TableName=table_name, Item={"pk": {"S": "big"}, "sk": {"S": "1"}, "blob": {"S": "x" * (400 * 1024 + 1)}})
    assert excinfo.value.response["Error"]["Code"] == "ValidationException"
    assert "size" in excinfo.value.response["Error"]["Message"].lower()


def test_signature_verification(workdir):
    credentials = workdir / "credentials"
    credentials.write_text(f"[default]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n")
    server = start_vaultdesk(workdir / "signed.db", "--credentials", str(credentials), "--signing-region", REGION)
    try:
        assert "signatures verified" in server.log()
        good = client_for(server.endpoint)
        assert good.list_tables()["TableNames"] == []
        with pytest.raises(ClientError) as excinfo:
            client_for(server.endpoint, key="AKIDUNKNOWN").list_tables()
        assert excinfo.value.response["Error"]["Code"] == "UnrecognizedClientException"
        with pytest.raises(ClientError) as excinfo:
            client_for(server.endpoint, secret="wrong-secret").list_tables()
        assert excinfo.value.response["Error"]["Code"] == "InvalidSignatureException"
        status, _, data = raw(server.endpoint, b"{}", authorization=False)
        assert status == 400 and error_of(data)[0] == "MissingAuthenticationTokenException"
        status, _, data = raw(server.endpoint, b"{}", headers={"Authorization": "Basic abc"})
        assert status == 400 and error_of(data)[0] == "IncompleteSignatureException"
    finally:
        assert server.stop() == 0


def test_bad_credentials_file_is_a_clear_startup_error(workdir):
    bad = workdir / "bad-credentials"
    bad.write_text("[default]\nthis line has no equals sign\n")
    with pytest.raises(RuntimeError) as excinfo:
        start_vaultdesk(workdir / "never.db", "--credentials", str(bad))
    assert "bad-credentials:2" in str(excinfo.value)


def test_port_in_use_is_a_clear_startup_error(vaultdesk, workdir):
    port = urlparse(vaultdesk.endpoint).port
    completed = subprocess.run([vaultdesk_binary(), "serve", "--store", str(workdir / "second.db"), "--port", str(port)],
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode != 0
    assert f"Cannot listen on 127.0.0.1:{port}: the address is already in use" in completed.stderr


def signed_headers(endpoint, body, target, region, extra=None, sign_target=True):
    """Headers botocore's own SigV4 signer makes for a request, as a client that was captured sent them."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    headers = {"Content-Type": "application/x-amz-json-1.0", **(extra or {})}
    if sign_target:
        headers["X-Amz-Target"] = target
    request = AWSRequest(method="POST", url=endpoint + "/", data=body, headers=headers)
    SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "dynamodb", region).add_auth(request)
    signed = dict(request.headers.items())
    if not sign_target:
        signed["X-Amz-Target"] = target
    return signed


def test_captured_signed_requests_cannot_be_altered(workdir):
    """Attacks on a request captured from a signed client (the endpoint guard's issue), each refused."""
    credentials = workdir / "credentials"
    credentials.write_text(f"[default]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n")
    server = start_vaultdesk(workdir / "guarded.db", "--credentials", str(credentials), "--signing-region", REGION)
    try:
        ddb = client_for(server.endpoint)
        create_table(ddb, "guarded")
        original = json.dumps({"TableName": "guarded", "Item": {"pk": {"S": "TENANT#acme"}, "sk": {"S": "1"}}}).encode()
        swapped = json.dumps({"TableName": "guarded", "Item": {"pk": {"S": "TENANT#acme"}, "sk": {"S": "1"}, "owner": {"S": "mallory"}}}).encode()
        digest = __import__("hashlib").sha256(original).hexdigest()

        def send(body, headers):
            url = urlparse(server.endpoint)
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            connection.request("POST", "/", body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            connection.close()
            return response.status, data

        # The genuine request passes.
        status, _ = send(original, signed_headers(server.endpoint, original, "DynamoDB_20120810.PutItem", REGION,
                                                  extra={"X-Amz-Content-Sha256": digest}))
        assert status == 200
        # Another body with the original hash, signed or added unsigned: refused, nothing written.
        for extra, add_after in (({"X-Amz-Content-Sha256": digest}, False), ({}, True)):
            headers = signed_headers(server.endpoint, original, "DynamoDB_20120810.PutItem", REGION, extra=extra)
            if add_after:
                headers["X-Amz-Content-Sha256"] = digest
            status, data = send(swapped, headers)
            assert status == 400 and error_of(data)[0] == "InvalidSignatureException", data
        item = ddb.get_item(TableName="guarded", Key={"pk": {"S": "TENANT#acme"}, "sk": {"S": "1"}})["Item"]
        assert "owner" not in item
        # UNSIGNED-PAYLOAD is refused.
        status, data = send(swapped, signed_headers(server.endpoint, swapped, "DynamoDB_20120810.PutItem", REGION,
                                                    extra={"X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD"}))
        assert status == 400 and error_of(data)[0] == "InvalidSignatureException"
        # A target outside the signature cannot be swapped for another operation.
        status, data = send(b"{}", signed_headers(server.endpoint, b"{}", "DynamoDB_20120810.DescribeLimits", REGION,
                                                  sign_target=False))
        assert status == 400 and error_of(data)[0] == "IncompleteSignatureException"
        # A credential scoped to another region is refused.
        status, data = send(b"{}", signed_headers(server.endpoint, b"{}", "DynamoDB_20120810.ListTables", "xx-fake-1"))
        assert status == 400 and error_of(data) == ("InvalidSignatureException", error_of(data)[1])
        assert "scoped to a valid region" in error_of(data)[1]
    finally:
        assert server.stop() == 0


def test_idle_and_half_sent_connections_are_closed(workdir):
    """Connections that send nothing, or hold a request half sent, are closed after --idle-timeout."""
    import socket as sockets
    import time as clock

    server = start_vaultdesk(workdir / "idle.db", "--idle-timeout", "1")
    try:
        url = urlparse(server.endpoint)
        half = sockets.create_connection((url.hostname, url.port), timeout=10)
        half.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n")
        idle = sockets.create_connection((url.hostname, url.port), timeout=10)
        started = clock.monotonic()
        assert half.recv(1024) == b"", "the half-sent request's connection is closed"
        assert idle.recv(1024) == b"", "the silent connection is closed"
        assert clock.monotonic() - started < 8
        # The server still answers new connections.
        status, _, _ = raw(server.endpoint, b"{}")
        assert status == 200
    finally:
        assert server.stop() == 0


def test_connections_beyond_the_cap_wait_their_turn(workdir):
    """With --max-connections 2, a third connection is accepted only when one of the first two closes."""
    import socket as sockets

    server = start_vaultdesk(workdir / "capped.db", "--max-connections", "2")
    try:
        url = urlparse(server.endpoint)
        holders = [sockets.create_connection((url.hostname, url.port), timeout=10) for _ in range(2)]
        for holder in holders:
            holder.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n")
        # The server counts a connection once it has set it up; connections arriving in the same
        # instant may all be accepted before the count catches up.
        __import__("time").sleep(0.5)
        third = sockets.create_connection((url.hostname, url.port), timeout=1.5)
        request = (b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        third.sendall(request)
        with pytest.raises(sockets.timeout):
            third.recv(1024)
        holders[0].close()
        third.settimeout(10)
        answer = third.recv(1024)
        assert answer.startswith(b"HTTP/1.1 200"), answer
    finally:
        assert server.stop() == 0


def test_headers_sent_a_byte_at_a_time_are_cut_off(workdir):
    """A client dribbling its headers is never idle, so --header-timeout closes it; others are served meanwhile."""
    import socket as sockets
    import time as clock

    server = start_vaultdesk(workdir / "slow.db", "--header-timeout", "1", "--idle-timeout", "30")
    try:
        url = urlparse(server.endpoint)
        head = b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nX-Padding: " + b"a" * 200

        def dribble(connection):
            started = clock.monotonic()
            for byte in head:
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return clock.monotonic() - started
                connection.settimeout(0.2)
                try:
                    if connection.recv(1024) == b"":
                        return clock.monotonic() - started
                except sockets.timeout:
                    pass
                except OSError:
                    # Closed while a byte was on its way: the peer answers that byte with a reset.
                    return clock.monotonic() - started
            return None

        first = sockets.create_connection((url.hostname, url.port), timeout=10)
        cut_after = dribble(first)
        assert cut_after is not None and cut_after < 5, "the dribbling connection was closed"
        # The same after a good request on a kept-alive connection.
        kept = sockets.create_connection((url.hostname, url.port), timeout=10)
        kept.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert kept.recv(1024).startswith(b"HTTP/1.1 200")
        cut_after = dribble(kept)
        assert cut_after is not None and cut_after < 5
        status, _, _ = raw(server.endpoint, b"{}")
        assert status == 200
    finally:
        assert server.stop() == 0


def exchange(endpoint, request_bytes):
    """Sends raw bytes and reads until the server closes: the status line, headers and body."""
    import socket as sockets
    url = urlparse(endpoint)
    with sockets.create_connection((url.hostname, url.port), timeout=10) as connection:
        connection.sendall(request_bytes)
        received = b""
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    return head.decode("latin-1"), body


FRAMING = {
    "negative length": b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n{}",
    "length and chunked": (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
                           b"2\r\n{}\r\n0\r\n\r\n"),
    "control characters": b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: Dynamo\x01DB\r\nContent-Length: 2\r\n\r\n{}",
    "oversize header line": b"POST / HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * (96 * 1024) + b"\r\nContent-Length: 2\r\n\r\n{}",
    "not http": b"HELLO THERE\r\n\r\n",
}


@pytest.mark.parametrize("case", sorted(FRAMING))
def test_framing_errors_get_a_dynamodb_error_body(vaultdesk, case):
    """A request the HTTP parser refuses is answered with a DynamoDB-style body, then the connection closes."""
    head, body = exchange(vaultdesk.endpoint, FRAMING[case])
    status = int(head.split(" ")[1])
    assert 400 <= status < 600, head
    assert "connection: close" in head.lower()
    kind, message = error_of(body)
    assert kind == "SerializationException" and "not valid HTTP/1.1" in message, (case, message)
    # The server goes on serving.
    assert raw(vaultdesk.endpoint, b"{}")[0] == 200


def test_more_connections_than_descriptors_wait_without_spinning(workdir):
    """Under a low `ulimit -n`, connections beyond the descriptors wait in the backlog: no accept loop burning CPU,
    one notice at startup, and service resumes as soon as they close."""
    import os
    import shutil
    import socket as sockets
    import time as clock
    from pathlib import Path

    prlimit = shutil.which("prlimit")
    assert prlimit, "prlimit (util-linux) is needed"
    log_path = workdir / "descriptors.log"
    process = subprocess.Popen(
        [prlimit, "--nofile=64:64", vaultdesk_binary(), "serve", "--store", str(workdir / "descriptors.db"), "--port", "0"],
        stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    try:
        deadline = clock.time() + 30
        match = None
        while match is None and clock.time() < deadline:
            match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", log_path.read_text())
            clock.sleep(0.05)
        assert match, log_path.read_text()
        endpoint = match.group(1)
        url = urlparse(endpoint)

        def cpu_seconds():
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

        held = [sockets.create_connection((url.hostname, url.port), timeout=5) for _ in range(100)]
        before = cpu_seconds()
        clock.sleep(2)
        burned = cpu_seconds() - before
        assert burned < 0.5, f"the server burned {burned:.2f} s of CPU in 2 s with 100 waiting connections"
        for connection in held:
            connection.close()
        clock.sleep(0.5)
        assert raw(endpoint, b"{}")[0] == 200
        assert log_path.read_text().count("descriptor limit (ulimit -n 64)") == 1
    finally:
        process.terminate()
        process.wait(timeout=10)


def read_responses(connection, count):
    """Reads `count` HTTP responses off a raw socket, in order: (status, headers, body) each."""
    data = b""
    answers = []
    while len(answers) < count:
        end = data.find(b"\r\n\r\n")
        if end >= 0:
            lines = data[:end].decode().split("\r\n")
            headers = {name.lower(): value.strip() for name, value in (line.split(":", 1) for line in lines[1:])}
            length = int(headers["content-length"])
            if len(data) >= end + 4 + length:
                answers.append((int(lines[0].split(" ")[1]), headers, data[end + 4:end + 4 + length]))
                data = data[end + 4 + length:]
                continue
        chunk = connection.recv(65536)
        assert chunk, f"the connection closed after {len(answers)} of {count} answers"
        data += chunk
    return answers, data


def test_pipelined_requests_are_answered_in_order(vaultdesk, ddb, table_name):
    """Requests sent back to back on one connection, before any answer, are answered one by one in
    the order sent (RFC 9112 §9.3.2): a write that waits for its group commit holds back the read
    behind it, which then sees the write."""
    import socket as sockets

    create_table(ddb, table_name)

    def request(target, document):
        body = json.dumps(document).encode()
        return (
            f"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.{target}\r\n"
            "Authorization: AWS4-HMAC-SHA256 Credential=x/20261121/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body

    key = {"pk": {"S": "pipelined-ü"}, "sk": {"S": "東京"}}
    batch = b"".join(
        [
            request("PutItem", {"TableName": table_name, "Item": {**key, "n": {"N": "1"}}}),
            request("GetItem", {"TableName": table_name, "Key": key, "ConsistentRead": True}),
            request("UpdateItem", {"TableName": table_name, "Key": key, "UpdateExpression": "ADD n :one",
                                   "ExpressionAttributeValues": {":one": {"N": "1"}}, "ReturnValues": "UPDATED_NEW"}),
            b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
            request("GetItem", {"TableName": table_name, "Key": key, "ConsistentRead": True}),
        ]
    )
    url = urlparse(vaultdesk.endpoint)
    connection = sockets.create_connection((url.hostname, url.port), timeout=30)
    try:
        connection.sendall(batch)
        answers, rest = read_responses(connection, 5)
    finally:
        connection.close()
    assert [status for status, _, _ in answers] == [200] * 5, answers
    assert rest == b""
    assert json.loads(answers[0][2]) == {}
    assert json.loads(answers[1][2])["Item"]["n"] == {"N": "1"}
    assert json.loads(answers[2][2])["Attributes"]["n"] == {"N": "2"}
    assert b"healthy" in answers[3][2]
    assert json.loads(answers[4][2])["Item"]["n"] == {"N": "2"}
    ids = [headers["x-amzn-requestid"] for _, headers, _ in answers if "x-amzn-requestid" in headers]
    assert len(ids) == len(set(ids)) == 4


def test_stopping_closes_idle_keep_alive_connections(workdir):
    """SIGTERM with a keep-alive connection open between requests: the connection is closed and the
    server exits at once, instead of waiting out the idle timeout."""
    import socket as sockets
    import time as clock

    server = start_vaultdesk(workdir / "quiesce.db", "--idle-timeout", "300")
    try:
        url = urlparse(server.endpoint)
        connection = sockets.create_connection((url.hostname, url.port), timeout=30)
        connection.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        answers, _ = read_responses(connection, 1)
        assert answers[0][0] == 200 and answers[0][1].get("connection") != "close"
        started = clock.monotonic()
        server.process.send_signal(__import__("signal").SIGTERM)
        assert connection.recv(1024) == b"", "the idle connection is closed on shutdown"
        assert server.process.wait(timeout=10) == 0
        assert clock.monotonic() - started < 5
        connection.close()
    finally:
        server.stop()
