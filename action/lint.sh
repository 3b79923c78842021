#!/usr/bin/env bash
# The GitHub Action's lint step: one shootlint run that writes every requested
# format (GitHub annotations or a readable log on stdout, SARIF and the extra
# reports to their files). Inputs arrive through the environment, never spliced
# into the script.
#
# Environment: SHOOTLINT_BIN, SHOOTLINT_WORKDIR, SHOOTLINT_PATHS, SHOOTLINT_ARGS,
# SHOOTLINT_ANNOTATIONS, SHOOTLINT_SARIF, SHOOTLINT_OUTPUTS (FORMAT:FILE per line),
# SHOOTLINT_FAIL_ON_WARNINGS, GITHUB_WORKSPACE, GITHUB_OUTPUT.
# Outputs: exit-code, sarif-file (absolute path, empty when none).
set -uo pipefail
set -f # paths are globs for shootlint, not for the shell

abs() { node -p 'require("node:path").resolve(process.argv[1])' "$1"; }

cd "${GITHUB_WORKSPACE:-.}" && cd -- "${SHOOTLINT_WORKDIR:-.}" || {
  echo "::error title=shootlint::working-directory ${SHOOTLINT_WORKDIR:-.} does not exist"
  echo "exit-code=2" >> "$GITHUB_OUTPUT"
  exit 0
}

args=()
if [ "${SHOOTLINT_ANNOTATIONS:-true}" = true ]; then args+=(--format github); else args+=(--format stylish); fi
sarif=''
if [ -n "${SHOOTLINT_SARIF:-}" ]; then
  sarif=$(abs "$SHOOTLINT_SARIF")
  mkdir -p "$(dirname "$sarif")"
  args+=(--format "sarif:$sarif")
fi
while IFS= read -r line; do
  line="${line#"${line%%[![:space:]]*}"}"
  line="${line%"${line##*[![:space:]]}"}"
  [ -n "$line" ] || continue
  case "$line" in
    *:?*) mkdir -p "$(dirname "${line#*:}")" ;;
    *)
      echo "::error title=shootlint::outputs: \"$line\" is not FORMAT:FILE"
      echo "exit-code=2" >> "$GITHUB_OUTPUT"
      exit 0
      ;;
  esac
  args+=(--format "$line")
done <<< "${SHOOTLINT_OUTPUTS:-}"
if [ "${SHOOTLINT_FAIL_ON_WARNINGS:-false}" = true ]; then args+=(--max-warnings 0); fi

code=0
# shellcheck disable=SC2086 # args and paths are lists, split on spaces
node "$SHOOTLINT_BIN" "${args[@]}" ${SHOOTLINT_ARGS:-} ${SHOOTLINT_PATHS:-.} || code=$?
{
  echo "exit-code=$code"
  if [ -n "$sarif" ] && [ -f "$sarif" ]; then echo "sarif-file=$sarif"; else echo "sarif-file="; fi
} >> "$GITHUB_OUTPUT"
