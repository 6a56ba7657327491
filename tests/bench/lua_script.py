#!/usr/bin/env python3
"""Prints a rate limiter script's Lua source as the daemon sends it, read from a ratelimitscripts.h: a raw string of
its own, or the parts joinLua() puts together (named parts and plain string literals). Exits 1 when the header has
no such script (an older commit's header may lack one).
   lua_script.py HEADER NAME      e.g. lua_script.py daemon/ratelimit/ratelimitscripts.h kBatchScript"""
import re
import sys

header, name = sys.argv[1], sys.argv[2]
s = open(header).read()
parts = dict(re.findall(r'inline constexpr (?:char|const char \*)\s*(\w+?)(?:\[\])? = R"lua\((.*?)\)lua";', s, re.S))
if name in parts:
    print(parts[name], end="")
    sys.exit(0)
joined = re.search(name + r'Text = joinLua\((.*?)\);', s, re.S)
if not joined:
    sys.exit(1)
out = ""
for part, plain in re.findall(r'(\w+)|"((?:[^"\\]|\\.)*)"', joined.group(1)):
    out += parts[part] if part else plain.encode().decode("unicode_escape")
print(out, end="")
