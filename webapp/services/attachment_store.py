"""Where attachment bytes live: one small interface, a local-disk backend and an S3-compatible backend.

Keys are made by the application (``<sheet id>/<random hex>.<ext>``), never by users. The S3 backend
takes any client with boto3's ``put_object``/``get_object``/``delete_object`` (boto3 is imported only
when the setting asks for S3, so development and tests do not need it).
"""

import re
from pathlib import Path

_KEY = re.compile(r"^[0-9]+/[0-9a-f]{32}\.[a-z]{3,4}$")


class MissingObject(LookupError):
    """The row names an object the store does not have (deleted by hand, or a failed upload)."""


def _checked(key):
    if not _KEY.match(key):
        raise ValueError(f"not an attachment key: {key!r}")
    return key


class DiskStore:
    """Files under ``root`` (``instance/attachments`` by default)."""

    def __init__(self, root):
        self.root = Path(root)

    def _path(self, key):
        return self.root / _checked(key)

    def put(self, key, data, content_type):
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(path.suffix + ".part")
        temporary.write_bytes(data)
        temporary.replace(path)  # readers never see half a file

    def get(self, key):
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise MissingObject(key) from None

    def delete(self, key):
        self._path(key).unlink(missing_ok=True)


class S3Store:
    """Objects in an S3-compatible bucket, under ``prefix``."""

    def __init__(self, client, bucket, prefix=""):
        self.client, self.bucket, self.prefix = client, bucket, prefix

    def put(self, key, data, content_type):
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + _checked(key), Body=data, ContentType=content_type)

    def get(self, key):
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.prefix + _checked(key))
        except Exception as error:  # botocore's ClientError (NoSuchKey) without importing botocore here
            if getattr(error, "response", {}).get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise MissingObject(key) from None
            raise
        return answer["Body"].read()

    def delete(self, key):
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + _checked(key))


def store_from_config(config, extensions):
    """The configured store (``ATTACHMENT_STORAGE``); the S3 client is made once per application."""
    if config["ATTACHMENT_STORAGE"] == "s3":
        store = extensions.get("passerelle_attachment_store")
        if store is None:
            import boto3  # optional: only where the setting asks for S3

            client = boto3.client("s3", endpoint_url=config.get("ATTACHMENT_S3_ENDPOINT_URL") or None)
            store = extensions["passerelle_attachment_store"] = S3Store(
                client, config["ATTACHMENT_S3_BUCKET"], config.get("ATTACHMENT_S3_PREFIX", "")
            )
        return store
    return DiskStore(config["ATTACHMENT_DIR"])
