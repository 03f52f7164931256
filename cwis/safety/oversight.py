"""What the safety module gives the oversight module: the dashboard's safety panel (filled
in with the figures task) — registered from the app's ready()."""


def register() -> None:
    return None
