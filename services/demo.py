"""The demo record: a realistic career for demos, and a large one for benchmarks."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from models import (
    Achievement,
    Conversation,
    Experience,
    JobDescription,
    Message,
    Profile,
    ResumeBullet,
    TailoredBullet,
    TailoredResume,
    User,
    new_id,
    utcnow,
)
from services.access import Actor
from services.errors import ValidationFailed
from services.records import add_in_dependency_order, commit
from services.users import create_user

DEMO_USER_ID = "demo-maya-chen"
DEMO_EMAIL = "maya.chen@demo.achiev.app"
LARGE_USER_ID = "demo-large"
LARGE_EMAIL = "large@demo.achiev.app"

PROFILE = {
    "first_name": "Maya",
    "last_name": "Chen",
    "headline": "Senior Software Engineer · Payments and data platforms",
    "summary": (
        "Backend engineer with nine years of building payment, logistics and analytics systems "
        "in Python and Go. I like turning slow, manual processes into reliable services, and "
        "mentoring the people who run them."
    ),
    "industry": "Financial technology",
    "location": "Toronto, Canada",
    "career_goals": (
        "Lead a platform team at a product company; grow into a staff engineer role that "
        "shapes architecture across teams."
    ),
}

# (company, title, start, end or None for current, location, description, achievements)
# achievements: (description, impact, skills, [bullets with confidence])
EXPERIENCES = [
    (
        "Northwind Payments",
        "Senior Software Engineer",
        (2021, 3),
        None,
        "Toronto, ON",
        "Payments platform team: card processing, ledgers and reconciliation services.",
        [
            (
                "Rebuilt the card settlement pipeline from nightly batch jobs to event-driven "
                "services on Kafka and PostgreSQL",
                "Settlement time fell from 26 hours to 40 minutes; finance closed the month "
                "3 days earlier",
                "Python, Kafka, PostgreSQL, Event-driven architecture",
                [
                    (
                        "Rebuilt card settlement as event-driven services on Kafka and PostgreSQL, "
                        "cutting settlement time from 26 hours to 40 minutes",
                        92,
                    )
                ],
            ),
            (
                "Led the migration of 14 payment services from EC2 to Kubernetes with "
                "Terraform-managed infrastructure",
                "Deploys went from weekly to 30 a day; infrastructure cost dropped 22%",
                "Kubernetes, Terraform, AWS, CI/CD",
                [
                    (
                        "Led the migration of 14 payment services to Kubernetes with Terraform, "
                        "raising deploys from weekly to 30 a day and cutting infrastructure cost "
                        "by 22%",
                        90,
                    )
                ],
            ),
            (
                "Designed an idempotency layer for the payments API after double charges during "
                "retries",
                "Double charges went to zero across 40 million monthly transactions",
                "API design, Python, Redis, Distributed systems",
                [
                    (
                        "Designed an idempotency layer for the payments API that eliminated double "
                        "charges across 40 million monthly transactions",
                        88,
                    )
                ],
            ),
            (
                "Mentored four engineers and ran the team's on-call rotation and incident reviews",
                "Mean time to recovery fell from 95 to 35 minutes; two mentees were promoted",
                "Mentoring, Incident management, Leadership",
                [
                    (
                        "Mentored four engineers and ran on-call and incident reviews, cutting mean "
                        "time to recovery from 95 to 35 minutes",
                        85,
                    )
                ],
            ),
            (
                "Built fraud-signal features with the data science team and served them in "
                "real time",
                "Chargebacks fell 18% in the first quarter after launch",
                "Machine learning, Python, Feature engineering, SQL",
                [],
            ),
        ],
    ),
    (
        "Harbor Logistics",
        "Software Engineer II",
        (2018, 6),
        (2021, 2),
        "Vancouver, BC",
        "Routing and warehouse systems for a regional freight company.",
        [
            (
                "Rewrote the route planner in Go with a new heuristic for multi-stop deliveries",
                "Fuel costs fell 12% and planning time dropped from 2 hours to 4 minutes a day",
                "Go, Algorithms, Optimization",
                [
                    (
                        "Rewrote the route planner in Go with a multi-stop heuristic, cutting fuel "
                        "costs 12% and daily planning from 2 hours to 4 minutes",
                        91,
                    )
                ],
            ),
            (
                "Introduced automated testing and a CI pipeline for the warehouse API",
                "Production incidents fell by half; test coverage rose from 15% to 80%",
                "CI/CD, pytest, GitHub Actions, Python",
                [
                    (
                        "Introduced automated testing and CI for the warehouse API, raising coverage "
                        "from 15% to 80% and halving production incidents",
                        89,
                    )
                ],
            ),
            (
                "Built a driver mobile check-in backend used by 600 drivers",
                "Paper forms were retired across 9 depots",
                "REST APIs, Django, PostgreSQL",
                [
                    (
                        "Built the check-in backend for 600 drivers, retiring paper forms across "
                        "9 depots",
                        87,
                    )
                ],
            ),
            (
                "Moved reporting from spreadsheets to a dbt and BigQuery warehouse",
                "Operations managers got daily dashboards instead of monthly reports",
                "SQL, dbt, BigQuery, Data modeling",
                [],
            ),
        ],
    ),
    (
        "Brightline Analytics",
        "Data Engineer",
        (2016, 9),
        (2018, 5),
        "Toronto, ON",
        "Analytics consultancy building data pipelines for retail clients.",
        [
            (
                "Built Airflow pipelines ingesting point-of-sale data from 120 retail stores",
                "Clients saw sales data the next morning instead of a week later",
                "Airflow, Python, ETL, AWS",
                [
                    (
                        "Built Airflow pipelines ingesting point-of-sale data from 120 stores, "
                        "giving clients next-morning sales data instead of weekly",
                        90,
                    )
                ],
            ),
            (
                "Created a demand forecasting model for a grocery client",
                "Waste on perishable goods fell 9% in the pilot stores",
                "Forecasting, pandas, scikit-learn",
                [
                    (
                        "Created a demand forecasting model that reduced perishable waste 9% in "
                        "pilot stores",
                        86,
                    )
                ],
            ),
            (
                "Presented findings to client executives every quarter",
                "Two clients renewed and expanded their contracts",
                "Communication, Stakeholder management, Data visualization",
                [],
            ),
        ],
    ),
    (
        "City of Toronto",
        "Junior Developer",
        (2015, 5),
        (2016, 8),
        "Toronto, ON",
        "Digital services team for municipal permits.",
        [
            (
                "Built an online form for building permit applications",
                "Counter visits fell 30% in six months",
                "JavaScript, HTML, Accessibility",
                [
                    (
                        "Built an accessible online building permit application, reducing counter "
                        "visits 30% within six months",
                        84,
                    )
                ],
            ),
            (
                "Automated the weekly permit statistics report",
                "Saved the team 5 hours of manual work each week",
                "Python, Automation, Excel",
                [
                    (
                        "Automated the weekly permit statistics report, saving 5 hours of manual "
                        "work each week",
                        88,
                    )
                ],
            ),
            (
                "Volunteered to run the team's accessibility audits against WCAG 2.0",
                "Fixed 40 accessibility issues across 12 public pages",
                "Accessibility, WCAG, Quality assurance",
                [],
            ),
        ],
    ),
]

JOBS = [
    (
        "Senior Backend Engineer, Payments",
        "Lumen Bank",
        "https://example.com/jobs/lumen-backend",
        """Senior Backend Engineer, Payments — Lumen Bank (Toronto, hybrid)

