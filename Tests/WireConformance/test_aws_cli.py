"""The AWS CLI against `vaultdesk serve`: create a table, put an item, query it back."""
import json
import os
import shutil
import subprocess

import pytest

from conftest import ACCESS_KEY, REGION, SECRET_KEY


def aws(endpoint, *arguments):
    environment = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
                       AWS_DEFAULT_REGION=REGION, AWS_PAGER="")
    completed = subprocess.run(["aws", "dynamodb", *arguments, "--endpoint-url", endpoint, "--output", "json"],
                               capture_output=True, text=True, env=environment, timeout=120)
    return completed


def test_create_put_query(vaultdesk, table_name):
    if shutil.which("aws") is None:
        pytest.fail("the AWS CLI is not installed (pip install awscli)")
    created = aws(vaultdesk.endpoint, "create-table", "--table-name", table_name,
                  "--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=S",
                  "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
                  "--billing-mode", "PAY_PER_REQUEST")
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["TableDescription"]["TableName"] == table_name
    for sk in ("2026-10", "2026-11"):
        put = aws(vaultdesk.endpoint, "put-item", "--table-name", table_name,
                  "--item", json.dumps({"pk": {"S": "TENANT#acme"}, "sk": {"S": f"STATEMENT#{sk}"}, "due": {"N": "120.00"}}))
        assert put.returncode == 0, put.stderr
    queried = aws(vaultdesk.endpoint, "query", "--table-name", table_name,
                  "--key-condition-expression", "pk = :p AND begins_with(sk, :s)",
                  "--expression-attribute-values", json.dumps({":p": {"S": "TENANT#acme"}, ":s": {"S": "STATEMENT#"}}),
                  "--no-scan-index-forward")
    assert queried.returncode == 0, queried.stderr
    answer = json.loads(queried.stdout)
    assert answer["Count"] == 2
    assert [item["sk"]["S"] for item in answer["Items"]] == ["STATEMENT#2026-11", "STATEMENT#2026-10"]
    assert answer["Items"][0]["due"] == {"N": "120"}
    failed = aws(vaultdesk.endpoint, "describe-table", "--table-name", "missing_table")
    assert failed.returncode != 0
    assert "ResourceNotFoundException" in failed.stderr
