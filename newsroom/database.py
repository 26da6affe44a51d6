"""Database connection helpers that settings.py wires in."""

from psycopg_pool import ConnectionPool


def check_pooled_connection(connection) -> None:
    """The pool's check of a connection before it lends it to a request
    (DATABASES OPTIONS "pool" "check"): raises if the connection is dead.

    One dead connection usually means the server dropped them all (a restart,
    a failover, pg_terminate_backend, an idle timeout). The pool alone would
    find them dead one at a time, waiting 1, 2, 4, 8 s between checks, so that
    ten dead connections outlast its 10 s timeout and the request fails. So
    the first dead one checks the whole pool at once: the dead are replaced
    while this request waits for a live one (about a second), and the next
    requests get live connections at once.
    """
    try:
        ConnectionPool.check_connection(connection)
    except Exception:
        pool = getattr(connection, "_pool", None)  # set while the pool lends it
        if pool is not None:
            pool.check()
        raise
