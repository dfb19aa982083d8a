#!/usr/bin/env bash
# The committed OpenAPI documents (docs/openapi/, made by `pbx openapi`) through an existing,
# independent validator: openapi-spec-validator from PyPI, pinned, in a virtualenv under
# target/ (PBX_PY_VENV to put it elsewhere). The YAML rendering of each is validated too.
# Usage: scripts/openapi-validate.sh   (PBX_BIN: the pbx binary, default target/debug/pbx)
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${PBX_PY_VENV:-target/py-venv}
pbx=${PBX_BIN:-target/debug/pbx}
# Pinned: a new validator or schemathesis release cannot change the verdict unnoticed.
# hypothesis too: schemathesis 3.39 breaks on the releases after mid-2025 (`many.more`).
pins=(openapi-spec-validator==0.7.1 schemathesis==3.39.16 hypothesis==6.131.0)

if ! "$venv/bin/python" -c 'import openapi_spec_validator, schemathesis, hypothesis; assert hypothesis.__version__ == "6.131.0"' 2>/dev/null; then
  python3 -m venv "$venv"
  timeout 600 "$venv/bin/pip" install --quiet --disable-pip-version-check "${pins[@]}"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The YAML output, as `pbx openapi --format yaml` writes it, every family and version.
for version in 3.1 3.0; do
  timeout 60 "$pbx" openapi --openapi "$version" --format yaml --out "$tmp"
done
# One interpreter for every document: the validator picks 3.0 or 3.1 from each one.
count=$(timeout 120 "$venv/bin/python" - docs/openapi/*.json "$tmp"/*.yaml <<'PY'
import sys
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

for path in sys.argv[1:]:
    spec, _ = read_from_filename(path)
    try:
        validate(spec)
    except Exception as e:
        sys.exit(f"{path}: {e}")
print(len(sys.argv) - 1)
PY
)
echo "openapi-spec-validator: $count documents valid"
