#!/usr/bin/env bash
# Stamps a built release; trunk runs it after every build (Trunk.toml, post_build hook, in the
# staging directory it names in TRUNK_STAGING_DIR). `bash tools/release.sh DIR` stamps a built
# dist/ again (the end-to-end test makes a second release that way); running it twice gives the
# same files. bash and coreutils only.
#  1. index.html: the Content-Security-Policy's script-src gets the SHA-256 of every inline
#     <script>. Trunk injects one that imports the hashed file names, so it changes with every
#     build; trunk 0.21's only alternative is a nonce placeholder for a server to fill in per
#     response, which a static host cannot do.
#  2. sw.js: the line `const RELEASE = …;` becomes every file of the release but sw.js itself,
#     relative to it, with its SHA-256, and the version, a hash of that list. The service
#     worker precaches exactly those bytes into a cache named by the version (static/sw.js).
set -euo pipefail
export LC_ALL=C
dir=${1:-${TRUNK_STAGING_DIR:?"run by trunk (TRUNK_STAGING_DIR), or give the built directory"}}
cd "$dir"
fail() { printf 'tools/release.sh: %s\n' "$*" >&2; exit 1; }
[[ -f index.html && -f sw.js ]] || fail "no index.html or sw.js in $dir"

# Base64 of a SHA-256, as CSP writes hashes.
sha256_base64() { sha256sum | cut -c1-64 | tr a-f A-F | basenc --base16 -d | base64 -w0; }

# 1. The policy's script hashes.
IFS= read -r -d '' html < index.html || true
hashes=""
rest=$html
while [[ $rest == *"<script"* ]]; do
  rest=${rest#*<script}
  attributes=${rest%%>*}
  rest=${rest#*>}
  body=${rest%%</script>*}
  rest=${rest#*</script>}
  [[ $attributes =~ [[:space:]]src= ]] && continue
  if [[ $body == *"{{__TRUNK_"* ]]; then
    # trunk serve's autoreload script: its address is written in when served, so no hash made
    # now can match it. tools/serve.sh runs `trunk serve --no-autoreload`.
    printf 'tools/release.sh: warning: the autoreload script cannot be allowed by the CSP; use trunk serve --no-autoreload\n' >&2
    continue
  fi
  hashes+=" 'sha256-$(printf '%s' "$body" | sha256_base64)'"
done
marker='http-equiv="Content-Security-Policy" content="'
[[ $html == *"$marker"* ]] || fail "index.html has no Content-Security-Policy meta element"
before=${html%%"$marker"*}
after=${html#*"$marker"}
policy=${after%%\"*}
after=${after#*\"}
IFS=';' read -r -a directives <<< "$policy"
policy=""
found=no
for directive in "${directives[@]}"; do
  read -r -a words <<< "$directive"
  (( ${#words[@]} )) || continue
  if [[ ${words[0]} == script-src ]]; then
    found=yes
    kept=()
    for word in "${words[@]}"; do [[ $word == "'sha256-"* ]] || kept+=("$word"); done
    directive="${kept[*]}$hashes"
  else
    directive="${words[*]}"
  fi
  policy+="${policy:+; }$directive"
done
[[ $found == yes ]] || fail "the Content-Security-Policy has no script-src"
printf '%s' "$before$marker$policy\"$after" > index.html

# 2. The release's files and version, into sw.js.
shopt -s globstar nullglob
listing=""
json=""
for file in **; do
  [[ -f $file && $file != sw.js ]] || continue
  [[ $file =~ ^[A-Za-z0-9._/@+=,~-]+$ ]] || fail "unexpected character in a file name: $file"
  sum=$(sha256sum < "$file" | cut -c1-64)
  listing+="$sum  $file"$'\n'
  json+="${json:+,}[\"$file\",\"$sum\"]"
done
version=$(printf '%s' "$listing" | sha256sum | cut -c1-16)
IFS= read -r -d '' sw < sw.js || true
line=$'\n''const RELEASE = '
[[ $sw == *"$line"* ]] || fail "sw.js has no line starting with 'const RELEASE = '"
head=${sw%%"$line"*}
tail=${sw#*"$line"}
tail=${tail#*$'\n'}
printf '%s\nconst RELEASE = {"version":"%s","files":[%s]};\n%s' "$head" "$version" "$json" "$tail" > sw.js
printf 'tools/release.sh: release %s, %d files, %d inline script hash(es) in the CSP\n' \
  "$version" "$(printf '%s' "$listing" | wc -l)" "$(printf '%s' "$hashes" | wc -w)"
