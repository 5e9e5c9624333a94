"""Answer pieces about the customer's account, their personal data, reaching us, complaints,
warranty and damage in general; plus the hand-off sentences and the polite redirects."""

from __future__ import annotations

from evals.golden_pieces import Ctx, Piece, call, piece
from evals.golden_pieces import policy_piece as _p

PHONE = {"UK": "020 7946 0321", "US": "+1 202 555 0147", "DE": "+44 20 7946 0321"}
REGULATOR = {
    "UK": "the Information Commissioner's Office (ICO)",
    "DE": "the data protection authority for your federal state",
    "US": "",
}


@piece("p_password")
def p_password(c: Ctx, _arg: str) -> Piece:
    return _p(
        "Choose Forgot password on the sign-in page and enter the email on your account; the "
        "link we send works once, so use the newest email, and check spam if it doesn't arrive. "
        "We'll never ask for your password.",
        "account-privacy",
        ["password"],
        ["Forgot password"],
    )


@piece("p_account_details")
def p_account_details(c: Ctx, _arg: str) -> Piece:
    return _p(
        "You can change your name, email address, phone number, saved addresses and password "
        "under Account settings when you're signed in. A new email address gets a confirmation "
        "link, and the change takes effect once you click it.",
        "account-privacy",
        ["account-details"],
        ["Account settings"],
    )


@piece("p_email_locked")
def p_email_locked(c: Ctx, _arg: str) -> Piece:
    return _p(
        "If you can't get into the old email account any more, we can change it for you after "
        "checking it's you, usually by asking for details of a recent order.",
        "account-privacy",
        ["account-details"],
        ["recent order"],
    )


@piece("p_guest_link")
def p_guest_link(c: Ctx, _arg: str) -> Piece:
    return _p(
        "Guest orders aren't linked to an account, but if you create one with the same email "
        "address, we can link your past guest orders to it on request.",
        "account-privacy",
        ["account-details"],
        ["same email address"],
    )


@piece("p_marketing")
def p_marketing(c: Ctx, _arg: str) -> Piece:
    return _p(
        "To stop marketing emails, click Unsubscribe at the bottom of any of them, or turn "
        "marketing off in Account settings. Service emails about your orders, such as dispatch "
        "and refund confirmations, still come.",
        "account-privacy",
        ["marketing"],
        ["Unsubscribe"],
    )


@piece("p_privacy_access")
def p_privacy_access(c: Ctx, _arg: str) -> Piece:
    return _p(
        "I've passed your request to our privacy team, who handle requests for a copy of your "
        "data: you'll get a confirmation with a reference number, there's no charge, and they "
        "answer within 30 days by email.",
        "account-privacy",
        ["privacy-requests", "access"],
        ["privacy team", "30 days"],
    )


@piece("p_privacy_erasure")
def p_privacy_erasure(c: Ctx, _arg: str) -> Piece:
    return _p(
        "I've passed your request to our privacy team: erasure requests are completed within 30 "
        "days, anything still open (an order, return or refund) is finished first, deleting your "
        "data also closes your account, and invoices we must keep by law are kept.",
        "account-privacy",
        ["privacy-requests", "erasure"],
        ["privacy team", "30 days"],
    )


@piece("p_privacy_team")
def p_privacy_team(c: Ctx, _arg: str) -> Piece:
    regulator = REGULATOR[c.market]
    extra = f" You can also complain to {regulator}." if regulator else ""
    return _p(
        "Questions about your personal data go to our privacy team, at "
        "privacy@hollinandreed.example or through this chat, and they reply within 30 days."
        + extra,
        "account-privacy",
        ["privacy-requests", "contact-privacy"],
        ["privacy@hollinandreed.example"],
    )


@piece("p_complaint")
def p_complaint(c: Ctx, _arg: str) -> Piece:
    return _p(
        "I've logged this as a complaint. We resolve complaints within 8 days, and the person "
        "handling yours will look into what happened and tell you how we'll put it right.",
        "contact-escalation",
        ["complaints"],
        ["8 days"],
    )


@piece("p_escalate")
def p_escalate(c: Ctx, _arg: str) -> Piece:
    return _p(
        "I've asked for your case to be reviewed by a senior member of our team, who has the "
        "whole conversation.",
        "contact-escalation",
        ["escalate"],
        ["senior"],
    )


@piece("p_human")
def p_human(c: Ctx, _arg: str) -> Piece:
    return _p(
        "Of course: I've passed this conversation to our team with everything you've told me. "
        "During opening hours (Monday to Saturday, 8am to 8pm UK time) someone joins shortly; "
        "otherwise a person replies within 24 hours.",
        "contact-escalation",
        ["human"],
        ["24 hours"],
    )


@piece("p_hours")
def p_hours(c: Ctx, _arg: str) -> Piece:
    return _p(
        "Our team is available Monday to Saturday, 8am to 8pm UK time, and closed on Sundays; "
        "this chat assistant answers at any hour.",
        "contact-escalation",
        ["hours"],
        ["8am to 8pm"],
    )


@piece("p_channels")
def p_channels(c: Ctx, _arg: str) -> Piece:
    return _p(
        f"You can email support@hollinandreed.example or call {PHONE[c.market]} (Monday to "
        "Saturday, 8am to 8pm UK time); chat is the quickest for order questions.",
        "contact-escalation",
        ["channels"],
        [PHONE[c.market]],
    )


@piece("p_response")
def p_response(c: Ctx, _arg: str) -> Piece:
    return _p(
        "Every message gets a first response from us within 24 hours.",
        "contact-escalation",
        ["response-times"],
        ["24 hours"],
    )


