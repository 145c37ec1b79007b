"""The routes of the app, one module per family of URLs; each makes an APIRouter."""
