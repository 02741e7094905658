#!/usr/bin/env python3
"""Checks the intent corpus in this folder (development.json, development-2.json, development-3.json, development-4.json,
development-5.json, development-6.json, development-7.json, development-8.json,
held-back.json).

Checks: valid JSON; the scenario shape of tests/data/intent_extraction_extra.json; ids unique across all files
(and not reused from the older test files); no prompt repeated across all files, also after ignoring case, punctuation
and spacing (and none copied from the older test files); only the allowed expected fields and matchers;
ranges with min <= max; every use case, GPU and model name present in the catalog embedded in
src/Compass.Core/Knowledge/Data/. Prints counts per file, per field and per use case. Exit status 1 on any error.

Run from anywhere: python3 tests/data/intents/check.py
"""
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DATA = os.path.join(REPO, "src", "Compass.Core", "Knowledge", "Data")
FILES = ["development.json", "development-2.json", "development-3.json", "development-4.json", "development-5.json",
         "development-6.json", "development-7.json", "development-8.json", "held-back.json"]
PREFIXES = {"development.json": "dev-", "development-2.json": "dev2-", "development-3.json": "dev3-",
            "development-4.json": "dev4-", "development-5.json": "dev5-", "development-6.json": "dev6-",
            "development-7.json": "dev7-", "development-8.json": "dev8-", "held-back.json": "hb-"}
OLDER = [os.path.join(REPO, "tests", "data", f) for f in ("intent_extraction_extra.json", "intent_extraction_scenarios.json")]

RANGE_FIELDS = {"user_count", "expected_qps", "max_monthly_cost_usd"}
PRIORITY_FIELDS = {"latency_priority", "cost_priority", "accuracy_priority"}
ALLOWED = RANGE_FIELDS | PRIORITY_FIELDS | {"use_case", "preferred_gpu_types", "preferred_models", "deployment_model"}
PRIORITIES = {"high", "medium", "low"}
DEPLOYMENTS = {"cloud", "owned", "purchase"}

errors = []


def norm(text):
    """A prompt with case, punctuation and spacing removed, to catch copies that differ only in those."""
    return re.sub(r"[\W_]+", "", text.lower())


def err(where, msg):
    errors.append(f"{where}: {msg}")


def catalog():
    def load(name, key):
        with open(os.path.join(DATA, name), encoding="utf-8") as f:
            return json.load(f)[key]
    use_cases = {u["id"] for u in load("use-cases.json", "useCases")}
    gpus = {g["type"] for g in load("gpus.json", "gpus")}
    models = {m["id"] for m in load("models.json", "models")}
    return use_cases, gpus, models


def check_names(where, field, value, known, allowed_keys):
    if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in allowed_keys:
        err(where, f"{field} must be one of {sorted(allowed_keys)} with a list: {value!r}")
        return
    key, names = next(iter(value.items()))
    if not isinstance(names, list) or not names:
        err(where, f"{field}.{key} must be a non-empty list")
        return
    for n in names:
        if key == "contains_any_partial":
            if not any(n.lower() in k.lower() for k in known):
                err(where, f"{field}: partial name {n!r} matches no catalog entry")
        elif n not in known:
            err(where, f"{field}: {n!r} is not in the catalog")
    if len(set(names)) != len(names):
        err(where, f"{field}: duplicate names")