We are looking for a senior backend engineer to build the services that move money for
two million customers.

What you will do
- Design and build payment services in Python or Go
- Own reliability: on-call, incident reviews, observability
- Work with PostgreSQL, Kafka and Kubernetes on AWS
- Mentor engineers and review designs

Requirements
- 6+ years building backend systems
- Experience with distributed systems and event-driven architecture
- Strong SQL and data modeling
- Experience with CI/CD and infrastructure as code (Terraform)
- Nice to have: fraud detection, PCI DSS
""",
    ),
    (
        "Product Manager, Logistics Platform",
        "Parcelly",
        "https://example.com/jobs/parcelly-pm",
        """Product Manager — Logistics Platform at Parcelly

Parcelly helps small shops ship faster. You will own the routing and delivery experience.

Responsibilities
- Define the roadmap with engineering and operations
- Run customer discovery and write clear requirements
- Measure outcomes with data: SQL, dashboards, A/B testing
- Communicate with stakeholders from drivers to executives

What we look for
- 3+ years of product management or a technical background in logistics
- Comfort with data analysis and experimentation
- Excellent communication and stakeholder management
- Experience with Agile and Jira
""",
    ),
    (
        "Analytics Engineer",
        "GreenLeaf Grocers",
        "https://example.com/jobs/greenleaf-ae",
        """Analytics Engineer at GreenLeaf Grocers

