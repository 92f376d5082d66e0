"""``brochure preview``: the live preview and in-page editing server."""

from __future__ import annotations

from pathlib import Path

import click

from brochure.cli.options import BATCH_FILE, CONTENT, format_option, paper_option
from brochure.pdf.profiles import PROFILES

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@click.argument("target", type=CONTENT, required=False)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but this machine lets others on the network see "
    "the preview.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option("--no-open", is_flag=True, help="Do not open a browser.")
@paper_option("Paper shown first.  [default: a4, or brochure.yaml's]")
@format_option
@click.option(
    "--profile",
    type=click.Choice(list(PROFILES), case_sensitive=False),
    default="screen",
    help="Profile shown first.  [default: screen]",
)
def preview(
    target: Path | None,
    host: str,
    port: int,
    no_open: bool,
    paper: str | None,
    format_name: str | None,
    profile: str,
) -> None:
    """Show TARGET's leaflet in a browser, rebuilt on every save, with its texts editable.

    TARGET is a content file, or brochure.yaml (its content files are the languages to pick
    from). Without it: ./brochure.yaml when present, else ./content.yaml. Stop with Ctrl-C.
    """
    from brochure.errors import BrochureError
    from brochure.preview.server import PreviewServer, serve
    from brochure.preview.session import Session
    from brochure.preview.sources import is_batch

    if target is None:
        target = Path(BATCH_FILE) if Path(BATCH_FILE).is_file() else Path("content.yaml")
    if not target.is_file():
        raise BrochureError(f"{target}: the file does not exist")
    if paper is None and is_batch(target):
        from brochure.batch.config import load_config

        paper = load_config(target).paper
    session = Session(
        target,
        profile=profile.lower(),
        paper=(paper or "a4").lower(),
        format=(format_name or "pages").lower(),
    )
    if host not in LOOPBACK:
        click.echo(
            f"warning: listening on {host}: anyone who can reach this machine can see the "
            "preview (edits still need the page's token)",
            err=True,
        )
    try:
        server = PreviewServer(session, host, port)
    except OSError as exc:
        raise BrochureError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{server.port}/"
    click.echo(f"Previewing {target} at {url}  (Ctrl-C to stop)")
    if not no_open:
        import webbrowser

        webbrowser.open(url)
    try:
        serve(server)
    except KeyboardInterrupt:
        click.echo("Stopped.")
