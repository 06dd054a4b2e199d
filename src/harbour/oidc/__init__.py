"""Signing in with a school's identity provider (OpenID Connect: Microsoft Entra ID,
Google Workspace), matched to the staff directory by verified e-mail."""
