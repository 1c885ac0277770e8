"""The identity provider our tests give services with `auth=oidc` (the conformance suite too).

The very provider generated Python projects test themselves with: real keys, a discovery
document and a key set, served on loopback. It is plain Python without template syntax,
so the suite loads it from the template instead of keeping a copy that could drift.
"""

import importlib.machinery
import importlib.util
import sys

from .helpers import TEMPLATE_ROOT

_SOURCE = (
    TEMPLATE_ROOT
    / "template"
    / "{% if python %}tests{% endif %}"
    / "{% if oidc %}identity_provider.py{% endif %}"
)
_NAME = "servicecraft_identity_provider"


def _load() -> object:
    # An explicit loader: the file name ends in `{% endif %}`, not in `.py`.
    loader = importlib.machinery.SourceFileLoader(_NAME, str(_SOURCE))
    spec = importlib.util.spec_from_loader(_NAME, loader)
    assert spec is not None, _SOURCE
    module = importlib.util.module_from_spec(spec)
    # Registered first: dataclasses look their module up while the class is being made.
    sys.modules[_NAME] = module
    loader.exec_module(module)
    return module


_module = _load()
LocalIdentityProvider = _module.LocalIdentityProvider  # type: ignore[attr-defined]
SigningKey = _module.SigningKey  # type: ignore[attr-defined]
# The audience the suite's tokens carry; a service under test must expect it.
AUDIENCE = "conformance-suite"
