"""AI for Achiev: one provider interface, an OpenAI-compatible and an offline provider.

- `services.ai.provider`: `AIProvider`, `get_provider`, `ChatMessage`, `IncompleteReply`.
- `services.ai.bullets`: `AchievementFacts`, `generate_bullets`, `generate_bullets_batch`,
  `support_check`.
- `services.ai.jobs`: `parse_job_description`, `ParsedJob`.
- `services.ai.prompts`: every prompt sent to a model.
"""

from services.ai.provider import (
    AIProvider,
    ChatMessage,
    IncompleteReply,
    clear_provider_cache,
    get_provider,
)

__all__ = ["AIProvider", "ChatMessage", "IncompleteReply", "clear_provider_cache", "get_provider"]