Help 300 stores make better decisions with data.

You will
- Build and maintain dbt models in Snowflake
- Orchestrate pipelines with Airflow
- Partner with merchandising on demand forecasting
- Build dashboards in Tableau or Looker

You have
- Strong SQL and Python (pandas)
- Experience with data warehouses and ETL
- Data visualization and storytelling skills
- Retail or grocery experience is a plus
""",
    ),
]

CONVERSATION = [
    ("user", "Which of my achievements fit the Lumen Bank backend role best?"),
    (
        "assistant",
        "Your strongest matches are the settlement pipeline rebuild (Kafka, PostgreSQL, "
        "event-driven architecture), the Kubernetes migration with Terraform, and the "
        "idempotency layer for the payments API. Lead with those three; the on-call "
        "mentoring achievement covers their reliability and mentoring asks.",
    ),
    ("user", "What does the role ask for that I haven't shown?"),
    (
        "assistant",
        "PCI DSS is the one requirement none of your bullets mention. If you worked within "
        "PCI scope at Northwind, add an achievement about it.",
    ),
]


def _month(ym: tuple[int, int] | None) -> datetime | None:
    return datetime(ym[0], ym[1], 1) if ym else None


def populate_demo_record(session: Session, user_id: str) -> None:
    """Write the demo career into `user_id`'s empty record (one transaction)."""
    profile = session.scalars(select(Profile).where(Profile.user_id == user_id)).first()
    if profile is None:
        profile = Profile(user_id=user_id)
    for key, value in PROFILE.items():
        setattr(profile, key, value)
    session.add(profile)
    rows: list = []
    now = utcnow()
    step = 0
    current_id = None
    bullets_by_text: dict[str, str] = {}
    for company, title, start, end, location, description, achievements in EXPERIENCES:
        experience = Experience(
            user_id=user_id,
            company_name=company,
            job_title=title,
            start_date=_month(start),
            end_date=_month(end),
            is_current=end is None,
            location=location,
            description=description,
        )
        rows.append(experience)
        if end is None:
            current_id = experience.id
        for text, impact, skills, bullets in achievements:
            step += 1
            stamp = now - timedelta(minutes=200 - step)
            achievement = Achievement(
                experience_id=experience.id,
                description=text,
                impact=impact,
                skills=skills,
                created_at=stamp,
                updated_at=stamp,
            )
            rows.append(achievement)
            for content, confidence in bullets:
                bullet = ResumeBullet(
                    user_id=user_id,
                    achievement_id=achievement.id,
                    experience_id=experience.id,
                    content=content,
                    ai_generated=True,
                    is_custom=False,
                    confidence_score=confidence,
                    created_at=stamp,
                    updated_at=stamp,
                )
                rows.append(bullet)
                bullets_by_text[content] = bullet.id
    custom = ResumeBullet(
        user_id=user_id,
        experience_id=current_id,
        content="Speak regularly at the Toronto Python meetup on payments reliability",
        ai_generated=False,
        is_custom=True,
    )
    rows.append(custom)
    jobs = []
    for i, (title, company, url, text) in enumerate(JOBS):
        stamp = now - timedelta(days=len(JOBS) - i)
        job = JobDescription(
            user_id=user_id,
            title=title,
            company=company,
            url=url,
            description=text,
            key_skills=None,
            requirements=None,
            created_at=stamp,
            updated_at=stamp,
        )
        rows.append(job)
        jobs.append(job)
    _fill_job_skills(jobs)
    resume = TailoredResume(
        user_id=user_id,
        job_description_id=jobs[0].id,
        name=f"{jobs[0].title} at {jobs[0].company}",
        summary=(
            "Senior backend engineer who has built payment settlement, idempotent APIs and "
            "Kubernetes platforms that handle 40 million transactions a month."
        ),
    )
    rows.append(resume)
    chosen = list(bullets_by_text.values())[:4]
    for order, bullet_id in enumerate(chosen):
        rows.append(
            TailoredBullet(tailored_resume_id=resume.id, resume_bullet_id=bullet_id, order=order)
        )
    conversation = Conversation(user_id=user_id, title="Fit for the Lumen Bank role")
    rows.append(conversation)
    for i, (role, content) in enumerate(CONVERSATION):
        stamp = now - timedelta(minutes=len(CONVERSATION) - i)
        rows.append(
            Message(
                conversation_id=conversation.id,
                role=role,
                content=content,
                timestamp=stamp,
                created_at=stamp,
                updated_at=stamp,
            )
        )
    add_in_dependency_order(session, rows)
    commit(session)


