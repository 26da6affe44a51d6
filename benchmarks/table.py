"""Put several `benchmarks/pages.py --json` runs side by side, as Markdown.

    .venv/bin/python benchmarks/table.py /tmp/nr-scale/pages-pg-10k.json \\
        /tmp/nr-scale/pages-pg-100k.json /tmp/nr-scale/pages-pg-1m.json

One row per page, one column per run (in the order given): the median time,
and for every run after the first its ratio to the first (ratios above
--limit, 1.5 by default, in bold: the issue asks for at most 1.5x from 10,000
to 1,000,000 articles), then the SQL queries per run. Standard library only.
"""

import argparse
import json
from pathlib import Path


def load(path: Path) -> dict:
    data = json.loads(path.read_text())
    if not data.get("label"):
        data["label"] = path.stem
    return data


def cell(page: dict | None, first: dict | None, limit: float) -> str:
    if page is None:
        return "–"
    text = f"{page['median_ms']:,.1f} ms"
    if page["status"] != 200:
        text += f" ({page['status']})"
    if first is not None and first is not page and first["median_ms"]:
        ratio = page["median_ms"] / first["median_ms"]
        mark = "**" if ratio > limit else ""
        text += f" ({mark}{ratio:.2f}×{mark})"
    return text


def table(runs: list[dict], limit: float = 1.5) -> str:
    names = []
    for run in runs:
        names += [page["name"] for page in run["pages"] if page["name"] not in names]
    by_run = [{page["name"]: page for page in run["pages"]} for run in runs]
    titles = {
        page["name"]: page.get("title", page["name"]) for run in runs for page in run["pages"]
    }
    header = ["page", *(f"{run['label']}" for run in runs), "queries"]
    lines = [
        "| " + " | ".join(header) + " |",
        "| --- | " + " | ".join("---:" for _ in runs) + " | --- |",
    ]
    for name in names:
        first = by_run[0].get(name)
        cells = [cell(pages.get(name), first, limit) for pages in by_run]
        queries = " / ".join(
            str(pages[name]["queries"]) if name in pages else "–" for pages in by_run
        )
        lines.append(f"| {titles[name]} | " + " | ".join(cells) + f" | {queries} |")
    return "\n".join(lines)


def describe(run: dict) -> str:
    return (
        f"- {run['label']}: {run['vendor']} `{run['database']}`, {run['articles']:,} articles "
        f"({run['public']:,} public), median of {run['repeat']} requests, {run['measured_at']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path, help="pages.py --json files, baseline first")
    parser.add_argument("--limit", type=float, default=1.5, help="ratios above it are bold")
    args = parser.parse_args()
    runs = [load(path) for path in args.runs]
    print(table(runs, args.limit))
    print()
    print("\n".join(describe(run) for run in runs))


if __name__ == "__main__":
    main()
