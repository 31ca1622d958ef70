"""The migrated database, introspected on each backend, against the owner's schema (spec)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

# Written from spec/schema.md, not from the models: the contract the migrations must meet.
# column: (type, varchar length or None, nullable, default: None | "now" | "false" | "true")
LIFECYCLE = {
    "created_at": ("timestamp", None, False, "now"),
    "updated_at": ("timestamp", None, False, "now"),
}
SPEC: dict[str, dict[str, tuple]] = {
    "users": {"user_id": ("varchar", 128, False, None), "email": ("text", None, False, None)},
    "profiles": {
        "id": ("varchar", 255, False, None),
        "user_id": ("varchar", 128, False, None),
        "first_name": ("varchar", 100, True, None),
        "last_name": ("varchar", 100, True, None),
        "headline": ("varchar", 255, True, None),
        "summary": ("text", None, True, None),
        "industry": ("varchar", 100, True, None),
        "location": ("varchar", 100, True, None),
        "career_goals": ("text", None, True, None),
    },
    "experiences": {
        "id": ("varchar", 255, False, None),
        "user_id": ("varchar", 128, False, None),
        "company_name": ("varchar", 255, False, None),
        "job_title": ("varchar", 255, False, None),
        "start_date": ("timestamp", None, True, None),
        "end_date": ("timestamp", None, True, None),
        "is_current": ("boolean", None, True, "false"),
        "location": ("varchar", 255, True, None),
        "description": ("text", None, True, None),
    },
    "achievements": {
        "id": ("varchar", 255, False, None),
        "experience_id": ("varchar", 255, False, None),
        "description": ("text", None, False, None),
        "impact": ("text", None, True, None),
        "skills": ("text", None, True, None),
    },
    "resume_bullets": {
        "id": ("varchar", 255, False, None),
        "achievement_id": ("varchar", 255, True, None),
        "experience_id": ("varchar", 255, True, None),
        "user_id": ("varchar", 128, False, None),
        "content": ("text", None, False, None),
        "is_custom": ("boolean", None, True, "false"),
        "ai_generated": ("boolean", None, True, "true"),
        "confidence_score": ("integer", None, True, None),
    },
    "job_descriptions": {
        "id": ("varchar", 255, False, None),
        "user_id": ("varchar", 128, False, None),
        "title": ("varchar", 255, False, None),
        "company": ("varchar", 255, True, None),
        "description": ("text", None, False, None),
        "key_skills": ("text", None, True, None),
        "requirements": ("text", None, True, None),
        "url": ("text", None, True, None),
    },
    "tailored_resumes": {
        "id": ("varchar", 255, False, None),
        "user_id": ("varchar", 128, False, None),
        "job_description_id": ("varchar", 255, True, None),
        "name": ("varchar", 255, False, None),
        "summary": ("text", None, True, None),
    },
    "tailored_bullets": {
        "id": ("varchar", 255, False, None),
        "tailored_resume_id": ("varchar", 255, False, None),
        "resume_bullet_id": ("varchar", 255, False, None),
        "order": ("integer", None, False, None),
    },
    "conversations": {
        "id": ("varchar", 255, False, None),
        "user_id": ("varchar", 128, False, None),
        "title": ("varchar", 255, True, None),
    },
    "messages": {
        "id": ("varchar", 255, False, None),
        "conversation_id": ("varchar", 255, False, None),
        "content": ("text", None, False, None),
        "role": ("varchar", 50, False, None),
        "timestamp": ("timestamp", None, False, "now"),
    },
}
PRIMARY_KEYS = {t: ["user_id"] if t == "users" else ["id"] for t in SPEC}
FOREIGN_KEYS = {
    "profiles": {("user_id", "users", "user_id")},
    "experiences": {("user_id", "users", "user_id")},
    "achievements": {("experience_id", "experiences", "id")},
    "resume_bullets": {
        ("achievement_id", "achievements", "id"),
        ("experience_id", "experiences", "id"),
        ("user_id", "users", "user_id"),
    },
    "job_descriptions": {("user_id", "users", "user_id")},
    "tailored_resumes": {
        ("user_id", "users", "user_id"),
        ("job_description_id", "job_descriptions", "id"),
    },
    "tailored_bullets": {
        ("tailored_resume_id", "tailored_resumes", "id"),
        ("resume_bullet_id", "resume_bullets", "id"),
    },
    "conversations": {("user_id", "users", "user_id")},
    "messages": {("conversation_id", "conversations", "id")},
    "users": set(),
}
# The spec's Indexes section (plus profiles.user_id unique: users and profiles are one-to-one).
INDEXES = {
    "profiles": {(("user_id",), True)},
    "experiences": {(("user_id",), False)},
    "achievements": {(("experience_id",), False)},
    "resume_bullets": {
        (("user_id",), False),
        (("experience_id",), False),
        (("achievement_id",), False),
    },
    "job_descriptions": {(("user_id",), False)},
    "tailored_resumes": {(("user_id",), False), (("job_description_id",), False)},
    "tailored_bullets": {(("tailored_resume_id",), False)},
    "conversations": {(("user_id",), False)},
    "messages": {(("conversation_id",), False)},
    "users": set(),
}


def _type(column: dict) -> tuple[str, int | None]:
    kind = column["type"]
    if isinstance(kind, sa.Boolean):
        return "boolean", None
    if isinstance(kind, sa.DateTime | sa.TIMESTAMP):
        return "timestamp", None
    if isinstance(kind, sa.Integer):
        return "integer", None
    if isinstance(kind, sa.Text) and not getattr(kind, "length", None):
        return ("text", None) if type(kind).__name__.upper() == "TEXT" else ("varchar", None)
    if isinstance(kind, sa.String):
        return "varchar", kind.length
    return type(kind).__name__.lower(), None


def _default(text: str | None) -> str | None:
    if text is None:
        return None
    t = text.lower().strip("()' ")
    if t in ("now", "now()", "current_timestamp"):
        return "now"
    if t in ("false", "0"):
        return "false"
    if t in ("true", "1"):
        return "true"
    return t


@pytest.fixture
def inspector(migrated_engine: Engine) -> sa.Inspector:
    return sa.inspect(migrated_engine)


@pytest.mark.parametrize("table", sorted(SPEC))
def test_columns_match_the_spec(inspector: sa.Inspector, table: str) -> None:
    columns = {c["name"]: c for c in inspector.get_columns(table)}
    expected = {**SPEC[table], **LIFECYCLE}
    assert set(columns) == set(expected)
    for name, (kind, length, nullable, default) in expected.items():
        column = columns[name]
        assert _type(column) == (kind, length), f"{table}.{name} type"
        assert bool(column["nullable"]) is nullable, f"{table}.{name} nullability"
        assert _default(column.get("default")) == default, f"{table}.{name} default"


@pytest.mark.parametrize("table", sorted(SPEC))
def test_keys_match_the_spec(inspector: sa.Inspector, table: str) -> None:
    assert inspector.get_pk_constraint(table)["constrained_columns"] == PRIMARY_KEYS[table]
    found = {
        (fk["constrained_columns"][0], fk["referred_table"], fk["referred_columns"][0])
        for fk in inspector.get_foreign_keys(table)
    }
    assert found == FOREIGN_KEYS[table]


@pytest.mark.parametrize("table", sorted(SPEC))
def test_indexes_match_the_spec(inspector: sa.Inspector, table: str) -> None:
    found = {(tuple(ix["column_names"]), bool(ix["unique"])) for ix in inspector.get_indexes(table)}
    assert found == INDEXES[table]


def test_defaults_apply_in_the_database(migrated_engine: Engine) -> None:
    """Rows written by plain SQL (not the ORM) get the schema's defaults."""
    with migrated_engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO users (user_id, email) VALUES ('u1', 'a@b.co')"))
        conn.execute(
            sa.text(
                "INSERT INTO experiences (id, user_id, company_name, job_title) "
                "VALUES ('e1', 'u1', 'Acme', 'Engineer')"
            )
        )
        conn.execute(
            sa.text("INSERT INTO resume_bullets (id, user_id, content) VALUES ('b1', 'u1', 'x')")
        )
        conn.execute(sa.text("INSERT INTO conversations (id, user_id) VALUES ('c1', 'u1')"))
        conn.execute(
            sa.text(
                "INSERT INTO messages (id, conversation_id, content, role) "
                "VALUES ('m1', 'c1', 'hi', 'user')"
            )
        )
        exp = conn.execute(sa.text("SELECT is_current, created_at, updated_at FROM experiences"))
        is_current, created, updated = exp.one()
        bullet = conn.execute(sa.text("SELECT is_custom, ai_generated FROM resume_bullets")).one()
        stamp = conn.execute(sa.text("SELECT timestamp FROM messages")).scalar()
        for table in ("messages", "conversations", "resume_bullets", "experiences", "users"):
            conn.execute(sa.text(f"DELETE FROM {table}"))
    assert not is_current and created is not None and updated is not None
    assert (bool(bullet[0]), bool(bullet[1])) == (False, True)
    assert stamp is not None


def test_foreign_keys_are_enforced(migrated_engine: Engine) -> None:
    """An achievement pointing at no experience is refused, on SQLite too."""
    with pytest.raises(sa.exc.IntegrityError), migrated_engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO achievements (id, experience_id, description) VALUES ('a', 'x', 'd')"
            )
        )
