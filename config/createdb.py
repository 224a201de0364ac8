"""Create the database named in DATABASE_URL when its server does not have it yet.

``make setup`` runs this before ``migrate`` so that a fresh PostgreSQL server (the one on
127.0.0.1:5432 in CI, a new docker volume) needs no manual step. Without DATABASE_URL the
embedded server is used, and settings create its database themselves.
"""

import os
import sys

import dj_database_url
import psycopg2
from psycopg2 import sql


def main() -> int:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return 0
    config = dj_database_url.parse(url)
    params = {
        "dbname": "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "connect_timeout": 10,
    }
    try:
        conn = psycopg2.connect(**{k: v for k, v in params.items() if v is not None})
    except psycopg2.OperationalError as exc:
        print(f"createdb: cannot reach the server of DATABASE_URL: {exc}", file=sys.stderr)
        return 1
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"createdb: created database {config['NAME']}")
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
