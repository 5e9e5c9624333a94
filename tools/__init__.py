"""What the conversation graph can look up: orders, the catalogue, policies and eligibility.

Each capability is a plain domain function (typed result, authorization inside) plus a thin
LangChain tool wrapper whose identity arguments are injected from the session.
"""
