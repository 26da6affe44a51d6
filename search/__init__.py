"""Full-text search on the database's own engine (SQLite FTS5, PostgreSQL
tsvector/GIN) over Newsroom's own tokens; see README.md, "Search".

Below `articles`: it imports nothing of it, and hears about articles only
through what the articles app hands it (search/indexing.py).
"""
