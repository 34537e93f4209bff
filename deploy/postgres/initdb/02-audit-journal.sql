-- The audit journal of docker-compose.yml (--journal / MAILPROXY_JOURNAL): a role and a database of its own, apart
-- from perdition's read-only map account. The proxies create the tables (journal, tags, snapshot) on first use.
-- Like the map script, it runs only when the data volume is empty. Change this password together with
-- MAILPROXY_JOURNAL in docker-compose.yml.
CREATE ROLE audit LOGIN PASSWORD 'audit';
CREATE DATABASE audit OWNER audit;
