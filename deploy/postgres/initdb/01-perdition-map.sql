-- The user map of docker-compose.yml: perdition's PostgreSQL map table (perditiondb(5)), which the proxies read with
--   -M postgresql -m postgres:5432:dbPerdition:tblPerdition:perdition:perdition:servername:user:port
-- The postgres image runs this once, as the superuser, in the database POSTGRES_DB (dbPerdition), when its data
-- volume is empty. The audit journal has its own script beside this one.

-- perditiondb_postgresql_makedb's table. Unquoted names fold to lower case (tblperdition, servername, port), which is
-- what perdition's query found and ours finds; "user" is a reserved word in PostgreSQL and is always quoted.
CREATE TABLE tblPerdition (
    "user"     varchar(128) PRIMARY KEY,
    servername varchar(255) NOT NULL,
    port       varchar(8)
);

-- servername is [user@]host[:port]. The port stays NULL: a port in the map would apply to POP3, IMAP4 and
-- ManageSieve alike, so each listener's backend port comes from -p 110,143,4190 instead. The users are those of
-- deploy/dovecot/users-mail1 and users-mail2 (password demo).
INSERT INTO tblPerdition ("user", servername, port) VALUES
    ('alice', 'mail1', NULL),
    ('bob',   'mail1', NULL),
    ('nina',  'mail2', NULL),
    ('oscar', 'mail2', NULL);

-- The proxies only read the map: they log in as perdition's default account, which may do nothing else.
-- Change this password together with the -m option in docker-compose.yml.
CREATE ROLE perdition LOGIN PASSWORD 'perdition';
GRANT SELECT ON tblPerdition TO perdition;
