"""The printable certificate: one A4 landscape page from an HTML template (WeasyPrint), with a QR code
that opens the public verification page."""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML

from skillpath.config.formats import local_date
from skillpath.credentials.models import Certificate
from skillpath.credentials.openbadges import credential_url


def qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=1, xmldecl=False, svgns=True, dark="#1b1f27")
    return buffer.getvalue().decode()


def standing(certificate: Certificate, now: datetime) -> str:
    """What a printed copy must say across the page: "" while the certificate stands."""
    if certificate.revoked_at is not None:
        return _("Revoked on {day}: not valid").format(day=local_date(certificate.revoked_at))
    if certificate.valid_until <= now:
        return _("Expired on {day}: not valid").format(day=local_date(certificate.valid_until))
    return ""


def holder_language(certificate: Certificate) -> str:
    """The language the holder chose for SkillPath, else the site's: a certificate reads in its holder's language,
    whoever downloads it."""
    chosen = certificate.person.language
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def certificate_pdf(certificate: Certificate, *, now: datetime) -> bytes:
    """The certificate as PDF, in its holder's language; a revoked or expired one is stamped so (and the page its
    QR code opens says why)."""
    url = credential_url(certificate.id)
    with translation.override(holder_language(certificate)):
        context = {
            "cert": certificate,
            "url": url,
            "qr": mark_safe(qr_svg(url)),  # noqa: S308 - segno's own SVG
            "evidence": certificate.evidence,
            "stamp": standing(certificate, now),
        }
        html = render_to_string("credentials/certificate_pdf.html", context)
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def pdf_filename(certificate: Certificate) -> str:
    """``Title - Name.pdf`` for the Content-Disposition header: one line, without quotes or control characters,
    whatever the stored name holds (names from before they were checked on input)."""
    text = f"{certificate.title} - {certificate.person.name}"
    safe = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text).replace('"', "'").replace("\\", "")
    return " ".join(safe.split())[:150] + ".pdf"
