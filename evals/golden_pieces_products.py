"""Answer pieces about one SKU itself: care, materials, assembly, warranty, stock and price,
read from the seeded catalogue for the ticket's market. Sizes and compatibility are in
`golden_pieces_sizes`."""

from __future__ import annotations

from typing import Any

from evals.golden_pieces import MARKET_NAME, Ctx, Piece, PieceError, call, piece
from store.demo.catalogue_spec import ASSEMBLY

# The phrase of each material's care text that any correct care answer repeats.
CARE_KEY = {
    "solid oak": "hardwax oil",
    "solid walnut": "hardwax oil",
    "ash": "barely damp cloth",
    "rattan": "brush attachment",
    "linen": "30°C",
    "boucle": "soft brush",
    "velvet": "professional clean",
    "powder-coated steel": "mild detergent",
    "brass": "patina",
    "ceramic": "soft dry cloth",
    "linen shade": "lint roller",
    "stainless steel tri-ply": "bicarbonate of soda",
    "enamelled cast iron": "hand wash",
    "carbon steel": "oil",
    "copper": "hand wash",
    "hard-anodised aluminium": "silicone",
    "stoneware": "microwave",
    "cotton percale": "60°C",
    "stonewashed linen": "40°C",
    "cotton sateen": "40°C",
    "duck down": "professional launder",
    "hollowfibre": "40°C",
    "pocket springs": "head to foot",
    "wool": "beater bar",
    "jute": "wet",
    "cotton": "30°C",
    "glass": "hand wash",
    "mango wood": "dry cloth",
}
ASSEMBLY_KEY = {
    "none": "fully assembled",
    "legs": "legs",
    "simple": "30 minutes",
    "two_person": "60 to 90 minutes",
    "in_home": "two-person team",
    "electrician": "electrician",
}
ASSEMBLY_OF_TEXT = {text: key for key, text in ASSEMBLY.items()}


class SkuFacts:
    def __init__(self, c: Ctx) -> None:
        self.c = c
        self.sku = c.need_sku()
        shop = c.shop
        self.variant: dict[str, Any] = shop.by_table["variants"][self.sku]
        self.product: dict[str, Any] = shop.product_of(self.sku)
        self.attrs: dict[str, Any] = {**self.product["attributes"], **self.variant["attributes"]}
        self.offer = shop.offer(self.sku, c.market)
        self.title = f"{self.product['name']} ({self.variant['variant_name']})"

    def piece(self, text: str, facts: list[str]) -> Piece:
        tool = call("get_product", sku=self.sku) if self.c.sku_named else call("search_catalogue")
        return Piece(text, facts=facts, tools=[tool], sources=[f"sku:{self.sku}"])

    def need(self, key: str) -> Any:
        if key not in self.attrs:
            raise PieceError(f"{self.sku} has no {key}")
        return self.attrs[key]


def article(word: str) -> str:
    return "an" if word[:1].upper() in "AEIOU" else "a"


@piece("dishwasher")
def dishwasher(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    ok = bool(s.need("dishwasher_safe"))
    care = str(s.product["care"])
    verdict = "is dishwasher safe" if ok else "isn't dishwasher safe"
    return s.piece(f"The {s.title} {verdict}. Care: {care}", [CARE_KEY[s.product["materials"][0]]])


@piece("care")
def care(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    material = s.product["materials"][0]
    return s.piece(f"Care for the {s.title}: {s.product['care']}", [CARE_KEY[material]])


@piece("material")
def material(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    m = s.product["materials"][0]
    return s.piece(f"The {s.title} is made in {m}, in the {s.variant['finish']} finish.", [m])


@piece("assembly")
def assembly(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    text = str(s.product["assembly"])
    return s.piece(f"The {s.title}: {text}", [ASSEMBLY_KEY[ASSEMBLY_OF_TEXT[text]]])


@piece("warranty_sku")
def warranty_sku(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    years = int(s.product["warranty_years"])
    if years == 10:
        text = (
            f"The frame of the {s.title} has our 10-year solid-wood warranty; other parts, such "
            "as the finish and any mechanisms, have the standard 2 years, both from delivery."
        )
        return s.piece(text, ["10 year"])
    return s.piece(
        f"The {s.title} has our standard 2-year warranty against faults, from delivery.",
        ["2 year"],
    )


# What the stock piece says of an item the customer's shop does not sell; the validator accepts
# such an item on a ticket whose reference answer says it.
NOT_SOLD = "isn't sold in our"


@piece("stock")
def stock(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    o = s.offer
    if o is None:
        return s.piece(f"The {s.title} {NOT_SOLD} {MARKET_NAME[c.market]} shop.", ["isn't sold"])
    if s.variant["made_to_order"]:
        weeks = s.variant["lead_time_weeks"]
        return s.piece(
            f"The {s.title} is made to order, built for you in {weeks} weeks, at "
            f"{c.money(o['price'])}; made-to-order pieces can't be returned for a change of mind.",
            [f"{weeks} weeks"],
        )
    if o["stock"] > 0:
        return s.piece(
            f"The {s.title} is in stock in our {MARKET_NAME[c.market]} shop at "
            f"{c.money(o['price'])}.",
            [c.money(o["price"])],
        )
    back = o["restock_date"]
    return s.piece(
        f"The {s.title} is out of stock at the moment and expected back around {c.day(back)}.",
        [c.day_fact(back)],
    )


@piece("price")
def price(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    if s.offer is None:
        raise PieceError("price needs a SKU sold in the ticket's market")
    return s.piece(
        f"The {s.title} costs {c.money(s.offer['price'])} in our {MARKET_NAME[c.market]} shop.",
        [c.money(s.offer["price"])],
    )


@piece("final_sale_sku")
def final_sale_sku(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    if not s.variant["final_sale"]:
        raise PieceError("final_sale_sku needs a final-sale SKU")
    return s.piece(
        f"The {s.title} is a final-sale item, so it can't be returned for a change of mind, "
        "though faults are still covered.",
        ["final sale"],
    )


@piece("rug")
def rug(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    pile = s.need("pile")
    return s.piece(
        f"The {s.title} is a {pile} rug in {s.product['materials'][0]}; it's for indoor use "
        "only, and we recommend an underlay.",
        [pile],
    )


@piece("covers")
def covers(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    removable = bool(s.need("removable_covers"))
    text = (
        f"The {s.title} has removable, washable covers. Care: {s.product['care']}"
        if removable
        else f"The covers of the {s.title} are fixed, not removable. Care: {s.product['care']}"
    )
    return s.piece(text, [CARE_KEY[s.product["materials"][0]]])


@piece("large_delivery")
def large_delivery(c: Ctx, _arg: str) -> Piece:
    s = SkuFacts(c)
    if s.attrs.get("delivery") != "two_person":
        raise PieceError("large_delivery needs a two-person item")
    m = c.m
    return s.piece(
        f"The {s.title} comes with our two-person delivery team: {m.large_item_delivery_days[0]} "
        f"to {m.large_item_delivery_days[1]} business days, for a flat "
        f"{c.money(m.large_item_delivery_fee)}.",
        [c.money(m.large_item_delivery_fee)],
    )
