"""The operator's commands, which every service's console script has:

    unionfed-<service> dead-letters [--consumer NAME]
    unionfed-<service> redrive [--consumer NAME] [--discard REF_OR_EVENT_ID ...]
    unionfed-<service> reseal

``dead-letters`` lists what waits on each consumer's ``deadletter.<group>`` topic: where it came
from, the event's type and id, why it failed and when (never the record's value, and ID and
phone numbers in the failure's text masked). ``redrive`` sends every waiting record back
through its consumer once the cause is fixed; it may run while the service runs. See
:mod:`unionfed.common.consumer.redrive`. ``reseal`` seals the personal data at rest under the
current key of ``PII_KEYS`` after a rotation (:mod:`unionfed.common.db.sealed`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection

from unionfed.common.consumer.dead_letter import dead_letter_topic
from unionfed.common.consumer.redrive import DeadLetter, redrive, waiting
from unionfed.common.db.sealed import ResealError, reseal
from unionfed.common.observability.logs import redact
from unionfed.common.personal_data import FieldCipher
from unionfed.common.service.runtime import ServiceRuntime

Print = Callable[[str], None]


def list_dead_letters(runtime: ServiceRuntime, consumer: str | None, out: Print = print) -> int:
    groups = [runtime.consumer_group(s) for s in _chosen(runtime, consumer)]
    bootstrap = runtime.settings.kafka_bootstrap_servers

    async def run() -> None:
        for group in groups:
            letters = await waiting(bootstrap, group)
            out(f"{dead_letter_topic(group)}: {len(letters)} waiting")
            for letter in letters:
                out(describe(letter))

    asyncio.run(run())
    return 0


def redrive_dead_letters(
    runtime: ServiceRuntime, consumer: str | None, discard: Collection[str], out: Print = print
) -> int:
    """Exit code 1 when a record failed again (it waits for the next redrive)."""
    names = [s.name for s in _chosen(runtime, consumer)]
    bootstrap = runtime.settings.kafka_bootstrap_servers

    async def run() -> int:
        failed = 0
        async with runtime.consumers_at_hand() as consumers:
            for name in names:
                result = await redrive(consumers[name], bootstrap, discard=discard)
                out(result.summary())
                failed += result.handled.dead_lettered
        return failed

    return 1 if asyncio.run(run()) else 0


def describe(letter: DeadLetter) -> str:
    what = f"{letter.event_type or '(no event type)'} {letter.event_id or '(no event id)'}"
    lines = [
        f"  {letter.ref:<8} {letter.failed_at}  {letter.reason}",
        f"           {what} from {letter.source or '?'}, read at {letter.origin}",
    ]
    if letter.detail:  # a validation error can quote the value: ID and phone numbers masked
        lines.append(f"           {redact(letter.detail[:300])}")
    return "\n".join(lines)


def _chosen(runtime: ServiceRuntime, consumer: str | None):
    subscriptions = list(runtime.subscriptions)
    if consumer is None:
        return subscriptions
    chosen = [s for s in subscriptions if s.name == consumer]
    if not chosen:
        known = ", ".join(s.name for s in subscriptions) or "none"
        raise SystemExit(f"no consumer named {consumer!r} in this service (its consumers: {known})")
    return chosen


def reseal_personal_data(runtime: ServiceRuntime, out: Print = print) -> int:
    """The summary says what was sealed again, column by column. A token that does not open
    stops the job with exit code 2 and names its row; what was done before stays done."""
    cipher = FieldCipher.from_setting(runtime.settings.pii_keys.get_secret_value())
    out(f"reseal: sealing under key {cipher.current!r}")

    async def run():
        try:
            return await reseal(runtime.engine, cipher, runtime.tables.metadata, progress=out)
        finally:
            await runtime.engine.dispose()

    try:
        out(asyncio.run(run()).summary())
    except ResealError as exc:
        out(f"reseal stopped: {exc}")
        return 2
    return 0
