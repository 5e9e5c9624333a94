"""The demo shop: Hollin & Reed, a premium homeware brand in the UK, US and Germany.

Everything here is generated deterministically from a seed, so a test, a newcomer and a CI run all
see the same shop.
"""
