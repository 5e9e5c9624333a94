"""What goes into the knowledge index: one chunk per policy section and one per SKU.

Each chunk carries a stable source id (`policy:returns@v3#window`, `sku:LGT-0412`) that answers
cite. Prices and stock are left out of the text on purpose: they change daily, are read live by
the tools, and would otherwise force re-embedding the catalogue on every stock movement.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

from store.database import Database
from store.demo.catalogue_spec import PRODUCT_TYPES
from store.policies import PolicyDocument, split_sections

MARKETS = ("UK", "US", "DE")
# Policy sections about a single market, recognised by their anchor.
MARKET_ANCHORS = {"uk": "UK", "us": "US", "germany": "DE"}
TYPE_LABEL = {t.key: t.label for t in PRODUCT_TYPES}
METADATA_COLUMNS = (
    "kind",
    "category",
    "market",
    "sku",
    "policy",
    "version",
    "title",
    "content_hash",
)


@dataclass(frozen=True)
class KnowledgeChunk:
    source_id: str
    kind: Literal["policy", "product"]
    title: str
    content: str
    category: str | None = None
    market: str = "ALL"
    sku: str | None = None
    policy: str | None = None
    version: int | None = None

    @property
    def content_hash(self) -> str:
        payload = json.dumps([self.title, self.content, self.category, self.market], sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()

    def metadata(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "category": self.category,
            "market": self.market,
            "sku": self.sku,
            "policy": self.policy,
            "version": self.version,
            "title": self.title,
            "content_hash": self.content_hash,
        }


def policy_chunks(docs: list[PolicyDocument]) -> list[KnowledgeChunk]:
    chunks = []
    for doc in docs:
        for section in doc.sections:
            chunks.append(
                KnowledgeChunk(
                    source_id=doc.source_id(section.anchor),
                    kind="policy",
                    title=f"{doc.title}: {section.heading}",
                    content=f"{doc.title} policy. {section.heading}.\n\n{section.text}",
                    category=doc.slug,
                    market=MARKET_ANCHORS.get(section.anchor, "ALL"),
                    policy=doc.slug,
                    version=doc.version,
                )
            )
    return chunks


def product_chunks(db: Database) -> list[KnowledgeChunk]:
    with db.connect() as conn:
        rows = conn.execute(
            """SELECT v.*, p.name, p.category, p.product_type, p.description, p.materials,
                      p.care, p.assembly, p.warranty_years, p.attributes AS product_attributes,
                      array_agg(m.market ORDER BY m.market) AS markets
               FROM variants v
               JOIN products p ON p.id = v.product_id
               JOIN variant_markets m ON m.sku = v.sku
               GROUP BY v.sku, p.id ORDER BY v.sku"""
        ).fetchall()
    return [_product_chunk(row) for row in rows]


def _product_chunk(row: dict[str, Any]) -> KnowledgeChunk:
    attrs = {**row["product_attributes"], **row["attributes"]}
    label = TYPE_LABEL.get(row["product_type"], row["product_type"])
    lines = [
        f"{row['name']} ({row['variant_name']}), SKU {row['sku']}. {label}, {row['category']}.",
        row["description"],
        f"Material: {', '.join(row['materials'])}. Finish: {row['finish']}.",
        f"Dimensions: width {row['width_cm']} cm ({row['width_in']} in), "
        f"depth {row['depth_cm']} cm "
        f"({row['depth_in']} in), height {row['height_cm']} cm ({row['height_in']} in). "
        f"Weight {row['weight_kg']} kg.",
        *_facts(attrs),
        f"Care: {row['care']}",
        *([f"Assembly: {row['assembly']}"] if row["category"] in ("furniture", "lighting") else []),
        f"Warranty: {row['warranty_years']} years.",
    ]
    if row["made_to_order"]:
        lines.append(
            f"Made to order: built for you in {row['lead_time_weeks']} weeks; "
            "made-to-order items cannot be returned for a change of mind."
        )
    if row["final_sale"]:
        lines.append("Final sale: this item cannot be returned for a change of mind.")
    markets = list(row["markets"])
    sold_in = "ALL" if len(markets) == len(MARKETS) else "+".join(markets)
    if sold_in != "ALL":
        lines.append(f"Sold in: {', '.join(markets)} only.")
    return KnowledgeChunk(
        source_id=f"sku:{row['sku']}",
        kind="product",
        title=f"{row['name']} — {row['variant_name']}",
        content="\n".join(lines),
        category=row["category"],
        market=sold_in,
        sku=row["sku"],
    )


def _facts(attrs: dict[str, Any]) -> list[str]:
    """Compatibility facts in plain sentences, so a question's words can meet them."""
    facts = []
    if "bulb_fitting" in attrs:
        fit = attrs["bulb_fitting"]
        facts.append(
            f"Bulb fitting: {fit['UK']} (UK), {fit['US']} (US), {fit['DE']} (Germany); "
            f"maximum {attrs['max_wattage']} W. Bulb included: "
            f"{'yes' if attrs.get('bulb_included') else 'no'}. Dimmable: "
            f"{'yes' if attrs.get('dimmable') else 'no'}."
        )
    if attrs.get("hardwired"):
        facts.append(f"Hardwired; IP rating {attrs.get('ip_rating', 'IP20')}.")
    if "hob_types" in attrs:
        facts.append(
            f"Hob compatibility: {', '.join(attrs['hob_types'])}. "
            f"Oven safe to {attrs['oven_safe_c']}°C. Dishwasher safe: "
            f"{'yes' if attrs.get('dishwasher_safe') else 'no'}."
        )
        if "induction" not in attrs["hob_types"]:
            facts.append("Not suitable for induction hobs.")
    if "seats_min" in attrs:
        leaves = attrs.get("extension_leaves", 0)
        facts.append(
            f"Seats {attrs['seats_min']} to {attrs['seats_max']} people"
            + (
                f"; extends with {leaves} extension leaf{'s' if leaves > 1 else ''}."
                if leaves
                else "; fixed top, no extension leaves."
            )
        )
    if "seats" in attrs:
        facts.append(f"Seats {attrs['seats']}.")
    if "fits_bed" in attrs:
        fits = attrs["fits_bed"]
        facts.append(
            f"Bed size: {fits['UK']} in the UK, {fits['US']} in the US, {fits['DE']} in Germany."
        )
    if "pocket_depth_cm" in attrs:
        facts.append(f"Fits mattresses up to {attrs['pocket_depth_cm']} cm deep.")
    if attrs.get("hygiene_seal"):
        facts.append("Arrives in a hygiene seal; cannot be returned once unsealed unless faulty.")
    for key, text in (
        ("shelves", "Shelves: {}."),
        ("max_load_per_shelf_kg", "Max load per shelf {} kg."),
        ("pile", "Pile: {}."),
        ("header", "Curtain header: {}."),
        ("wall_fixing", "Wall fixing: {}."),
        ("pieces", "{} pieces."),
        ("capacity_l", "Capacity {} litres."),
    ):
        if key in attrs:
            facts.append(text.format(attrs[key]))
    if attrs.get("blackout"):
        facts.append("Blackout lined.")
    if attrs.get("removable_covers"):
        facts.append("Removable, washable covers.")
    if attrs.get("wall_fixing_required"):
        facts.append("Must be fixed to the wall.")
    if attrs.get("delivery") == "two_person":
        facts.append("Delivered by our two-person team.")
    return facts


def current_policy_documents(db: Database) -> list[PolicyDocument]:
    """The policies in force, as stored in the database (what the shop has published)."""
    with db.connect() as conn:
        rows = conn.execute(
            """SELECT slug, version, title, summary, body_md, effective_from FROM policy_documents
               WHERE superseded_at IS NULL ORDER BY slug"""
        ).fetchall()
    return [
        PolicyDocument(
            slug=r["slug"],
            title=r["title"],
            version=r["version"],
            effective=r["effective_from"],
            summary=r["summary"],
            body=r["body_md"],
            sections=split_sections(r["body_md"], name=r["slug"]),
            superseded=False,
        )
        for r in rows
    ]


def collect_chunks(db: Database) -> list[KnowledgeChunk]:
    return policy_chunks(current_policy_documents(db)) + product_chunks(db)
