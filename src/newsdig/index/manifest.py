"""newsdig-index.json: the schema version and analyzer settings an index was built with."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tantivy

from newsdig.errors import IndexError_
from newsdig.index.schema import SCHEMA_VERSION, TOKENIZER_SETTINGS

MANIFEST_NAME = "newsdig-index.json"
FORMAT_NAME = "newsdig-index"


def expected_manifest() -> dict[str, Any]:
    """The parts of the manifest that must match for an index to be usable."""
    return {"format": FORMAT_NAME, "schema_version": SCHEMA_VERSION, "tokenizers": TOKENIZER_SETTINGS}


def write_manifest(index_dir: Path) -> None:
    """Write the manifest atomically (temp file + rename)."""
    data = expected_manifest() | {
        "tantivy": str(getattr(tantivy, "__version__", "unknown")),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    tmp = index_dir / (MANIFEST_NAME + ".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, index_dir / MANIFEST_NAME)


def check_manifest(index_dir: Path) -> None:
    """Raise IndexError_ unless the manifest says this index matches the running code."""
    path = index_dir / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexError_(f"{index_dir} is not a newsdig index ({MANIFEST_NAME} is missing)") from None
    except (OSError, ValueError) as exc:
        raise IndexError_(f"the search index manifest {path} is unreadable: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise IndexError_(f"{path} is not a newsdig index manifest")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise IndexError_(
            f"the search index at {index_dir} has schema version {version}, this newsdig needs "
            f"{SCHEMA_VERSION}; it has to be rebuilt"
        )
    if data.get("tokenizers") != TOKENIZER_SETTINGS:
        raise IndexError_(f"the search index at {index_dir} was built with other analyzer settings")
