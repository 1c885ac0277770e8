"""URL layout shared by every domain router."""

# Routers carry the full prefix themselves (rather than through include_router), so each
# route's own path is the complete template that metrics and logs label requests with.
API_V1 = "/api/v1"
