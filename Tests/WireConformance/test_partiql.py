"""PartiQL through the endpoint: boto3, the AWS CLI, and moto as a second opinion.

Sources: DynamoDB API Reference, ExecuteStatement, BatchExecuteStatement and ExecuteTransaction;
Developer Guide, "PartiQL select / insert / update / delete statements for DynamoDB" (an INSERT of an
existing key is DuplicateItemException; a DELETE of a missing item succeeds; UPDATE and DELETE name
one item by its full key), "Performing transactions with PartiQL" (all reads or all writes, EXISTS as a
condition check) and "Running batch operations with PartiQL" (errors in their place)."""
import json

import pytest
from botocore.exceptions import ClientError

from conftest import client_for, create_table
from test_aws_cli import aws


def refusal(call):
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response


def seed(ddb, table_name):
    create_table(ddb, table_name, gsi=True)
    for sk, amount, ref in [("PAYMENT#1", "10.50", "R1"), ("PAYMENT#2", "99", "R2"), ("STATEMENT#1", "0", "R3")]:
        ddb.execute_statement(Statement=f"INSERT INTO \"{table_name}\" VALUE {{'pk': ?, 'sk': ?, 'amount': ?, "
                                        f"'ref': ?, 'paid_at': '2026-11-01'}}",
                              Parameters=[{"S": "TENANT#acme"}, {"S": sk}, {"N": amount}, {"S": ref}])


def test_statements_read_and_write_like_the_item_operations(ddb, table_name):
    seed(ddb, table_name)
    page = ddb.execute_statement(
        Statement=f"SELECT sk, amount FROM \"{table_name}\" WHERE pk = ? AND begins_with(sk, 'PAYMENT#') ORDER BY sk DESC",
        Parameters=[{"S": "TENANT#acme"}], ReturnConsumedCapacity="TOTAL")
    assert page["Items"] == [{"sk": {"S": "PAYMENT#2"}, "amount": {"N": "99"}},
                             {"sk": {"S": "PAYMENT#1"}, "amount": {"N": "10.5"}}]
    assert page["ConsumedCapacity"]["TableName"] == table_name
    by_index = ddb.execute_statement(Statement=f"SELECT sk FROM \"{table_name}\".\"byRef\" WHERE ref = 'R2'")
    assert by_index["Items"] == [{"sk": {"S": "PAYMENT#2"}}]
    scanned = ddb.execute_statement(Statement=f"SELECT sk FROM \"{table_name}\" WHERE amount > 5")
    assert sorted(item["sk"]["S"] for item in scanned["Items"]) == ["PAYMENT#1", "PAYMENT#2"]

    duplicate = refusal(lambda: ddb.execute_statement(
        Statement=f"INSERT INTO \"{table_name}\" VALUE {{'pk': 'TENANT#acme', 'sk': 'PAYMENT#1'}}"))
    assert duplicate["Error"]["Code"] == "DuplicateItemException"

    updated = ddb.execute_statement(
        Statement=f"UPDATE \"{table_name}\" SET amount = amount + 1 WHERE pk = 'TENANT#acme' AND sk = 'PAYMENT#2' "
                  "RETURNING MODIFIED NEW *")
    assert updated["Items"] == [{"amount": {"N": "100"}}]
    failed = refusal(lambda: ddb.execute_statement(
        Statement=f"UPDATE \"{table_name}\" SET amount = 0 WHERE pk = 'TENANT#acme' AND sk = 'PAYMENT#2' AND amount = 1",
        ReturnValuesOnConditionCheckFailure="ALL_OLD"))
    assert failed["Error"]["Code"] == "ConditionalCheckFailedException"
    assert failed["Item"]["amount"] == {"N": "100"}

    assert ddb.execute_statement(
        Statement=f"DELETE FROM \"{table_name}\" WHERE pk = 'TENANT#none' AND sk = 'x'")["Items"] == []
    gone = ddb.execute_statement(
        Statement=f"DELETE FROM \"{table_name}\" WHERE pk = 'TENANT#acme' AND sk = 'STATEMENT#1' RETURNING ALL OLD *")
    assert gone["Items"][0]["ref"] == {"S": "R3"}
    assert "Item" not in ddb.get_item(TableName=table_name, Key={"pk": {"S": "TENANT#acme"}, "sk": {"S": "STATEMENT#1"}})


