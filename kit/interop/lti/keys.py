"""The tool's signing key: an RSA key pair kept private (0600), and its public JWKS.

The LMS checks every JWT the tool signs against this JWKS: the trainer enters its URL or its
contents in the LMS's tool settings (docs/lti.md), and the hub can publish it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kit.errors import KitError
from kit.private import open_private

KEY_BITS = 2048
ALGORITHM = "RS256"


def generate_key(path: Path) -> Path:
    """Write a new RSA private key (PEM, 0600) at `path` unless one is there; return the path."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    if path.exists():
        return path
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with open_private(path, "wb") as out:
        out.write(pem)
    return path


def load_key(path: Path) -> Any:
    """The private key at `path`; KitError naming the file if it is missing or not a key."""
    from cryptography.hazmat.primitives import serialization

    try:
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise KitError(f"the tool's key {path} is missing; run `kit cohort lms init`") from None
    except (OSError, ValueError, TypeError) as exc:
        raise KitError(f"the tool's key {path} cannot be read: {exc}") from None


def key_id(key: Any) -> str:
    """The key's JWK thumbprint (RFC 7638): stable, so the LMS can pick the key by `kid`."""
    import base64
    import hashlib

    jwk = _public_jwk(key)
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _public_jwk(key: Any) -> dict[str, Any]:
    from jwt.algorithms import RSAAlgorithm

    return dict(json.loads(RSAAlgorithm.to_jwk(key.public_key())))


def jwks(key: Any) -> dict[str, Any]:
    """The public JWKS of `key` (one key, with its kid, use and alg)."""
    jwk = _public_jwk(key)
    jwk.update({"kid": key_id(key), "use": "sig", "alg": ALGORITHM})
    return {"keys": [jwk]}
