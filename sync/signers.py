"""Where a role's private key comes from when `vsd feed` signs: one key spec, three kinds of source.

    PATH           a PEM (PKCS#8) private key file. An encrypted one (`vsd feed keygen`, `vsd feed init
                   --encrypt`) is opened with the passphrase in $VSD_KEY_PASSPHRASE, or asked for on the
                   terminal. Keys for offline roles (root, targets) belong in such files, on removable media.
    env:NAME       a PEM private key held in the environment variable NAME: for a cron job's online
                   keys (timestamp, snapshot) from a secret store, never written to its disk.
    SCHEME:...     an external signer supported by securesystemslib, e.g. a hardware token (`hsm:`,
                   PKCS#11 through PyKCS11), a cloud KMS (`gcpkms:`, `awskms:`, `azurekms:`), HashiCorp
                   Vault (`hv:`), GnuPG (`gnupg:`) or a Tillitis TKey (`tkey:`). Each needs its own extra
                   package (PyKCS11, google-cloud-kms, boto3, azure-keyvault-keys, hvac, ...), installed by the
                   operator; vsd does not ship them. With more than one key for the role, end the spec with
                   `#KEYID` (or a unique prefix of it) to say which key the signer holds.

Without a spec, role R is signed with `env:VSD_KEY_<R>` when that variable is set, else `DIR/keys/R.pem`.
The key's public half must be one the root lists for the role, or nothing is signed.

Cryptography is securesystemslib's and pyca/cryptography's; nothing here implements a primitive.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

# Both packages export these names without listing them in __all__, which mypy reads as private.
from securesystemslib.signer import (  # type: ignore[attr-defined]
    SIGNER_FOR_URI_SCHEME,
    CryptoSigner,
    Key,
    Signer,
    SSlibKey,
)
from tuf.api.metadata import Root  # type: ignore[attr-defined]

from directory import paths

from .errors import PublishError

PASSPHRASE_ENV = paths.SIGNING_PASSPHRASE_ENV
ROLE_KEY_ENV_PREFIX = "VSD_KEY_"  # VSD_KEY_TIMESTAMP, VSD_KEY_SNAPSHOT, ...: a role's key for cron
MAX_KEY_BYTES = 64 * 1024


def role_env(role: str) -> str:
    return f"{ROLE_KEY_ENV_PREFIX}{role.upper()}"


def default_spec(keys_dir: Path, role: str) -> str:
    return f"env:{role_env(role)}" if os.environ.get(role_env(role)) else str(keys_dir / f"{role}.pem")


def _passphrase(where: str) -> bytes:
    phrase = os.environ.get(PASSPHRASE_ENV)
    if phrase is None and sys.stdin.isatty():
        phrase = getpass.getpass(f"passphrase for {where}: ")
    if not phrase:
        raise PublishError(f"{where} is encrypted: set {PASSPHRASE_ENV} or run on a terminal to be asked")
    return phrase.encode("utf-8")


def _load_pem(data: bytes, where: str) -> PrivateKeyTypes:
    password = _passphrase(where) if b"ENCRYPTED" in data[:100] else None
    try:
        return serialization.load_pem_private_key(data, password)
    except ValueError as e:
        hint = " (wrong passphrase?)" if password else ""
        raise PublishError(f"cannot open the private key in {where}{hint}: {e}") from None
    except Exception as e:  # noqa: BLE001 - unsupported algorithm, not a key at all
        raise PublishError(f"{where} is not a PEM private key ({type(e).__name__})") from None


def _read_key_file(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            data = f.read(MAX_KEY_BYTES + 1)
    except FileNotFoundError:
        raise PublishError(f"{path}: no such key file") from None
    except OSError as e:
        raise PublishError(f"cannot read the key {path} ({e.strerror or e})") from None
    if len(data) > MAX_KEY_BYTES:
        raise PublishError(f"{path} is too large to be a private key")
    return data


def _role_keys(root: Root, role: str) -> dict[str, Key]:
    return {k: root.keys[k] for k in root.roles[role].keyids}


def load(spec: str, root: Root, role: str) -> Signer:
    """A signer for one of `role`'s keys in `root`, from a key spec (see the module's docstring)."""
    keys = _role_keys(root, role)
    scheme = spec.split(":", 1)[0] if ":" in spec else ""
    if scheme in SIGNER_FOR_URI_SCHEME and scheme != CryptoSigner.SCHEME:
        return _external(spec, keys, role)
    if spec.startswith("env:"):
        name = spec[4:]
        data, where = os.environ.get(name, "").encode("utf-8"), f"${name}"
        if not data:
            raise PublishError(f"{where} is empty: it should hold the {role} key (PEM)")
    else:
        path = Path(spec.removeprefix("file2:")).expanduser()
        data, where = _read_key_file(path), str(path)
    private = _load_pem(data, where)
    public = SSlibKey.from_crypto(private.public_key())
    if public.keyid not in keys:
        listed = ", ".join(k[:12] for k in keys)
        raise PublishError(
            f"the key in {where} ({public.keyid[:12]}) is not a {role} key of this feed (its root lists {listed})"
        )
    return CryptoSigner(private, keys[public.keyid])  # type: ignore[arg-type]


def _external(spec: str, keys: dict[str, Key], role: str) -> Signer:
    uri, _, wanted = spec.partition("#")
    matches = [k for k in keys if k.startswith(wanted)] if wanted else list(keys)
    if len(matches) != 1:
        raise PublishError(
            f"say which {role} key {uri} holds: end the spec with #KEYID (one of {', '.join(k[:12] for k in keys)})"
        )
    try:
        return Signer.from_priv_key_uri(uri, keys[matches[0]])
    except Exception as e:  # noqa: BLE001 - each external signer fails in its own way (often: package missing)
        raise PublishError(f"cannot use the external signer {uri} ({type(e).__name__}: {e})") from None


# -- making keys ---------------------------------------------------------------------------------
def new_key() -> CryptoSigner:
    return CryptoSigner.generate_ed25519()


def private_pem(signer: CryptoSigner, passphrase: bytes | None) -> bytes:
    """The signer's private key as PKCS#8 PEM, encrypted with `passphrase` when given."""
    if passphrase is None:
        return signer.private_bytes
    key = serialization.load_pem_private_key(signer.private_bytes, None)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )


