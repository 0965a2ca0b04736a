"""A Prefect automation that turns `newsclean.source.changed` events into notifications.

    python -m flows.alerts --slack https://hooks.slack.com/services/...    # or
    python -m flows.alerts --webhook https://example.org/hooks/newsclean  # any URL taking a JSON POST

Run it once against the server the flows report to (PREFECT_API_URL, or the project's own server as
prefect.toml configures it). It saves a notification block (`newsclean-alerts`) and creates the
automation `newsclean: a source changed` (replacing one of that name): a reactive trigger on every
`newsclean.source.changed` event whose resource id starts `newsclean.source.`, one notification per
event, naming the source, what moved (before -> after) and the flow run.
"""

from __future__ import annotations

import argparse
import sys

import flows  # noqa: F401  (quiet Prefect defaults, set before Prefect is imported)

from flows.monitor import EVENT, RESOURCE_PREFIX

AUTOMATION_NAME = "newsclean: a source changed"
BLOCK_NAME = "newsclean-alerts"
SUBJECT = "newsclean: source {{ event.resource.name }} changed"
BODY = (
    "Source {{ event.resource.name }} ({{ event.payload.publisher or 'publisher unknown' }}) changed in the last run:\n"
    "{% for name, move in event.payload.moved.items() %}"
    "- {{ name }}: {{ move.before }} -> {{ move.now }} (average of {{ move.runs }} runs)\n"
    "{% endfor %}"
    "Files this run: {{ event.payload.after.files }}, accepted {{ event.payload.after.accepted }}.\n"
    "History: {{ event.payload.clean_dir }}/{{ event.payload.history }}\n"
    "Flow run: {{ flow_run.name if flow_run else 'unknown' }}"
)


def source_changed_automation(block_document_id):
    """The automation: one notification through the given block for every `newsclean.source.changed` event."""
    from prefect.automations import Automation
    from prefect.events.actions import SendNotification
    from prefect.events.schemas.automations import EventTrigger, Posture

    return Automation(
        name=AUTOMATION_NAME,
        description="Notify when a newsclean source's figures move past the [monitor] thresholds (flows/monitor.py).",
        trigger=EventTrigger(
            expect={EVENT},
            match={"prefect.resource.id": f"{RESOURCE_PREFIX}*"},
            posture=Posture.Reactive,
            threshold=1,
            within=0,
        ),
        actions=[SendNotification(block_document_id=block_document_id, subject=SUBJECT, body=BODY)],
    )


def create(slack: str | None = None, webhook: str | None = None):
    """Save the notification block and create the automation (replacing one of the same name)."""
    from prefect.automations import Automation
    from prefect.blocks.notifications import CustomWebhookNotificationBlock, SlackWebhook

    if slack:
        block = SlackWebhook(url=slack)
    else:
        block = CustomWebhookNotificationBlock(name=BLOCK_NAME, url=webhook, json_data={"subject": "{{subject}}", "text": "{{body}}"})
    block_id = block.save(BLOCK_NAME, overwrite=True)
    try:
        Automation.read(name=AUTOMATION_NAME).delete()
    except ValueError:  # none of that name yet
        pass
    return source_changed_automation(block_id).create()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.alerts", description=__doc__.splitlines()[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--slack", metavar="URL", help="a Slack incoming-webhook URL")
    target.add_argument("--webhook", metavar="URL", help="any URL that takes a JSON POST {subject, text}")
    args = parser.parse_args(argv)
    automation = create(args.slack, args.webhook)
    print(f"automation {automation.name!r} ({automation.id}) notifies through block {BLOCK_NAME!r} on {EVENT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
