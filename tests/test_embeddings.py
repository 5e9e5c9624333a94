"""Local embeddings: the fast ONNX engine gives the same vectors as the reference PyTorch run."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from nlp.embeddings import DIMENSIONS, LocalEmbeddings

SENTENCES = [
    "Where is my order HR-204813?",
    "Does the Marlow Dining Table seat eight with the extension leaf?",
    "x",
    "Lieferung nach Berlin: wie lange dauert das?",
    "<script>alert(1)</script> 🙂🙂",
    "word " * 400,  # longer than the model's 256-token window: truncated, not an error
]


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> tuple[LocalEmbeddings, LocalEmbeddings]:
    cache = Path(tmp_path_factory.mktemp("models"))
    return (
        LocalEmbeddings(query_cache=False, cache_dir=cache, engine="onnx"),
        LocalEmbeddings(query_cache=False, engine="torch"),
    )


def test_that_onnx_and_pytorch_embeddings_agree_to_a_millionth(engines):
    onnx, torch = engines
    fast, reference = onnx.embed_documents(SENTENCES), torch.embed_documents(SENTENCES)
    assert onnx.engine == "onnx" and torch.engine == "torch"
    for a, b in zip(fast, reference, strict=True):
        assert len(a) == len(b) == DIMENSIONS
        assert max(abs(x - y) for x, y in zip(a, b, strict=True)) < 1e-5


def test_that_vectors_are_unit_length_and_batching_does_not_change_them(engines):
    onnx, _ = engines
    batched = onnx.embed_documents(SENTENCES)
    for sentence, vector in zip(SENTENCES, batched, strict=True):
        assert math.isclose(sum(x * x for x in vector), 1.0, rel_tol=1e-4)
        alone = onnx.embed_query(sentence)
        assert max(abs(x - y) for x, y in zip(alone, vector, strict=True)) < 1e-5


def test_that_similar_questions_are_closer_than_unrelated_ones(engines):
    onnx, _ = engines
    a, b, c = (
        onnx.embed_query("how long do I have to send something back"),
        onnx.embed_query("what is your returns window"),
        onnx.embed_query("does this lamp take an E14 bulb"),
    )

    def cos(u: list[float], v: list[float]) -> float:
        return sum(x * y for x, y in zip(u, v, strict=True))

    assert cos(a, b) > cos(a, c) + 0.1


def test_that_the_export_is_reused_not_repeated(engines, tmp_path_factory):
    onnx, _ = engines
    onnx.embed_query("warm up")
    exported = list(Path(onnx._cache_dir or "").glob("*.onnx"))
    assert len(exported) == 1
    again = LocalEmbeddings(query_cache=False, cache_dir=onnx._cache_dir, engine="onnx")
    again.embed_query("second process would load the same file")
    assert list(Path(onnx._cache_dir or "").glob("*.onnx")) == exported
    assert again.engine == "onnx"
