"""How the meeting happens: the ways to meet, how to say them, and the guide's advice on
the venue. The guide: in person (their office, coffee or lunch), by phone or video; email
only as a last resort; choose a quiet venue near them; be grateful if they prefer the phone.
"""

from __future__ import annotations

MEDIA = ("phone", "video", "in person", "coffee", "lunch", "email")
MEDIUM_EXAMPLE = "; by phone (or video, in person, coffee, lunch)"
GUIDE_MINUTES = 20  # the guide: "typically 20 minutes or less"
ASK_ABOVE_MINUTES = 30  # longer bookings are confirmed first

_PHRASES = {
    "phone": "by phone",
    "video": "by video",
    "in person": "in person",
    "coffee": "over coffee",
    "lunch": "over lunch",
    "email": "by email",
}


def medium_phrase(medium: str) -> str:
    """ "over coffee", "in person", "by phone" — for "Maria, tomorrow 15:00, over coffee"."""
    return _PHRASES.get(medium, f"by {medium}" if medium else "")


def venue_advice(medium: str) -> str:
    """What the guide says about the place, for the mediums that have one; else ""."""
    if medium in ("coffee", "lunch", "in person"):
        tip = (
            "Pick a quiet place near them, so you can hear each other and they get back "
            "on time; offer to pay for theirs."
        )
        if medium == "lunch":
            tip += " A lunch runs long: say you will keep to the time."
        return tip
    if medium == "phone":
        return "If they preferred the phone to meeting, thank them for it: it is their time."
    return ""
