"""The builder library lives in partydev.webforms.entries (the Excel import enters each step with the
same builders, and it sits below the demo in the layers); this name stays for the demo and the tests."""

from partydev.webforms.entries import *  # noqa: F403
from partydev.webforms.entries import __all__  # noqa: F401
