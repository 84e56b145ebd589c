#!/usr/bin/env bash
# Every option a tool accepts is in its man page and completions (see lib/check_docs.py).
set -euo pipefail
exec python3 "$HS_SOURCE_DIR/tests/e2e/lib/check_docs.py" "$HS_SOURCE_DIR"
