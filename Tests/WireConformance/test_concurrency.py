"""Many clients at once: every acknowledged write is there, conditional races have one winner."""
import threading

from botocore.exceptions import ClientError

from conftest import client_for, create_table


def test_concurrent_clients(vaultdesk, table_name):
    create_table(client_for(vaultdesk.endpoint), table_name)
    failures, winners = [], []

    def writer(worker):
        client = client_for(vaultdesk.endpoint)
        try:
            for index in range(40):
                client.put_item(TableName=table_name, Item={"pk": {"S": f"w{worker}"}, "sk": {"S": f"{index:03d}"}})
            # Every worker races for the same lock item: exactly one may create it.
            try:
                client.put_item(TableName=table_name, Item={"pk": {"S": "lock"}, "sk": {"S": "0"}, "owner_id": {"N": str(worker)}},
                                ConditionExpression="attribute_not_exists(pk)")
                winners.append(worker)
            except ClientError as error:
                assert error.response["Error"]["Code"] == "ConditionalCheckFailedException"
        except Exception as error:  # reported below, with the worker that hit it
            failures.append((worker, repr(error)))

    threads = [threading.Thread(target=writer, args=(worker,)) for worker in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    assert len(winners) == 1
    client = client_for(vaultdesk.endpoint)
    for worker in range(12):
        page = client.query(TableName=table_name, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": f"w{worker}"}})
        assert page["Count"] == 40
    lock = client.get_item(TableName=table_name, Key={"pk": {"S": "lock"}, "sk": {"S": "0"}})["Item"]
    assert lock["owner_id"] == {"N": str(winners[0])}
