"""With --llm, Ragas faithfulness and response relevancy are judged by the configured LLM: here
the real `ChatOpenAI` client talks to the local stub, which answers Ragas' prompts like a careful
judge would. The judge is shown masked text only, and Ragas builds no client of its own."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from evals.suites.evaluate import EvalOptions, evaluate
from evals.suites.ragas_metrics import JudgeScorer
from supportdesk.llm_stub import StubReply, StubServer, look_up_then_answer
from supportdesk.llm_stub_http import message_text
from tests.stub_assistant import deps_on_stub

QUESTION = "Where is my order <ORDER_ID_1>?"
FACTS = ["Order <ORDER_ID_1>: it is on its way with DPD and due on 3 November."]
ANSWER = "Your order <ORDER_ID_1> is on its way with DPD. It comes with free cake."


def _input(prompt: str) -> dict[str, Any]:
    body = prompt.rsplit("input: ", 1)[1].rsplit("Output:", 1)[0]
    data: dict[str, Any] = json.loads(body)
    return data


def judge_like(body: dict[str, Any]) -> StubReply:
    """Answers the three Ragas prompts: split the answer into sentences, call a statement
    supported when its key words occur in the context, and restate the question."""
    prompt = message_text(body["messages"][-1])
    data = _input(prompt)
    if prompt.startswith("Given a question and an answer"):
        sentences = [s.strip() for s in re.split(r"(?<=\.)\s", data["answer"]) if s.strip()]
        return StubReply(text=json.dumps({"statements": sentences}))
    if prompt.startswith("Your task is to judge the faithfulness"):
        verdicts = [
            {"statement": s, "reason": "checked", "verdict": int("cake" not in s)}
            for s in data["statements"]
        ]
        return StubReply(text=json.dumps({"statements": verdicts}))
    if prompt.startswith("Generate a question for the given answer"):
        return StubReply(text=json.dumps({"question": QUESTION, "noncommittal": 0}))
    return StubReply(text="{}")


@pytest.fixture(scope="module")
def stub():
    with StubServer(responder=judge_like) as server:
        yield server


async def test_that_the_llm_judge_scores_faithfulness_and_relevancy(stub, index_embeddings):
    from langchain_openai import ChatOpenAI

    chat = ChatOpenAI(base_url=stub.base_url, api_key="unused", model="stub", max_retries=0)
    judge = JudgeScorer(chat, index_embeddings)
    faithfulness = await judge.faithfulness(QUESTION, ANSWER, FACTS)
    relevancy = await judge.relevancy(QUESTION, ANSWER)
    assert faithfulness == pytest.approx(0.5)  # the cake is not in the facts
    assert relevancy is not None and relevancy > 0.95  # the restated question is the question
    sent = json.dumps(stub.requests)
    assert stub.requests and "<ORDER_ID_1>" in sent
    assert await judge.faithfulness(QUESTION, ANSWER, []) is None  # nothing to be faithful to


def judge_or_assistant(body: dict[str, Any]) -> StubReply:
    """One stub for both roles of a --llm run: the drafting assistant and the Ragas judge."""
    prompt = message_text(body["messages"][-1]) if body.get("messages") else ""
    if "Now perform the same with the following input" in prompt:
        return judge_like(body)
    return look_up_then_answer(body)


async def test_that_an_llm_run_drafts_with_the_llm_and_adds_judged_metrics(graph_deps):

    with StubServer(responder=judge_or_assistant) as server:
        deps = deps_on_stub(
            graph_deps, server, timeout_seconds=graph_deps.settings.llm_timeout_seconds
        )
        options = EvalOptions(
            suites=("answers", "latency"),
            split="dev",
            llm=True,
            ticket_ids=("gt-order_status-003",),
        )
        run = await evaluate(deps, options)
    assert run.drafter == "llm"
    answers = run.suites["answers"].metrics
    assert answers["faithfulness"] is not None and 0.0 <= answers["faithfulness"] <= 1.0
    assert answers["response_relevancy"] is not None
    drafted = [b for b in server.requests if "Now perform the same" not in json.dumps(b)]
    assert drafted and "HR-102129" not in json.dumps(server.requests)  # masked, judge included


async def test_that_llm_mode_without_a_configured_llm_is_refused(graph_deps):
    from evals.suites.evaluate import offline
    from supportdesk.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="none is configured"):
        await evaluate(offline(graph_deps), EvalOptions(suites=("latency",), llm=True))
