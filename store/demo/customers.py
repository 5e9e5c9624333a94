"""Generates the shop's customers and its demo support agents."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from store.demo.names import CITIES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, STREETS
from store.passwords import hash_password

CUSTOMER_COUNT = 2000
MARKET_SHARE = {"UK": 0.45, "US": 0.35, "DE": 0.20}
COUNTRY = {"UK": "GB", "US": "US", "DE": "DE"}
# Every demo account shares these passwords; the README and `demo stats` print them.
DEMO_CUSTOMER_PASSWORD = "demo-customer"
DEMO_AGENT_PASSWORD = "demo-agent"

DEMO_AGENTS = (
    ("A001", "agent@hollinandreed.example", "Sam Agent", "agent"),
    ("A002", "senior@hollinandreed.example", "Robin Senior", "senior"),
    ("A003", "specialist@hollinandreed.example", "Kit Specialist", "specialist"),
    ("A004", "qa@hollinandreed.example", "Jo Quality", "qa"),
)

Row = dict[str, Any]
_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "'": "", " ": ""})


def _seeded_hash(password: str, seed: int, purpose: str) -> str:
    # The salt derives from the seed so that the same seed always yields the same content hash;
    # one hash serves every demo account of a kind because they share one published password.
    salt = hashlib.sha256(f"{seed}:{purpose}".encode()).digest()[:16]
    return hash_password(password, salt=salt)


def fill_pattern(rng: random.Random, pattern: str) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return "".join(
        str(rng.randint(1, 9)) if ch == "#" else rng.choice(letters) if ch == "L" else ch
        for ch in pattern
    )


def generate_customers(seed: int, anchor: date) -> list[Row]:
    rng = random.Random(f"{seed}:customers")
    password_hash = _seeded_hash(DEMO_CUSTOMER_PASSWORD, seed, "customers")
    markets = list(MARKET_SHARE)
    rows: list[Row] = []
    emails: set[str] = set()
    for index in range(1, CUSTOMER_COUNT + 1):
        market = rng.choices(markets, weights=list(MARKET_SHARE.values()))[0]
        first, last = rng.choice(FIRST_NAMES[market]), rng.choice(LAST_NAMES[market])
        local = f"{first}.{last}".lower().translate(_ASCII)
        email = f"{local}@{rng.choice(EMAIL_DOMAINS)}"
        if email in emails:
            email = f"{local}{index}@{rng.choice(EMAIL_DOMAINS)}"
        emails.add(email)
        city, region, postcode_pattern = rng.choice(CITIES[market])
        street = rng.choice(STREETS[market])
        number = rng.randint(1, 180)
        rows.append(
            {
                "id": f"C{index:05d}",
                "email": email,
                "full_name": f"{first} {last}",
                "first_name": first,
                "market": market,
                "phone": _phone(rng, market),
                "address_line1": f"{street} {number}" if market == "DE" else f"{number} {street}",
                "city": city,
                "region": region,
                "postcode": fill_pattern(rng, postcode_pattern),
                "country": COUNTRY[market],
                "password_hash": password_hash,
                "marketing_opt_in": rng.random() < 0.35,
                "created_at": datetime.combine(anchor, datetime.min.time(), UTC)
                - timedelta(days=rng.randint(30, 1500), minutes=rng.randint(0, 1439)),
            }
        )
    return rows


def _phone(rng: random.Random, market: str) -> str:
    # UK and US numbers come from the ranges reserved for fiction (07700 900xxx, 555-01xx).
    if market == "UK":
        return f"+44 7700 900{rng.randint(0, 999):03d}"
    if market == "US":
        return (
            f"+1 {rng.choice([206, 312, 415, 503, 512, 617, 720])} 555 01{rng.randint(0, 99):02d}"
        )
    return f"+49 15{rng.randint(1, 7)} {rng.randint(1000000, 9999999)}"


def generate_agents(seed: int) -> list[Row]:
    password_hash = _seeded_hash(DEMO_AGENT_PASSWORD, seed, "agents")
    return [
        {
            "id": agent_id,
            "email": email,
            "display_name": name,
            "role": role,
            "password_hash": password_hash,
        }
        for agent_id, email, name, role in DEMO_AGENTS
    ]
