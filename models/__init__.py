"""SQLModel tables, one module per aggregate; importing this registers them all."""

from models.accounts import CoachInviteCode, UserCredentials
from models.base import Lifecycle, new_id, utcnow
from models.career import Achievement, Experience, ResumeBullet
from models.chat import Conversation, Message
from models.coaching import CoachClient
from models.jobs import JobDescription, TailoredBullet, TailoredResume
from models.users import Profile, User

__all__ = [
    "Achievement",
    "CoachClient",
    "CoachInviteCode",
    "Conversation",
    "Experience",
    "JobDescription",
    "Lifecycle",
    "Message",
    "Profile",
    "ResumeBullet",
    "TailoredBullet",
    "TailoredResume",
    "User",
    "UserCredentials",
    "new_id",
    "utcnow",
]