def _fill_job_skills(jobs: list[JobDescription]) -> None:
    """Key skills and requirements read from each demo job, as a person would save them."""
    from services.ai.jobs import parse_job_offline

    for job in jobs:
        parsed = parse_job_offline(job.description)
        job.key_skills = parsed.key_skills_text or None
        job.requirements = parsed.requirements_text or None


def seed_demo(session: Session) -> tuple[User, bool]:
    """The demo account with its record; returns (user, created). Running it twice adds nothing."""
    user = session.get(User, DEMO_USER_ID)
    if user is not None:
        return user, False
    user = create_user(session, email=DEMO_EMAIL, user_id=DEMO_USER_ID, commit_now=False)
    populate_demo_record(session, user.user_id)
    return user, True


# --- the large account, for benchmarks ----------------------------------------------------

LARGE = {
    "experiences": 40,
    "achievements": 400,
    "bullets": 1200,
    "jobs": 60,
    "resumes": 20,
    "conversations": 30,
    "messages_per_conversation": 100,
}

_VERBS = ["Built", "Led", "Designed", "Reduced", "Automated", "Launched", "Improved", "Migrated"]
_THINGS = [
    "the billing service",
    "a data pipeline",
    "the onboarding flow",
    "search ranking",
    "the mobile app release process",
    "warehouse routing",
    "customer support tooling",
    "the fraud model",
    "an internal analytics dashboard",
    "the deployment pipeline",
]
_SKILLS = [
    "Python",
    "SQL",
    "Kubernetes",
    "AWS",
    "React",
    "Go",
    "Airflow",
    "Leadership",
    "Communication",
    "Terraform",
    "PostgreSQL",
    "Kafka",
    "Project management",
    "Docker",
]


