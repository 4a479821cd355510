"""`process()` gives the same report whichever thread runs it and however many run at once (Dask runs
tasks in threads): decimal precision is local, PDFium is serialised, no cache is shared by object id."""
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from extract.process import process
from extract.report_json import to_json

CORPUS = Path(__file__).resolve().parent.parent / "samples" / "corpus"


def _json(path: Path) -> str:
    r = to_json(process(path))
    r.pop("seconds")
    return json.dumps(r, sort_keys=True, ensure_ascii=False)


def test_four_threads_match_a_serial_run():
    files = sorted(CORPUS.glob("*.pdf"))
    assert len(files) >= 10
    serial = [_json(p) for p in files]
    with ThreadPoolExecutor(4) as pool:
        threaded = list(pool.map(_json, files * 2))
    assert threaded == serial * 2
