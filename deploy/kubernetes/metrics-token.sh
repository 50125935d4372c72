#!/usr/bin/env bash
# Prints a token with the `metrics` scope, for Prometheus to scrape the gateways (pod-monitors.yaml): an
# HS256 JWT of the local issuer, signed with the gateways' JWT_SECRET, for the subject threadline-metrics,
# valid METRICS_TOKEN_DAYS days (365). With an external issuer, get a token with that scope from it instead.
#   kubectl -n threadline create secret generic threadline-prometheus \
#     --from-literal=token="$(JWT_SECRET=... bash deploy/kubernetes/metrics-token.sh)"
set -euo pipefail
: "${JWT_SECRET:?set JWT_SECRET to the secret of the gateways}"
days=${METRICS_TOKEN_DAYS:-365}
base64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"HS256","typ":"JWT"}' | base64url)
claims=$(printf '{"sub":"threadline-metrics","scope":"metrics","iat":%d,"exp":%d}' "$now" $((now + days * 86400)) | base64url)
signature=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -hmac "$JWT_SECRET" -binary | base64url)
printf '%s.%s.%s\n' "$header" "$claims" "$signature"
