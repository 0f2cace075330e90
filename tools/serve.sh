#!/usr/bin/env bash
# Sets up whatever is missing, builds the app and serves it on 127.0.0.1 with the demo store.
# PORT=9000 bash tools/serve.sh picks another port.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash tools/setup.sh
export PATH="$HOME/.cargo/bin:$root/tools/node_modules/.bin:$PATH"
port=${PORT:-8080}
printf '\n\033[1m[serve]\033[0m Shoplab will be at http://127.0.0.1:%s/ once built (Ctrl-C stops it)\n\n' "$port"
# No autoreload: trunk would inject a script whose text it rewrites per request, which the
# Content-Security-Policy cannot allow by hash (tools/release.sh).
exec trunk serve --release --no-autoreload --address 127.0.0.1 --port "$port"
