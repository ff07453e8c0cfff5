"""The neutral UI model as terminal text: who sees it, the text, numbered buttons."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from bot.replies import Button, Message

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x1b]")
COLOURS = {"you": "\x1b[36m", "dm": "\x1b[35m", "channel": "\x1b[33m", "button": "\x1b[32m"}
RESET = "\x1b[0m"


def clean(text: str) -> str:
    """User text is data: strip terminal control sequences so nothing can repaint the screen."""
    return CONTROL.sub("", text)


@dataclass(slots=True)
class Rendered:
    text: str
    buttons: tuple[Button, ...]


def render_message(
    tag: str, message: Message, colour: str | None, files_dir: str, updated: bool = False
) -> Rendered:
    pad = " " * (len(tag) + 1)
    head = f"{COLOURS[colour]}{tag}{RESET}" if colour else tag
    lines: list[str] = []
    if message.title:
        lines.append(clean(message.title))
    lines.extend(clean(message.text).split("\n"))
    if updated:
        lines[0] = "(updated) " + lines[0]
    for file in message.files:
        path = save_file(files_dir, file.filename, file.content)
        lines.append(f"(file {file.filename}, {len(file.content)} bytes: {path})")
    buttons = message.buttons
    if message.select is not None:
        lines.append(clean(message.select.placeholder) + ":")
        buttons = buttons + tuple(
            Button(o.label, message.select.action, o.value) for o in message.select.options
        )
    if buttons:
        labels = "  ".join(f"[{i}] {clean(b.label)}" for i, b in enumerate(buttons, 1))
        if colour:
            labels = f"{COLOURS['button']}{labels}{RESET}"
        lines.append(labels)
    text = head + " " + lines[0] + "".join("\n" + pad + line for line in lines[1:])
    return Rendered(text, buttons)


def save_file(folder: str, filename: str, content: bytes) -> str:
    os.makedirs(folder, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", filename) or "file"
    path = os.path.join(folder, safe)
    with open(path, "wb") as handle:
        handle.write(content)
    return path
