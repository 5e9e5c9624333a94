"""Cold, controlled contempt for the shop is anger, though nothing in it shouts or swears; a
customer who is unhappy but still cooperating is not (nlp/cold_hostility.py)."""

from __future__ import annotations

import pytest

from nlp.cold_hostility import coldly_hostile
from nlp.sentiment import Sentiment
from nlp.understand import _coldly_angry


@pytest.mark.parametrize(
    "text",
    [
        "I'll keep this brief, since I've learnt to expect very little from your company. "
        "Spare me the apologies.",
        "Frankly I have stopped expecting much from you, so tell me what happens next.",
        "It's a shabby way to treat people and, frankly, typical of what I've come to expect.",
        "I require confirmation that the change has been made correctly, which would be a first.",
        "This will be the last order I place with your company.",
        "Your product pages are inadequate and, in my experience, so is your customer service.",
        "I would appreciate a plain answer without the sales patter: is it dimmable?",
        "I don't want an apology. Just the facts, if anyone there is able to provide them.",
        "No apologies, no exclamation marks, no 'happy to help'.",
        "I should like to see it removed. I trust that isn't beyond you.",
        "Don't call me back: I stopped trusting anything your people say on the phone.",
        "You'll understand that I no longer take your tracking at its word, or yours.",
        "You can leave out the paragraph about being sorry for any inconvenience.",
        "I would like to be told, in a single sentence if your staff can manage one.",
        "I'm expected to post it back at my own cost? That is a ridiculous way to treat customers.",
        "The lamp came in two bits and nobody has called. Sort it out.",
    ],
)
def test_that_cold_contempt_for_the_shop_is_recognised(text: str) -> None:
    assert coldly_hostile(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry to be writing again so soon, I know it isn't your fault.",
        "I'll keep this short: when will HR-123456 arrive?",
        "I didn't expect it so soon, thank you!",
        "Please don't apologise, it's my mistake: I typed the wrong postcode.",
        "No complaints at all, the only problem is that our old table now looks tired.",
        "This is the last thing I'll ask, promise: does it come with a bulb?",
        "Could you spare a moment to check my refund?",
        "I won't be ordering again until the sale, so can I keep the code?",
        "We're emigrating, so please delete my data too, as I won't be ordering again.",
        "I'd stopped believing it would ever come, so thank you!",
        "I've come to expect nothing but the best from you, and the sofa is no exception.",
        "I'd stopped expecting it to arrive before Christmas, so thank you!",
        "I've come to expect much from Hollin & Reed and you never disappoint.",
        "Could you sort it out for me please? Thanks so much.",
        "I hope you can sort it out. The rest of the order was lovely.",
        "The parcel seems to have taken a ridiculous way to get here, ha.",
    ],
)
def test_that_a_customer_who_is_unhappy_but_cooperating_is_not(text: str) -> None:
    assert not coldly_hostile(text)


def test_that_cold_contempt_is_read_as_angry_with_the_contempt_cue() -> None:
    calm = Sentiment(
        polarity=-0.1, anger=0.2, urgency=0.1, angry=False, urgent=False, cues=("polite",)
    )
    angry = _coldly_angry(calm)
    assert angry.angry and angry.anger == 0.5 and angry.cues == ("polite", "contempt")
    assert angry.urgency == calm.urgency and angry.polarity == calm.polarity
