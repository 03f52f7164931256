#!/usr/bin/env bash
# Extract translatable strings into each app's locale/ (and cwis/locale for the rest),
# then compile. Run from anywhere; translate the new entries in the .po files in between:
#   scripts/messages.sh extract   # update .po files
#   scripts/messages.sh compile   # build .mo files
set -euo pipefail
cd "$(dirname "$0")/../cwis"
case "${1:-extract}" in
  extract) uv run cwis makemessages -l zh_Hans --no-obsolete --no-location --ignore "static/*" ;;
  compile) uv run cwis compilemessages -l zh_Hans --ignore ".venv" ;;
  *) echo "usage: $0 extract|compile" >&2; exit 2 ;;
esac