def seed_large(session: Session) -> tuple[User, bool]:
    """A large account (40 experiences ... 3,000 messages) for benchmarks; made once."""
    user = session.get(User, LARGE_USER_ID)
    if user is not None:
        return user, False
    rnd = random.Random(20261124)
    user = create_user(session, email=LARGE_EMAIL, user_id=LARGE_USER_ID, commit_now=False)
    uid = user.user_id
    profile = session.scalars(select(Profile).where(Profile.user_id == uid)).one()
    profile.first_name, profile.last_name = "Lars", "Large"
    profile.headline = "Engineer with a very long record"
    now = utcnow()
    rows: list = []
    experiences = []
    for i in range(LARGE["experiences"]):
        start = datetime(1985 + i, 1 + i % 12, 1)
        exp = Experience(
            id=new_id(),
            user_id=uid,
            company_name=f"Company {i + 1}",
            job_title=rnd.choice(["Engineer", "Senior Engineer", "Lead", "Manager"]),
            start_date=start,
            end_date=None if i == LARGE["experiences"] - 1 else start + timedelta(days=330),
            is_current=i == LARGE["experiences"] - 1,
            location="Remote",
            description=f"Role number {i + 1}.",
        )
        experiences.append(exp)
    rows += experiences
    achievements = []
    for i in range(LARGE["achievements"]):
        exp = experiences[i % len(experiences)]
        skills = ", ".join(rnd.sample(_SKILLS, 3))
        pct = rnd.randint(5, 60)
        achievements.append(
            Achievement(
                id=new_id(),
                experience_id=exp.id,
                description=f"{rnd.choice(_VERBS)} {rnd.choice(_THINGS)} for team {i}",
                impact=f"Cut cost by {pct}%",
                skills=skills,
                created_at=now - timedelta(seconds=LARGE["achievements"] - i),
            )
        )
    rows += achievements
    bullets = []
    for i in range(LARGE["bullets"]):
        ach = achievements[i % len(achievements)]
        bullets.append(
            ResumeBullet(
                id=new_id(),
                user_id=uid,
                achievement_id=ach.id,
                experience_id=ach.experience_id,
                content=f"{ach.description}, and {ach.impact.lower()} (variant {i // 400 + 1})",
                ai_generated=True,
                is_custom=False,
                confidence_score=rnd.randint(60, 95),
            )
        )
    rows += bullets
    jobs = [
        JobDescription(
            id=new_id(),
            user_id=uid,
            title=f"Role {i}",
            company=f"Employer {i}",
            description="We need " + ", ".join(rnd.sample(_SKILLS, 5)) + ".",
            key_skills=", ".join(rnd.sample(_SKILLS, 5)),
        )
        for i in range(LARGE["jobs"])
    ]
    rows += jobs
    for i in range(LARGE["resumes"]):
        resume = TailoredResume(
            id=new_id(),
            user_id=uid,
            job_description_id=jobs[i].id,
            name=f"Resume {i}",
            summary="A tailored summary.",
        )
        rows.append(resume)
        for order, bullet in enumerate(rnd.sample(bullets, 8)):
            rows.append(
                TailoredBullet(
                    id=new_id(),
                    tailored_resume_id=resume.id,
                    resume_bullet_id=bullet.id,
                    order=order,
                )
            )
    for c in range(LARGE["conversations"]):
        conversation = Conversation(id=new_id(), user_id=uid, title=f"Conversation {c}")
        rows.append(conversation)
        for m in range(LARGE["messages_per_conversation"]):
            stamp = now - timedelta(seconds=LARGE["messages_per_conversation"] - m)
            rows.append(
                Message(
                    id=new_id(),
                    conversation_id=conversation.id,
                    role="user" if m % 2 == 0 else "assistant",
                    content=f"Message {m} of conversation {c}.",
                    timestamp=stamp,
                )
            )
    add_in_dependency_order(session, rows)
    commit(session)
    return user, True


def load_demo_record(session: Session, actor: Actor) -> None:
    """Fill the acting user's record with the demo career, only while the record is empty."""
    if any(record_counts(session, actor.user_id).values()):
        raise ValidationFailed(
            {"record": "The demo data only goes into an empty record, and yours has data already."}
        )
    populate_demo_record(session, actor.user_id)


def record_counts(session: Session, user_id: str) -> dict[str, int]:
    """How many rows of each kind a person has (for the CLI and tests)."""

    def count(model, *where) -> int:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    experience_ids = select(Experience.id).where(Experience.user_id == user_id)
    conversation_ids = select(Conversation.id).where(Conversation.user_id == user_id)
    return {
        "experiences": count(Experience, Experience.user_id == user_id),
        "achievements": count(Achievement, Achievement.experience_id.in_(experience_ids)),
        "bullets": count(ResumeBullet, ResumeBullet.user_id == user_id),
        "jobs": count(JobDescription, JobDescription.user_id == user_id),
        "resumes": count(TailoredResume, TailoredResume.user_id == user_id),
        "conversations": count(Conversation, Conversation.user_id == user_id),
        "messages": count(Message, Message.conversation_id.in_(conversation_ids)),
    }
