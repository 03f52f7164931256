from django.core.management.base import BaseCommand, CommandError

from cwis.core import area_figures


class Command(BaseCommand):
    help = (
        "Compute the figures per area that the offices above the county read (home page and "
        "dashboard) for the whole country now, instead of on the next stale read. Run it "
        "after a deployment or a bulk import, or from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--family", action="append", default=[],
                            help="only this family (repeatable); default: every family")

    def handle(self, *args, **options):
        names = options["family"] or area_figures.families()
        unknown = sorted(set(names) - set(area_figures.families()))
        if unknown:
            raise CommandError(f"unknown families: {', '.join(unknown)}; "
                               f"known: {', '.join(area_figures.families())}")
        for name in names:
            figure_set = area_figures.refresh(name)
            self.stdout.write(f"{name}: {figure_set.figures.count()} areas "
                              f"in {figure_set.seconds:.1f} s")