def public_pem(signer: CryptoSigner) -> bytes:
    """The public half of a new key, to hand to the feed's root holder (`vsd feed rotate --public`)."""
    key = serialization.load_pem_private_key(signer.private_bytes, None)
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_public(path: Path) -> SSlibKey:
    """A public key file (PEM, as `vsd feed keygen` writes next to the private key)."""
    data = _read_key_file(path)
    try:
        return SSlibKey.from_crypto(serialization.load_pem_public_key(data))
    except Exception as e:  # noqa: BLE001
        raise PublishError(f"{path} is not a PEM public key ({type(e).__name__})") from None


def write_private(path: Path, signer: CryptoSigner, passphrase: bytes | None) -> None:
    """Create a new key file readable by its owner only; never overwrites one."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise PublishError(f"{path} already exists; not overwriting a key") from None
    with os.fdopen(fd, "wb") as f:
        f.write(private_pem(signer, passphrase))
        f.flush()
        os.fsync(f.fileno())


def passphrase_for_new_key(where: str) -> bytes:
    """A passphrase to encrypt a new key: $VSD_KEY_PASSPHRASE, or asked twice on the terminal."""
    phrase = os.environ.get(PASSPHRASE_ENV)
    if phrase is None and sys.stdin.isatty():
        phrase = getpass.getpass(f"new passphrase for {where}: ")
        if getpass.getpass("again: ") != phrase:
            raise PublishError("the two passphrases differ; nothing written")
    if not phrase:
        raise PublishError(f"a passphrase is needed for {where}: set {PASSPHRASE_ENV} or run on a terminal")
    return phrase.encode("utf-8")