def test_next_token_pages_through_everything(ddb, table_name):
    seed(ddb, table_name)
    seen, token = [], None
    while True:
        page = ddb.execute_statement(Statement=f"SELECT sk FROM \"{table_name}\"", Limit=1,
                                     **({"NextToken": token} if token else {}))
        seen += [item["sk"]["S"] for item in page["Items"]]
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(seen) == ["PAYMENT#1", "PAYMENT#2", "STATEMENT#1"]


@pytest.mark.parametrize("statement, fragment", [
    ("SELEC * FROM t", "at position 1"),
    ("SELECT * FROM \"{table}\" WHERE pk = ", "unexpected end of statement"),
    ("SELECT * FROM \"{table}\" WHERE pk = ?", "Number of parameters"),
    ("UPDATE \"{table}\" SET a = 1 WHERE pk = 'x'", "mandatory equality on all key attributes"),
])
def test_bad_statements_are_validation_errors(ddb, table_name, statement, fragment):
    create_table(ddb, table_name)
    error = refusal(lambda: ddb.execute_statement(Statement=statement.format(table=table_name)))["Error"]
    assert error["Code"] == "ValidationException"
    assert fragment in error["Message"]


def test_batches_report_each_statement(ddb, table_name):
    seed(ddb, table_name)
    answer = ddb.batch_execute_statement(Statements=[
        {"Statement": f"SELECT amount FROM \"{table_name}\" WHERE pk = ? AND sk = ?",
         "Parameters": [{"S": "TENANT#acme"}, {"S": "PAYMENT#1"}]},
        {"Statement": f"SELECT * FROM \"{table_name}\" WHERE pk = 'TENANT#acme' AND sk = 'missing'"},
        {"Statement": "SELECT * FROM \"no_such_table\" WHERE pk = 'a' AND sk = 'b'"},
    ])["Responses"]
    assert answer[0] == {"TableName": table_name, "Item": {"amount": {"N": "10.5"}}}
    assert answer[1] == {"TableName": table_name}
    assert answer[2]["Error"]["Code"] == "ResourceNotFound"
    writes = ddb.batch_execute_statement(Statements=[
        {"Statement": f"INSERT INTO \"{table_name}\" VALUE {{'pk': 'TENANT#beta', 'sk': 'X'}}"},
        {"Statement": f"INSERT INTO \"{table_name}\" VALUE {{'pk': 'TENANT#acme', 'sk': 'PAYMENT#1'}}"},
    ])["Responses"]
    assert "Error" not in writes[0]
    assert writes[1]["Error"]["Code"] == "DuplicateItem"


def test_transactions_are_all_or_nothing(ddb, table_name):
    seed(ddb, table_name)
    statements = [
        {"Statement": f"UPDATE \"{table_name}\" SET amount = 1 WHERE pk = 'TENANT#acme' AND sk = 'PAYMENT#1'"},
        {"Statement": f"INSERT INTO \"{table_name}\" VALUE {{'pk': 'TENANT#acme', 'sk': 'PAYMENT#2'}}"},
    ]
    cancelled = refusal(lambda: ddb.execute_transaction(TransactStatements=statements))
    assert cancelled["Error"]["Code"] == "TransactionCanceledException"
    assert [reason["Code"] for reason in cancelled["CancellationReasons"]] == ["None", "DuplicateItem"]
    item = ddb.get_item(TableName=table_name, Key={"pk": {"S": "TENANT#acme"}, "sk": {"S": "PAYMENT#1"}})["Item"]
    assert item["amount"] == {"N": "10.5"}
    ddb.execute_transaction(TransactStatements=[
        statements[0],
        {"Statement": f"EXISTS(SELECT * FROM \"{table_name}\" WHERE pk = 'TENANT#acme' AND sk = 'PAYMENT#2' AND amount = 99)"},
    ])
    read = ddb.execute_transaction(TransactStatements=[
        {"Statement": f"SELECT amount FROM \"{table_name}\" WHERE pk = 'TENANT#acme' AND sk = 'PAYMENT#1'"},
        {"Statement": f"SELECT amount FROM \"{table_name}\" WHERE pk = 'TENANT#acme' AND sk = 'nothing'"},
    ])
    assert read["Responses"] == [{"Item": {"amount": {"N": "1"}}}, {}]
    mixed = refusal(lambda: ddb.execute_transaction(TransactStatements=[statements[0], read_statement(table_name)]))
    assert mixed["Error"]["Code"] == "ValidationException"


