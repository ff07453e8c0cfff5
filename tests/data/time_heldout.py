"""HELD-OUT phrasings for ``parse_when``, written before the time parser's issue-15 changes
and never used to tune it; ``bench/timeparse.py`` reports on them.

The user is in Europe/Paris and types on Friday 4 December 2026 at 09:30 local time.
Each row: (text, expected, local time "YYYY-MM-DD HH:MM" or "").
expected: "book"  - understood, book at that time with no question;
          "ask"   - unsure: ask first, offering that time among the options ("" = any);
          "error" - not a time: say so (never a guess).
A silent misread is booking any time other than the one given.
"""

from __future__ import annotations

NOW_LOCAL = "2026-12-04 09:30"
TZ = "Europe/Paris"

TIME_HELD_OUT: list[tuple[str, str, str]] = [
    # plain, well-formed
    ("tomorrow at 3pm", "book", "2026-12-05 15:00"),
    ("Monday 10:00", "book", "2026-12-07 10:00"),
    ("next tuesday at 11am", "book", "2026-12-08 11:00"),
    ("Dec 9 at 14:30", "book", "2026-12-09 14:30"),
    ("9 December 2:15pm", "book", "2026-12-09 14:15"),
    ("2026-12-10 16:00", "book", "2026-12-10 16:00"),
    ("today 17:00", "book", "2026-12-04 17:00"),
    ("in 3 days at 10am", "book", "2026-12-07 10:00"),
    ("thursday at noon", "book", "2026-12-10 12:00"),
    ("wed 8:30am", "book", "2026-12-09 08:30"),
    # the same weekday as today
    ("friday 3pm", "book", "2026-12-04 15:00"),
    ("Friday at 16:30", "book", "2026-12-04 16:30"),
    ("this friday 11:00", "book", "2026-12-04 11:00"),
    ("next friday 3pm", "book", "2026-12-11 15:00"),
    ("friday 8am", "ask", "2026-12-11 08:00"),
    # past dates without a year
    ("Dec 3 at 14:30", "ask", "2027-12-03 14:30"),
    ("3 December 10am", "ask", "2027-12-03 10:00"),
    ("Nov 20 9:00", "ask", "2027-11-20 09:00"),
    ("Dec 3 2027 14:30", "book", "2027-12-03 14:30"),
    # night hours
    ("tomorrow 3am", "ask", "2026-12-05 03:00"),
    ("monday 23:00", "ask", "2026-12-07 23:00"),
    ("tuesday at 10pm", "ask", "2026-12-08 22:00"),
    ("tomorrow 05:30", "ask", "2026-12-05 05:30"),
    ("tomorrow 7am", "book", "2026-12-05 07:00"),
    # parts of the day
    ("Monday morning", "ask", "2026-12-07 10:00"),
    ("tuesday afternoon", "ask", "2026-12-08 14:00"),
    ("wednesday evening", "ask", "2026-12-09 18:00"),
    ("tomorrow morning", "ask", "2026-12-05 10:00"),
    ("this afternoon", "ask", "2026-12-04 14:00"),
    # explicit zones and other clock styles
    ("tomorrow 3pm EST", "book", "2026-12-05 21:00"),
    ("Monday 15:00 CET", "book", "2026-12-07 15:00"),
    ("tomorrow 3pm London", "book", "2026-12-05 16:00"),
    ("tuesday 9am PST", "book", "2026-12-08 18:00"),
    ("tomorrow 14h30", "book", "2026-12-05 14:30"),
    ("Monday 9h", "book", "2026-12-07 09:00"),
    ("tomorrow 10am UTC", "book", "2026-12-05 11:00"),
    ("Monday 2pm New York time", "book", "2026-12-07 20:00"),
    ("tomorrow 10:00 Tokyo", "book", "2026-12-05 02:00"),
    # vague
    ("next week sometime", "ask", ""),
    ("sometime next week", "ask", ""),
    ("early next week", "ask", ""),
    ("whenever suits them", "ask", ""),
    ("later this week", "ask", ""),
    # numeric dates that read two ways
    ("12/7 at 10am", "ask", "2026-12-07 10:00"),
    # not a time at all
    ("after lunch with Bob", "error", ""),
    ("blue", "error", ""),
    ("tomorrow 25:00", "error", ""),
]