@piece("p_chargeback")
def p_chargeback(c: Ctx, _arg: str) -> Piece:
    return _p(
        "I've passed this to our specialist team. Once a chargeback or dispute is open, the "
        "payment provider takes over and our own investigation pauses until it decides; if "
        "you've already opened one, please share the case reference so we can send them our "
        "records.",
        "contact-escalation",
        ["chargebacks"],
        ["case reference"],
    )


@piece("p_fraud")
def p_fraud(c: Ctx, _arg: str) -> Piece:
    return _p(
        "I've passed this straight to our specialist team to investigate. Please change your "
        "password now with Forgot password on the sign-in page; we never ask for it in chat.",
        "account-privacy",
        ["password"],
        ["specialist"],
    )


@piece("p_warranty")
def p_warranty(c: Ctx, _arg: str) -> Piece:
    return _p(
        "Everything we sell has a 2-year warranty against faults, and the frames of our "
        "solid-wood furniture are covered for 10 years, both from the delivery date.",
        "warranty",
        ["length"],
        ["2 year", "10 year"],
    )


@piece("p_warranty_claim")
def p_warranty_claim(c: Ctx, _arg: str) -> Piece:
    return _p(
        "For a warranty claim, send your order number, photos of the fault and of the whole "
        "item, the product label, and a short video if it's a wobble or a flicker; we reply "
        "within 24 hours and there's nothing to pay.",
        "warranty",
        ["claim", "evidence"],
        ["product label"],
    )


@piece("p_wear")
def p_wear(c: Ctx, _arg: str) -> Piece:
    return _p(
        "The warranty covers faults in how something was made, not normal wear and tear such as "
        "sun fading, pilling or softening cushions, nor accidental damage.",
        "warranty",
        ["not-covered"],
        ["wear and tear"],
    )


@piece("p_damage")
def p_damage(c: Ctx, _arg: str) -> Piece:
    return _p(
        "Please report damage within 7 days of delivery with photos of the damage, the whole "
        "item, the box and its label; you then choose a replacement or a refund, and collection "
        "is free.",
        "damaged-items",
        ["report", "remedy"],
        ["7 days"],
    )


@piece("p_exchanges")
def p_exchanges(c: Ctx, _arg: str) -> Piece:
    return _p(
        "We don't swap items directly: return the original and order the one you want, or ask "
        "us to hold the new variant while your return travels back. The usual return fee "
        "applies unless we sent the wrong one.",
        "returns",
        ["exchanges"],
        ["hold"],
    )


@piece("p_condition")
def p_condition(c: Ctx, _arg: str) -> Piece:
    return _p(
        "Original packaging helps but isn't required: pack it well enough to survive the trip, "
        "wrap fragile pieces separately and take shades off lamp bases.",
        "returns",
        ["condition"],
        ["packaging"],
    )


@piece("p_refund_delivery")
def p_refund_delivery(c: Ctx, _arg: str) -> Piece:
    return _p(
        "We refund the original delivery charge when an item is faulty, damaged or our mistake, "
        "when you cancel before dispatch, or when you return the whole order within the legal "
        "14-day period; for other change-of-mind returns it isn't refunded.",
        "refunds",
        ["delivery-charges"],
        ["delivery charge"],
    )


@piece("p_refund_method")
def p_refund_method(c: Ctx, _arg: str) -> Piece:
    return _p(
        "Refunds always go back to the original payment method used for the order; we can't send "
        "them to a different card or person.",
        "refunds",
        ["method"],
        ["original payment method"],
    )


@piece("handoff")
def handoff(c: Ctx, _arg: str) -> Piece:
    return Piece("A colleague will look at this and reply within 24 hours.")


@piece("handoff_senior")
def handoff_senior(c: Ctx, _arg: str) -> Piece:
    return Piece(
        "I've passed this to a senior member of our team with everything you've told me, and "
        "they'll reply within 24 hours."
    )


@piece("handoff_specialist")
def handoff_specialist(c: Ctx, _arg: str) -> Piece:
    return Piece(
        "I've passed this to our specialist team with the whole conversation; they'll contact "
        "you directly within 24 hours."
    )


@piece("redirect")
def redirect(c: Ctx, arg: str) -> Piece:
    return Piece(
        "That's not something I can help with here, I'm afraid. I can help with your Hollin & "
        "Reed orders, deliveries, returns and refunds, and questions about our products."
    )


@piece("greet")
def greet(c: Ctx, _arg: str) -> Piece:
    return Piece(
        "Hello! How can I help today? I can look up an order, help with a return or refund, or "
        "answer questions about our products."
    )


@piece("thanks")
def thanks(c: Ctx, _arg: str) -> Piece:
    return Piece("You're welcome! If anything else comes up with an order, just ask here.")


@piece("bot")
def bot(c: Ctx, _arg: str) -> Piece:
    return Piece(
        "I'm Hollin & Reed's automated support assistant. I can look up orders and explain our "
        "policies, and a person from our team is available whenever you ask for one."
    )


@piece("no_answer")
def no_answer(c: Ctx, _arg: str) -> Piece:
    """Nothing answers it; a correct assistant still looks the product up before saying so."""
    tools = []
    if c.sku is not None:
        tools = [call("get_product", sku=c.sku) if c.sku_named else call("search_catalogue")]
    return Piece(
        "I don't have that information in our policies or product details, so I've passed your "
        "question to a colleague, who'll reply within 24 hours.",
        tools=tools,
    )
