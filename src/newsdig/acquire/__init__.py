"""Getting pages in: importers for local inputs and the raw capture archive.

- `iter_captures(paths, stdin, on_progress)` reads files, directories and stdin (WARC, JSONL,
  HTML, text; gzipped or not) into Capture | Rejection records; `total_input_bytes` sizes the
  progress bar and `check_inputs` rejects missing paths before any work starts.
- `RawStore` keeps every capture in WARC files under ``<home>/raw/`` for `reextract`.
"""

from newsdig.errors import RawStoreError
from newsdig.formats import detect_format

from .files import MAX_FILE_BYTES, check_inputs, iter_captures, total_input_bytes
from .rawstore import RawStore

__all__ = [
    "MAX_FILE_BYTES",
    "RawStore",
    "RawStoreError",
    "check_inputs",
    "detect_format",
    "iter_captures",
    "total_input_bytes",
]
