from .env import env

# Geocoding back end: "ban-local" (offline, the BAN table in PostGIS), "ban" (geopy BANFrance,
# IGN Géoplateforme) or "nominatim" (geopy Nominatim).
GEOCODER_BACKEND = env.str("GEOCODER_BACKEND", default="ban-local")
GEOCODER_TIMEOUT = env.float("GEOCODER_TIMEOUT", default=5.0)
GEOCODER_USER_AGENT = env.str("GEOCODER_USER_AGENT", default="belvedere-participatory-budgeting")
GEOCODER_BAN_DOMAIN = env.str("GEOCODER_BAN_DOMAIN", default="data.geopf.fr/geocodage")
GEOCODER_NOMINATIM_DOMAIN = env.str(
    "GEOCODER_NOMINATIM_DOMAIN", default="nominatim.openstreetmap.org"
)
# Nominatim's usage policy: at most one request per second.
GEOCODER_MIN_DELAY_SECONDS = env.float("GEOCODER_MIN_DELAY_SECONDS", default=1.0)
