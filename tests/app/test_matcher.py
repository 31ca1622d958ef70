"""The matcher page: a job beside the bullets, scores, gaps, picks and a tailored resume."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from services import jobs, tailoring
from services.access import Actor
from tests.matching_data import LINES, build_record

POSTING = """Data Engineer

We build data pipelines in Python and SQL on Kubernetes.
Requirements: Python, SQL, Kubernetes, Terraform. <script>alert(1)</script>"""


@pytest.fixture
def record(session: Session, alice: Actor) -> dict:
    return build_record(session, alice, POSTING)


def test_a_saved_job_beside_the_ranked_bullets(run_page, record: dict, alice: Actor) -> None:
    at = run_page("matcher", alice)
    assert not at.exception, at.exception
    assert at.selectbox(key="matcher.job").value == record["job"].id
    frame = at.dataframe[0].value
    assert list(frame.columns) == [
        "Include", "Score", "Band", "Bullet", "Matched skills", "Experience",
    ]  # fmt: skip
    assert frame["Bullet"].iloc[-1] == LINES["party"]
    assert set(frame["Bullet"].iloc[:2]) == {LINES["pipeline"], LINES["k8s"]}
    assert not frame["Include"].any()
    chips = " ".join(m.value for m in at.markdown)
    assert ":blue-badge[Python]" in chips and ":red-badge[:material/close: Terraform]" in chips
    [page_html] = [h.proto.body for h in at.get("html")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_html and "<script>" not in page_html
    assert "<mark" in page_html and ">Python</mark>" in page_html


def keys(at, kind: str) -> list[str]:
    return [w.key for w in getattr(at, kind)]


def test_picking_updates_coverage_and_creates_the_resume_in_order(
    run_page, session: Session, record: dict, alice: Actor
) -> None:
    ids = record["bullets"]
    job_key = f"job:{record['job'].id}"
    at = run_page("matcher", alice)
    at.button(key="matcher.pick_strong").click().run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert frame.loc[ids["pipeline"], "Include"] and not frame.loc[ids["k8s"], "Include"]
    chips = " ".join(m.value for m in at.markdown)
    assert ":green-badge[:material/check: Python]" in chips
    assert ":blue-badge[Kubernetes]" in chips
    assert "Key-skill coverage by your picks: **" in at.get("progress")[0].proto.text

    # a second pick by hand (the table's tick), then the resume
    at.session_state["matcher.picks"] = {job_key: [ids["k8s"], ids["pipeline"]]}
    at.run()
    assert "**Your picks (2)**" in [m.value for m in at.markdown]
    form = f"matcher.create.{job_key}"
    assert at.text_input(key=f"{form}.name").value == "Data Engineer at Lumen"
    at.button(key=f"{form}.draft").click().run()
    summary = at.text_area(key=f"{form}.summary").value
    assert summary == "Experience with Python, SQL and Kubernetes, as the roles below show."
    at.text_input(key=f"{form}.name").set_value("Lumen, data")
    at.button(key=f"{form}.save").click().run()
    assert not at.exception and not at.error
    assert "Tailored resume created." in [t.value for t in at.toast]
    [resume] = tailoring.list_tailored_resumes(session, alice)
    assert (resume.name, resume.summary, resume.job_description_id) == (
        "Lumen, data",
        summary,
        record["job"].id,
    )
    placed = [rb.id for _, rb in tailoring.list_tailored_bullets(session, alice, resume.id)]
    assert placed == [ids["k8s"], ids["pipeline"]]
    assert at.session_state["resumes.open"] == resume.id
    assert any("is saved with your picks in order" in m.value for m in at.markdown)


def test_filters_narrow_the_table(run_page, record: dict, alice: Actor) -> None:
    at = run_page("matcher", alice)
    at.slider(key="matcher.filter.score").set_value(40).run()
    assert set(at.dataframe[0].value["Bullet"]) == {LINES["pipeline"], LINES["k8s"]}
    at.selectbox(key="matcher.filter.experience").set_value("__all__").run()
    assert at.selectbox(key="matcher.filter.experience").options == [
        "All experiences",
        "Data Engineer at Acme",
    ]
    at.slider(key="matcher.filter.score").set_value(100).run()
    assert len(at.dataframe[0].value) == 0
    assert not at.exception


def test_a_pasted_job_is_matched_then_saved_with_the_resume(
    run_page, session: Session, record: dict, alice: Actor
) -> None:
    at = run_page("matcher", alice)
    at.radio(key="matcher.source").set_value("pasted").run()
    # nothing pasted yet: a sentence, and nothing scored
    at.button(key="FormSubmitter:matcher.paste-Match my bullets").click().run()
    assert [e.value for e in at.error] == [
        "Paste the job description first: the whole posting, with its requirements."
    ]
    assert not at.dataframe
    at.text_input(key="matcher.paste.title").set_value("Platform Engineer")
    at.text_input(key="matcher.paste.company").set_value("Difference Engines")
    at.text_area(key="matcher.paste.description").set_value(
        "Platform Engineer\n\nYou run Kubernetes clusters and write Terraform.\n"
        "Requirements: Kubernetes, Terraform, Python."
    )
    at.button(key="FormSubmitter:matcher.paste-Match my bullets").click().run()
    assert not at.exception and not at.error
    frame = at.dataframe[0].value
    assert frame["Bullet"].iloc[0] == LINES["k8s"]
    at.button(key="matcher.pick_strong").click().run()
    [form] = [k for k in keys(at, "text_input") if k.endswith(".name")]
    assert at.text_input(key=form).value == "Platform Engineer at Difference Engines"
    picked = at.session_state["matcher.picks"]
    if not any(picked.values()):  # nothing strong: pick by hand
        key = form.removeprefix("matcher.create.").removesuffix(".name")
        at.session_state["matcher.picks"] = {key: [record["bullets"]["k8s"]]}
        at.run()
    at.button(key=form.replace(".name", ".save")).click().run()
    assert "Tailored resume created." in [t.value for t in at.toast]
    saved = {j.title: j for j in jobs.list_jobs(session, alice)}
    platform = saved["Platform Engineer"]
    assert platform.company == "Difference Engines" and "Kubernetes" in platform.key_skills
    [resume] = tailoring.list_tailored_resumes(session, alice)
    assert resume.job_description_id == platform.id
    # the page carries on with the job, now saved
    assert at.radio(key="matcher.source").value == "saved"
    assert at.selectbox(key="matcher.job").value == platform.id


def test_with_no_jobs_the_paste_form_is_open_and_no_bullets_says_what_to_do(
    run_page, alice: Actor
) -> None:
    at = run_page("matcher", alice)
    assert not at.exception
    assert not at.radio
    assert any("Match your bullets to a job" in m.value for m in at.markdown)
    at.text_area(key="matcher.paste.description").set_value("Python developer wanted.\nSQL.")
    at.button(key="FormSubmitter:matcher.paste-Match my bullets").click().run()
    assert not at.exception
    assert [i.value for i in at.info] == [
        "You have no bullets yet: write some from your achievements, then match them here."
    ]


def test_a_job_deleted_meanwhile_is_a_sentence(
    run_page, session: Session, record: dict, alice: Actor
) -> None:
    at = run_page("matcher", alice)
    other = jobs.create_job(session, alice, title="Second", description="Python")
    at.run()
    at.selectbox(key="matcher.job").set_value(other.id).run()
    jobs.delete_job(session, alice, record["job"].id)
    at.run()
    assert not at.exception
    assert at.selectbox(key="matcher.job").value == other.id


def test_ticks_in_the_table_become_picks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table's on_change: ticks and unticks by row, whatever the filter shows."""
    from types import SimpleNamespace

    from components import match_view

    state = {
        "t": {"edited_rows": {0: {"Include": True}, 2: {"Include": True}, 5: {"Include": True}}},
        "t.rows": ["a", "b", "c"],
        match_view.PICKS: {"job:1": ["z", "c"]},
    }
    monkeypatch.setattr(match_view, "st", SimpleNamespace(session_state=state))
    match_view.apply_table_edits("t", "job:1")
    assert state[match_view.PICKS]["job:1"] == ["z", "c", "a"]
    state["t"] = {"edited_rows": {"2": {"Include": False}, 1: {"Score": 3}}}
    match_view.apply_table_edits("t", "job:1")
    assert state[match_view.PICKS]["job:1"] == ["z", "a"]