def read_statement(table_name):
    return {"Statement": f"SELECT * FROM \"{table_name}\" WHERE pk = 'TENANT#acme' AND sk = 'PAYMENT#1'"}


def test_the_aws_cli_runs_statements(vaultdesk, ddb, table_name):
    seed(ddb, table_name)
    selected = aws(vaultdesk.endpoint, "execute-statement", "--statement",
                   f"SELECT sk FROM \"{table_name}\" WHERE pk = ? AND sk = ?",
                   "--parameters", json.dumps([{"S": "TENANT#acme"}, {"S": "PAYMENT#2"}]))
    assert selected.returncode == 0, selected.stderr
    assert json.loads(selected.stdout)["Items"] == [{"sk": {"S": "PAYMENT#2"}}]
    batch = aws(vaultdesk.endpoint, "batch-execute-statement", "--statements", json.dumps([
        {"Statement": f"UPDATE \"{table_name}\" SET seen = true WHERE pk = 'TENANT#acme' AND sk = 'PAYMENT#1'"}]))
    assert batch.returncode == 0, batch.stderr
    transaction = aws(vaultdesk.endpoint, "execute-transaction", "--transact-statements", json.dumps([
        {"Statement": f"DELETE FROM \"{table_name}\" WHERE pk = 'TENANT#acme' AND sk = 'PAYMENT#1' AND seen = true"}]))
    assert transaction.returncode == 0, transaction.stderr
    assert "Item" not in ddb.get_item(TableName=table_name, Key={"pk": {"S": "TENANT#acme"}, "sk": {"S": "PAYMENT#1"}})


def test_moto_agrees_on_selects_and_inserts(moto, ddb, table_name):
    """moto's PartiQL gives the same items for key and filter SELECTs; its departures are asserted as such."""
    other = client_for(moto.endpoint)
    for client in (ddb, other):
        create_table(client, table_name)
        for sk, amount in [("A", "1"), ("B", "2"), ("C", "3")]:
            client.execute_statement(Statement=f"INSERT INTO \"{table_name}\" VALUE {{'pk': 'p', 'sk': '{sk}', 'n': {amount}}}")
    for statement in [f"SELECT * FROM \"{table_name}\" WHERE pk = 'p'",
                      f"SELECT * FROM \"{table_name}\" WHERE pk = 'p' AND n >= 2"]:
        ours = sorted(json.dumps(item, sort_keys=True) for item in ddb.execute_statement(Statement=statement)["Items"])
        theirs = sorted(json.dumps(item, sort_keys=True) for item in other.execute_statement(Statement=statement)["Items"])
        assert ours == theirs, statement
    duplicate = f"INSERT INTO \"{table_name}\" VALUE {{'pk': 'p', 'sk': 'A'}}"
    assert refusal(lambda: ddb.execute_statement(Statement=duplicate))["Error"]["Code"] == "DuplicateItemException"
    # moto departs from the documentation here: it accepts the INSERT and overwrites the item (its n is gone),
    # where DynamoDB refuses it with DuplicateItemException.
    other.execute_statement(Statement=duplicate)
    assert other.get_item(TableName=table_name, Key={"pk": {"S": "p"}, "sk": {"S": "A"}})["Item"] \
        == {"pk": {"S": "p"}, "sk": {"S": "A"}}
    assert ddb.get_item(TableName=table_name, Key={"pk": {"S": "p"}, "sk": {"S": "A"}})["Item"]["n"] == {"N": "1"}
