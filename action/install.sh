#!/usr/bin/env bash
# The GitHub Action's install step: installs the shootlint package (and only its
# production dependencies) into a folder of its own under RUNNER_TEMP, with the
# runner's Node.js; the job's Node.js and the caller's node_modules stay as they are.
#
# Environment: SHOOTLINT_VERSION (empty: the version of this action's
# package.json; or a version such as 0.1.0 / v0.1.0; or a path or URL of a
# package tarball), GITHUB_ACTION_PATH, GITHUB_WORKSPACE, GITHUB_OUTPUT, RUNNER_TEMP.
# Output: bin=<path of bin/shootlint.js>.
set -euo pipefail

fail() {
  echo "::error title=shootlint::$1"
  exit 2
}

command -v node >/dev/null 2>&1 || fail 'Node.js 20 or later must be on PATH (GitHub-hosted runners have it; otherwise add actions/setup-node before this action).'
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || fail "Node.js $(node --version) is too old; shootlint needs 20 or later (add actions/setup-node before this action)."

version="${SHOOTLINT_VERSION:-}"
[ -n "$version" ] || version=$(node -p 'require(process.argv[1]).version' "$GITHUB_ACTION_PATH/package.json")
case "$version" in
  http://* | https://*) spec="$version" ;;
  *.tgz) spec=$(cd "${GITHUB_WORKSPACE:-.}" && node -p 'require("node:path").resolve(process.argv[1])' "$version") ;;
  v[0-9]* | [0-9]*)
    v="${version#v}"
    # The release's tarball, built by npm pack: dist/ is already in it, so nothing is built here.
    spec="https://github.com/shootlint/shootlint/releases/download/v$v/shootlint-$v.tgz"
    ;;
  *) fail "version \"$version\": expected a version (0.1.0), or a path or URL of a shootlint package tarball (.tgz)." ;;
esac

dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/shootlint-action"
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{ "name": "shootlint-action", "private": true }' > package.json
echo "Installing shootlint from $spec"
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error "$spec"
echo "bin=$dir/node_modules/shootlint/bin/shootlint.js" >> "$GITHUB_OUTPUT"
node "$dir/node_modules/shootlint/bin/shootlint.js" --version
