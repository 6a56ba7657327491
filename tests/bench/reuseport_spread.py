#!/usr/bin/env python3
# Why crosslogicd deals connections round-robin instead of SO_REUSEPORT listeners per thread: How SO_REUSEPORT spreads N client connections over 4 listening sockets (the kernel hashes the 4-tuple).
import socket, select, statistics
def trial(n, k=4):
    ls=[]
    port=0
    for i in range(k):
        s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        s.bind(('127.0.0.1', port)); port=s.getsockname()[1]; s.listen(1024); s.setblocking(False); ls.append(s)
    cs=[socket.create_connection(('127.0.0.1',port)) for _ in range(n)]
    counts=[0]*k
    for i,s in enumerate(ls):
        while True:
            try: c,_=s.accept(); counts[i]+=1; c.close()
            except BlockingIOError: break
    for c in cs: c.close()
    for s in ls: s.close()
    return counts
for n in (4, 8, 16, 64):
    rs=[trial(n) for _ in range(50)]
    empty=sum(1 for r in rs if 0 in r)
    worst=statistics.mean(max(r)/(n/4) for r in rs)
    print(f"{n} connections over 4 listeners: a listener got none in {empty}/50 trials; busiest listener on average {worst:.2f}x its fair share")
