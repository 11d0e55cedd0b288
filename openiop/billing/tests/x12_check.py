"""pyx12 as the independent validator of the files openiop writes (tests only)."""

import io
import logging

import pyx12.error_handler
import pyx12.params
import pyx12.x12n_document


def pyx12_errors(text: str) -> list[str]:
    """Every error pyx12 reports for an X12 document (an empty list means valid)."""
    param = pyx12.params.params()
    param.set("exclude_external_codes", "")
    logger = logging.getLogger("pyx12")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.ERROR)
    logger.addHandler(handler)
    html = io.StringIO()
    try:
        ok = pyx12.x12n_document.x12n_document(param=param, src_file=io.StringIO(text), fd_997=None, fd_html=html)
    finally:
        logger.removeHandler(handler)
    errors = [line for line in stream.getvalue().splitlines() if line.strip()]
    if not ok and not errors:
        errors = ["pyx12 rejected the document"]
    return errors
