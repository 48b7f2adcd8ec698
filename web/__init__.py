"""The browser pages of every role (DESIGN 1): thin views over the same
selectors and services as the REST API."""
