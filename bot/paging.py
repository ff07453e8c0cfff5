"""Long answers as pages that fit every platform, with a "More" button for the next one.

The core applies ``paginate`` to every command's answer (``Leap._command``), so any list a
handler returns — contacts, the tree, the report, notes, nudges — arrives complete however
long it grows. A message whose title and text exceed ``PAGE_CHARS`` is cut at line
boundaries (at a blank line when one is near) into pages under a budget that fits every
platform: Discord's 2,000 characters a message, and Slack's roughly 12,000 characters of
block text (``msg_blocks_too_long``) even after mrkdwn escaping.

A command that only reads (``CommandSpec.pages``) shows one page and a "More (2/5)"
button that runs the same command again for the next page; the answer's own buttons
follow its last page (``PAGE`` action: the page
number, then the command text). Anything else is never run twice: all its pages are sent
at once, one message each.
"""

from __future__ import annotations

from dataclasses import replace

from bot.replies import (
    MAX_ACTION_CHARS,
    Button,
    Message,
    Outbound,
    Reply,
    Update,
)

PAGE = "page"  # the action of a "More" button: value "N COMMAND"
PAGE_CHARS = 1800  # title + text of one page: one Discord message, a third of Slack's cap
NEAR_BLANK = 0.4  # cut at a blank line when one falls in the last 60% of a page
MAX_BUTTONS = 25  # Discord: 5 rows of 5; Slack: 25 elements in an actions block


def pages_of(text: str, budget: int = PAGE_CHARS) -> list[str]:
    """``text`` in pieces of at most ``budget`` characters, cut between lines (a line
    longer than a page is cut between words, or hard when it has no space)."""
    lines: list[str] = []
    for line in text.split("\n"):
        while len(line) > budget:
            cut = line.rfind(" ", budget // 2, budget)
            cut = cut if cut > 0 else budget
            lines.append(line[:cut])
            line = line[cut:].lstrip(" ")
        lines.append(line)
    pages: list[list[str]] = [[]]
    size = 0
    for line in lines:
        current = pages[-1]
        if current and size + 1 + len(line) > budget:
            blank = _last_blank(current)
            if blank is not None and blank >= NEAR_BLANK * len(current):
                pages[-1], carried = current[:blank], current[blank + 1 :]
            else:
                carried = []
            pages.append(carried)
            current = pages[-1]
            size = sum(len(x) + 1 for x in carried)
        current.append(line)
        size += len(line) + 1
    texts = ["\n".join(page).strip("\n") for page in pages]
    return [t for t in texts if t.strip()] or [""]


def _last_blank(lines: list[str]) -> int | None:
    for i in range(len(lines) - 1, 0, -1):
        if not lines[i].strip():
            return i
    return None


def too_long(message: Message, budget: int = PAGE_CHARS) -> bool:
    return len(message.title) + 1 + len(message.text) > budget


def split(message: Message, budget: int = PAGE_CHARS) -> list[Message]:
    """``message`` as pages: the title (numbered) on every page, the files on the first,
    the buttons and the select under the last (they follow what was read)."""
    texts = pages_of(message.text, max(budget - len(message.title) - 12, budget // 2))
    total = len(texts)
    if total == 1:
        return [message]
    pages: list[Message] = []
    for number, text in enumerate(texts, 1):
        title = f"{message.title} ({number}/{total})" if message.title else ""
        if not message.title:
            text = f"({number}/{total})\n{text}"
        last = number == total
        pages.append(
            replace(
                message,
                title=title,
                text=text,
                files=message.files if number == 1 else (),
                buttons=message.buttons if last else (),
                select=message.select if last else None,
            )
        )
    return pages


def more_button(command: str, page: int, total: int) -> Button | None:
    """The "More" button that shows ``page`` by running ``command`` again, if it fits."""
    value = f"{page} {command.strip()}"
    if len(PAGE) + 1 + len(value) > MAX_ACTION_CHARS:
        return None
    return Button(f"More ({page}/{total})", PAGE, value, "primary")


def parse(value: str) -> tuple[int, str]:
    """A "More" button's value back as ``(page, command)``; page 1 when unreadable."""
    number, _, command = value.strip().partition(" ")
    return (max(1, int(number)) if number.isdigit() else 1), command.strip()


def paginate(
    outs: list[Outbound], command: str, page: int = 1, *, repeatable: bool = False
) -> list[Outbound]:
    """Every reply of a command within ``PAGE_CHARS``. The first long one of a
    ``repeatable`` command shows page ``page`` with a "More" button; any other long
    reply is sent as all its pages."""
    result: list[Outbound] = []
    paged = False
    for out in outs:
        if not isinstance(out, Reply | Update) or not too_long(out.message):
            result.append(out)
            continue
        pages = split(out.message)
        if repeatable and not paged:
            paged = True
            number = min(max(page, 1), len(pages))
            more = more_button(command, number + 1, len(pages)) if number < len(pages) else None
            if more is not None or number == len(pages):
                shown = pages[number - 1]
                if more is not None:
                    shown = replace(shown, buttons=(more, *shown.buttons)[:MAX_BUTTONS])
                result.append(replace(out, message=shown))
                continue
            pages = pages[number - 1 :]  # the command is too long for a button: send the rest
        result.extend(_all_pages(out, pages))
    return result


def _all_pages(out: Reply | Update, pages: list[Message]) -> list[Outbound]:
    """Every page at once."""
    first: Outbound = replace(out, message=pages[0])
    public = out.public if isinstance(out, Reply) else False
    return [first, *(Reply(p, public=public) for p in pages[1:])]
