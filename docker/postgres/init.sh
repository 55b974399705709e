#!/bin/bash
# Runs once, when the PostgreSQL container initialises its data directory: one role and one database per
# service, each owned by its role, so no service can read another's tables. The search extensions are
# created here by the superuser, because service roles may not create them.
set -euo pipefail
for service in gateway members mentorship scholarship events communities; do
  upper="${service^^}"
  password_var="${upper}_DB_PASSWORD"
  password="${!password_var:?${password_var} must be set (see .env.example)}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE copnet_${service} LOGIN PASSWORD '${password}';
CREATE DATABASE copnet_${service} OWNER copnet_${service};
SQL
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "copnet_${service}" -c "CREATE EXTENSION IF NOT EXISTS unaccent; CREATE EXTENSION IF NOT EXISTS pg_trgm;"
done
