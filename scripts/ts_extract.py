#!/usr/bin/env python3
"""Print a JSON map {source: translation} of every finished translation in the given .ts files (later files win)."""
import json, sys, xml.etree.ElementTree as ET
out = {}
for path in sys.argv[1:]:
    for m in ET.parse(path).getroot().iter('message'):
        tr = m.find('translation')
        if tr is None or tr.get('type') in ('unfinished', 'vanished', 'obsolete'):
            continue
        src = m.find('source').text
        forms = [f.text for f in tr.findall('numerusform')]
        val = forms if forms else tr.text
        if val:
            out[src] = val
json.dump(out, sys.stdout, ensure_ascii=False, indent=0)
