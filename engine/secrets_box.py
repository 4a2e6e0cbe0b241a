"""The installation's master key, and what is derived from it: encryption of secrets at rest (TOTP
secrets) and the signing key of the audit checkpoints.

The key lives outside the database on purpose: someone who copies or edits the database (a backup, an
insider with SQL access) gets neither the TOTP secrets nor the means to sign a checkpoint that hides the
entries they removed. It comes from `ERKEND_MASTER_KEY` (64 hex characters) or, for a local demo, from a
file `master.key` in the instance folder that is generated on first use (mode 0600; never in the repo).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

ENV_VAR = "ERKEND_MASTER_KEY"
KEY_FILE = "master.key"
SEALED_PREFIX = "v1:"  # a sealed value; anything else in a sealed column is still plain (before 0008)


class SecretsUnavailable(RuntimeError):
    """A sealed value cannot be opened with this installation's key."""


def instance_dir() -> Path:
    return Path(os.environ.get("ERKEND_INSTANCE_DIR") or Path.cwd() / "instance")


def load_master_key(create: bool = True) -> bytes:
    """The master key from the environment, else from the instance folder (created if allowed)."""
    value = os.environ.get(ENV_VAR, "").strip()
    if value:
        key = bytes.fromhex(value)
        if len(key) < 32:
            raise SecretsUnavailable(f"{ENV_VAR} must be at least 32 bytes (64 hex characters)")
        return key
    path = instance_dir() / KEY_FILE
    if path.exists():
        return bytes.fromhex(path.read_text().strip())
    if not create:
        raise SecretsUnavailable(f"no master key: set {ENV_VAR} or provide {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key.hex())
    return key


def derive(master: bytes, purpose: str) -> bytes:
    """A key of its own per purpose, so one use can never be turned against another."""
    return hmac.new(master, f"erkend/{purpose}".encode(), hashlib.sha256).digest()


class SecretBox:
    """Seals short secrets (authenticated encryption, Fernet) and signs audit checkpoints."""

    def __init__(self, master: bytes) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(derive(master, "secrets-at-rest")))
        self.signing_key = derive(master, "audit-checkpoint")

    def seal(self, plain: str) -> str:
        return SEALED_PREFIX + self._fernet.encrypt(plain.encode()).decode()

    def open(self, stored: str) -> str:
        """The plain secret; a value stored before sealing existed is returned as it is."""
        if not stored.startswith(SEALED_PREFIX):
            return stored
        try:
            return self._fernet.decrypt(stored[len(SEALED_PREFIX):].encode()).decode()
        except InvalidToken as error:
            raise SecretsUnavailable("a sealed secret does not open with this installation's key") from error

    def sign(self, message: str) -> str:
        return hmac.new(self.signing_key, message.encode(), hashlib.sha256).hexdigest()

    def signature_ok(self, message: str, signature: str) -> bool:
        return hmac.compare_digest(self.sign(message), signature)
