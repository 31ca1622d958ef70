"""The `achiev` command: migrate the database, seed demo data, and more (`achiev --help`)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable

Handler = Callable[[argparse.Namespace], int]


def _migrate(args: argparse.Namespace) -> int:
    from models.db import current_revision, downgrade_to_base, get_engine, upgrade_to_head

    engine = get_engine()
    if args.down:
        downgrade_to_base(engine)
    else:
        upgrade_to_head(engine)
    print(
        f"Database {engine.url.render_as_string(hide_password=True)} is at "
        f"{current_revision(engine) or 'base (empty)'}."
    )
    return 0


def _seed_demo(args: argparse.Namespace) -> int:
    from models.db import session_scope, upgrade_to_head
    from services.demo import record_counts, seed_demo, seed_large

    upgrade_to_head()
    with session_scope() as session:
        user, created = (seed_large if args.large else seed_demo)(session)
        counts = record_counts(session, user.user_id)
    state = "Created" if created else "Already there, unchanged:"
    print(f"{state} {user.email} ({user.user_id})")
    print(json.dumps(counts))
    return 0


COMMANDS: dict[str, tuple[str, Handler, Callable[[argparse.ArgumentParser], None]]] = {
    "migrate": (
        "upgrade the database to the newest schema (or --down to remove it)",
        _migrate,
        lambda p: p.add_argument("--down", action="store_true", help="downgrade to empty"),
    ),
    "seed-demo": (
        "create the demo account with a realistic record (twice changes nothing)",
        _seed_demo,
        lambda p: p.add_argument(
            "--large", action="store_true", help="the large account for benchmarks instead"
        ),
    ),
}


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser, one sub-command per entry of COMMANDS."""
    parser = argparse.ArgumentParser(prog="achiev", description="Achiev from the command line.")
    subs = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, handler, configure) in COMMANDS.items():
        sub = subs.add_parser(name, help=help_text, description=help_text)
        configure(sub)
        sub.set_defaults(handler=handler)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one sub-command; a person sees a sentence on failure, not a traceback."""
    from services.errors import AchievError
    from services.settings import get_settings

    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=get_settings().log_level, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        return args.handler(args)
    except AchievError as exc:
        print(f"achiev: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
