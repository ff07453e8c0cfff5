"""``help [COMMAND]``: generated from the registry, so it never drifts from the grammar."""

from __future__ import annotations

from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx, Problem
from bot.replies import Message, Outbound, Reply, run

INTRO = (
    "Leap coaches informational interviews: short advice conversations with people doing "
    "the work you are considering. Type /leap followed by a command:"
)


def help_command(ctx: Ctx, text: str) -> list[Outbound]:
    word = text.strip().lower().removeprefix("/leap ").strip()
    if not word:
        lines = [INTRO] + [f"• {spec.name} — {spec.summary}" for spec in ctx.registry]
        lines.append("Details of one: /leap help COMMAND, e.g. /leap help add")
        return [
            Reply(
                Message(
                    "\n".join(lines),
                    title="Leap commands",
                    buttons=(run("Your next step", "next"), run("Add a contact", "add")),
                )
            )
        ]
    spec = ctx.registry.commands.get(word)
    if spec is None:
        raise unknown_command(ctx, word)
    return [
        Reply(
            Message(
                usage_text(spec), title=f"/leap {spec.name}", buttons=(run("All commands", "help"),)
            )
        )
    ]


def usage_text(spec: CommandSpec) -> str:
    lines = [spec.summary.capitalize() + ".", f"Usage: {spec.usage}"]
    if spec.details:
        lines.append(spec.details)
    if spec.examples:
        lines.append("Examples:")
        lines.extend(f"  {e}" for e in spec.examples)
    return "\n".join(lines)


def unknown_command(ctx: Ctx, word: str) -> Problem:
    names = sorted(spec.name for spec in ctx.registry)
    close = [n for n in names if n.startswith(word[:2])] if word else []
    hint = f" Did you mean {' or '.join(close[:2])}?" if close else ""
    return Problem(
        f"I don't know the command “{word}”.{hint} Commands: {', '.join(names)}.",
        run("Show help", "help"),
    )


FEATURE = Feature(
    commands=(
        CommandSpec(
            "help",
            "/leap help [COMMAND]",
            "what Leap can do, or how to use a command",
            help_command,
            examples=("/leap help", "/leap help add"),
            params=(Param("command", "a command name"),),
            pages=True,
        ),
    ),
)
