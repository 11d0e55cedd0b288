"""``openiop check`` is Django's system check; ``openiop check data`` lists stored rows outside
the bounds of ``core/bounds.py`` (see ``core/data_check.py``)."""

from typing import Any

from django.apps import apps
from django.core.checks.registry import registry
from django.core.management.base import CommandError, CommandParser
from django.core.management.commands import check

from openiop.core.data_check import out_of_bounds_rows

EXIT_FOUND = 1
EXIT_USAGE = 2


class Command(check.Command):
    help = (
        "Checks the entire Django project for potential problems. `check data` instead lists the stored "
        "rows outside openiop's bounds (model, id, field, value, bound; tab-separated) so that an operator "
        "can repair them: exit 0 when there are none, 1 when rows are listed, 2 for bad arguments."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.epilog = "`openiop check data`: exit 0 when every stored row is within bounds, 1 when rows are listed."

    def handle(self, *app_labels: list[str], **options: Any) -> None:
        labels = [str(label) for label in app_labels]  # django-stubs types each one as a list
        if labels[:1] == ["data"]:
            if len(labels) > 1 or options["tags"] or options["deploy"] or options["list_tags"]:
                raise CommandError("check data takes no other arguments or options", returncode=EXIT_USAGE)
            self._check_data()
            return
        for label in labels:
            if label not in {config.label for config in apps.get_app_configs()}:
                raise CommandError(f"app_label: no installed app {label!r} (or `data`)", returncode=EXIT_USAGE)
        for tag in options["tags"] or ():
            if tag not in registry.tags_available(options["deploy"]):
                raise CommandError(f"--tag: no system check is tagged {tag!r}", returncode=EXIT_USAGE)
        super().handle(*app_labels, **options)

    def _check_data(self) -> None:
        found = 0
        for finding in out_of_bounds_rows():
            if not found:
                self.stdout.write("model\tid\tfield\tvalue\tbound")
            self.stdout.write(finding.line())
            found += 1
        if found:
            raise CommandError(f"{found} stored value(s) outside the bounds", returncode=EXIT_FOUND)
        self.stdout.write("data ok: every stored date is within bounds")
