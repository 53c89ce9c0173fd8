"""HTML to PDF with WeasyPrint, fetching nothing but the application's own static files.

A report's page names its stylesheets and pictures by URL; WeasyPrint would fetch any URL it meets (a link
pasted in a sheet included). ``LocalFetcher`` answers ``data:`` URLs and the static files under the site's
address from the static folder, and refuses everything else: rendering never touches the network or the rest
of the disk.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse


class LocalFetcher(URLFetcher):
    def __init__(self, base_url, static_folder, static_url_path):
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self._base = base_url.rstrip("/") + "/"
        self._root = Path(static_folder).resolve()
        self._prefix = static_url_path.rstrip("/") + "/"

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        path = unquote(parts.path)
        if f"{parts.scheme}://{parts.netloc}/" == self._base and path.startswith(self._prefix):
            file = (self._root / path[len(self._prefix) :]).resolve()
            if file.is_relative_to(self._root) and file.is_file():
                mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, file.read_bytes(), {"Content-Type": mime})
        raise ValueError(f"Not fetched (only the application's static files are): {url}")


def html_to_pdf(html, *, base_url, static_folder, static_url_path="/static"):
    """The PDF (bytes) of ``html``, its stylesheets and pictures read from ``static_folder`` only.

    ``base_url`` (the site's address) resolves the page's links; it is never fetched.
    """
    fetcher = LocalFetcher(base_url, static_folder, static_url_path)
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
