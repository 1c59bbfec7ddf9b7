# An independent implementation of datasets.Shuffle, as its doc comment
# describes it, written from the description alone. It printed the orders
# pinned in TestShuffleIsPinned: python3 testdata/shuffle_ref.py
M=0xffffffff
def philox(c,k):
    c=list(c);k=list(k)
    for _ in range(10):
        p0=0xD2511F53*c[0]; p1=0xCD9E8D57*c[2]
        c=[(p1>>32)^c[1]^k[0], p1&M, (p0>>32)^c[3]^k[1], p0&M]
        k=[(k[0]+0x9E3779B9)&M,(k[1]+0xBB67AE85)&M]
    return c
def stream(name):
    h=2166136261
    for ch in name.encode(): h=((h^ch)*16777619)&M
    return h
def shuffle(n,seed,epoch):
    idx=list(range(n)); key=[seed&M,seed>>32]; st=stream("datasets/shuffle")
    for i in range(n-1,0,-1):
        m=i+1; thr=(2**64-m)%m; att=0; j=None
        while j is None:
            b=philox([i,epoch&M,epoch>>32,(st+att)&M],key)
            for x in (b[0]|b[1]<<32, b[2]|b[3]<<32):
                p=x*m
                if (p & (2**64-1))>=thr: j=p>>64; break
            att+=1
        idx[i],idx[j]=idx[j],idx[i]
    return idx
print(shuffle(10,42,0)); print(shuffle(10,42,1))
