#!/usr/bin/env python3
"""Prints the cycles of a crate's file-level import graph.

Usage: scripts/import-cycles.py CRATE/src [-v]   (-v also prints every edge)

An edge A -> B means a file A names an item defined in file B: `use` items
and inline paths (`crate::a::b`, `super::x`, a child module's `x::y`),
outside comments and `#[cfg(test)] mod tests { .. }`, with names that a
module re-exports (`pub use x::Y`) followed to the file defining them. The
crate root (lib.rs) is left out: it declares every module and holds the
public trait whose provided methods call the serving layer. A text scan,
not rustc's resolver: macro-generated paths are not seen. Exits 1 when
there is a cycle."""
import os, re, sys
root = sys.argv[1]
files = {}
for d, _, fs in os.walk(root):
    for f in fs:
        if f.endswith('.rs'):
            p = os.path.relpath(os.path.join(d, f), root)
            files[p] = open(os.path.join(d, f)).read()

def strip(src):
    src = re.split(r'#\[cfg\(test\)\]\s*mod tests\s*\{', src)[0]
    src = re.sub(r'//[^\n]*', '', src)
    return src

def module_file(mod):  # ['serve','render'] -> path
    if not mod: return 'lib.rs'
    base = '/'.join(mod)
    for c in (base + '.rs', base + '/mod.rs'):
        if c in files: return c
    return None

def mod_of(path):
    parts = path[:-3].split('/')
    if parts[-1] in ('mod', 'lib'): parts = parts[:-1]
    return parts

# re-exports: (module file, name) -> target module path
reexports = {}
for p, s in files.items():
    for m in re.finditer(r'pub(?:\([a-z]+\))?\s+use\s+([a-z_:]+)::\{?([A-Za-z_, ]+)\}?;', strip(s)):
        path, names = m.group(1), m.group(2)
        for n in names.split(','):
            reexports[(p, n.strip())] = path

def resolve(cur_mod, segs):
    """segs like ['crate','serve','Target'] -> defining file."""
    if segs[0] == 'crate': mod = []; segs = segs[1:]
    elif segs[0] == 'super': mod = cur_mod[:-1]; segs = segs[1:]
    elif segs[0] == 'self': mod = cur_mod; segs = segs[1:]
    elif module_file(cur_mod + [segs[0]]): mod = cur_mod  # a child module, 2018 relative path
    else: return None
    while segs and segs[0] == 'super': mod = mod[:-1]; segs = segs[1:]
    for _ in range(10):
        # descend into submodules as long as files exist
        while segs and module_file(mod + [segs[0]]):
            mod = mod + [segs[0]]; segs = segs[1:]
        f = module_file(mod)
        if segs and (f, segs[0]) in reexports:
            target = reexports[(f, segs[0])]
            tsegs = target.split('::')
            # Follow the re-export with the name kept, so chains resolve.
            if tsegs[0] in ('crate', 'super', 'self'):
                return resolve(mod, tsegs + segs)  # relative to the re-exporting module
            if module_file(mod + [tsegs[0]]):
                mod = mod + tsegs; continue
            return None  # external crate re-export
        return f
    return None

edges = {p: set() for p in files}
for p, s in files.items():
    cur = mod_of(p)
    src = strip(s)
    paths = []
    for m in re.finditer(r'\buse\s+([a-z_]+::[^;]+);', src):
        text = re.sub(r'\s+', '', m.group(1))
        # expand one level of braces
        mm = re.match(r'(.*)::\{(.*)\}$', text)
        if mm:
            prefix = mm.group(1)
            depth = 0; cur_item = ''; items = []
            for ch in mm.group(2):
                if ch == '{': depth += 1
                if ch == '}': depth -= 1
                if ch == ',' and depth == 0: items.append(cur_item); cur_item = ''
                else: cur_item += ch
            items.append(cur_item)
            for it in items:
                it = re.sub(r'\{.*\}', '', it).rstrip(':')
                paths.append(prefix + '::' + it if it not in ('self', '') else prefix)
        else:
            paths.append(text)
    for m in re.finditer(r'(?<![A-Za-z_:])([a-z_]+(?:::[A-Za-z_][A-Za-z_0-9]*)+)', src):
        paths.append(m.group(1))
    for path in paths:
        segs = [x for x in re.split(r'::', path.split(' as ')[0]) if x]
        f = resolve(cur, segs)
        if f and f != p:
            edges[p].add(f)

nodes = [p for p in files if p != 'lib.rs']
# Tarjan SCC
index = {}; low = {}; stack = []; on = set(); sccs = []; i = [0]
sys.setrecursionlimit(10000)
def strong(v):
    index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
    for w in edges[v]:
        if w == 'lib.rs': continue
        if w not in index: strong(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        sccs.append(comp)
for v in nodes:
    if v not in index: strong(v)
if '-v' in sys.argv:
    for p in sorted(edges):
        print(p, '->', ', '.join(sorted(edges[p])))
cycles = [c for c in sccs if len(c) > 1]
for c in cycles: print('CYCLE:', ' '.join(sorted(c)))
print(f'{len(nodes)} files, {sum(len(e) for e in edges.values())} edges, {len(cycles)} cycles')
sys.exit(1 if cycles else 0)
