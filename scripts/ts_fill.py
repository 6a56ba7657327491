#!/usr/bin/env python3
# Used after `cmake --build build --target update_translations` (lupdate): keeps the .ts files in their compact
# committed form (no <location> lines) and fills German from a {source: translation} JSON map (ts_extract.py makes
# one from any .ts, e.g. a branch being merged).
"""Fill German translations into translations/crosslogic-console_de.ts from a JSON map {source: translation}
(any context), mark the en.ts entries finished (empty translation = source), drop vanished entries, and report
what is still unfinished. Usage: ts_fill.py REPO MAP.json"""
import json, sys, xml.etree.ElementTree as ET
repo, mapfile = sys.argv[1], sys.argv[2]
tmap = json.load(open(mapfile, encoding='utf-8'))
def process(path, german):
    tree = ET.parse(path)
    left = []
    for ctx in tree.getroot().findall('context'):
        for m in list(ctx.findall('message')):
            for loc in m.findall('location'):
                m.remove(loc)
            tr = m.find('translation')
            if tr.get('type') in ('vanished', 'obsolete'):
                ctx.remove(m); continue
            if tr.get('type') != 'unfinished':
                continue
            src = m.find('source').text
            if not german:
                del tr.attrib['type']
                for c in list(tr): tr.remove(c)
                tr.text = None
                continue
            if src in tmap:
                val = tmap[src]
                del tr.attrib['type']
                if m.get('numerus') == 'yes':
                    for c in list(tr): tr.remove(c)
                    forms = val if isinstance(val, list) else [val, val]
                    for f in forms:
                        e = ET.SubElement(tr, 'numerusform'); e.text = f
                else:
                    tr.text = val
            else:
                left.append((ctx.find('name').text, src))
        if not ctx.findall('message'):
            tree.getroot().remove(ctx)
    pass
    tree.write(path, encoding='utf-8', xml_declaration=True)
    with open(path, 'a') as f: f.write('\n')
    return left
left = process(repo + '/translations/crosslogic-console_de.ts', True)
process(repo + '/translations/crosslogic-console_en.ts', False)
for c, s in left: print('UNFINISHED', c, '|', s)
