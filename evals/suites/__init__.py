"""The evaluation suites over the golden tickets (issue 6).

`evaluate.evaluate()` plays a split once through the assistant (`runner.py`) and scores the
chosen suites from that one recording (`scoring.py`): intent, routing, retrieval, answers,
privacy, latency, plus `external` (Bitext, CLINC, Presidio). `gate.py` judges the headline
figures against `evals/gate.toml`; `cli_run.py` is what `supportdesk eval` calls.
"""
