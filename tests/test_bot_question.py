"""'Are you a bot?' is a question the assistant answers; 'get me a human' is a request."""

from __future__ import annotations

import pytest

from nlp.bot_question import asks_for_a_person, asks_who_is_answering
from nlp.reading_rules import calm_question
from tests.test_template_drafter import write


@pytest.mark.parametrize(
    "message",
    [
        "Am I talking to a robot?",
        "are you a bot? just curious",
        "Is this a real person or a bot I'm chatting with?",
        "r u an AI or is there an actual human typing these answers",
        "Could you tell me if this chat is run by a real person or a program?",
        "Are you a robot or a real person? No problem either way.",
    ],
)
def test_that_asking_who_is_typing_is_read_as_a_question(message: str):
    assert asks_who_is_answering(message)


@pytest.mark.parametrize(
    "message",
    [
        "Stop wasting my time with this useless robot and get me a REAL PERSON now.",
        "am I talking to a real person or a bot? if it's a bot, can you get me a human please",
        "Are you a bot? If so, I'd like a human.",
        "I'd like to speak to a real person about an order, not a chatbot.",
        "real person pls",
        "are you a person who can refund me?",
        "Is it machine washable?",
        "Is it a real leather sofa?",
        "Where is my order?",
    ],
)
def test_that_wanting_a_person_or_asking_something_else_is_not(message: str):
    assert not asks_who_is_answering(message)


def test_that_the_answer_says_it_is_an_ai_and_offers_a_person_without_claims():
    draft = write("other", [], "are you a real person?")
    assert "an AI rather than a person" in draft.text
    assert "talk to someone from our team" in draft.text
    assert not draft.citations and not draft.promises
    assert not any(ch.isdigit() for ch in draft.text)  # claim-free: the gate may send it


@pytest.mark.parametrize(
    "message",
    [
        "Thanks, but that doesn't really cover it. It was a gift and I've no idea which shop it "
        "came from. I think I need to explain this to an actual person, sorry.",
        "No thanks, I'd rather talk to a person about it.",
        "Put me through to a HUMAN BEING this minute.",
        "Dad doesn't do chats, so it would be simpler if somebody on your end could just talk "
        "to him directly.",
        "when's it turning up? or could someone just give me a ring, easier than typing",
        "I prefer that somebody from your team calls me back, my written englisch is not so good",
        "I'd like to speak with an actual member of your team.",
        "it's complicated, can I go through it with a real person?",
        "It still hasn't turned up. Could an actual person chase the courier for me?",
        "I am done talking to a machine. My refund still isn't in my account.",
        "I know the rules. I want a manager who can sign off an exception.",
        "Let me speak to your supervisor about this order, please.",
        "The leg has split. I'd honestly rather a person dealt with this than the chat.",
        "Could one of your team take this on personally and keep me posted?",
        "I'd really prefer one of your team handled this for me rather than the forms.",
        "Can I get a real person to fix the address before it leaves?",
        "Could a member of your staff please just cancel it for me instead?",
        "Dad would be so much happier hearing an actual voice tell him when it's coming.",
        "The two men who carried the bed up were wonderful. Can you put me in touch?",
        "I need to talk this through with whoever plans the deliveries before it's booked.",
        "I'd like to go through the delivery of the sofa with a member of your staff first.",
        "I'd like to tell their manager myself rather than leave it in a chat.",
        "The checkout took only one code. Is there anyone there who's allowed to use a bit of "
        "discretion and take the second one off?",
        "It's going to my old flat. Is there somebody on your side with the authority to phone "
        "them and turn it round?",
        "need an actual person re <ORDER_ID_1> - which courier has it, and what day is it due?",
        "I'd like a real person to chase the refund for <ORDER_ID_1>, please.",
        "I think it's time this came off the automated pile and was looked at properly.",
        "I've read the page three times. Could I run it past one of your team, please?",
        "I'd just like a straight answer from a person about whether my bulbs fit.",
        "I'd like to speak to someone on your team about a problem with our bed.",
        "Can I speak to someone, and is there a phone number I can call instead?",
        "I'd be grateful if someone in your accounts team could correspond with me directly by "
        "email from here on.",
        "Would it be possible for someone on your team to pick this up with me over email?",
        "Is there anybody on your team who's actually sat on one and could tell me how firm it is?",
        "I'd like to talk a sofa purchase through with a real person before I commit.",
        "The button keeps failing. Could a person please cancel it for me and confirm by email?",
        "she dont trust the buttons. please can we speak with a real person who cancel this for "
        "her?",
        "A parcel came for the woman who lived here before. Could someone from your team get in "
        "touch and arrange for it to be picked up?",
        "Would somebody please contact me about the delivery? I'm home most afternoons.",
        "i dont understand where i find it. please can a person help me, not the computer, "
        "because it must be correct",
        "I'd like someone to ring me about sending back the duvet; I'd rather talk it through.",
        "is there anyone there who speaks german? my mum wants to ring about her order herself",
        "It's twenty to eight and I'm out at nine. Can you get one of them to pick this chat up "
        "when they start?",
        "Could somebody from the phone team join this chat, please?",
        "Could someone pick up this chat? I'm going round in circles.",
    ],
)
def test_that_saying_so_is_a_request_for_a_person(message: str):
    assert asks_for_a_person(message)


