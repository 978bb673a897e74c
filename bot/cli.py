"""The `danvan` command line (a stable contract: scripts outside the repository rely on it)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.reports.commands import add_arguments as add_leaders_commands
from bot.settings import Settings, load_settings
from core.config import ConfigError

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger("danvan")
MAX_USER_CHARS = 64  # the length of a channel identity in the database


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="danvan", description="danvan: citizens' petitions to their ward, by chat."
    )
    parser.add_argument("--config", type=Path, help="path of config.yaml (or DANVAN_CONFIG)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser(
        "run", help="start the configured channels (Telegram, Zalo) and the scheduler"
    )

    chat = commands.add_parser("chat", help="talk to the bot in the terminal")
    chat.add_argument("--user", help="the chat identity (two runs with one name: one person)")

    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="apply migrations")

    nlp = commands.add_parser("nlp", help="the text classifier")
    nlp_commands = nlp.add_subparsers(dest="nlp_command", required=True, metavar="ACTION")
    nlp_commands.add_parser("classify", help='JSON lines {"id","text"} in, predictions out')
    train = nlp_commands.add_parser("train", help="rebuild the shipped model from nlp/data")
    train.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        metavar="FILE.jsonl",
        help="more labelled lines to train on (e.g. reviewed corrections); repeatable",
    )
    evaluate = nlp_commands.add_parser("eval", help="per-label figures on a labelled file")
    evaluate.add_argument("file", type=Path)

    corrections = nlp_commands.add_parser(
        "corrections", help="officers' label corrections as training JSON lines"
    )
    corrections.add_argument(
        "--output", type=Path, metavar="FILE", help="file to write (default: stdout)"
    )
    corrections.add_argument(
        "--since", metavar="DAY", help="only petitions last corrected on or after this local day"
    )

    add_leaders_commands(commands)  # summary, report
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `danvan` console script."""
    args, extra = _parser().parse_known_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if extra:
        print(f"danvan: unrecognised arguments: {' '.join(extra)}", file=sys.stderr)
        return 2
    if args.command == "nlp" and args.nlp_command in ("train", "eval"):
        return _nlp_tool(args)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"danvan: {exc}", file=sys.stderr)
        return 2
    if args.command == "chat":
        return asyncio.run(_chat(settings, args.user))
    if args.command == "db":
        return asyncio.run(_db_upgrade(settings))
    if args.command == "run":
        from bot.run import run

        return asyncio.run(run(settings))
    if args.command in ("summary", "report"):
        from bot.reports.commands import run as leaders_command

        return asyncio.run(leaders_command(settings, args))
    if args.nlp_command == "corrections":
        return asyncio.run(_export_corrections(settings, args, sys.stdout))
    return _classify_stream(settings, sys.stdin, sys.stdout)


async def _chat(settings: Settings, user: str | None) -> int:

    from bot.app import open_app_or_explain
    from bot.console import chat, default_user, outbox_inbox

    user = user or default_user()
    if not 0 < len(user) <= MAX_USER_CHARS:
        print(f"danvan: --user must have 1 to {MAX_USER_CHARS} characters", file=sys.stderr)
        return 2
    app = await open_app_or_explain(settings, "chat")
    if app is None:
        return 2
    interactive = sys.stdin.isatty()
    try:
        await chat(
            app.dispatcher,
            app.services.clock,
            user,
            _prompted_lines() if interactive else sys.stdin,
            sys.stdout,
            echo=not interactive,
            inbox=outbox_inbox(app.store, app.services.clock),
        )
    finally:
        await app.close()
    return 0


def _prompted_lines() -> Iterator[str]:
    while True:
        try:
            yield input("> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return


async def _db_upgrade(settings: Settings) -> int:
    from sqlalchemy.exc import DBAPIError

    from bot.app import database_problem
    from storage.db import DatabaseUrlError, make_engine, upgrade

    try:
        engine = make_engine(settings.database_url)
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()
    except (OSError, DBAPIError, DatabaseUrlError) as exc:
        print(f"danvan db upgrade: {database_problem(settings, exc)}", file=sys.stderr)
        return 2
    print(f"database is up to date ({engine.url.render_as_string(hide_password=True)})")
    return 0


def _classify_stream(settings: Settings, source: TextIO, sink: TextIO) -> int:
    """`danvan nlp classify`: one JSON line out for every line in, in order."""
    from bot.app import default_classifier
    from core.labels import Category, Kind
    from core.routing import route

    classify = default_classifier()
    for line in source:
        item: Any = None
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('expected an object with a string "text"')
            prediction = classify(item["text"])
            kind, category = Kind(prediction.kind), Category(prediction.category)
            result: dict[str, Any] = {
                "id": item.get("id"),
                "kind": kind.value,
                "category": category.value,
                "urgent": prediction.urgent,
                "unit": route(settings.config.routing, kind, category),
                "confidence": round(prediction.confidence, 4),
            }
        except ValueError as exc:
            item_id = item.get("id") if isinstance(item, dict) else None
            result = {"id": item_id, "error": str(exc)}
        sink.write(json.dumps(result, ensure_ascii=False) + "\n")
        sink.flush()
    return 0


async def _export_corrections(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    """`danvan nlp corrections`: every corrected petition once, as a JSON line of the
    training data's format (its latest correction's text and labels, its urgent flag) plus
    its tracking code and the local day of that correction; to ``out`` or ``--output``."""
    from bot.app import run_on_app
    from bot.reports.commands import Refusal, parse_day
    from core.clock import local_date
    from core.summary import local_midnight

    command, timezone = "nlp corrections", settings.config.ward.timezone
    try:
        since = None if args.since is None else parse_day(args.since, "--since")
    except Refusal as exc:
        print(f"danvan {command}: {exc}", file=sys.stderr)
        return 2

    async def export(app: App) -> None:
        async with app.store.transaction() as repo:
            examples = await repo.labelled_corrections(
                None if since is None else local_midnight(since, timezone)
            )
        lines = "".join(
            json.dumps(
                {
                    "text": example.text,
                    "kind": example.kind,
                    "category": example.category,
                    "urgent": example.urgent,
                    "petition": example.petition,
                    "corrected_at": local_date(example.corrected_at, timezone).isoformat(),
                },
                ensure_ascii=False,
            )
            + "\n"
            for example in examples
        )
        if args.output is None:
            out.write(lines)
            return
        args.output.write_text(lines, encoding="utf-8")
        out.write(f"{len(examples)} corrected petitions written to {args.output}\n")

    return await run_on_app(settings, command, export)


def _nlp_tool(args: argparse.Namespace) -> int:
    if args.nlp_command == "train":
        from nlp.train import main as train_main

        return int(train_main([arg for path in args.extra for arg in ("--extra", str(path))]))
    from nlp.evaluate import main as eval_main

    return int(eval_main([str(args.file)]))
