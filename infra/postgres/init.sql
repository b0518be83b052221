-- Used by infra/docker-compose.yml (docker-entrypoint-initdb.d) only.
-- infra/lib/postgres.sh does the same, idempotently, on the machine's server.
CREATE ROLE yuqing LOGIN CREATEDB;
CREATE DATABASE yuqing OWNER yuqing;
CREATE DATABASE yuqing_test OWNER yuqing;
