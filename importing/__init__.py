"""Front-matter posts in and out: Jekyll, Hugo, Tistory and other exports.

Layer 4: imports `articles` (and below); nothing imports it but the project's
URLs and settings (the admin import page, the old-address middleware).
"""
