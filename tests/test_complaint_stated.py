"""A message that says in so many words that it is a complaint is flagged for a person, whatever
the classifier reads it as; a passing mention of complaints is not."""

from __future__ import annotations

import pytest

from nlp.complaint import states_complaint
from nlp.pii import PiiMasker, Vault
from nlp.understand import mask_turn


@pytest.mark.parametrize(
    "text",
    [
        "Subject: Formal complaint - parcel thrown over our gate",
        "I\u2019d like to make a complaint about how my return was handled",
        "We wish to lodge an official complaint about the delivery team.",
        "My order is late again and I'm making a complaint.",
        "If I was given the wrong information I want to complain about it.",
        "Dear team, I am writing to complain about the two men who delivered my table.",
        "This is a formal complaint.",
        "I've heard nothing back at all. Please log that as a complaint.",
        "Treat this as a formal complaint, please.",
        "Nobody told me the card would be charged twice, so please note this down as a complaint.",
        "Your driver never knocked. I want this on record as a complaint.",
        "Could you tell me what was refunded? And please note that I'm not happy with how this "
        "was handled.",
        "I'm really unhappy with the way my return was handled.",
        "I don't like making a fuss, but I feel a bit let down.",
        "Nothing on the product page made that obvious, and I'd like the people who run your "
        "website to hear that.",
        "I'm not after money, I just feel someone higher up ought to hear about this.",
        "That's not good enough, and I want it written down as a complaint.",
        "Der Gutschein wird abgelehnt. Ich möchte mich beschweren.",
        "Hello, I must complain about the driver who brought our order.",
        "We have to complain about how the parcel was left in the rain.",
        "the tracking link never worked. not askin for anythin, just want sum1 there to kno it "
        "needs fixin",
        "It isn't what I'd expect at your prices, and I'd like someone to know.",
        # Feedback to pass on, or a fix the shop owes, beside a question.
        "Could you give me the table's width? And please pass on that the measurements need to "
        "be written out as text too.",
        "When I asked about your price promise I was told no. Could that be passed on as feedback?",
        "It came without a bulb. Whoever writes the product pages should fix that. What bulb?",
        "Lovely sofa, but the delivery slot was changed three times. Please pass this on.",
    ],
)
def test_that_a_complaint_in_so_many_words_is_recognised(text: str) -> None:
    assert states_complaint(text)


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to complain, the table is lovely, but where are the screws?",
        "Is there a complaints form on your website?",
        "Not a complaint, just a question about the lamp shade.",
        "How long do complaints usually take to resolve?",
        "Where is my order?",
        "Would you count it as a complaint if I asked about the delay?",
        "I don't want to hear that it's too late, just change the address.",
        "When should I hear that it has shipped?",
        "She still wants to hear about the lamp she's waiting for.",
        "Am I happy with how the sofa looks? Yes! But the legs are loose.",
        "Ich möchte mich nicht beschweren, aber wann kommt das Paket?",
        "I can't complain about the sofa, it's perfect, but when do the cushions come?",
        "I'd like someone to know how brilliant the two delivery men were.",
        "I want someone to know where the parcel is before I go out.",
        "The two drivers were brilliant with our narrow stairs. Please pass that on!",
        "My neighbour will take it in and pass it on to me. Is that allowed?",
        "I'll pass it on to my sister when it comes. Thanks for your help.",
        "Should I sort this out with the courier or with you?",
    ],
)
def test_that_other_mentions_are_not(text: str) -> None:
    assert not states_complaint(text)


def test_that_masking_a_stated_complaint_flags_it_for_the_gate() -> None:
    turn = mask_turn(
        "Formal complaint: the courier threw it over the gate", Vault(), None, PiiMasker()
    )
    assert "complaint_stated" in turn.flags
    calm = mask_turn("Hi, where is my mirror?", Vault(), None, PiiMasker())
    assert "complaint_stated" not in calm.flags
