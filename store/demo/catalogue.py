"""Generates the catalogue: products, their SKUs (variants) and per-market price and stock."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from store.demo.catalogue_spec import (
    ASSEMBLY,
    BED_SIZES,
    CARE,
    CATEGORY_PREFIX,
    PLUGS,
    PRODUCT_TYPES,
    US_FITTING,
    ProductType,
)
from store.demo.names import PRODUCT_STEMS

SKU_COUNT = 3000
MARKET_CURRENCY = {"UK": "GBP", "US": "USD", "DE": "EUR"}
# Shelf prices are set per market, not converted on the fly; these ratios set the list prices.
PRICE_RATIO = {"UK": 1.0, "US": 1.27, "DE": 1.16}
SIZE_IN_LABEL = re.compile(r"(\d+) x (?:D )?(\d+) cm")

Row = dict[str, Any]


@dataclass
class Catalogue:
    products: list[Row]
    variants: list[Row]
    variant_markets: list[Row]


def shelf_price(amount: float) -> float:
    """Round to the kind of price a premium shop prints: £39.95, £245, £1,295."""
    if amount < 100:
        return round(max(round(amount), 5) - 0.05, 2)
    return float(round(amount / 5) * 5)


def generate_catalogue(seed: int, anchor: date) -> Catalogue:
    rng = random.Random(f"{seed}:catalogue")
    products: list[Row] = []
    variants: list[Row] = []
    offers: list[Row] = []
    used_names: set[str] = set()
    counters = dict.fromkeys(CATEGORY_PREFIX, 0)
    weights = [t.weight for t in PRODUCT_TYPES]

    while len(variants) < SKU_COUNT:
        ptype = rng.choices(PRODUCT_TYPES, weights=weights)[0]
        name = _unique_name(rng, ptype, used_names)
        product_id = f"P{len(products) + 1:04d}"
        material = rng.choice(ptype.materials)
        product_attrs = _product_attributes(rng, ptype, material)
        products.append(
            {
                "id": product_id,
                "name": name,
                "category": ptype.category,
                "product_type": ptype.key,
                "description": _description(rng, ptype, name, material, product_attrs),
                "materials": [material],
                "care": CARE[material],
                "assembly": ASSEMBLY[ptype.assembly],
                "warranty_years": ptype.warranty_years if "solid" in material else 2,
                "attributes": product_attrs,
            }
        )
        base_price = rng.uniform(*ptype.gbp_per_100cm)
        finishes = rng.sample(ptype.finishes, k=min(len(ptype.finishes), rng.randint(1, 3)))
        sizes = rng.sample(ptype.sizes, k=min(len(ptype.sizes), rng.randint(1, 3)))
        sizes.sort(key=lambda s: s[1])
        combos = [(f, s) for f in finishes for s in sizes][: rng.randint(1, 5)]
        not_in_us = rng.random() < 0.08
        for finish, (size_label, width) in combos:
            if len(variants) >= SKU_COUNT:
                break
            counters[ptype.category] += 1
            sku = f"{CATEGORY_PREFIX[ptype.category]}-{counters[ptype.category]:04d}"
            variant = _variant(rng, ptype, product_id, sku, finish, size_label, width)
            variants.append(variant)
            offers.extend(_offers(rng, variant, base_price * width / 100, anchor, not_in_us))
    return Catalogue(products=products, variants=variants, variant_markets=offers)


def _unique_name(rng: random.Random, ptype: ProductType, used: set[str]) -> str:
    for _ in range(500):
        name = f"{rng.choice(PRODUCT_STEMS)} {ptype.label}"
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError(f"ran out of unique names for {ptype.label}")


def _product_attributes(rng: random.Random, ptype: ProductType, material: str) -> Row:
    key = ptype.key
    attrs: Row = {"delivery": ptype.delivery}
    if ptype.category == "lighting":
        fitting: str = rng.choice(cast(tuple[str, ...], ptype.extra["fittings"]))
        attrs.update(
            {
                "bulb_fitting": {
                    "UK": fitting,
                    "US": US_FITTING[fitting],
                    "DE": "E27" if fitting == "B22" else fitting,
                },
                "max_wattage": rng.choice(cast(tuple[int, ...], ptype.extra["watts"])),
                "bulb_included": rng.random() < 0.4,
                "dimmable": rng.random() < 0.6,
            }
        )
        if ptype.assembly == "electrician":
            attrs["hardwired"] = True
            attrs["ip_rating"] = "IP44" if key == "wall_light" and rng.random() < 0.4 else "IP20"
        else:
            attrs["plug"] = PLUGS
            attrs["cable_length_m"] = rng.choice([1.5, 1.8, 2.0, 2.5])
    elif ptype.category == "kitchen" and key != "dinnerware":
        hobs = ["gas", "electric", "ceramic", "halogen", "induction"]
        if material == "copper" or (material == "hard-anodised aluminium" and rng.random() < 0.5):
            hobs.remove("induction")
        attrs.update(
            {
                "hob_types": hobs,
                "oven_safe_c": {"carbon steel": 300, "enamelled cast iron": 250, "copper": 220}.get(
                    material, 260 if material.startswith("stainless") else 180
                ),
                "dishwasher_safe": material
                in ("stainless steel tri-ply", "hard-anodised aluminium"),
            }
        )
    elif key == "dinnerware":
        attrs.update({"dishwasher_safe": True, "microwave_safe": True, "oven_safe_c": 200})
    elif key == "dining_table":
        attrs.update(
            {
                "shape": rng.choice(["rectangular", "rectangular", "oval"]),
                "extension_leaves": rng.choice([0, 1, 1, 2]),
            }
        )
    elif key in ("sofa", "armchair"):
        attrs.update(
            {"removable_covers": material == "linen", "seat_height_cm": rng.choice([43, 45, 46])}
        )
    elif key == "bookshelf":
        attrs.update(
            {
                "shelves": rng.choice([4, 5, 6]),
                "max_load_per_shelf_kg": rng.choice([15, 20, 25]),
                "wall_fixing_required": True,
            }
        )
    elif key == "rug":
        attrs.update(
            {
                "pile": {
                    "wool": rng.choice(["low pile", "high pile"]),
                    "jute": "flatweave",
                    "cotton": "flatweave",
                }[material],
                "indoor_outdoor": False,
                "underlay_recommended": True,
            }
        )
    elif key == "mirror":
        attrs.update(
            {
                "wall_fixing": "two keyhole brackets; fixings for solid walls included",
                "orientation": rng.choice(["portrait or landscape", "portrait only"]),
            }
        )
    elif key == "curtain":
        attrs.update(
            {
                "header": rng.choice(["pencil pleat", "eyelet"]),
                "lined": True,
                "blackout": rng.random() < 0.4,
            }
        )
    elif key == "cushion":
        attrs.update({"inner_included": True, "inner_fill": rng.choice(["feather", "hollowfibre"])})
    elif key == "fitted_sheet":
        attrs["pocket_depth_cm"] = rng.choice([30, 35, 40])
    elif key == "mattress":
        attrs.update({"hygiene_seal": True, "rolled": False})
    elif key in ("pillow", "duvet"):
        attrs["hygiene_seal"] = True
    return attrs


def _variant(
    rng: random.Random,
    ptype: ProductType,
    product_id: str,
    sku: str,
    finish: str,
    size_label: str,
    width: float,
) -> Row:
    depth = float(rng.randint(*ptype.depth_cm))
    match = SIZE_IN_LABEL.search(size_label)
    if match:
        width, depth = float(match.group(1)), float(match.group(2))
    attrs: Row = {}
    label = size_label
    if size_label in BED_SIZES:
        attrs["bed_size"] = size_label
        attrs["fits_bed"] = BED_SIZES[size_label]
        label = BED_SIZES[size_label]["UK"].split(" (")[0]
        depth = float(rng.randint(*ptype.depth_cm))
    if ptype.key == "dining_table":
        seats_min, seats_max = (int(n) for n in size_label.split()[0].split("-"))
        attrs.update({"seats_min": seats_min, "seats_max": seats_max})
    if ptype.key == "sofa":
        attrs["seats"] = {"2-seater": 2, "3-seater": 3, "corner": 5}[size_label]
    if ptype.key in ("saucepan", "frying_pan", "casserole", "stockpot"):
        attrs["diameter_cm"] = width
        attrs["capacity_l"] = round(3.14159 * (width / 2) ** 2 * (0.45 * width) / 1000, 1)
    if ptype.key == "dinnerware":
        attrs["pieces"] = int(size_label.split("-")[0])
    made_to_order = rng.random() < ptype.made_to_order_share
    variant_name = finish if label == "standard" else f"{finish}, {label}"
    return {
        "sku": sku,
        "product_id": product_id,
        "variant_name": variant_name,
        "finish": finish,
        "size_label": None if label == "standard" else label,
        "width_cm": round(width, 1),
        "depth_cm": round(depth, 1),
        "height_cm": float(rng.randint(*ptype.height_cm)),
        "weight_kg": round(width / 100 * ptype.kg_per_100cm * rng.uniform(0.85, 1.15), 2),
        "made_to_order": made_to_order,
        "lead_time_weeks": rng.randint(6, 10) if made_to_order else None,
        "final_sale": (not made_to_order) and rng.random() < 0.04,
        "attributes": attrs,
    }


def _offers(
    rng: random.Random, variant: Row, gbp: float, anchor: date, not_in_us: bool
) -> list[Row]:
    rows = []
    discount = 0.7 if variant["final_sale"] else 1.0
    for market, currency in MARKET_CURRENCY.items():
        if market == "US" and not_in_us:
            continue
        out_of_stock = not variant["made_to_order"] and rng.random() < 0.08
        stock = 0 if (variant["made_to_order"] or out_of_stock) else rng.randint(1, 150)
        restock = anchor + timedelta(days=rng.randint(7, 42)) if out_of_stock else None
        rows.append(
            {
                "sku": variant["sku"],
                "market": market,
                "currency": currency,
                "price": shelf_price(gbp * PRICE_RATIO[market] * discount),
                "stock": stock,
                "restock_date": restock,
            }
        )
    return rows


def _description(
    rng: random.Random, ptype: ProductType, name: str, material: str, attrs: Row
) -> str:
    openers = {
        "furniture": [
            f"The {name} is made to be lived with: {material}, honest joinery and "
            "proportions that suit a real room.",
            f"Built in {material}, the {name} is simple, sturdy and quietly handsome.",
        ],
        "lighting": [
            f"The {name} gives a soft, warm light, in {material} with a hand-finished look.",
            f"A calm, useful light: the {name}, made in {material}.",
        ],
        "kitchen": [
            f"The {name} is a workhorse in {material}, for everyday cooking.",
            f"Made in {material}, the {name} heats evenly and lasts for years.",
        ],
        "bedding": [
            f"The {name} is made from {material} and gets better with every night.",
            f"Breathable {material}, carefully finished: the {name}.",
        ],
        "decor": [
            f"The {name} brings texture and warmth, in {material}.",
            f"Small things matter: the {name}, made in {material}.",
        ],
    }
    text = rng.choice(openers[ptype.category])
    if ptype.category == "lighting":
        fitting = attrs["bulb_fitting"]["UK"]
        text += f" Takes a {fitting} bulb, up to {attrs['max_wattage']} W."
    if "hob_types" in attrs:
        text += " Suitable for " + ", ".join(attrs["hob_types"]) + " hobs."
    return text