def check_scenario(where, s, use_cases, gpus, models):
    if set(s) != {"id", "description", "user_message", "conversation_history", "expected"}:
        err(where, f"keys {sorted(s)}")
    if not isinstance(s.get("id"), str) or not re.fullmatch(r"(dev|dev2|dev3|dev4|dev5|dev6|dev7|dev8|hb)-[a-z0-9]+(-[a-z0-9]+)*", s.get("id", "")):
        err(where, f"id {s.get('id')!r} is not a lower-case, hyphenated dev-/dev2-/dev3-/dev4-/dev5-/dev6-/dev7-/dev8-/hb- id")
    for k in ("description", "user_message"):
        if not isinstance(s.get(k), str) or not s[k].strip():
            err(where, f"{k} missing or empty")
    if s.get("conversation_history") is not None:
        err(where, "conversation_history must be null")
    e = s.get("expected")
    if not isinstance(e, dict) or not e:
        err(where, "expected must be a non-empty object")
        return
    for field, v in e.items():
        if field not in ALLOWED:
            err(where, f"field {field!r} is not allowed")
        elif field in RANGE_FIELDS:
            if not isinstance(v, dict) or set(v) != {"min", "max"} or not all(isinstance(v[k], (int, float)) for k in v):
                err(where, f"{field} must be {{min, max}} numbers: {v!r}")
            elif not 0 <= v["min"] <= v["max"]:
                err(where, f"{field}: need 0 <= min <= max: {v!r}")
        elif field in PRIORITY_FIELDS:
            vals = v["one_of"] if isinstance(v, dict) and set(v) == {"one_of"} else [v]
            if not vals or not all(x in PRIORITIES for x in vals):
                err(where, f"{field}: {v!r}")
        elif field == "use_case":
            vals = v["one_of"] if isinstance(v, dict) and set(v) == {"one_of"} else [v]
            if not vals or any(x not in use_cases for x in vals):
                err(where, f"use_case {v!r} not in the catalog")
        elif field == "deployment_model":
            if v not in DEPLOYMENTS:
                err(where, f"deployment_model {v!r}")
        elif field == "preferred_gpu_types":
            check_names(where, field, v, gpus, {"exact", "contains"})
        elif field == "preferred_models":
            check_names(where, field, v, models, {"exact", "contains", "contains_any_partial"})


def main():
    use_cases, gpus, models = catalog()
    older_ids, older_prompts = set(), set()
    for p in OLDER:
        if os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                for s in json.load(f)["scenarios"]:
                    older_ids.add(s["id"])
                    older_prompts.add(norm(s["user_message"]))
    all_ids, all_prompts = Counter(), Counter()
    report = []
    for name in FILES:
        path = os.path.join(HERE, name)
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except Exception as ex:  # noqa: BLE001 - report and go on
            err(name, f"not valid JSON: {ex}")
            continue
        if set(doc) != {"_description", "scenarios"} or not isinstance(doc["scenarios"], list):
            err(name, "top level must be {_description, scenarios: [...]}")
            continue
        if name == "held-back.json" and "never tuned" not in doc["_description"]:
            err(name, "_description must say that extraction rules are never tuned on it")
        fields, ucs, prefix = Counter(), Counter(), PREFIXES[name]
        for i, s in enumerate(doc["scenarios"]):
            where = f"{name}[{i}] {s.get('id')}"
            check_scenario(where, s, use_cases, gpus, models)
            if not str(s.get("id", "")).startswith(prefix):
                err(where, f"ids in {name} start with {prefix}")
            all_ids[s.get("id")] += 1
            all_prompts[norm(s.get("user_message", ""))] += 1
            if s.get("id") in older_ids:
                err(where, "id reused from an older test file")
            if norm(s.get("user_message", "")) in older_prompts:
                err(where, "prompt copied from an older test file")
            e = s.get("expected", {})
            fields.update(e.keys())
            u = e.get("use_case")
            ucs[u if isinstance(u, str) else ("one_of: " + " | ".join(u["one_of"]) if isinstance(u, dict) else "(none)")] += 1
        report.append((name, len(doc["scenarios"]), fields, ucs))
    for i, n in all_ids.items():
        if n > 1:
            err("ids", f"{i!r} used {n} times")
    for p, n in all_prompts.items():
        if n > 1:
            err("prompts", f"{p!r} used {n} times (ignoring case, punctuation and spacing)")
    for name, n, fields, ucs in report:
        print(f"{name}: {n} scenarios")
        print("  fields:    " + ", ".join(f"{k} {v}" for k, v in sorted(fields.items())))
        print("  use cases: " + ", ".join(f"{k} {v}" for k, v in sorted(ucs.items())))
    if errors:
        print(f"{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
