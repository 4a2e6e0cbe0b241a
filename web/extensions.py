"""Flask extensions, created unbound and initialised in create_app (one set per app)."""

from __future__ import annotations

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
