"""Every organization gets its signing key when it is created; this gives one to those created before."""

import base64
import hashlib

import base58
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import migrations
from django.utils import timezone


def _create_missing_keys(apps, schema_editor):
    Organization = apps.get_model("people", "Organization")
    SigningKey = apps.get_model("credentials", "SigningKey")
    # The same encryption as skillpath.credentials.keys (copied: a migration must not follow later code changes).
    digest = hashlib.sha256(b"skillpath-signing-keys:" + settings.KEY_SECRET.encode()).digest()
    fernet = Fernet(base64.urlsafe_b64encode(digest))
    for org in Organization.objects.exclude(signing_keys__retired_at__isnull=True).order_by("pk"):
        private = Ed25519PrivateKey.generate()
        public = "z" + base58.b58encode(b"\xed\x01" + private.public_key().public_bytes_raw()).decode()
        SigningKey.objects.create(
            organization=org,
            public_multibase=public,
            private_encrypted=fernet.encrypt(private.private_bytes_raw()),
            created_at=timezone.now(),
        )


class Migration(migrations.Migration):
    dependencies = [("credentials", "0001_initial")]

    operations = [migrations.RunPython(_create_missing_keys, migrations.RunPython.noop)]
