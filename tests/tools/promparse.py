#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Strict parser of the Prometheus text exposition format (version 0.0.4).

promparse.py FILE: exit 0 and a JSON document on stdout,
  {"families": {name: {"help": text, "type": type}},
   "order": [family names, as they came],
   "samples": [[name, {label: value}, value], ...]},
or exit 1 and one line "promparse: line N: what" on stderr.
promparse.py --each FILE...: one line per FILE, "ok" or the error, exit 0
(one python for many small documents).

What it checks, from the format's description
(prometheus.io/docs/instrumenting/exposition_formats):
  - every line ends with a line feed, the last one too; UTF-8;
  - "# HELP name text": text escapes only \\ and \n; one HELP per family;
  - "# TYPE name type": counter, gauge, histogram, summary or untyped; one
    TYPE per family, before its first sample;
  - a sample: name [{label="value",...}] value, the name matching
    [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]* and not
    starting with __, label values escaping only \\, \" and \n, no label
    twice; the value a float as Go's ParseFloat reads it (NaN, +Inf, -Inf);
  - a family's lines in one group: no family comes back after another;
  - no two samples with the same name and labels;
  - a counter's name ends in _total and its value is a number >= 0.
Stricter than the format, for what xfrm-mss writes and node_exporter's
textfile collector reads: HELP and TYPE both present, before the samples;
no timestamps (the collector refuses them); no blank lines, no other
comments; only the family's own name in its samples (no _sum, _bucket).
"""
import json
import re
import sys

NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
LABEL = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
FLOAT = re.compile(r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
                   r"|[Ii][Nn][Ff](?:[Ii][Nn][Ii][Tt][Yy])?|[Nn][Aa][Nn])")
TYPES = ("counter", "gauge", "histogram", "summary", "untyped")


class Bad(Exception):
    pass


def unescape(s, allowed):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            if i + 1 == len(s) or s[i + 1] not in allowed:
                raise Bad("bad escape %r" % s[i:i + 2])
            out.append(allowed[s[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_labels(s, i):
    """Labels from s[i] == '{'; returns (dict, index after '}')."""
    labels = {}
    i += 1
    while True:
        if s.startswith("}", i):
            return labels, i + 1
        m = LABEL.match(s, i)
        if not m:
            raise Bad("bad label name at column %d" % (i + 1))
        name = m.group(0)
        if name.startswith("__"):
            raise Bad("reserved label name %s" % name)
        if name in labels:
            raise Bad("label %s twice" % name)
        i = m.end()
        if not s.startswith('="', i):
            raise Bad('label %s: no =" after it' % name)
        i += 2
        j = i
        while j < len(s) and s[j] != '"':
            j += 2 if s[j] == "\\" else 1
        if j >= len(s):
            raise Bad("label %s: unterminated value" % name)
        labels[name] = unescape(s[i:j], {"\\": "\\", '"': '"', "n": "\n"})
        i = j + 1
        if s.startswith(",", i):
            i += 1
        elif not s.startswith("}", i):
            raise Bad("label %s: no , or } after the value" % name)


def parse(text):
    fams, order, samples, seen = {}, [], [], set()
    closed = set()   # families whose group has ended
    current = None
    if text and not text.endswith("\n"):
        raise Bad("no line feed at the end")
    for no, line in enumerate(text.split("\n")[:-1], 1):
        try:
            if not line.strip():
                raise Bad("blank line")
            if line.startswith("#"):
                parts = line.split(" ", 3)
                if len(parts) < 3 or parts[0] != "#" or \
                   parts[1] not in ("HELP", "TYPE"):
                    raise Bad("comment other than HELP or TYPE")
                kind, name = parts[1], parts[2]
                rest = parts[3] if len(parts) > 3 else ""
                if not NAME.fullmatch(name):
                    raise Bad("bad metric name %r" % name)
                if name != current:
                    if name in closed or name in fams:
                        raise Bad("family %s not in one group" % name)
                    if current:
                        closed.add(current)
                    current = name
                    fams[name] = {}
                    order.append(name)
                f = fams[name]
                key = kind.lower()
                if key in f:
                    raise Bad("second %s for %s" % (kind, name))
                if f.get("samples"):
                    raise Bad("%s for %s after its samples" % (kind, name))
                if kind == "HELP":
                    f["help"] = unescape(rest, {"\\": "\\", "n": "\n"})
                else:
                    if rest not in TYPES:
                        raise Bad("bad type %r" % rest)
                    f["type"] = rest
                continue
            m = NAME.match(line)
            if not m:
                raise Bad("bad metric name")
            name, i = m.group(0), m.end()
            labels = {}
            if line.startswith("{", i):
                labels, i = parse_labels(line, i)
            if not line.startswith(" ", i):
                raise Bad("no blank before the value")
            fields = line[i + 1:].split(" ")
            if len(fields) != 1:
                raise Bad("timestamp or trailing text after the value")
            if not FLOAT.fullmatch(fields[0]):
                raise Bad("value %r is not a number" % fields[0])
            value = float(fields[0])
            if name != current or name not in fams:
                raise Bad("sample of %s without its HELP and TYPE before it"
                          % name)
            f = fams[name]
            if "help" not in f or "type" not in f:
                raise Bad("sample of %s before its HELP and TYPE" % name)
            if f["type"] == "counter":
                if not name.endswith("_total"):
                    raise Bad("counter %s does not end in _total" % name)
                if not value >= 0:
                    raise Bad("counter %s: value %s" % (name, fields[0]))
            key = (name, tuple(sorted(labels.items())))
            if key in seen:
                raise Bad("sample %s%s twice" % (name, labels))
            seen.add(key)
            f["samples"] = f.get("samples", 0) + 1
            samples.append([name, labels, value])
        except Bad as e:
            raise Bad("line %d: %s" % (no, e))
    for name, f in fams.items():
        if "help" not in f or "type" not in f:
            raise Bad("%s lacks its %s" % (name,
                      "HELP" if "help" not in f else "TYPE"))
        f.pop("samples", None)
    return {"families": fams, "order": order, "samples": samples}


def parse_file(name):
    with open(name, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Bad("not UTF-8")
    return parse(text)


def main():
    if sys.argv[1] == "--each":
        for name in sys.argv[2:]:
            try:
                parse_file(name)
                print("ok")
            except Bad as e:
                print("promparse: %s" % e)
        return 0
    try:
        doc = parse_file(sys.argv[1])
    except Bad as e:
        print("promparse: %s" % e, file=sys.stderr)
        return 1
    json.dump(doc, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
