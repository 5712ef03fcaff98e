"""Tags through the endpoint with boto3 and the AWS CLI.

Sources: DynamoDB API Reference, TagResource, UntagResource, ListTagsOfResource and Tag; Developer
Guide, "Tagging restrictions in DynamoDB" (50 tags, key 1-128 and value 0-256 characters, letters,
numbers, white space and + - = . _ : /, the aws: prefix reserved)."""
import json

import pytest
from botocore.exceptions import ClientError, ParamValidationError

from conftest import create_table
from test_aws_cli import aws


def error_code(call):
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def tags_of(ddb, arn):
    return {tag["Key"]: tag["Value"] for tag in ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]}


def test_tag_untag_list(ddb, table_name):
    arn = create_table(ddb, table_name)["TableArn"]
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == []
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "billing"}, {"Key": "env", "Value": ""}])
    assert tags_of(ddb, arn) == {"team": "billing", "env": ""}
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "payments"}])
    assert tags_of(ddb, arn) == {"team": "payments", "env": ""}
    # Removing keys the table does not carry is not an error.
    ddb.untag_resource(ResourceArn=arn, TagKeys=["env", "never-there"])
    assert tags_of(ddb, arn) == {"team": "payments"}


def test_create_table_with_tags(ddb, table_name):
    request = dict(TableName=table_name, BillingMode="PAY_PER_REQUEST",
                   KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                   AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    arn = ddb.create_table(**request, Tags=[{"Key": "tier", "Value": "gold"}])["TableDescription"]["TableArn"]
    assert tags_of(ddb, arn) == {"tier": "gold"}
    # More than 50 tags refuse the table, which is then not there.
    code, _ = error_code(lambda: ddb.create_table(**dict(request, TableName=table_name + "x"),
                                                   Tags=[{"Key": str(i), "Value": str(i)} for i in range(51)]))
    assert code == "ValidationException"
    assert error_code(lambda: ddb.describe_table(TableName=table_name + "x"))[0] == "ResourceNotFoundException"


def test_limits_and_characters(ddb, table_name):
    arn = create_table(ddb, table_name)["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": str(i), "Value": str(i)} for i in range(30)])
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": str(i), "Value": str(i)} for i in range(20, 40)])
    code, _ = error_code(lambda: ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": str(i), "Value": "v"} for i in range(40, 60)]))
    assert code == "ValidationException"
    assert len(tags_of(ddb, arn)) == 40
    for key, value in [("hi!", "dog"), ("dog", "d%g"), ('"hello"', "dog"), ("x" * 129, "dog"), ("dog", "x" * 257),
                       ("aws:owner", "me")]:
        assert error_code(lambda: ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": key, "Value": value}]))[0] \
            == "ValidationException", (key, value)
    # Letters of any script count as characters, not bytes.
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "א" * 88, "Value": "ж" * 256}])
    assert tags_of(ddb, arn)["א" * 88] == "ж" * 256


def test_resources_that_are_not_tables(ddb, table_name):
    description = create_table(ddb, table_name, gsi=True)
    arn = description["TableArn"]
    for bad in ["I_do_not_exist", "arn:not/a/good/format", arn + "/index/byRef"]:
        assert error_code(lambda: ddb.list_tags_of_resource(ResourceArn=bad))[0] == "ValidationException", bad
        assert error_code(lambda: ddb.tag_resource(ResourceArn=bad, Tags=[{"Key": "x", "Value": "y"}]))[0] \
            == "ValidationException", bad
    # A well-formed ARN of a table that does not exist is not found.
    assert error_code(lambda: ddb.tag_resource(ResourceArn=arn + "x", Tags=[{"Key": "x", "Value": "y"}]))[0] \
        == "ResourceNotFoundException"
    # Tags is required, and must not be empty.
    assert error_code(lambda: ddb.tag_resource(ResourceArn=arn, Tags=[]))[0] == "ValidationException"
    with pytest.raises((ClientError, ParamValidationError)):
        ddb.tag_resource(ResourceArn=arn)


def test_deleted_table_takes_its_tags(ddb, table_name):
    arn = create_table(ddb, table_name)["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "billing"}])
    ddb.delete_table(TableName=table_name)
    assert error_code(lambda: ddb.list_tags_of_resource(ResourceArn=arn))[0] == "ResourceNotFoundException"
    create_table(ddb, table_name)
    assert tags_of(ddb, arn) == {}


def test_aws_cli_tags(vaultdesk, ddb, table_name):
    arn = create_table(ddb, table_name)["TableArn"]
    tagged = aws(vaultdesk.endpoint, "tag-resource", "--resource-arn", arn, "--tags",
                 "Key=team,Value=billing", "Key=env,Value=prod")
    assert tagged.returncode == 0, tagged.stderr
    listed = aws(vaultdesk.endpoint, "list-tags-of-resource", "--resource-arn", arn)
    assert listed.returncode == 0, listed.stderr
    assert {tag["Key"]: tag["Value"] for tag in json.loads(listed.stdout)["Tags"]} == {"team": "billing", "env": "prod"}
    untagged = aws(vaultdesk.endpoint, "untag-resource", "--resource-arn", arn, "--tag-keys", "env")
    assert untagged.returncode == 0, untagged.stderr
    assert tags_of(ddb, arn) == {"team": "billing"}
