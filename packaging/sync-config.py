#!/usr/bin/env python3
"""Adds every configuration variable crosslogicd reads (daemon/config/config.cpp) that packaging/env/crosslogic.env.in
or the Kubernetes ConfigMap does not list yet, with its default and description. Run after adding a variable;
the packaging tests fail until the templates list exactly what the daemon reads."""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
source = (root / "daemon/config/config.cpp").read_text()
variables = re.findall(r'\{"([A-Z_]+)", (nullptr|"[^"]*"), "((?:[^"\\]|\\.)*)", (true|false)\}', source)

template = root / "packaging/env/crosslogic.env.in"
text = template.read_text()
added = [v for v in variables if not re.search(rf"^#?{v[0]}=", text, re.M)]
if added:
    text = text.rstrip("\n") + "\n\n# ---- More settings ---------------------------------------------------------------------------------------------\n"
    for name, default, desc, _secret in added:
        value = "" if default == "nullptr" else default.strip('"')
        text += f"\n# {desc.replace(chr(92) + chr(34), chr(34))}\n#{name}={value}\n"
    template.write_text(text)

configmap = root / "packaging/kubernetes/configmap.yaml"
cm = configmap.read_text()
secret = (root / "packaging/kubernetes/secret.yaml").read_text()
for name, default, desc, is_secret in variables:
    if is_secret == "true" or default == "nullptr" or re.search(rf"^\s+{name}:", cm, re.M) or name in secret:
        continue
    cm = cm.rstrip("\n") + f'\n  {name}: "{default.strip(chr(34))}"\n'
configmap.write_text(cm)
print("documented:", ", ".join(v[0] for v in added) or "nothing new")
