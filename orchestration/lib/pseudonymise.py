"""Keyed pseudonymisation of tenant identifiers, with a secret generated per install.

HMAC-SHA256 keeps the same identifier mapping to the same key across files and loads (leases
join households) while the landlord's own identifiers cannot be recovered from the warehouse
without the secret, which lives outside git and outside the warehouse.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import pyarrow as pa

KEY_FILE = Path("secrets") / "pseudonymisation_key"


def load_or_create_key(state_dir: Path) -> bytes:
    path = state_dir / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def pseudonym(key: bytes, value: str) -> str:
    """A stable 24-hex-character pseudonym (96 bits: no collision at national scale)."""
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:24]


def pseudonymise_array(key: bytes, values: pa.Array) -> pa.Array:
    """Vectorised over an Arrow string array; empty and null stay as they are."""
    return pa.array(
        [v if not v else pseudonym(key, v) for v in values.to_pylist()], pa.string()
    )
