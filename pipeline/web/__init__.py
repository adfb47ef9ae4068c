"""The review web page: server, views, HTML and static assets (no CDN)."""