@pytest.mark.parametrize(
    "message",
    [
        "I don't want to talk to a person, just tell me the return fee.",
        "Can I sort this out without speaking to an agent?",
        "The person who bought it has moved abroad. Can I return it?",
        "Do I need someone at home for the delivery?",
        "Are you a real person?",
        "My neighbour will pass it to the courier, is that ok?",
        "Can a person sign for it on my behalf?",
        "Can a person cancel an order after it has been dispatched?",
        "I'm done talking about the colour, can I just swap it?",
        "The store manager told me to ask you about the warranty.",
        "I'd rather not have a person ring me, email is fine.",
        "One of your team told me last week that it had shipped.",
        "Could you put me in touch with a few of your customers who bought sofas?",
        "The voice on the phone line said to message here instead.",
        "I don't need an actual person, just the date.",
        "We need a real person's signature on delivery, is that right?",
        "I'd like a real person's view on the colour, if the photos are accurate?",
        "I'd like a name, and a reply from someone with the authority to do something about it.",
        "Could someone on your end tell me whether it has shipped?",
        "Could someone on your side tell me when the van comes?",
        "Could someone get in touch with the courier? I'm not sure where it is.",
        "We talked the layout through with the person who sold it us. Will it fit?",
        "I got an answer from an agent yesterday saying it had shipped.",
        "I ran it past my husband and we'd like the oak one instead.",
        "Is there a number I can ring? I'd rather speak to someone than type.",
        "He would rather talk to someone on the phone than type, so what number should he call?",
        "My grandson set this up, but I'd much rather speak to someone. Which number do I ring?",
        "I'd honestly rather talk it through with a person: what's your US phone number, and "
        "what hours are you open?",
        "I don't need to speak to someone, just tell me the fee.",
        "Does someone at your end need to change it, or can I do it myself?",
        "When I phoned, someone on your team told me it had been dispatched.",
        "My sister, who has used one for years, says the cover shrinks. Does it?",
        "I need to talk to the person who bought it for me before I send it back.",
        "I'd like someone to ring me before the van comes, the doorbell is broken.",
        "A person, not a bot, has to sign for it: is that right?",
        "My neighbour speaks German and can take the parcel in.",
        "I'll pick the chat up again tomorrow, thanks for now.",
        "I'd like to pick up the conversation where we left off yesterday.",
    ],
)
def test_that_declining_one_or_mentioning_people_is_not(message: str):
    assert not asks_for_a_person(message)


def test_that_asking_who_answers_is_not_anger_unless_the_words_are_hostile():
    # "Am I talking to a robot?" scores 0.64 on the anger model.
    mild = {"anger": 0.64, "angry": True, "cues": []}
    assert calm_question(mild) == {**mild, "angry": False, "read_as_calm": "asks who is answering"}
    shouted = {"anger": 0.64, "angry": True, "cues": ["all_caps"]}
    assert calm_question(shouted) == shouted
    strong = {"anger": 0.9, "angry": True, "cues": []}
    assert calm_question(strong) == strong
    calm = {"anger": 0.1, "angry": False, "cues": []}
    assert calm_question(calm) == calm
